import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a probe line was rejected. The message names keys and byte columns,
/// never the line's content: a probe line may carry a secret.
struct ProbeLineProblem: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Parses one probe line, JSON object or logfmt, at the byte level.
///
/// Kept text values become ids in the parser's symbol tables (checked and
/// made into a `String` the first time a value is met, then only hashed and
/// compared); everything else is compared and converted in place. The scratch
/// buffers are reused from line to line.
struct ProbeLineParser {
    enum Outcome: Equatable {
        case blank
        case record(ProbeRecord)
        case malformed(String)
    }

    /// What `parseFields` found: the fields of a well-formed line, as symbol ids.
    enum FieldsOutcome {
        case blank
        case fields(Fields)
        case malformed(String)
    }

    /// Deepest nesting skipped inside a value; deeper is malformed (and never recursion).
    static let maxNesting = 512

    /// States of a checked identifier or environment value.
    static let valid: SymbolTable.State = 0
    static let hasControl: SymbolTable.State = 1
    static let notUTF8: SymbolTable.State = 2
    /// Secret material: withheld (the value is kept only by the redactor).
    static let looksSecret: SymbolTable.State = 3

    private var scratch: [UInt8] = []
    private var keyScratch: [UInt8] = []
    private var brackets: [UInt8] = []
    private var timestamps = TimestampParser()
    /// client_id, consumer and secret_version values (the same check applies to all three).
    private(set) var identifiers = SymbolTable()
    /// env values, normalised.
    private(set) var environments = SymbolTable()
    /// error texts (cut to `maxErrorBytes`), flagged when they are an OAuth auth error code.
    private(set) var errors = SymbolTable()

    init() {
        scratch.reserveCapacity(256)
        keyScratch.reserveCapacity(64)
        brackets.reserveCapacity(ProbeLineParser.maxNesting)
    }

    /// Changes whenever a symbol table starts over (ids are then reused).
    var generation: Int { identifiers.generation &+ environments.generation &+ errors.generation }

    mutating func parse(_ line: UnsafeRawBufferPointer) -> Outcome {
        switch parseFields(line) {
        case .blank: return .blank
        case .malformed(let message): return .malformed(message)
        case .fields(let fields): return .record(record(fields))
        }
    }

    mutating func parseFields(_ line: UnsafeRawBufferPointer) -> FieldsOutcome {
        let n = line.count
        var i = 0
        while i < n, line[i] == 32 || line[i] == 9 || line[i] == 13 { i += 1 }
        if i == n { return .blank }
        identifiers.startLine()
        environments.startLine()
        errors.startLine()
        var fields = Fields()
        do throws(ProbeLineProblem) {
            if line[i] == 123 { // '{'
                try parseJSON(line, from: i, into: &fields)
            } else {
                try parseLogfmt(line, from: i, into: &fields)
            }
            try fields.checkComplete()
            return .fields(fields)
        } catch {
            // Only on failure, so the hot path pays nothing: a CR inside the line
            // means CR-only line ends, which would otherwise read as a baffling value error.
            let hint = line.contains(13) ? " (the line holds a carriage return: CR-only line ends? use LF or CRLF)" : ""
            return .malformed("malformed probe line: " + error.message + hint)
        }
    }

    /// The record of complete fields, its text taken from the symbol tables.
    func record(_ fields: Fields) -> ProbeRecord {
        ProbeRecord(
            timestamp: fields.timestamp ?? 0, clientID: identifiers.strings[Int(fields.clientID)], status: fields.status ?? 0,
            environment: fields.environment < 0 ? nil : environments.strings[Int(fields.environment)],
            consumer: fields.consumer < 0 ? nil : identifiers.strings[Int(fields.consumer)],
            endpoint: fields.endpoint, latencyMs: fields.latencyMs,
            error: fields.error < 0 ? nil : errors.strings[Int(fields.error)],
            secretVersion: fields.secretVersion < 0 ? nil : identifiers.strings[Int(fields.secretVersion)]
        )
    }

