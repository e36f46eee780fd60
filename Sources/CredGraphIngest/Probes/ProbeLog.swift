import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a probe log is read.
public struct ProbeScanOptions: Sendable {
    /// `--strict`: malformed lines are errors instead of warnings.
    public var strict: Bool
    /// How many malformed lines of one file are reported in full; the rest are counted.
    /// `--strict` lists every one: each is an error the user must fix.
    public var maxReportedPerFile: Int
    /// The `probes:` settings of the configuration (mapping, formats, the malformed share).
    public var settings: ProbeSettings

    public init(strict: Bool = false, maxReportedPerFile: Int? = nil, settings: ProbeSettings = ProbeSettings()) {
        self.strict = strict
        self.maxReportedPerFile = maxReportedPerFile ?? (strict ? Int.max : 5)
        self.settings = settings
    }
}

/// What a scan of one probe log saw.
public struct ProbeScanStats: Sendable, Hashable {
    /// Physical lines, blank ones included.
    public var lines: Int
    /// Well-formed records handed to the caller.
    public var records: Int
    /// Lines reported (or counted) as malformed, over-long ones included.
    public var malformed: Int
    /// Bytes of log text read (after gzip decompression).
    public var bytes: Int

    public init(lines: Int = 0, records: Int = 0, malformed: Int = 0, bytes: Int = 0) {
        self.lines = lines
        self.records = records
        self.malformed = malformed
        self.bytes = bytes
    }

    /// Totals over several files.
    public mutating func add(_ other: ProbeScanStats) {
        lines += other.lines
        records += other.records
        malformed += other.malformed
        bytes += other.bytes
    }
}

