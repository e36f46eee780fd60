import Foundation

/// A set of output files, gathered whole in memory and then written so that
/// the folder holds either the complete old run or the complete new one.
public struct OutputFiles: Sendable {
    /// Relative path (built from slugs and fixed names only) to contents.
    public private(set) var files: [(path: String, bytes: [UInt8])] = []

    public init() {}

    public mutating func add(_ path: String, _ text: String) {
        files.append((path, Array(text.utf8)))
    }

    public mutating func add(_ path: String, bytes: [UInt8]) {
        files.append((path, bytes))
    }

    /// Writes every file under `folder`: into a staging folder beside it,
    /// then swapped in with renames. A failure before the swap leaves the
    /// old folder untouched.
    public func write(to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        for file in files {
            guard isSafeRelativePath(file.path) else { throw OutputError("refusing to write outside the output folder: \(file.path)") }
        }
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(getpid())")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: retired)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            for file in files {
                let url = staging.appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard fm.createFile(atPath: url.path, contents: Data(file.bytes)) else {
                    throw OutputError("cannot write \(url.path)")
                }
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                try? fm.removeItem(at: staging)
                throw OutputError("\(folder) exists and is not a folder")
            }
            try fm.moveItem(at: target, to: retired)
        }
        do {
            try fm.moveItem(at: staging, to: target)
        } catch {
            // Put the old run back rather than leave nothing.
            if fm.fileExists(atPath: retired.path) { try? fm.moveItem(at: retired, to: target) }
            try? fm.removeItem(at: staging)
            throw error
        }
        try? fm.removeItem(at: retired)
    }

    /// Writes one file whole: to a temporary name beside it, then renamed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        guard fm.createFile(atPath: temporary.path, contents: Data(bytes)) else {
            throw OutputError("cannot write \(path)")
        }
        if rename(temporary.path, url.path) != 0 {
            try? fm.removeItem(at: temporary)
            throw OutputError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part != "." && part != ".." && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }
}

public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
