import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The line screen: each known field's value checked and converted in place
/// (identifiers, environments, timestamps, status, latency, error text), a
/// field given twice refused, and secret material withheld.
extension ProbeLineParser {
    enum ValueKind {
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
        /// The kept run (`RepeatedMembers`) the line repeated, -1 for none, and the fields it gave.
        var run: Int32 = -1
        var runGiven: UInt16 = 0

        func checkComplete() throws(ProbeLineProblem) {
            guard timestamp == nil || clientID < 0 || status == nil else { return }
            var missing: [String] = []
            if timestamp == nil { missing.append("ts") }
            if clientID < 0 { missing.append("client_id") }
            if status == nil { missing.append("status") }
            throw ProbeLineProblem("missing " + missing.joined(separator: ", "))
        }
    }

    @inline(__always)
    mutating func assign(
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

    @inline(__always)
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
            guard let latency = ProbeLineParser.wholeMilliseconds(value) ?? ProbeLineParser.parseLatency(value) else {
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

    /// Up to 9 digits and nothing else, the usual latency: what `parseLatency` gives for it, sooner.
    @inline(__always)
    static func wholeMilliseconds(_ value: UnsafeRawBufferPointer) -> Double? {
        guard value.count <= 9 else { return nil }
        var whole = 0
        for byte in value {
            let digit = byte &- 48
            guard digit < 10 else { return nil }
            whole = whole * 10 + Int(digit)
        }
        return value.isEmpty ? nil : Double(whole)
    }

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
}
