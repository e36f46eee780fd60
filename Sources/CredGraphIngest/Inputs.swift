import CredGraphCore
import Foundation

/// Where the inputs of a run are and how to read them: the common options
/// of every command (outputs.md), before any file is opened.
public struct InputOptions: Sendable {
    public var dataDirectory: String = "data"
    public var inventory: String?
    public var dependencies: String?
    public var probes: [String] = []
    public var config: String?
    /// `--as-of`, overriding `as_of` of the configuration.
    public var asOf: String?
    /// `--deadline`, overriding `deadline` of the configuration.
    public var deadline: String?
    /// Malformed probe lines become errors instead of warnings.
    public var strict = false
    /// `--metadata DIR` (repeatable): mcdev business-unit folders; when given,
    /// they replace `metadata:` of the configuration.
    public var metadata: [String] = []
    /// `--metadata-env ENV`: the environment of the `--metadata` folders.
    public var metadataEnvironment = "prod"
    /// Where the probe scan's progress line goes (nil: nowhere); the CLI
    /// passes one only when standard error is a terminal.
    public var progress: ProgressLine?

    public init() {}
}

/// Wrong usage: a missing file named on the command line, a bad option
/// value. The CLI exits 2 with this message.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The concrete files of a run, each either named on the command line or
/// found in the data directory.
public struct InputFiles: Sendable, Hashable {
    public var inventory: String
    public var dependencies: String?
    public var probes: [String]
    public var config: String?
    /// True when the configuration was named explicitly (so it must exist).
    public var configRequired: Bool

    /// Resolves the options against the file system; a file named explicitly
    /// that does not exist is a usage error, an optional file of the data
    /// directory that is absent is simply not read.
    public static func resolve(_ options: InputOptions) throws(UsageError) -> InputFiles {
        let fm = FileManager.default
        let dir = options.dataDirectory
        func isFile(_ path: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
        }
        func isDirectory(_ path: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
        }
        func inData(_ name: String) -> String { dir.hasSuffix("/") ? dir + name : dir + "/" + name }

        let usesDataDir = options.inventory == nil || options.dependencies == nil || options.probes.isEmpty || options.config == nil
        if usesDataDir, options.inventory == nil, !isDirectory(dir) {
            throw UsageError("data directory '\(dir)' not found (use --data DIR or --inventory FILE)")
        }

        let inventory: String
        if let path = options.inventory {
            guard fm.fileExists(atPath: path) else { throw UsageError("inventory file '\(path)' not found") }
            inventory = path
        } else {
            inventory = inData("inventory.csv")
            guard fm.fileExists(atPath: inventory) else {
                throw UsageError("'\(inventory)' not found: the inventory is required (use --inventory FILE)")
            }
        }

        var dependencies: String?
        if let path = options.dependencies {
            guard fm.fileExists(atPath: path) else { throw UsageError("dependencies file '\(path)' not found") }
            dependencies = path
        } else if isDirectory(dir), fm.fileExists(atPath: inData("dependencies.csv")) {
            dependencies = inData("dependencies.csv")
        }

        var probes: [String] = []
        if !options.probes.isEmpty {
            for path in options.probes {
                guard fm.fileExists(atPath: path) else { throw UsageError("probe path '\(path)' not found") }
            }
            probes = options.probes
        } else if isDirectory(inData("probes")) {
            probes = [inData("probes")]
        }

        var config: String?
        var required = false
        for path in options.metadata where !isDirectory(path) {
            throw UsageError("metadata folder '\(path)' not found")
        }
        if let path = options.config {
            guard fm.fileExists(atPath: path) else { throw UsageError("configuration file '\(path)' not found") }
            config = path
            required = true
        } else if isFile(inData("credgraph.yml")) || isDirectory(inData("credgraph.yml")) {
            config = inData("credgraph.yml")
        }
        return InputFiles(inventory: inventory, dependencies: dependencies, probes: probes, config: config, configRequired: required)
    }
}

/// Reads the configuration and applies the command-line overrides.
public func loadConfig(files: InputFiles, options: InputOptions, diagnostics: inout Diagnostics) throws(UsageError) -> (Config, Clock) {
    var config = Config()
    if let path = files.config {
        config = ConfigLoader.load(path: path, required: files.configRequired, diagnostics: &diagnostics)
    }
    if let text = options.asOf {
        guard let ms = parseAsOf(text) else {
            throw UsageError("--as-of '\(text)' is not a date (YYYY-MM-DD) or an RFC 3339 date-time")
        }
        config.asOf = ms
    }
    if let text = options.deadline {
        guard let day = Day(parsing: text) else { throw UsageError("--deadline '\(text)' is not a date (YYYY-MM-DD)") }
        config.deadline = day
    }
    let asOf = config.asOf ?? Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    return (config, Clock(asOf: asOf))
}
