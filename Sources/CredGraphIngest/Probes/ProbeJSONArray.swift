import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one probe file yielded, for the per-file summary and the loud-failure checks.
public struct ProbeFileStats: Sendable, Hashable {
    public var path: String
    public var stats: ProbeScanStats

    public init(path: String, stats: ProbeScanStats) {
        self.path = path
        self.stats = stats
    }
}

extension ProbeLog {
    /// Whether a probe file is one JSON array (its first byte after a
    /// byte-order mark and whitespace is `[`), as log platforms export
    /// search results. Reads at most the first 64 KiB (decompressed).
    static func startsWithJSONArray(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        // A FIFO named explicitly must not be read twice (the peek would consume it).
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        // A sparse file is refused by the reader with its own error; peeking into it could read gigabytes of holes.
        guard !isMostlyHoles(info) else { return false }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { buffer.deallocate() }
        func firstByte<Source: ByteSource>(_ source: inout Source) -> UInt8? {
            var offset = 0
            var checkedBOM = false
            while true {
                switch source.read(into: buffer) {
                case .bytes(let count):
                    var i = 0
                    if !checkedBOM, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { i = 3 }
                    checkedBOM = true
                    while i < count, isASCIIWhitespace(buffer[i]) { i += 1 }
                    if i < count { return buffer[i] }
                    if count == 0 { return nil }
                    offset += count
                    if offset >= 64 * 1024 { return nil }
                case .end, .failure:
                    return nil
                }
            }
        }
        let first: UInt8?
        if isGzipName(path) {
            var source = GzipSource(fd: fd)
            first = firstByte(&source)
        } else {
            var source = FileDescriptorSource(fd: fd)
            first = firstByte(&source)
        }
        return first == 91
    }

    /// Streams a file holding one JSON array of probe records: each element
    /// is cut out by bracket matching (strings and escapes respected), parsed
    /// by `parser`, and numbered by the line it starts on. Memory is one
    /// element (at most `maxElementBytes`; a larger one is malformed).
    static func scanJSONArray(
        file: String, options: ProbeScanOptions, parser: MappedProbeParser,
        maxElementBytes: Int = LineSplitter.defaultMaxLineBytes,
        diagnostics: inout Diagnostics, _ body: (ProbeRecord) -> Void
    ) -> ProbeScanStats {
        var stats = ProbeScanStats()
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            diagnostics.error("cannot open probe log: \(systemErrorText(errno))", file: file)
            return stats
        }
        defer { close(fd) }
        var splitter = JSONArraySplitter(maxElementBytes: maxElementBytes)
        var reporter = MalformedLineReporter(file: file, options: options)
        let onElement = { (element: UnsafeRawBufferPointer?, line: Int) in
            guard let element else {
                stats.malformed += 1
                reporter.report("malformed probe record: array element longer than \(maxElementBytes) bytes", line: line, into: &diagnostics)
                return
            }
            reporter.take(parser.parse(element: element), line: line, stats: &stats, diagnostics: &diagnostics, body)
        }
        let failure: String?
        if isGzipName(file) {
            var source = GzipSource(fd: fd)
            failure = splitter.run(&source, onElement)
        } else {
            var source = FileDescriptorSource(fd: fd)
            failure = splitter.run(&source, onElement)
        }
        stats.lines = splitter.lines
        stats.bytes = splitter.bytes
        reporter.finish(into: &diagnostics)
        if let failure {
            diagnostics.append(Diagnostic(file: file, line: splitter.failureLine, severity: .error, message: "cannot read probe JSON array: \(failure)"))
        }
        reporter.judge(stats, maxShare: options.settings.maxMalformedShare, readFailed: failure != nil, into: &diagnostics)
        return stats
    }
}

/// Cuts a JSON array into its elements as the bytes stream in.
struct JSONArraySplitter {
    private enum Phase { case start, between, element, after }