    /// Whether the error text of `fields` is an OAuth code meaning the secret no longer works.
    func hasAuthErrorCode(_ fields: Fields) -> Bool {
        fields.error >= 0 && errors.flags[Int(fields.error)]
    }

    // MARK: - Fields

    private enum ValueKind {
        /// Bytes to read as they are (JSON number, unescaped string, logfmt value).
        case text
        /// A JSON-style quoted string body with backslash escapes still in it.
        case escapedText
        case null
        case boolean
        case composite
    }

    /// The kept fields of one line; text fields are ids in the parser's symbol tables, -1 when not given.
    struct Fields {
        var timestamp: Int64?
        var clientID: Int32 = -1
        var status: Int?
        var environment: Int32 = -1
        var consumer: Int32 = -1
        var endpoint: ProbeRecord.Endpoint = .token
        var latencyMs: Double?
        var error: Int32 = -1
        var secretVersion: Int32 = -1
        /// Fields given so far on this line, one bit each.
        var given: UInt16 = 0

        func checkComplete() throws(ProbeLineProblem) {
            guard timestamp == nil || clientID < 0 || status == nil else { return }
            var missing: [String] = []
            if timestamp == nil { missing.append("ts") }
            if clientID < 0 { missing.append("client_id") }
            if status == nil { missing.append("status") }
            throw ProbeLineProblem("missing " + missing.joined(separator: ", "))
        }
    }

    private mutating func assign(
        _ field: ProbeField, _ name: StaticString, _ raw: UnsafeRawBufferPointer, _ kind: ValueKind,
        _ fields: inout Fields
    ) throws(ProbeLineProblem) {
        // A field given twice (two `status` keys, or `status` and
        // `http_status`) is ambiguous: the line is malformed rather than the
        // last value winning silently.
        let bit: UInt16 = 1 << ProbeLineParser.bitIndex(field)
        if fields.given & bit != 0 { throw ProbeLineProblem("duplicate \(name): the field is given twice") }
        fields.given |= bit
        switch kind {
        case .null:
            return // JSON null means "not given"
        case .boolean:
            throw ProbeLineProblem("invalid \(name): must not be true or false")
        case .composite:
            throw ProbeLineProblem("invalid \(name): must not be an object or array")
        case .text:
            try assignText(field, name, raw, &fields)
        case .escapedText:
            // Decode into the reused scratch buffer, moved out so `self` stays free to mutate.
            var decoded: [UInt8] = []
            swap(&decoded, &scratch)
            defer { swap(&decoded, &scratch) }
            decoded.removeAll(keepingCapacity: true)
            try ProbeLineParser.decodeEscapes(raw, into: &decoded)
            let problem: ProbeLineProblem? = decoded.withUnsafeBytes { bytes in
                do throws(ProbeLineProblem) {
                    try assignText(field, name, bytes, &fields)
                    return nil
                } catch {
                    return error
                }
            }
            if let problem { throw problem }
        }
    }

    @inline(__always)
    static func bitIndex(_ field: ProbeField) -> UInt16 {
        switch field {
        case .timestamp: 0
        case .clientID: 1
        case .status: 2
        case .environment: 3
        case .consumer: 4
        case .endpoint: 5
        case .latency: 6
        case .error: 7
        case .secretVersion: 8
        }
    }

