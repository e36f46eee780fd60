import CredGraphCore
import CredGraphRender
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
    /// Notes about what was built (a diagram folded past its node limit),
    /// each under its file's relative path, for the command line to report.
    public var diagnostics = Diagnostics()

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
    ///
    /// credgraph knows what it wrote: each output folder holds a manifest
    /// (`.credgraph-manifest`) listing its files. An existing folder is
    /// replaced only when it is empty or holds nothing but the files its
    /// manifest lists (plain files and folders, no links): so `--out .`,
    /// `--out data`, a copy of `docs/` or a wiki clone is refused instead of
    /// wiped. Staging folders a killed run left are removed on the next run.
    public func write(to folder: String) throws {
        try write(into: folder, replacing: nil)
    }

    /// Writes the files (paths relative to `root`) into `root`, replacing
    /// only `part` there: a sub-folder (`weekly`, whose files are the ones
    /// under `weekly/`) or one file (`readiness.md`); nil replaces `root`
    /// whole. `root` must be new, empty or an earlier credgraph output (its
    /// manifest lists everything in it); its manifest is updated.
    public func write(into root: String, replacing part: String?) throws {
        for file in files {
            guard OutputFiles.isSafeRelativePath(file.path), part.map({ file.path == $0 || file.path.hasPrefix($0 + "/") }) ?? true else {
                throw OutputError("refusing to write outside the output folder: \(TerminalText.oneLine(Redactor.shared.redact(file.path)))")
            }
        }
        if let part, !OutputFiles.isSafeRelativePath(part) {
            throw OutputError("refusing to write outside the output folder: \(TerminalText.oneLine(part))")
        }
        let contents = try files.map { ($0.path, try OutputFiles.screened($0.bytes, path: $0.path)) }
        let target = OutputFiles.absolute(root)
        let shown = TerminalText.oneLine(root)
        guard target != "/" else { throw OutputError("refusing to write into /: give a new or empty folder as --out") }

        OutputFiles.removeStaleStaging(besides: target)
        let state = try OutputFiles.ownership(of: target, shown: shown)
        let parent = OutputFiles.parent(of: target)
        try OutputFiles.makeDirectories(parent, shown: shown)

        guard let part else {
            let manifest = OutputFiles.manifestText(contents.map(\.0))
            try OutputFiles.replaceFolder(target, with: [(OutputFiles.manifestName, Array(manifest.utf8))] + contents, existing: state != .absent)
            return
        }

        // Part of an output folder: the folder itself is created if needed,
        // the part swapped in, then the manifest rewritten to match.
        if state == .absent { try OutputFiles.makeDirectories(target, shown: shown) }
        OutputFiles.removeStaleStaging(besides: target + "/" + part)
        let previous = state == .owned ? (OutputFiles.readManifest(target) ?? []) : []
        let kept = previous.filter { !($0 == part || $0.hasPrefix(part + "/")) }
        let final = OutputFiles.manifestText(kept + contents.map(\.0))
        // Listed first (a superset), so a run killed half way leaves a folder
        // the next run still recognises as its own.
        try OutputFiles.writeAtomically(Array(OutputFiles.manifestText(previous + contents.map(\.0)).utf8), to: target + "/" + OutputFiles.manifestName)
        let partPath = target + "/" + part
        if contents.count == 1, contents[0].0 == part {
            try OutputFiles.writeAtomically(contents[0].1, to: partPath)
        } else {
            let inner = contents.map { (String($0.0.dropFirst(part.count + 1)), $0.1) }
            var info = stat()
            let exists = lstat(partPath, &info) == 0
            try OutputFiles.replaceFolder(partPath, with: inner, existing: exists)
        }
        try OutputFiles.writeAtomically(Array(final.utf8), to: target + "/" + OutputFiles.manifestName)
    }

    // MARK: - Manifest and ownership

    /// The file in every output folder that lists what credgraph wrote there.
    public static let manifestName = ".credgraph-manifest"
    static let manifestHeader = "# credgraph output: the files below were written by credgraph, which replaces them on its next run.\n"

    static func manifestText(_ paths: [String]) -> String {
        manifestHeader + Set(paths).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { $0 + "\n" }.joined()
    }

    /// The paths a folder's manifest lists, nil when it has none (or not one of credgraph's).
    static func readManifest(_ folder: String) -> [String]? {
        let path = folder + "/" + manifestName
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 16 << 20,
              let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8), text.hasPrefix(manifestHeader)
        else { return nil }
        let paths = text.dropFirst(manifestHeader.count).split(separator: "\n").map(String.init)
        return paths.allSatisfy(isSafeRelativePath) ? paths : nil
    }

    enum Ownership { case absent, empty, owned }

    /// Whether credgraph may write into `folder`: absent, empty, or holding
    /// only what its manifest lists. Throws, naming the first foreign entry.
    static func ownership(of folder: String, shown: String) throws -> Ownership {
        var info = stat()
        guard lstat(folder, &info) == 0 else {
            if errno == ENOENT { return .absent }
            throw OutputError("cannot use \(shown) as the output folder: \(String(cString: strerror(errno)))")
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFLNK { throw OutputError("\(shown) is a symbolic link: give a real folder as --out") }
        guard type == S_IFDIR else { throw OutputError("\(shown) exists and is not a folder") }
        let entries = try listTree(folder, shown: shown)
        if entries.isEmpty { return .empty }
        // Only snapshots (restored into a new folder, say): kept and carried.
        if entries.allSatisfy({ $0.path == historyFolderName || isCarriedHistoryFile($0) }) { return .owned }
        guard let listed = readManifest(folder) else {
            let first = entries.first { $0.path != manifestName }?.path ?? manifestName
            throw OutputError("\(shown) holds '\(TerminalText.oneLine(first))' and is not a folder credgraph wrote (no \(manifestName)); credgraph replaces what it wrote there, so it writes only into a new or empty folder or one of its own: give one as --out")
        }
        let files = Set(listed)
        var folders: Set<String> = []
        for path in listed {
            var parts = path.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        for entry in entries where entry.path != manifestName && !isTransient(entry.path) {
            var ok = entry.isDirectory ? folders.contains(entry.path) : (entry.isRegularFile && files.contains(entry.path))
            // history/: snapshots (even ones a person copied in) are carried
            // into the new output unchanged, so nothing there is lost.
            if entry.isDirectory && entry.path == historyFolderName { ok = true }
            if isCarriedHistoryFile(entry) { ok = true }
            if !ok {
                throw OutputError("\(shown) holds '\(TerminalText.oneLine(entry.path))', which credgraph did not write (its \(manifestName) does not list it); move that away or give a new or empty folder as --out")
            }
        }
        return .owned
    }

    /// A plain file directly under history/ with a safe name: `readHistory`
    /// carries it into the new output unchanged. Anything else there is
    /// foreign, so the folder is refused rather than the file lost.
    static func isCarriedHistoryFile(_ entry: Entry) -> Bool {
        entry.isRegularFile && entry.path.hasPrefix(historyFolderName + "/")
            && !entry.path.dropFirst(historyFolderName.count + 1).contains("/") && isSafeRelativePath(entry.path)
    }

    /// A name credgraph gives a file or folder while it writes
    /// (`.NAME.tmp-PID`, `.NAME.staging-PID`, `.NAME.old-PID`), or anything
    /// inside one: another credgraph run at work, or one that was killed.
    static func isTransient(_ path: String) -> Bool {
        path.split(separator: "/").contains { part in
            guard part.hasPrefix("."), let dash = part.lastIndex(of: "-") else { return false }
            let pid = part[part.index(after: dash)...]
            guard !pid.isEmpty, pid.allSatisfy(\.isASCII), pid.allSatisfy(\.isNumber) else { return false }
            let stem = part[..<dash]
            return stem.hasSuffix(".tmp") || stem.hasSuffix(".staging") || stem.hasSuffix(".old")
        }
    }

    struct Entry { var path: String; var isDirectory: Bool; var isRegularFile: Bool }

    /// Every entry under `folder` (not following links), relative paths.
    static func listTree(_ folder: String, shown: String) throws -> [Entry] {
        var out: [Entry] = []
        var pending = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let handle = opendir(path) else {
                throw OutputError("cannot read \(shown)\(relative.isEmpty ? "" : "/" + TerminalText.oneLine(relative)): \(String(cString: strerror(errno)))")
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                    String(decoding: raw[..<(raw.firstIndex(of: 0) ?? raw.count)], as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + child, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                out.append(Entry(path: child, isDirectory: type == S_IFDIR, isRegularFile: type == S_IFREG))
                if type == S_IFDIR { pending.append(child) }
                if out.count > 100_000 { return out }
            }
        }
        return out.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// Builds `contents` in a staging folder beside `target` and swaps it in.
    static func replaceFolder(_ target: String, with contents: [(String, [UInt8])], existing: Bool) throws {
        let parent = parent(of: target)
        let name = String(target.split(separator: "/").last ?? "out")
        let staging = parent + "/.\(name).staging-\(getpid())"
        let retired = parent + "/.\(name).old-\(getpid())"
        // Left by an earlier run with this process id: removed only if it is credgraph's.
        for path in [staging, retired] where isOwnLeftover(path) { remove(path) }
        do {
            guard mkdir(staging, 0o755) == 0 else { throw OutputError("cannot create \(TerminalText.oneLine(staging)): \(String(cString: strerror(errno)))") }
            // The manifest goes first, so a staging folder a killed run left
            // is recognisably credgraph's and removed by the next run.
            let ordered = contents.sorted { ($0.0 == manifestName ? 0 : 1) < ($1.0 == manifestName ? 0 : 1) }
            if !ordered.contains(where: { $0.0 == manifestName }) {
                try writeNew(Array(manifestText([]).utf8), at: staging + "/" + manifestName)
            }
            // One flush for the whole folder where the system has one (a
            // report is thousands of files, and a flush each was most of the
            // time spent writing them); else a flush per file, as before.
            let flushOnce = canFlushFileSystem
            for (path, bytes) in ordered {
                let full = staging + "/" + path
                try makeDirectories(parentOf: full, below: staging)
                try writeNew(bytes, at: full, flush: !flushOnce)
            }
            if flushOnce { try flushFileSystem(of: staging) }
            if !contents.contains(where: { $0.0 == manifestName }) { unlink(staging + "/" + manifestName) }
        } catch {
            remove(staging)
            throw error
        }
        if existing {
            // One atomic step on Linux: readers see the old run or the new, never neither.
            if exchange(staging, target) {
                remove(staging) // now holds the old run
                return
            }
            guard rename(target, retired) == 0 else {
                let reason = String(cString: strerror(errno))
                remove(staging)
                throw OutputError("cannot replace \(TerminalText.oneLine(target)): \(reason)")
            }
        }
        guard rename(staging, target) == 0 else {
            let reason = String(cString: strerror(errno))
            // Put the old run back rather than leave nothing.
            _ = rename(retired, target)
            remove(staging)
            throw OutputError("cannot write \(TerminalText.oneLine(target)): \(reason)")
        }
        remove(retired)
    }

    /// Removes `.NAME.staging-PID`, `.NAME.old-PID` and `.NAME.tmp-PID`
    /// entries beside `target` that a run no longer alive left behind (a
    /// killed `report`); a live run's are left alone.
    static func removeStaleStaging(besides target: String) {
        let parent = parent(of: target)
        let name = String(target.split(separator: "/").last ?? "")
        guard !name.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries {
            for kind in [".staging-", ".old-", ".tmp-"] {
                let prefix = "." + name + kind
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), pid > 0 else { continue }
                if pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH { continue }
                let path = parent + "/" + entry
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                let type = info.st_mode & S_IFMT
                // Only what credgraph itself creates there: a folder it staged
                // (its manifest is written first) or a temporary file.
                if type == S_IFDIR, isOwnLeftover(path) {
                    remove(path)
                } else if type == S_IFREG, kind == ".tmp-" {
                    unlink(path)
                }
            }
        }
    }

    /// A folder credgraph staged: its manifest comes first, or it is empty.
    private static func isOwnLeftover(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        return readManifest(path) != nil || ((try? FileManager.default.contentsOfDirectory(atPath: path))?.isEmpty ?? false)
    }

    private static func remove(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// An absolute, normalised path (no `.`, `..` or repeated slashes).
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p`, with errors that name the folder.
    static func makeDirectories(_ path: String, shown: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw OutputError("cannot create \(shown): '\(TerminalText.oneLine(path))' is not a folder") }
            return
        }
        let parent = parent(of: path)
        if parent != path { try makeDirectories(parent, shown: shown) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw OutputError("cannot create \(TerminalText.oneLine(path)): \(String(cString: strerror(errno)))")
        }
    }

    private static func makeDirectories(parentOf file: String, below root: String) throws {
        let folder = parent(of: file)
        guard folder.count > root.count else { return }
        try makeDirectories(folder, shown: TerminalText.oneLine(folder))
    }

    /// Writes one file whole: to a temporary name beside it, then renamed
    /// over the target. The contents pass through the redactor first. The
    /// target may be absent or a regular file; a link, a FIFO, a device, a
    /// socket or a folder there is refused, never replaced.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let bytes = try screened(bytes, path: path)
        let shown = TerminalText.oneLine(path)
        try checkTarget(path, shown: shown)
        let folder = parent(of: absolute(path))
        try makeDirectories(folder, shown: TerminalText.oneLine(folder))
        let name = String(absolute(path).split(separator: "/").last ?? "out")
        removeStaleStaging(besides: absolute(path))
        let temporary = folder + "/.\(name).tmp-\(getpid())"
        unlink(temporary)
        try writeNew(bytes, at: temporary)
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError("cannot write \(shown): \(reason)")
        }
    }

    /// Refuses an output path that exists and is not a regular file.
    static func checkTarget(_ path: String, shown: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFLNK: kind = "a symbolic link"
        case S_IFDIR: kind = "a folder"
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "a special file"
        }
        throw OutputError("refusing to write \(shown): it is \(kind), not a file credgraph wrote")
    }

    /// Writes a diagram file (`graph --out`, `blast-radius --out`): an
    /// existing file is replaced only when it is a diagram credgraph wrote
    /// (its mark, see `OutputFiles.isOwnDiagram`), so `--out data/inventory.csv`
    /// or `--out README.md` is refused instead of overwritten.
    public static func writeDiagramFile(_ bytes: [UInt8], to path: String) throws {
        let shown = TerminalText.oneLine(path)
        try checkTarget(path, shown: shown)
        var info = stat()
        if lstat(path, &info) == 0 {
            let head = readHead(path, bytes: 4096)
            let tail = readTail(path, bytes: 4096)
            guard isOwnDiagram(head: head, tail: tail) else {
                throw OutputError("refusing to replace \(shown): it exists and is not a diagram credgraph wrote; remove it or choose another --out")
            }
        }
        try writeAtomically(bytes, to: path)
    }

    /// The mark every diagram credgraph writes carries: the comment
    /// `Renderer` adds (SVG, DOT), the `tEXt` chunk of a PNG, the cairo
    /// producer of a PDF (the weakest: any cairo PDF).
    static func isOwnDiagram(head: [UInt8], tail: [UInt8]) -> Bool {
        let mark = Array(diagramMark.utf8)
        func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
            guard haystack.count >= needle.count else { return false }
            return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return contains(head, mark) }
        if head.starts(with: Array("%PDF-".utf8)) { return contains(tail, Array("/Producer (cairo".utf8)) }
        return contains(head, mark)
    }

    /// The text that marks a diagram as credgraph's (the renderer writes it).
    public static let diagramMark = Diagram.mark

    private static func readHead(_ path: String, bytes: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: bytes)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, bytes) }
        return n > 0 ? Array(buffer[..<n]) : []
    }

    private static func readTail(_ path: String, bytes: Int) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return [] }
        lseek(fd, max(0, size - off_t(bytes)), SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: bytes)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, bytes) }
        return n > 0 ? Array(buffer[..<n]) : []
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
    /// writes all of `bytes` and, unless told not to, flushes them to disk.
    static func writeNew(_ bytes: [UInt8], at path: String, flush: Bool = true) throws {
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
        if failure == nil, flush, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if let failure {
            unlink(path)
            throw OutputError("cannot write \(path): \(failure)")
        }
    }

    /// Linux's `syncfs`, looked up at run time like `renameat2`.
    private typealias SyncFS = @convention(c) (Int32) -> Int32
    private static let syncfsFunction: SyncFS? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: SyncFS.self)
        #else
        return nil
        #endif
    }()

    static var canFlushFileSystem: Bool { syncfsFunction != nil }

    /// Flushes everything written to the file system holding `folder`: the
    /// staged files reach the disk before the folder is swapped in.
    static func flushFileSystem(of folder: String) throws {
        guard let syncfs = syncfsFunction else { return }
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError("cannot write \(TerminalText.oneLine(folder)): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard syncfs(fd) == 0 else { throw OutputError("cannot write \(TerminalText.oneLine(folder)): \(String(cString: strerror(errno)))") }
    }

    /// `renameat2(RENAME_EXCHANGE)`: swaps two paths atomically. Looked up at
    /// run time (the C library may lack it, the file system may refuse it);
    /// false when the swap did not happen.
    private static func exchange(_ a: String, _ b: String) -> Bool {
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
