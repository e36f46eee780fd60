import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `OUT/history/`: the snapshots of earlier runs. Read before a report is
/// written (the baseline and the trend) and carried into the new output
/// folder byte for byte: a snapshot is never deleted, and never overwritten
/// except by a run of the same as-of.
public struct History: Sendable {
    /// The snapshot to compare with: `--baseline`, else the latest earlier one.
    public var baseline: Snapshot?
    /// Where the baseline came from, for the reports ("history/2026-08-26.json").
    public var baselineSource: String?
    /// Every usable snapshot earlier than this run, oldest first (the trend).
    public var earlier: [Snapshot] = []
    /// Files under history/ to write again, unchanged (all but this as-of's).
    public var carried: [(path: String, bytes: [UInt8])] = []
    /// Snapshots that could not be used, each naming its file.
    public var warnings: [Diagnostic] = []

    public init() {}
}

/// The folder under the output folder.
public let historyFolderName = "history"
/// Larger than any snapshot credgraph writes for a real estate (a 1,500-package
/// estate's is a few MB); a bigger file is not read, and not replaced either.
let snapshotSizeLimit = 64 << 20

/// What a snapshot file holds when it is not a usable snapshot.
public enum SnapshotReadError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(String)
    case notJSON(String)
    case unknownSchema(Int?)
    case invalid(String)

    public var description: String {
        switch self {
        case .unreadable(let why): "cannot read it: \(why)"
        case .notJSON(let why): "not a JSON document (\(why))"
        case .unknownSchema(let v?): "schema_version \(v) is not one this credgraph reads (it reads 1 to \(Snapshot.currentSchemaVersion)); written by a newer credgraph?"
        case .unknownSchema(nil): "no schema_version: not a credgraph snapshot"
        case .invalid(let why): "not a valid credgraph snapshot (\(why))"
        }
    }
}

/// Reads a regular file of at most `limit` bytes; a FIFO, device or folder is refused.
func readSmallFile(_ path: String, limit: Int = snapshotSizeLimit) -> Result<[UInt8], SnapshotReadError> {
    var info = stat()
    guard stat(path, &info) == 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
    guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.unreadable("not a regular file")) }
    guard Int(info.st_size) <= limit else { return .failure(.unreadable("\(info.st_size) bytes, more than any snapshot (\(limit) bytes)")) }
    guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable("read failed")) }
    return .success(Array(data))
}

/// Parses snapshot bytes, checking the schema version first so a newer
/// credgraph's file is named as such rather than as broken.
public func decodeSnapshot(_ bytes: [UInt8]) -> Result<Snapshot, SnapshotReadError> {
    let data = Data(bytes)
    let object: Any
    do {
        object = try JSONSerialization.jsonObject(with: data)
    } catch {
        return .failure(.notJSON("\(error.localizedDescription)"))
    }
    guard let dictionary = object as? [String: Any] else { return .failure(.invalid("not a JSON object")) }
    guard let version = dictionary["schema_version"] as? Int else { return .failure(.unknownSchema(nil)) }
    guard (1...Snapshot.currentSchemaVersion).contains(version) else { return .failure(.unknownSchema(version)) }
    do {
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
        guard snapshot.asOfDay != nil else { return .failure(.invalid("as_of '\(snapshot.asOf)' is not a date")) }
        return .success(snapshot)
    } catch let DecodingError.keyNotFound(key, context) {
        return .failure(.invalid("no '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"))
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context), let DecodingError.dataCorrupted(context) {
        return .failure(.invalid("'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"))
    } catch {
        return .failure(.invalid("\(error)"))
    }
}

/// Reads `OUT/history/` for a run of `asOf`. A file that is not a usable
/// snapshot (unparsable, unknown schema, a later as-of, a name that is not
/// its as-of) is a warning naming it and is not used, but it is kept.
/// `baselinePath` (`--baseline`) replaces the latest earlier snapshot as the
/// baseline; a missing file there is a usage error (thrown), one that is not
/// a usable snapshot a warning.
public func readHistory(outputFolder: String, asOf: Day, baselinePath: String? = nil) throws(UsageError) -> History {
    var history = History()
    let folder = outputFolder + "/" + historyFolderName
    let shownFolder = TerminalText.oneLine(folder)
    var names: [String] = []
    var info = stat()
    if lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }
    let current = asOf.description + ".json"
    var usable: [Snapshot] = []
    for name in names {
        let path = folder + "/" + name
        let shown = shownFolder + "/" + TerminalText.oneLine(name)
        var entry = stat()
        // Only regular files are carried; anything else the output folder's own check names.
        guard lstat(path, &entry) == 0, entry.st_mode & S_IFMT == S_IFREG, OutputFiles.isSafeRelativePath(name) else { continue }
        let bytes: [UInt8]
        switch readSmallFile(path) {
        case .success(let read): bytes = read
        case .failure(let problem):
            // Too large to carry: kept where it is by refusing to replace the folder.
            throw UsageError("\(shown) is \(problem); credgraph keeps every snapshot and cannot carry this one into the new output: move it away")
        }
        // This run's own as-of is the one snapshot a run replaces.
        if name == current { continue }
        history.carried.append((historyFolderName + "/" + name, bytes))
        guard name.hasSuffix(".json"), Day(parsing: name.dropLast(5)) != nil else { continue }
        switch decodeSnapshot(bytes) {
        case .failure(let problem):
            history.warnings.append(Diagnostic(file: shown, line: nil, severity: .warning, message: "\(problem); not used as a baseline, kept"))
        case .success(let snapshot):
            if snapshot.fileName != name {
                history.warnings.append(Diagnostic(file: shown, line: nil, severity: .warning,
                    message: "holds the snapshot of \(snapshot.asOf), not of its name's date; not used as a baseline, kept"))
            } else if let day = snapshot.asOfDay, day > asOf {
                history.warnings.append(Diagnostic(file: shown, line: nil, severity: .warning,
                    message: "is from a later as-of (\(snapshot.asOf)) than this run (\(asOf)); not used as a baseline, kept"))
            } else {
                usable.append(snapshot)
            }
        }
    }
    history.earlier = usable.sorted { $0.asOf < $1.asOf }
    if let baselinePath {
        var entry = stat()
        guard stat(baselinePath, &entry) == 0 else {
            throw UsageError("--baseline \(TerminalText.oneLine(baselinePath)): no such file")
        }
        let shown = TerminalText.oneLine(baselinePath)
        switch readSmallFile(baselinePath).flatMap({ bytes in decodeComparable(bytes) }) {
        case .success(let snapshot):
            if let day = snapshot.asOfDay, day > asOf {
                history.warnings.append(Diagnostic(file: shown, line: nil, severity: .warning,
                    message: "is from a later as-of (\(snapshot.asOf)) than this run (\(asOf)); not used as a baseline"))
            } else {
                history.baseline = snapshot
                history.baselineSource = shown
            }
        case .failure(let problem):
            history.warnings.append(Diagnostic(file: shown, line: nil, severity: .warning, message: "\(problem); the run goes on without a baseline"))
        }
    } else if let latest = history.earlier.last {
        history.baseline = latest
        history.baselineSource = historyFolderName + "/" + latest.fileName
    }
    return history
}