    private mutating func assignText(
        _ field: ProbeField, _ name: StaticString, _ raw: UnsafeRawBufferPointer, _ fields: inout Fields
    ) throws(ProbeLineProblem) {
        let value = raw.trimmingASCIIWhitespace()
        if value.isEmpty { return } // an empty value counts as not given
        switch field {
        case .timestamp:
            guard let millis = timestamps.parse(value) else {
                throw ProbeLineProblem("invalid \(name): not an RFC 3339 date-time")
            }
            fields.timestamp = millis
        case .status:
            guard let status = ProbeLineParser.parseStatus(value) else {
                throw ProbeLineProblem("invalid \(name): not an integer 0-999")
            }
            fields.status = status
        case .latency:
            guard let latency = ProbeLineParser.parseLatency(value) else {
                throw ProbeLineProblem("invalid \(name): not a non-negative number")
            }
            // Range-checked where it is read: a token request never takes a
            // day, and later stages may turn the value into an integer.
            guard latency <= ProbeLineParser.maxLatencyMs else {
                throw ProbeLineProblem("invalid \(name): more than 86400000 ms (one day)")
            }
            fields.latencyMs = latency
        case .endpoint:
            if value.equalsIgnoringCase("token") {
                fields.endpoint = .token
            } else if value.equalsIgnoringCase("rest") {
                fields.endpoint = .rest
            } else if value.equalsIgnoringCase("soap") {
                fields.endpoint = .soap
            } else {
                throw ProbeLineProblem("invalid \(name): expected token, rest or soap")
            }
        case .clientID:
            fields.clientID = try identifier(value, name)
        case .consumer:
            fields.consumer = try identifier(value, name)
        case .secretVersion:
            fields.secretVersion = try identifier(value, name)
        case .environment:
            fields.environment = try environment(value, name)
        case .error:
            fields.error = freeText(value)
        }
    }

    @inline(__always)
    private static func check(_ state: SymbolTable.State, _ name: StaticString) throws(ProbeLineProblem) {
        if state == hasControl { throw ProbeLineProblem("invalid \(name): control character") }
        if state == notUTF8 { throw ProbeLineProblem("invalid \(name): not UTF-8") }
        if state == looksSecret { throw ProbeLineProblem("\(name) looks like secret material (value withheld)") }
    }

    /// Whether a value (met for the first time: symbol tables remember the
    /// answer) looks like secret material; if so the redactor remembers it,
    /// so that no output can repeat it, and the value is withheld.
    static func screened(_ text: String) -> Bool {
        guard text.utf8.count >= 8, SecretDetector.looksLikeSecret(text) != nil else { return false }
        Redactor.shared.registerSecrets(in: text)
        return true
    }

    /// A name-like value: no control characters, valid UTF-8, not secret material.
    @inline(__always)
    private mutating func identifier(_ value: UnsafeRawBufferPointer, _ name: StaticString) throws(ProbeLineProblem) -> Int32 {
        let hash = SymbolTable.hash(value)
        if let id = identifiers.find(value, hash: hash) {
            try ProbeLineParser.check(identifiers.states[Int(id)], name)
            return id
        }
        let id = ProbeLineParser.checkIdentifier(value, hash: hash, into: &identifiers)
        try ProbeLineParser.check(identifiers.states[Int(id)], name)
        return id
    }

    private static func checkIdentifier(_ value: UnsafeRawBufferPointer, hash: UInt64, into table: inout SymbolTable) -> Int32 {
        let scan = TextScan(value)
        if scan.hasControl { return table.insert(value, hash: hash, string: "", state: hasControl) }
        let text: String
        if scan.isASCII {
            text = String(decoding: value, as: UTF8.self)
        } else {
            guard let valid = String(validating: value, as: UTF8.self) else {
                return table.insert(value, hash: hash, string: "", state: notUTF8)
            }
            text = valid
        }
        if screened(text) { return table.insert(value, hash: hash, string: "", state: looksSecret) }
        return table.insert(value, hash: hash, string: text, state: valid)
    }

    /// Lower-case, `production` read as `prod` (as `normalizeEnvironment`), without a detour through String for ASCII.
    @inline(__always)
    private mutating func environment(_ value: UnsafeRawBufferPointer, _ name: StaticString) throws(ProbeLineProblem) -> Int32 {
        let hash = SymbolTable.hash(value)
        if let id = environments.find(value, hash: hash) {
            try ProbeLineParser.check(environments.states[Int(id)], name)
            return id
        }
        let id = ProbeLineParser.checkEnvironment(value, hash: hash, into: &environments)
        try ProbeLineParser.check(environments.states[Int(id)], name)
        return id
    }