/// Reading the probe logs: finding the files behind `--probes` and streaming each one.
///
/// Where the input contract is silent, the reader does this:
/// - Keys match exactly (as loggers write them); `endpoint` values ignore case.
/// - A `null`, empty or all-blank value counts as not given; a repeated key: the last one wins.
/// - Kept text is trimmed of ASCII blanks. `client_id`, `env`, `consumer` and
///   `secret_version` must be valid UTF-8 without control characters; `error` is
///   kept as given (invalid UTF-8 repaired) up to 256 bytes, for later classification.
/// - `status` and `latency_ms` may be JSON numbers or numeric strings; `status`
///   must be digits 0...999, `latency_ms` a non-negative decimal.
/// - JSON is checked strictly (RFC 8259 strings, escapes and numbers) except inside
///   ignored nested values, which are skipped by bracket matching up to 512 levels.
/// - logfmt: bare keys (flags) are ignored; unquoted values run to the next space or
///   tab; quoted values use JSON escapes (as go-logfmt writes them).
/// - Lines over 1 MiB are malformed and skipped; a UTF-8 byte-order mark on line 1 is ignored.
/// - Gzip is chosen by the `.gz` name (any case); concatenated members and zero padding
///   are read; corrupt or truncated data is an error after the records before it.
/// - In folders, only regular, non-hidden files are read; a file named explicitly
///   is read if it is a regular file or a FIFO (a device such as `/dev/zero` is an error).
public enum ProbeLog {
    /// Expand the --probes paths: files as given, folders searched recursively
    /// (hidden entries skipped, each folder entered once so symlink loops end),
    /// sorted by path for determinism; a missing path is an error naming it.
    /// A file reached twice (by two paths or links) is listed once.
    public static func files(at paths: [String], diagnostics: inout Diagnostics) -> [String] {
        var found: [String] = []
        var seenFiles = Set<FileIdentity>()
        var seenFolders = Set<FileIdentity>()

        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                let code = errno
                if code == ENOENT || code == ENOTDIR {
                    diagnostics.error("probe path not found: no such file or directory", file: path)
                } else {
                    diagnostics.error("cannot access probe path: \(systemErrorText(code))", file: path)
                }
                continue
            }
            if isDirectory(info) {
                walk(folder: path, info: info, into: &found, seenFiles: &seenFiles, seenFolders: &seenFolders, diagnostics: &diagnostics)
            } else if info.st_mode & S_IFMT == S_IFCHR || info.st_mode & S_IFMT == S_IFBLK || info.st_mode & S_IFMT == S_IFSOCK {
                // A device (`/dev/zero`, `/dev/urandom`) never ends: not a log.
                diagnostics.error("probe path is a device or socket, not a log: not read", file: path)
            } else if seenFiles.insert(FileIdentity(info)).inserted {
                // Given by name, a regular file or a FIFO is read (`<(zcat …)`, a pipe as /dev/stdin).
                screenName(path.split(separator: "/").last.map(String.init) ?? path)
                found.append(path)
            }
        }
        return found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Stream one file, calling body for every well-formed record.
    public static func scan(
        file: String, options: ProbeScanOptions, diagnostics: inout Diagnostics, _ body: (ProbeRecord) -> Void
    ) -> ProbeScanStats {
        scan(
            file: file, options: options, chunkBytes: LineSplitter.defaultChunkBytes,
            maxLineBytes: LineSplitter.defaultMaxLineBytes, diagnostics: &diagnostics, body
        )
    }

    /// `scan` with the buffer sizes open to tests (small sizes exercise every chunk boundary).
    static func scan(
        file: String, options: ProbeScanOptions, chunkBytes: Int, maxLineBytes: Int,
        diagnostics: inout Diagnostics, _ body: (ProbeRecord) -> Void
    ) -> ProbeScanStats {
        var stats = ProbeScanStats()
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "no such file or directory" : systemErrorText(code)
            diagnostics.error("cannot open probe log: \(reason)", file: file)
            return stats
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && isDirectory(info) {
            diagnostics.error("cannot read probe log: is a directory", file: file)
            return stats
        }
        if isRegularFile(info), isMostlyHoles(info) {
            diagnostics.error("cannot read probe log: a sparse file of \(info.st_size) bytes, mostly holes", file: file)
            return stats
        }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let general = MappedProbeParser(settings: options.settings)
        if options.settings.format == .jsonArray || (options.settings.format == .auto && startsWithJSONArray(file)) {
            return scanJSONArray(file: file, options: options, parser: general, maxElementBytes: maxLineBytes, diagnostics: &diagnostics, body)
        }

        var reporter = MalformedLineReporter(file: file, options: options)
        var parser = ProbeLineParser()
        let route = ProbeLineRoute(general)
        let onLine = { (line: UnsafeRawBufferPointer, number: Int) in
            var line = line
            if number == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeRawBufferPointer(rebasing: line[3...]) // a UTF-8 byte-order mark
            }
            let outcome: ProbeLineParser.Outcome
            if route.needsGeneral(line) {
                outcome = general.parse(line: line)
            } else {
                switch parser.parse(line) {
                case .malformed(let problem):
                    // What the fast path rejects, the general path may read (epoch times, URL
                    // endpoints); if not, its message names the value and what is accepted.
                    outcome = general.parse(line: line, fastProblem: problem)
                case let other:
                    outcome = other
                }
            }
            reporter.take(outcome, line: number, stats: &stats, diagnostics: &diagnostics, body)
        }
        let onOverlong = { (number: Int) in
            stats.malformed += 1
            reporter.report("malformed probe line: longer than \(maxLineBytes) bytes", line: number, into: &diagnostics)
        }

        let outcome: LineSplitter.Outcome
        if isGzipName(file) {
            var source = GzipSource(fd: fd)
            outcome = LineSplitter.forEachLine(
                from: &source, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes, line: onLine, overlong: onOverlong)
        } else {
            var source = FileDescriptorSource(fd: fd)
            outcome = LineSplitter.forEachLine(
                from: &source, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes, line: onLine, overlong: onOverlong)
        }
        stats.lines = outcome.lines
        stats.bytes = outcome.bytes
        reporter.finish(into: &diagnostics)
        if let failure = outcome.failure {
            let place = outcome.lines > 0 ? " after line \(outcome.lines)" : ""
            diagnostics.error("cannot read probe log\(place): \(failure)", file: file)
        }
        reporter.judge(stats, maxShare: options.settings.maxMalformedShare, readFailed: outcome.failure != nil, into: &diagnostics)
        return stats
    }

    static func isGzipName(_ path: String) -> Bool {
        let bytes = Array(path.utf8.suffix(3))
        return bytes.count == 3 && bytes[0] == 46 && (bytes[1] | 0x20) == 103 && (bytes[2] | 0x20) == 122
    }

    // MARK: - Folder walk

    private static func walk(
        folder root: String, info rootInfo: stat, into found: inout [String],
        seenFiles: inout Set<FileIdentity>, seenFolders: inout Set<FileIdentity>, diagnostics: inout Diagnostics
    ) {
        guard seenFolders.insert(FileIdentity(rootInfo)).inserted else { return }
        // An explicit stack: folder depth is the file system's to choose, not the call stack's.
        var pending = [root]
        while let folder = pending.popLast() {
            guard let handle = opendir(folder) else {
                diagnostics.error("cannot read probe folder: \(systemErrorText(errno))", file: folder)
                continue
            }
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
                    let length = raw.firstIndex(of: 0) ?? raw.count
                    return String(decoding: raw[..<length], as: UTF8.self)
                }
                if name.isEmpty || name.hasPrefix(".") { continue } // hidden, `.` and `..`
                screenName(name)
                names.append(name)
            }
            closedir(handle)
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                var info = stat()
                guard stat(path, &info) == 0 else {
                    // Typically a dangling symbolic link; the folder's other files are still read.
                    diagnostics.warning("skipped unreadable probe path: \(systemErrorText(errno))", file: path)
                    continue
                }
                if isDirectory(info) {
                    if seenFolders.insert(FileIdentity(info)).inserted { pending.append(path) }
                } else if isRegularFile(info) {
                    if seenFiles.insert(FileIdentity(info)).inserted { found.append(path) }
                }
                // Sockets, FIFOs and devices inside a folder are not logs; reading a FIFO could block forever.
            }
        }
    }

    /// A file name found in the probe folders is output too (every
    /// diagnostic names its file): a token saved as a file name is
    /// remembered, so it is redacted there. The folders the user named are
    /// theirs and are not screened.
    private static func screenName(_ name: String) {
        guard name.utf8.count >= Redactor.minSecretBytes else { return }
        Redactor.shared.registerSecrets(in: name)
    }

    private static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    private static func isRegularFile(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
}

