import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One CSV record: its cells (trimmed) and the physical line (1-based) where it starts.
public struct CSVRecord: Sendable, Hashable {
    public var line: Int
    public var cells: [String]

    public init(line: Int, cells: [String]) {
        self.line = line
        self.cells = cells
    }
}

/// Bounds that keep a hostile or broken file from taking unbounded memory.
public struct CSVLimits: Sendable, Hashable {
    /// Largest cell, in bytes; a longer cell makes its record an error.
    public var maxCellBytes: Int
    /// Most cells in one record; more makes the record an error.
    public var maxCellsPerRecord: Int
    /// Bytes read from the file at a time.
    public var chunkSize: Int

    public init(maxCellBytes: Int = 1 << 20, maxCellsPerRecord: Int = 10_000, chunkSize: Int = 64 << 10) {
        self.maxCellBytes = max(1, maxCellBytes)
        self.maxCellsPerRecord = max(1, maxCellsPerRecord)
        self.chunkSize = max(1, chunkSize)
    }
}

/// A streaming RFC 4180 reader for what spreadsheets really export.
///
/// Reads the file in chunks and works on bytes (the delimiter, quote and line
/// ends are ASCII, so UTF-8 needs no decoding until a cell is complete).
/// Handles a UTF-8 byte-order mark, LF / CRLF / lone CR line ends, quoted
/// cells holding delimiters, doubled quotes and line breaks, and a delimiter
/// chosen from the header line (`,`, `;` or TAB). Blank lines are skipped and
/// cells trimmed. Problems are reported as diagnostics naming the file and the
/// line where the record starts; a broken record is dropped and reading goes on.
public final class CSVReader {
    public let path: String
    /// `,`, `;` or TAB, as detected from the header line.
    public private(set) var delimiter: UInt8
    /// Records dropped because of an error (oversized cell, too many cells,
    /// unterminated quote): loaders count them as rows read.
    public private(set) var skippedRecords = 0

    private let limits: CSVLimits
    private var fd: Int32
    private var buffer: [UInt8]
    private var pos: Int
    private var atEOF = false
    private var finished = false