    private static func checkEnvironment(_ value: UnsafeRawBufferPointer, hash: UInt64, into table: inout SymbolTable) -> Int32 {
        let scan = TextScan(value)
        if scan.hasControl { return table.insert(value, hash: hash, string: "", state: hasControl) }
        guard scan.isASCII else {
            guard let text = String(validating: value, as: UTF8.self) else {
                return table.insert(value, hash: hash, string: "", state: notUTF8)
            }
            if screened(text) { return table.insert(value, hash: hash, string: "", state: looksSecret) }
            return table.insert(value, hash: hash, string: normalizeEnvironment(text), state: valid)
        }
        // Screened before lowering: case is part of what makes a token look generated.
        if screened(String(decoding: value, as: UTF8.self)) { return table.insert(value, hash: hash, string: "", state: looksSecret) }
        if value.equalsIgnoringCase("production") { return table.insert(value, hash: hash, string: "prod", state: valid) }
        let lower = String(decoding: value.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
        return table.insert(value, hash: hash, string: lower, state: valid)
    }

    /// The most of an `error` text kept: enough for any OAuth code or transport
    /// message, and millions of records cannot pile up megabytes of response bodies.
    static let maxErrorBytes = 256

    /// Untrusted text (the `error` field): kept as given up to `maxErrorBytes`
    /// (cut at a character boundary), invalid UTF-8 repaired; classified later, never echoed.
    @inline(__always)
    private mutating func freeText(_ value: UnsafeRawBufferPointer) -> Int32 {
        let hash = SymbolTable.hash(value)
        if let id = errors.find(value, hash: hash) { return id }
        var kept = value
        if value.count > ProbeLineParser.maxErrorBytes {
            var cut = ProbeLineParser.maxErrorBytes
            while cut > 0 && value[cut] & 0xC0 == 0x80 { cut -= 1 } // not inside a UTF-8 sequence
            kept = UnsafeRawBufferPointer(rebasing: value[..<cut])
        }
        let text = String(decoding: kept, as: UTF8.self)
        // A response body may quote a secret: classified as given, then kept only as the
        // marker (the redactor remembers the value).
        let isAuth = ProbeOutcome.isAuthErrorCode(text)
        return errors.insert(value, hash: hash, string: ProbeLineParser.screened(text) ? Redactor.marker : text, state: ProbeLineParser.valid, flag: isAuth)
    }

    // MARK: - JSON

    private mutating func parseJSON(_ p: UnsafeRawBufferPointer, from start: Int, into fields: inout Fields) throws(ProbeLineProblem) {
        let n = p.count
        var i = ProbeLineParser.skipWhitespace(p, start + 1)
        if i < n && p[i] == 125 { // '}': the empty object
            i += 1
        } else {
            while true {
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }
                guard p[i] == 34 else { throw ProbeLineProblem("expected a JSON key at column \(i + 1)") }
                let keyStart = i + 1
                let (keyEnd, keyEscaped) = try ProbeLineParser.scanString(p, from: keyStart)
                let key = UnsafeRawBufferPointer(rebasing: p[keyStart..<keyEnd])
                let known = keyEscaped ? try identifyEscapedKey(key) : ProbeField.identify(key)
                i = ProbeLineParser.skipWhitespace(p, keyEnd + 1)
                guard i < n, p[i] == 58 else { throw ProbeLineProblem("expected ':' after a JSON key at column \(i + 1)") }
                i = ProbeLineParser.skipWhitespace(p, i + 1)
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }

                var valueStart = i
                var valueEnd: Int
                let kind: ValueKind
                switch p[i] {
                case 34: // '"'
                    let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
                    valueStart = i + 1
                    valueEnd = end
                    kind = escaped ? .escapedText : .text
                    i = end + 1
                case 45, 48...57: // '-', digits
                    guard let end = ProbeLineParser.scanNumber(p, from: i) else {
                        throw ProbeLineProblem("invalid JSON number at column \(i + 1)")
                    }
                    valueEnd = end
                    kind = .text
                    i = end
                case 116: // 't'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "true")
                    valueEnd = i
                    kind = .boolean
                case 102: // 'f'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "false")
                    valueEnd = i
                    kind = .boolean
                case 110: // 'n'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "null")
                    valueEnd = i
                    kind = .null
                case 123, 91: // '{', '['
                    i = try skipComposite(p, from: i)
                    valueEnd = i
                    kind = .composite
                default:
                    throw ProbeLineProblem("unexpected character in JSON at column \(i + 1)")
                }
                if let known {
                    try assign(known.field, known.name, UnsafeRawBufferPointer(rebasing: p[valueStart..<valueEnd]), kind, &fields)
                }
                i = ProbeLineParser.skipWhitespace(p, i)
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }
                if p[i] == 44 { // ','
                    i = ProbeLineParser.skipWhitespace(p, i + 1)
                    continue
                }
                guard p[i] == 125 else { throw ProbeLineProblem("expected ',' or '}' at column \(i + 1)") }
                i += 1
                break
            }
        }
        i = ProbeLineParser.skipWhitespace(p, i)
        guard i == n else { throw ProbeLineProblem("unexpected characters after the JSON object at column \(i + 1)") }
    }

    private mutating func identifyEscapedKey(_ key: UnsafeRawBufferPointer) throws(ProbeLineProblem) -> (field: ProbeField, name: StaticString)? {
        keyScratch.removeAll(keepingCapacity: true)
        try ProbeLineParser.decodeEscapes(key, into: &keyScratch)
        return keyScratch.withUnsafeBytes { ProbeField.identify($0) }
    }

    /// Skips a nested object or array without recursion, matching bracket kinds.
    /// Returns the index after its closing bracket.
    private mutating func skipComposite(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> Int {
        brackets.removeAll(keepingCapacity: true)
        let n = p.count
        var i = start
        while i < n {
            let c = p[i]
            switch c {
            case 123, 91: // '{', '['
                guard brackets.count < ProbeLineParser.maxNesting else {
                    throw ProbeLineProblem("JSON nested deeper than \(ProbeLineParser.maxNesting) levels at column \(i + 1)")
                }
                brackets.append(c)
                i += 1
            case 125, 93: // '}', ']'
                guard let open = brackets.popLast(), open == (c == 125 ? 123 : 91) else {
                    throw ProbeLineProblem("mismatched JSON bracket at column \(i + 1)")
                }
                i += 1
                if brackets.isEmpty { return i }
            case 34:
                let (end, _) = try ProbeLineParser.scanString(p, from: i + 1)
                i = end + 1
            default:
                i += 1
            }
        }
        throw ProbeLineProblem("unterminated JSON object or array")
    }

    @inline(__always)
    static func skipWhitespace(_ p: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < p.count, isASCIIWhitespace(p[i]) { i += 1 }
        return i
    }

    static func expectLiteral(_ p: UnsafeRawBufferPointer, at i: Int, _ literal: StaticString) throws(ProbeLineProblem) -> Int {
        let end = i + literal.utf8CodeUnitCount
        guard end <= p.count, UnsafeRawBufferPointer(rebasing: p[i..<end]).equals(literal) else {
            throw ProbeLineProblem("unexpected character in JSON at column \(i + 1)")
        }
        return end
    }

    /// Finds the closing quote of a string body starting at `start`, checking
    /// escapes and control characters. Returns its index and whether the body has escapes.
    @inline(__always)
    static func scanString(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> (end: Int, escaped: Bool) {
        // The usual string has no escape: its first special byte is the closing quote.
        let i = Swar.firstSpecialInString(p, from: start)
        if i < p.count && p[i] == 34 { return (i, false) }
        return try scanEscapedString(p, from: start)
    }

    /// `scanString` for strings with escapes, control characters, or close to the line's end.
    static func scanEscapedString(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> (end: Int, escaped: Bool) {
        let n = p.count
        var i = start
        var escaped = false
        while i < n {
            i = Swar.firstSpecialInString(p, from: i)
            guard i < n else { break }
            let c = p[i]
            if c == 34 { return (i, escaped) }
            if c == 92 { // '\'
                escaped = true
                guard i + 1 < n else { break }
                switch p[i + 1] {
                case 34, 92, 47, 98, 102, 110, 114, 116: // " \ / b f n r t
                    i += 2
                case 117: // u
                    guard i + 5 < n, hexValue(p, i + 2) != nil else {
                        throw ProbeLineProblem("invalid \\u escape at column \(i + 1)")
                    }
                    i += 6
                default:
                    throw ProbeLineProblem("invalid escape at column \(i + 1)")
                }
                continue
            }
            if c < 0x20 { throw ProbeLineProblem("control character in a quoted string at column \(i + 1)") }
            i += 1
        }
        throw ProbeLineProblem("unterminated string starting at column \(start)")
    }

    /// Four hex digits at `i`.
    @inline(__always)
    static func hexValue(_ p: UnsafeRawBufferPointer, _ i: Int) -> UInt32? {
        guard i + 4 <= p.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = p[k]
            let digit: UInt8
            switch c {
            case 48...57: digit = c - 48
            case 65...70: digit = c - 55
            case 97...102: digit = c - 87
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes a string body (as checked by `scanString`) into UTF-8, joining surrogate pairs.
    static func decodeEscapes(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) throws(ProbeLineProblem) {
        let n = raw.count
        var i = 0
        while i < n {
            let c = raw[i]
            guard c == 92, i + 1 < n else {
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                guard let unit = hexValue(raw, i) else { throw ProbeLineProblem("invalid \\u escape") }
                i += 4
                var scalar = unit
                if unit >= 0xD800 && unit <= 0xDBFF {
                    guard i + 6 <= n, raw[i] == 92, raw[i + 1] == 117, let low = hexValue(raw, i + 2),
                          low >= 0xDC00 && low <= 0xDFFF
                    else { throw ProbeLineProblem("invalid \\u escape: unpaired surrogate") }
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if unit >= 0xDC00 && unit <= 0xDFFF {
                    throw ProbeLineProblem("invalid \\u escape: unpaired surrogate")
                }
                appendUTF8(scalar, to: &out)
            default: // " \ / stand for themselves
                out.append(e)
            }
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The end of a JSON number (RFC 8259 grammar) starting at `start`, or nil.
    static func scanNumber(_ p: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let n = p.count
        var i = start
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && p[k] >= 48 && p[k] <= 57 }
        if i < n && p[i] == 45 { i += 1 }
        guard isDigit(i) else { return nil }
        if p[i] == 48 {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && p[i] == 46 {
            i += 1
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        if i < n && (p[i] == 101 || p[i] == 69) {
            i += 1
            if i < n && (p[i] == 43 || p[i] == 45) { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        return i
    }

    /// An HTTP status: digits only, 0...999.
    static func parseStatus(_ value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty else { return nil }
        var status = 0
        for byte in value {
            guard byte >= 48 && byte <= 57 else { return nil }
            status = status * 10 + Int(byte - 48)
            if status > 999 { return nil }
        }
        return status
    }

    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The largest `latency_ms` accepted: one day.
    static let maxLatencyMs: Double = 86_400_000

    /// A non-negative decimal number (`182`, `95.25`, `1.5e2`) without String or strtod.
    static func parseLatency(_ value: UnsafeRawBufferPointer) -> Double? {
        let n = value.count
        var i = 0
        if i < n && value[i] == 43 { i += 1 } // a leading '+' is harmless
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while i < n, value[i] >= 48 && value[i] <= 57 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa * 10 + UInt64(value[i] - 48)
                if mantissa > 0 { significant += 1 }
            } else {
                exponent += 1
            }
            i += 1
        }
        if i < n && value[i] == 46 {
            i += 1
            while i < n, value[i] >= 48 && value[i] <= 57 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa * 10 + UInt64(value[i] - 48)
                    if mantissa > 0 { significant += 1 }
                    exponent -= 1
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n && (value[i] == 101 || value[i] == 69) {
            i += 1
            var negative = false
            if i < n && (value[i] == 43 || value[i] == 45) {
                negative = value[i] == 45
                i += 1
            }
            var power = 0
            var sawExponentDigit = false
            while i < n, value[i] >= 48 && value[i] <= 57 {
                sawExponentDigit = true
                power = min(power * 10 + Int(value[i] - 48), 100_000)
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += negative ? -power : power
        }
        guard i == n else { return nil }
        let result: Double
        if mantissa == 0 {
            result = 0
        } else if mantissa < 1 << 53 && exponent < 0 && -exponent <= 22 {
            result = Double(mantissa) / exactPowersOfTen[-exponent] // correctly rounded
        } else if mantissa < 1 << 53 && exponent >= 0 && exponent <= 22 {
            result = Double(mantissa) * exactPowersOfTen[exponent]
        } else {
            result = Double(mantissa) * pow(10, Double(exponent))
        }
        return result.isFinite ? result : nil
    }

    // MARK: - logfmt

    private mutating func parseLogfmt(_ p: UnsafeRawBufferPointer, from start: Int, into fields: inout Fields) throws(ProbeLineProblem) {
        let n = p.count
        var i = start
        while true {
            while i < n, p[i] == 32 || p[i] == 9 { i += 1 }
            if i >= n { return }
            let keyStart = i
            while i < n {
                i = Swar.firstLogfmtKeyEnd(p, from: i)
                guard i < n else { break }
                let c = p[i]
                if c == 32 || c == 9 || c == 61 { break }
                if c == 34 { throw ProbeLineProblem("unexpected '\"' in a logfmt key at column \(i + 1)") }
                i += 1
            }
            guard i > keyStart else { throw ProbeLineProblem("logfmt value without a key at column \(i + 1)") }
            let key = UnsafeRawBufferPointer(rebasing: p[keyStart..<i])
            guard i < n, p[i] == 61 else { continue } // a bare key (a flag) carries nothing credgraph keeps
            i += 1
            let valueStart: Int
            let valueEnd: Int
            let kind: ValueKind
            if i < n && p[i] == 34 {
                let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
                valueStart = i + 1
                valueEnd = end
                kind = escaped ? .escapedText : .text
                i = end + 1
                guard i >= n || p[i] == 32 || p[i] == 9 else {
                    throw ProbeLineProblem("expected a space after a quoted logfmt value at column \(i + 1)")
                }
            } else {
                valueStart = i
                while i < n {
                    i = Swar.firstBlank(p, from: i)
                    guard i < n, p[i] != 32 && p[i] != 9 else { break }
                    i += 1
                }
                valueEnd = i
                kind = .text
            }
            if let known = ProbeField.identify(key) {
                try assign(known.field, known.name, UnsafeRawBufferPointer(rebasing: p[valueStart..<valueEnd]), kind, &fields)
            }
        }
    }
}

/// Eight bytes at a time: skipping runs of ordinary bytes in a line.
enum Swar {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let tops: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `"`, `\\` or control byte from `start`, or where the
    /// last whole word ends (the caller's byte loop goes on from there).
    /// The lowest flagged byte of these tests is exact (borrows only run upwards),
    /// so the trailing zero count lands on it directly.
    @inline(__always)
    static func firstSpecialInString(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        let n = p.count
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ (ones &* 34)
            let b = w ^ (ones &* 92)
            let mask = (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- ones &* 0x20) & ~w)) & tops
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// Flags (in the top bit of its byte) every byte of `w` equal to `byte`; the lowest flag is exact.
    @inline(__always)
    static func equalBytes(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & tops
    }

    /// The first space, tab, `=` or `"` from `start` (the end of a logfmt key), or where the last whole word ends.
    @inline(__always)
    static func firstLogfmtKeyEnd(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        while i + 8 <= p.count {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let mask = equalBytes(w, 32) | equalBytes(w, 9) | equalBytes(w, 61) | equalBytes(w, 34)
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// The first space or tab from `start` (the end of an unquoted logfmt value), or where the last whole word ends.
    @inline(__always)
    static func firstBlank(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        while i + 8 <= p.count {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let mask = equalBytes(w, 32) | equalBytes(w, 9)
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }
}