/// A file or folder by device and inode, so links and repeated paths are read once.
private struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(truncatingIfNeeded: info.st_dev)
        inode = UInt64(truncatingIfNeeded: info.st_ino)
    }
}

/// Reports the first malformed lines of a file in full and counts the rest.
extension MalformedLineReporter {
    /// A parsed line or array element of the one-at-a-time scans: its record
    /// counted and handed on, or the line counted and reported as malformed.
    @inline(__always)
    mutating func take(
        _ outcome: ProbeLineParser.Outcome, line: Int, stats: inout ProbeScanStats, diagnostics: inout Diagnostics,
        _ body: (ProbeRecord) -> Void
    ) {
        switch outcome {
        case .blank:
            break
        case .record(let record):
            stats.records += 1
            body(record)
        case .malformed(let message):
            stats.malformed += 1
            report(message, line: line, into: &diagnostics)
        }
    }
}

struct MalformedLineReporter {
    let file: String
    let severity: Diagnostic.Severity
    let limit: Int
    private(set) var reported = 0
    private(set) var hidden = 0
    /// The first malformed line, named again when the file as a whole fails.
    private(set) var first: (line: Int, message: String)?

    init(file: String, options: ProbeScanOptions) {
        self.file = file
        severity = options.strict ? .error : .warning
        limit = max(options.maxReportedPerFile, 0)
    }