    // Parser state.
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterQuote }
    private var state = State.fieldStart
    private var line = 1
    private var pendingCR = false
    private var started = false
    private var recordLine = 1
    private var cell: [UInt8] = []
    private var cells: [String] = []
    private var oversizedCell = false
    private var tooManyCells = false
    private var invalidUTF8 = false
    private var nulByte = false
    private var strayAfterQuote = false

    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let comma = UInt8(ascii: ",")
    private static let semicolon = UInt8(ascii: ";")

    @inline(__always) private static func isASCIISpace(_ c: UInt8) -> Bool {
        c == space || c == tab || c == lf || c == cr || c == 0x0B || c == 0x0C
    }

    /// Opens `path` and reads as far as the header line to detect the delimiter.
    /// nil, with an error naming the file, when it is missing, a directory,
    /// unreadable, empty (no header line) or not UTF-8.
    public static func open(path: String, limits: CSVLimits = CSVLimits(), diagnostics: inout Diagnostics) -> CSVReader? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            diagnostics.error("no such file", file: path)
            return nil
        }
        if isDirectory.boolValue {
            diagnostics.error("is a directory, expected a CSV file", file: path)
            return nil
        }
        let fd: Int32
        switch openRegularFile(path) {
        case .success(let opened): fd = opened
        case .failure(let problem):
            diagnostics.error(problem.message, file: path)
            return nil
        }
        let reader = CSVReader(path: path, fd: fd, limits: limits)
        guard reader.prepare(diagnostics: &diagnostics) else { return nil }
        return reader
    }

    private init(path: String, fd: Int32, limits: CSVLimits) {
        self.path = path
        self.fd = fd
        self.limits = limits
        self.buffer = []
        self.pos = 0
        self.delimiter = CSVReader.comma
    }

    deinit {
        if fd >= 0 { _ = systemClose(fd) }
    }

    /// Reads the next non-blank record, or nil at the end of the file.
    public func next(diagnostics: inout Diagnostics) -> CSVRecord? {
        while !finished {
            if pos >= buffer.count {
                buffer.removeAll(keepingCapacity: true)
                pos = 0
                if !fill(diagnostics: &diagnostics) {
                    return finish(diagnostics: &diagnostics)
                }
                continue
            }
            // Fast path: copy a run of ordinary bytes inside a cell in one go.
            if !pendingCR, state == .unquoted || state == .quoted {
                let end = runEnd(from: pos, quoted: state == .quoted)
                if end > pos {
                    appendRun(pos..<end)
                    pos = end
                    continue
                }
            }
            let byte = buffer[pos]
            pos += 1
            if let record = consume(byte, diagnostics: &diagnostics) { return record }
        }
        return nil
    }

    /// Every remaining record (for small files such as dependencies.csv).
    public func readAll(diagnostics: inout Diagnostics) -> [CSVRecord] {
        var records: [CSVRecord] = []
        while let record = next(diagnostics: &diagnostics) { records.append(record) }
        return records
    }

    // MARK: - Opening

    /// Checks the encoding, skips a BOM and detects the delimiter; false (with
    /// an error) when there is no header line.
    private func prepare(diagnostics: inout Diagnostics) -> Bool {
        // Enough bytes to see a byte-order mark.
        while buffer.count < 3, !atEOF {
            if !fill(diagnostics: &diagnostics) { break }
        }
        if buffer.isEmpty {
            diagnostics.error("empty file: expected a header line", file: path)
            return false
        }
        if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
            diagnostics.error("file is UTF-16 encoded; save it as CSV (UTF-8)", file: path)
            return false
        }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { pos = 3 }
        guard let detected = detectDelimiter(diagnostics: &diagnostics) else {
            diagnostics.error("empty file: expected a header line, found only blank lines", file: path)
            return false
        }
        delimiter = detected
        return true
    }

    /// Counts `,` `;` TAB outside quotes on the first non-blank line: the most
    /// frequent wins, comma on a tie. nil when the file holds only blank lines.
    private func detectDelimiter(diagnostics: inout Diagnostics) -> UInt8? {
        var i = pos
        var inQuotes = false
        var sawContent = false
        var commas = 0, semicolons = 0, tabs = 0
        // Counted from the start of the text, so the choice never depends on how
        // the file happened to be split into reads (found by fuzzing).
        let scanLimit = limits.maxCellBytes
        scan: while true {
            if i - pos >= scanLimit { break }
            if i >= buffer.count {
                if atEOF { break }
                if !fill(diagnostics: &diagnostics) { break }
                continue
            }
            let b = buffer[i]
            i += 1
            if b == CSVReader.quote {
                inQuotes.toggle()
                sawContent = true
                continue
            }
            if inQuotes { continue }
            switch b {
            case CSVReader.lf, CSVReader.cr:
                if sawContent { break scan }
                commas = 0; semicolons = 0; tabs = 0
            case CSVReader.comma: commas += 1; sawContent = true
            case CSVReader.semicolon: semicolons += 1; sawContent = true
            case CSVReader.tab: tabs += 1
            case CSVReader.space: break
            default: sawContent = true
            }
        }
        guard sawContent else { return nil }
        if commas >= semicolons, commas >= tabs { return CSVReader.comma }
        return semicolons >= tabs ? CSVReader.semicolon : CSVReader.tab
    }

    /// Appends the next chunk to the buffer; false at the end of the file.
    private func fill(diagnostics: inout Diagnostics) -> Bool {
        guard !atEOF, fd >= 0 else { return false }
        let size = limits.chunkSize
        let old = buffer.count
        buffer.reserveCapacity(old + size)
        var got = 0
        while true {
            buffer.append(contentsOf: repeatElement(0, count: size))
            got = buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return systemRead(fd, base + old, size)
            }
            if got < 0, errno == EINTR {
                buffer.removeLast(size)
                continue
            }
            break
        }
        if got <= 0 {
            buffer.removeLast(size)
            if got < 0 {
                diagnostics.error("read failed at line \(line): \(CSVReader.errnoText())", file: path)
            }
            atEOF = true
            _ = systemClose(fd)
            fd = -1
            return false
        }
        buffer.removeLast(size - got)
        return true
    }

    // MARK: - Parsing

    private func consume(_ b: UInt8, diagnostics: inout Diagnostics) -> CSVRecord? {
        if pendingCR {
            pendingCR = false
            if b == CSVReader.lf {
                // Second half of a CRLF: the line was already counted.
                if state == .quoted { append(b) }
                return nil
            }
        }
        if b == CSVReader.lf || b == CSVReader.cr {
            if b == CSVReader.cr { pendingCR = true }
            line += 1
            if state == .quoted {
                append(b)
                return nil
            }
            return endRecord(diagnostics: &diagnostics)
        }
        if !started {
            started = true
            recordLine = line
        }
        let d = delimiter
        switch state {
        case .fieldStart:
            if b == d {
                endCell()
            } else if b == CSVReader.quote {
                // Only whitespace so far: the quote opens a quoted cell.
                cell.removeAll(keepingCapacity: true)
                state = .quoted
            } else if b == CSVReader.space || b == CSVReader.tab {
                append(b)
            } else {
                append(b)
                state = .unquoted
            }
        case .unquoted:
            if b == d { endCell() } else { append(b) }
        case .quoted:
            if b == CSVReader.quote { state = .quoteInQuoted } else { append(b) }
        case .quoteInQuoted:
            if b == CSVReader.quote {
                append(b)
                state = .quoted
            } else if b == d {
                endCell()
            } else if b == CSVReader.space || b == CSVReader.tab {
                state = .afterQuote
            } else {
                strayAfterQuote = true
                append(b)
                state = .unquoted
            }
        case .afterQuote:
            if b == d {
                endCell()
            } else if b != CSVReader.space, b != CSVReader.tab {
                strayAfterQuote = true
                append(b)
                state = .unquoted
            }
        }
        return nil
    }

    private func append(_ b: UInt8) {
        if cell.count >= limits.maxCellBytes {
            oversizedCell = true
        } else {
            cell.append(b)
        }
    }

    /// The end of the run of bytes from `start` that need no state change:
    /// up to a line end, and a delimiter (unquoted) or a quote (quoted).
    private func runEnd(from start: Int, quoted: Bool) -> Int {
        let stop = quoted ? CSVReader.quote : delimiter
        return buffer.withUnsafeBufferPointer { p in
            var i = start
            while i < p.count {
                let c = p[i]
                if c == stop || c == CSVReader.lf || c == CSVReader.cr { break }
                i += 1
            }
            return i
        }
    }

    private func appendRun(_ range: Range<Int>) {
        let room = limits.maxCellBytes - cell.count
        if range.count > room {
            oversizedCell = true
            if room > 0 { cell.append(contentsOf: buffer[range.lowerBound..<(range.lowerBound + room)]) }
        } else {
            cell.append(contentsOf: buffer[range])
        }
    }

    private func endCell() {
        if cells.count >= limits.maxCellsPerRecord {
            tooManyCells = true
        } else {
            // Trim ASCII whitespace on the bytes; other Unicode spaces (NBSP)
            // only need the slower String trim when they sit at an end.
            var start = 0
            var end = cell.count
            while start < end, CSVReader.isASCIISpace(cell[start]) { start += 1 }
            while end > start, CSVReader.isASCIISpace(cell[end - 1]) { end -= 1 }
            let bytes = cell[start..<end]
            var text: String
            // Printable ASCII without NUL (nearly every cell): valid UTF-8, trimmed already, nothing to replace.
            let plainASCII = bytes.withUnsafeBufferPointer { $0.allSatisfy { $0 > 0 && $0 < 0x80 } }
            if plainASCII {
                cells.append(bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) })
                cell.removeAll(keepingCapacity: true)
                state = .fieldStart
                return
            }
            if let valid = String(validating: bytes, as: UTF8.self) {
                text = valid
            } else {
                invalidUTF8 = true
                text = String(decoding: bytes, as: UTF8.self)
            }
            if let first = bytes.first, let last = bytes.last, first >= 0x80 || last >= 0x80 {
                text = text.trimmingWhitespace()
            }
            // A NUL is binary data or UTF-16, never text: flagged, and kept out of names
            // that reach C APIs (Graphviz) as strings.
            if bytes.contains(0) {
                nulByte = true
                text = text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
            }
            cells.append(text)
        }
        cell.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    /// Completes the record at a line end (or the end of the file). nil for a
    /// blank line, a line of empty cells, or a record dropped for an error.
    private func endRecord(diagnostics: inout Diagnostics) -> CSVRecord? {
        guard started else { return nil }
        endCell()
        let record = CSVRecord(line: recordLine, cells: cells)
        let flags = (oversized: oversizedCell, tooMany: tooManyCells, utf8: invalidUTF8, nul: nulByte, stray: strayAfterQuote)
        resetRecord()
        if flags.oversized || flags.tooMany {
            if flags.oversized {
                diagnostics.error("a cell is longer than \(limits.maxCellBytes) bytes; record skipped", file: path, line: record.line)
            }
            if flags.tooMany {
                diagnostics.error("record has more than \(limits.maxCellsPerRecord) cells; record skipped", file: path, line: record.line)
            }
            skippedRecords += 1
            return nil
        }
        if flags.utf8 {
            diagnostics.warning("invalid UTF-8 replaced with U+FFFD", file: path, line: record.line)
        }
        if flags.nul {
            diagnostics.warning("NUL byte replaced with U+FFFD (is the file binary or UTF-16?)", file: path, line: record.line)
        }
        if flags.stray {
            diagnostics.warning("text after a closing quote was kept as part of the cell", file: path, line: record.line)
        }
        // A line of only delimiters (`,,,`) is what spreadsheets export for an empty row.
        if record.cells.allSatisfy(\.isEmpty) { return nil }
        return record
    }

    private func finish(diagnostics: inout Diagnostics) -> CSVRecord? {
        finished = true
        if state == .quoted {
            diagnostics.error("unterminated quoted cell: the record starting here runs to the end of the file; record skipped", file: path, line: recordLine)
            resetRecord()
            skippedRecords += 1
            return nil
        }
        return endRecord(diagnostics: &diagnostics)
    }

    private func resetRecord() {
        started = false
        cells = []
        cell.removeAll(keepingCapacity: true)
        state = .fieldStart
        oversizedCell = false
        tooManyCells = false
        invalidUTF8 = false
        nulByte = false
        strayAfterQuote = false
    }

    // MARK: - System calls

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// Why an input that must be a regular file was not opened.
public struct InputFileProblem: Error, Sendable {
    public var message: String
}