    let maxElementBytes: Int
    private(set) var lines = 0
    private(set) var bytes = 0
    private(set) var failureLine: Int?
    private var phase = Phase.start
    private var expectValue = true
    private var buffer: [UInt8] = []
    private var overlong = false
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var scalar = false
    private var elementLine = 0

    init(maxElementBytes: Int) { self.maxElementBytes = max(maxElementBytes, 1) }

    /// Reads `source` to its end; nil, or why the file is not a well-formed array.
    mutating func run<Source: ByteSource>(_ source: inout Source, _ onElement: (UnsafeRawBufferPointer?, Int) -> Void) -> String? {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { block.deallocate() }
        var line = 1
        var first = true
        while true {
            switch source.read(into: block) {
            case .bytes(let count):
                bytes += count
                var i = 0
                if first, count >= 3, block[0] == 0xEF, block[1] == 0xBB, block[2] == 0xBF { i = 3 }
                first = false
                while i < count {
                    let c = block[i]
                    if let problem = step(c, line: line, onElement) {
                        failureLine = line
                        lines = line
                        return problem
                    }
                    if c == 10 { line += 1 }
                    i += 1
                }
            case .end:
                lines = bytes == 0 ? 0 : line
                if phase == .element && scalar { finishElement(onElement) ; phase = .between }
                switch phase {
                case .after: return nil
                case .start: return bytes == 0 ? nil : "no JSON array found"
                default:
                    failureLine = line
                    return "unterminated JSON array (the export may have been cut off)"
                }
            case .failure(let text):
                lines = line
                failureLine = line
                return text
            }
        }
    }

    private mutating func step(_ c: UInt8, line: Int, _ onElement: (UnsafeRawBufferPointer?, Int) -> Void) -> String? {
        switch phase {
        case .start:
            if isASCIIWhitespace(c) { return nil }
            guard c == 91 else { return "expected '[' to open a JSON array" }
            phase = .between
            expectValue = true
        case .between:
            if isASCIIWhitespace(c) { return nil }
            if c == 93 { // ']'
                phase = .after
                return nil
            }
            if c == 44 { // ','
                guard !expectValue else { return "unexpected ',' in the JSON array" }
                expectValue = true
                return nil
            }
            guard expectValue else { return "expected ',' or ']' between array elements" }
            expectValue = false
            phase = .element
            elementLine = line
            buffer.removeAll(keepingCapacity: true)
            overlong = false
            inString = false
            escaped = false
            depth = 0
            scalar = !(c == 123 || c == 91)
            return take(c, line: line, onElement)
        case .element:
            return take(c, line: line, onElement)
        case .after:
            if isASCIIWhitespace(c) { return nil }
            return "unexpected text after the JSON array"
        }
        return nil
    }

    private mutating func take(_ c: UInt8, line: Int, _ onElement: (UnsafeRawBufferPointer?, Int) -> Void) -> String? {
        if scalar && !inString && (c == 44 || c == 93 || isASCIIWhitespace(c)) {
            // A scalar element ends before this byte, which belongs to the array.
            finishElement(onElement)
            phase = .between
            return step(c, line: line, onElement)
        }
        if buffer.count < maxElementBytes { buffer.append(c) } else { overlong = true }
        if inString {
            if escaped {
                escaped = false
            } else if c == 92 {
                escaped = true
            } else if c == 34 {
                inString = false
            }
            return nil
        }
        switch c {
        case 34: inString = true
        case 123, 91:
            // A counter, not a stack: any depth is cut out; the element's parser refuses too deep.
            depth += 1
        case 125, 93:
            depth -= 1
            if depth == 0 {
                finishElement(onElement)
                phase = .between
            } else if depth < 0 {
                return "mismatched bracket in the JSON array"
            }
        default:
            break
        }
        return nil
    }

    private mutating func finishElement(_ onElement: (UnsafeRawBufferPointer?, Int) -> Void) {
        if overlong {
            onElement(nil, elementLine)
        } else {
            buffer.withUnsafeBytes { onElement($0, elementLine) }
        }
    }
}
