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
/// Only the kept text fields become `String`s (interned, so repeated values
/// are not allocated again); everything else is compared and converted in
/// place. The scratch buffers are reused from line to line.
struct ProbeLineParser {
    enum Outcome: Equatable {
        case blank
        case record(ProbeRecord)
        case malformed(String)
    }

    /// Deepest nesting skipped inside a value; deeper is malformed (and never recursion).
    static let maxNesting = 512

    private var scratch: [UInt8] = []
    private var keyScratch: [UInt8] = []
    private var brackets: [UInt8] = []
    private var interner = StringInterner()

    init() {
        scratch.reserveCapacity(256)
        keyScratch.reserveCapacity(64)
        brackets.reserveCapacity(ProbeLineParser.maxNesting)
    }

    mutating func parse(_ line: UnsafeRawBufferPointer) -> Outcome {
        let n = line.count
        var i = 0
        while i < n, line[i] == 32 || line[i] == 9 || line[i] == 13 { i += 1 }
        if i == n { return .blank }
        var fields = Fields()
        do throws(ProbeLineProblem) {
            if line[i] == 123 { // '{'
                try parseJSON(line, from: i, into: &fields)
            } else {
                try parseLogfmt(line, from: i, into: &fields)
            }
            return .record(try fields.record())
        } catch {
            // Only on failure, so the hot path pays nothing: a CR inside the line
            // means CR-only line ends, which would otherwise read as a baffling value error.
            let hint = line.contains(13) ? " (the line holds a carriage return: CR-only line ends? use LF or CRLF)" : ""
            return .malformed("malformed probe line: " + error.message + hint)
        }
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

    struct Fields {
        var timestamp: Int64?
        var clientID: String?
        var status: Int?
        var environment: String?
        var consumer: String?
        var endpoint: ProbeRecord.Endpoint = .token
        var latencyMs: Double?
        var error: String?
        var secretVersion: String?

        func record() throws(ProbeLineProblem) -> ProbeRecord {
            guard let timestamp, let clientID, let status else {
                var missing: [String] = []
                if timestamp == nil { missing.append("ts") }
                if clientID == nil { missing.append("client_id") }
                if status == nil { missing.append("status") }
                throw ProbeLineProblem("missing " + missing.joined(separator: ", "))
            }
            return ProbeRecord(
                timestamp: timestamp, clientID: clientID, status: status, environment: environment,
                consumer: consumer, endpoint: endpoint, latencyMs: latencyMs, error: error,
                secretVersion: secretVersion
            )
        }
    }

    private mutating func assign(
        _ field: ProbeField, _ name: StaticString, _ raw: UnsafeRawBufferPointer, _ kind: ValueKind,
        _ fields: inout Fields
    ) throws(ProbeLineProblem) {
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

    private mutating func assignText(
        _ field: ProbeField, _ name: StaticString, _ raw: UnsafeRawBufferPointer, _ fields: inout Fields
    ) throws(ProbeLineProblem) {
        let value = raw.trimmingASCIIWhitespace()
        if value.isEmpty { return } // an empty value counts as not given
        switch field {
        case .timestamp:
            guard let millis = parseRFC3339(bytes: value) else {
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

    /// A name-like value: no control characters, valid UTF-8, not secret material.
    private mutating func identifier(_ value: UnsafeRawBufferPointer, _ name: StaticString) throws(ProbeLineProblem) -> String {
        let scan = TextScan(value)
        if scan.hasControl { throw ProbeLineProblem("invalid \(name): control character") }
        let text: String
        if scan.isASCII {
            text = interner.string(for: value, hash: scan.hash) { ProbeLineParser.screened($0) ?? String(decoding: $0, as: UTF8.self) }
        } else {
            guard let valid = String(validating: value, as: UTF8.self) else {
                throw ProbeLineProblem("invalid \(name): not UTF-8")
            }
            text = interner.string(for: value, hash: scan.hash) { ProbeLineParser.screened($0) ?? valid }
        }
        if text == ProbeLineParser.withheld { throw ProbeLineProblem("\(name) looks like secret material (value withheld)") }
        return text
    }

    /// Stands for a value withheld as secret material. The control character
    /// keeps it apart from any value `identifier` accepts, and the interner
    /// never matches it, so a secret is screened (and remembered) each time.
    static let withheld = "\u{0}withheld"

    /// `withheld` when `bytes` look like secret material (then remembered by
    /// the redactor), else nil. Called only when the interner misses, so a
    /// repeated value costs one check per scan, not one per line.
    static func screened(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard bytes.count >= 8 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard SecretDetector.looksLikeSecret(text) != nil else { return nil }
        Redactor.shared.registerSecrets(in: text)
        return withheld
    }

    /// Lower-case, `production` read as `prod` (as `normalizeEnvironment`), without a detour through String for ASCII.
    private mutating func environment(_ value: UnsafeRawBufferPointer, _ name: StaticString) throws(ProbeLineProblem) -> String {
        let scan = TextScan(value)
        if scan.hasControl { throw ProbeLineProblem("invalid \(name): control character") }
        let withheld = ProbeLineProblem("\(name) looks like secret material (value withheld)")
        guard scan.isASCII else {
            guard let text = String(validating: value, as: UTF8.self) else {
                throw ProbeLineProblem("invalid \(name): not UTF-8")
            }
            if ProbeLineParser.screened(value) != nil { throw withheld }
            return normalizeEnvironment(text)
        }
        if value.equalsIgnoringCase("production") { return "prod" }
        let text: String
        if !value.contains(where: { $0 >= 65 && $0 <= 90 }) {
            text = interner.string(for: value, hash: scan.hash) { ProbeLineParser.screened($0) ?? String(decoding: $0, as: UTF8.self) }
        } else {
            // Screened before lowering, on every line: case is part of what makes a token
            // look generated, and the interner is keyed by the lowered bytes, so a clean
            // lower-case twin seen earlier must not let a mixed-case secret through.
            if ProbeLineParser.screened(value) != nil { throw withheld }
            text = withUnsafeTemporaryAllocation(byteCount: value.count, alignment: 1) { lower in
                for (i, byte) in value.enumerated() {
                    lower[i] = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
                }
                return interner.string(for: UnsafeRawBufferPointer(lower)) { String(decoding: $0, as: UTF8.self) }
            }
        }
        if text == ProbeLineParser.withheld { throw withheld }
        return text
    }

    /// The most of an `error` text kept: enough for any OAuth code or transport
    /// message, and millions of records cannot pile up megabytes of response bodies.
    static let maxErrorBytes = 256

    /// Untrusted text (the `error` field): kept as given up to `maxErrorBytes`
    /// (cut at a character boundary), invalid UTF-8 repaired; classified later, never echoed.
    private mutating func freeText(_ value: UnsafeRawBufferPointer) -> String {
        var kept = value
        if value.count > ProbeLineParser.maxErrorBytes {
            var cut = ProbeLineParser.maxErrorBytes
            while cut > 0 && value[cut] & 0xC0 == 0x80 { cut -= 1 } // not inside a UTF-8 sequence
            kept = UnsafeRawBufferPointer(rebasing: value[..<cut])
        }
        // A response body may quote a secret: then only the marker is kept (the
        // value is remembered by the redactor); classification needs just the code.
        // Screens the kept part only: the interner is keyed by it, so the outcome
        // cannot depend on which lines the parser has seen before.
        return interner.string(for: kept) { ProbeLineParser.screenedError($0) ?? String(decoding: $0, as: UTF8.self) }
    }

    /// `Redactor.marker` when the kept `error` text holds secret material.
    static func screenedError(_ value: UnsafeRawBufferPointer) -> String? {
        guard screened(value) != nil else { return nil }
        return Redactor.marker
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
    static func scanString(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> (end: Int, escaped: Bool) {
        let n = p.count
        var i = start
        var escaped = false
        while i < n {
            i = Swar.skip(p, from: i) { w in Swar.has(w, 34) || Swar.has(w, 92) || Swar.hasBelow(w, 0x20) }
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
                i = Swar.skip(p, from: i) { w in Swar.has(w, 32) || Swar.has(w, 9) || Swar.has(w, 61) || Swar.has(w, 34) }
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
                    i = Swar.skip(p, from: i) { w in Swar.has(w, 32) || Swar.has(w, 9) }
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

    /// Whether any byte of `w` equals `byte`.
    @inline(__always)
    static func has(_ w: UInt64, _ byte: UInt8) -> Bool {
        let x = w ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & tops != 0
    }

    /// Whether any byte of `w` is below `limit` (at most 128).
    @inline(__always)
    static func hasBelow(_ w: UInt64, _ limit: UInt8) -> Bool {
        (w &- ones &* UInt64(limit)) & ~w & tops != 0
    }

    /// The first index from `start` whose 8-byte word `special` flags (or the tail start);
    /// the byte loop after it finds the exact byte.
    @inline(__always)
    static func skip(_ p: UnsafeRawBufferPointer, from start: Int, _ special: (UInt64) -> Bool) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        while i + 8 <= p.count {
            if special(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { break }
            i += 8
        }
        return i
    }
}