/// Opens `path` for reading only if it is a regular file (through links).
/// A FIFO, a device (`/dev/zero`), a socket would block or never end, so
/// the type is checked on the open descriptor before any byte is read; the
/// open itself does not block (`O_NONBLOCK`, cleared again after).
public func openRegularFile(_ path: String) -> Result<Int32, InputFileProblem> {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { return .failure(InputFileProblem(message: "cannot open: \(String(cString: strerror(errno)))")) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
        let text = String(cString: strerror(errno))
        close(fd)
        return .failure(InputFileProblem(message: "cannot open: \(text)"))
    }
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG else {
        close(fd)
        let kind: String
        switch type {
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        default: kind = "a special file"
        }
        return .failure(InputFileProblem(message: "is \(kind), not a regular file: not read"))
    }
    if isMostlyHoles(info) {
        close(fd)
        return .failure(InputFileProblem(message: "is a sparse file of \(info.st_size) bytes, mostly holes: not read"))
    }
    let flags = fcntl(fd, F_GETFL)
    if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    return .success(fd)
}

/// A large file whose blocks on disk cover under a sixteenth of its size
/// (`truncate -s 100G`): gigabytes of NULs that would take minutes to read
/// and hold nothing. Real exports and logs are dense.
public func isMostlyHoles(_ info: stat) -> Bool {
    let size = Int64(info.st_size)
    return size > 64 << 20 && Int64(info.st_blocks) * 512 < size / 16
}

private func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, pointer, count)
}

private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}
