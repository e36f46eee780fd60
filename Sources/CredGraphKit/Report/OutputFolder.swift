import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// then swapped in (an atomic exchange where the system has one). A
    /// failure before the swap leaves the old folder untouched, so the folder
    /// never holds a mix of two runs. Every file passes through the redactor.
    /// An existing folder is replaced only when it holds nothing but what
    /// credgraph writes (Markdown, diagrams, JSON in plain folders): so
    /// `--out .`, `--out data` or a wiki clone with its `.git` is refused
    /// instead of wiped.
    public func write(to folder: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: folder).standardizedFileURL
        for file in files {
            guard OutputFiles.isSafeRelativePath(file.path) else {
                throw OutputError("refusing to write outside the output folder: \(Redactor.shared.redact(file.path))")
            }
        }
        let contents = try files.map { ($0.path, try OutputFiles.screened($0.bytes, path: $0.path)) }

        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: target.path, isDirectory: &isDir)
        if exists {
            guard isDir.boolValue else { throw OutputError("\(folder) exists and is not a folder") }
            if let foreign = OutputFiles.foreignEntry(in: target) {
                throw OutputError("\(folder) holds '\(TerminalText.sanitized(foreign))', which credgraph does not write; it replaces the folder whole, so give a new or empty folder as --out")
            }
        }

        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(getpid())")
        let retired = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: retired)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for (path, bytes) in contents {
                let url = staging.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try OutputFiles.writeNew(bytes, at: url.path)
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
        if exists {
            // One atomic step on Linux: readers see the old run or the new, never neither.
            if exchange(staging.path, target.path) {
                try? fm.removeItem(at: staging) // now holds the old run
                return
            }
            do {
                try fm.moveItem(at: target, to: retired)
            } catch {
                try? fm.removeItem(at: staging)
                throw error
            }
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

    /// Writes one file whole: to a temporary name beside it, then renamed
    /// over the target. The contents pass through the redactor first.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let bytes = try screened(bytes, path: path)
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try? fm.removeItem(at: temporary)
        try writeNew(bytes, at: temporary.path)
        if rename(temporary.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: temporary)
            throw OutputError("cannot write \(path): \(reason)")
        }
    }

    /// Text with every remembered secret cut out; binary data (not UTF-8,
    /// such as PNG or PDF) cannot be edited, so it is refused if it holds one.
    static func screened(_ bytes: [UInt8], path: String) throws -> [UInt8] {
        if String(validating: bytes, as: UTF8.self) != nil { return Redactor.shared.redact(bytes: bytes) }
        if Redactor.shared.containsSecret(bytes) {
            throw OutputError("refusing to write \(path): it would contain secret material")
        }
        return bytes
    }

    /// Creates `path` (which must not exist: a planted link is never followed),
    /// writes all of `bytes` and flushes them to disk.
    static func writeNew(_ bytes: [UInt8], at path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let n = systemWrite(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(path)
            throw OutputError("cannot write \(path): \(failure)")
        }
    }

    /// `renameat2(RENAME_EXCHANGE)`: swaps two paths atomically. Looked up at
    /// run time (the C library may lack it, the file system may refuse it);
    /// false when the swap did not happen.
    private func exchange(_ a: String, _ b: String) -> Bool {
        #if os(Linux)
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, renameExchange) == 0
        #else
        return false
        #endif
    }

    /// Kinds of file credgraph writes into an output folder.
    static let outputExtensions: Set<String> = ["md", "svg", "png", "pdf", "dot", "json"]

    /// The first entry under `folder` that no run of credgraph could have
    /// written (a hidden entry such as `.git`, a link, a file of another kind),
    /// or nil when the folder holds only earlier output.
    static func foreignEntry(in folder: URL) -> String? {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey]) else {
            return folder.lastPathComponent
        }
        let base = folder.path.count + 1
        var seen = 0
        for case let url as URL in walker {
            seen += 1
            let relative = String(url.path.dropFirst(base))
            if seen > 100_000 { return relative }
            let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .isDirectoryKey, .isSymbolicLinkKey])
            if url.lastPathComponent.hasPrefix(".") || values?.isSymbolicLink == true { return relative }
            if values?.isDirectory == true { continue }
            guard values?.isRegularFile == true, outputExtensions.contains(url.pathExtension.lowercased()) else { return relative }
        }
        return nil
    }

    /// Relative, made of plain names only: no `..`, no absolute path, no
    /// character outside ASCII letters, digits and `-_.`.
    static func isSafeRelativePath(_ path: String) -> Bool {
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

private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}