    mutating func report(_ message: String, line: Int, into diagnostics: inout Diagnostics) {
        if first == nil { first = (line, message) }
        if reported < limit {
            reported += 1
            diagnostics.append(Diagnostic(file: file, line: line, severity: severity, message: message))
        } else {
            hidden += 1
        }
    }

    func finish(into diagnostics: inout Diagnostics) {
        guard hidden > 0 else { return }
        let noun = hidden == 1 ? "line" : "lines"
        diagnostics.append(Diagnostic(
            file: file, line: nil, severity: severity,
            message: "\(hidden) more malformed probe \(noun) not shown (--strict lists every one)"))
    }

    /// Losing probes must not go unnoticed: a file that yields no usable
    /// record, or more malformed lines than `maxShare` of its records, is an
    /// error naming the share and the first bad line. An empty file is a warning.
    func judge(_ stats: ProbeScanStats, maxShare: Double, readFailed: Bool, into diagnostics: inout Diagnostics) {
        let total = stats.records + stats.malformed
        let firstBad = first.map { " First bad line \($0.line): \(MalformedLineReporter.reason($0.message))." } ?? ""
        // A read failure is reported already; what it left of the file says nothing more.
        if readFailed { return }
        if total == 0 {
            diagnostics.warning("probe log holds no probe records (an empty export?)", file: file)
            return
        }
        if stats.records == 0 {
            diagnostics.error(
                "no usable probe record: all \(total) \(total == 1 ? "line is" : "lines are") malformed, so none of its probes count.\(firstBad)",
                file: file)
            return
        }
        let share = Double(stats.malformed) / Double(total)
        if share > maxShare {
            diagnostics.error(
                "\(stats.malformed) of \(total) probe lines malformed (\(MalformedLineReporter.percent(share))), "
                    + "more than probes.max_malformed_share (\(MalformedLineReporter.percent(maxShare))): the probes of this file cannot be trusted.\(firstBad)",
                file: file)
        }
    }

    static func reason(_ message: String) -> String {
        for prefix in ["malformed probe line: ", "malformed probe record: "] where message.hasPrefix(prefix) {
            return String(message.dropFirst(prefix.count))
        }
        return message
    }

    /// `12.5%`, with one decimal only when it is not zero.
    static func percent(_ share: Double) -> String { Vocabulary.percent(share: share) }
}

/// Which lines the general parser reads directly, bypassing the fast path:
/// all of them when `probes:` fixes the format or time format, otherwise
/// those that hold a key a mapped path starts with (the mapping might apply).
/// A line without any needs nothing but the fast path.
struct ProbeLineRoute: Sendable {
    let everyLine: Bool
    let rootKeys: [[UInt8]]

    init(_ general: MappedProbeParser) {
        everyLine = general.settings.readsEveryLineMapped
        rootKeys = general.mappedRootKeys
    }

    /// No line can need the general parser: no `probes:` mapping applies.
    var readsNoLineMapped: Bool { !everyLine && rootKeys.isEmpty }

    @inline(__always)
    func needsGeneral(_ line: UnsafeRawBufferPointer) -> Bool {
        if everyLine { return true }
        if rootKeys.isEmpty { return false }
        guard let base = line.baseAddress else { return false }
        for key in rootKeys where ProbeLineRoute.contains(base, line.count, key) { return true }
        return false
    }

    /// Whether `key` occurs in the `count` bytes at `base` (memchr for the first byte, then memcmp).
    static func contains(_ base: UnsafeRawPointer, _ count: Int, _ key: [UInt8]) -> Bool {
        guard let head = key.first, key.count <= count else { return key.isEmpty }
        var offset = 0
        let last = count - key.count
        return key.withUnsafeBytes { k in
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(head), last - offset + 1) else { return false }
                let at = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + at, k.baseAddress!, key.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }
}
