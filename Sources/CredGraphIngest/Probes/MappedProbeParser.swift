import CredGraphCore
import Foundation

/// Reads probe records the way log platforms export them: fields nested in
/// JSON and found by dotted path (`probes.fields`), times in any of the
/// accepted forms, endpoints given as URLs or paths, JSON array elements.
///
/// The native fast path (`ProbeLineParser`) reads the documented shape at
/// full speed; this parser is the general one. It reads a line the fast path
/// rejected (so a native file with a few epoch times or URL endpoints loses
/// nothing), every line when `probes:` fixes the format or time format, and
/// every element of a JSON array file. Being off the hot path, it builds a
/// small tree per line and says, for every problem, which value was wrong
/// (shortened, screened for secrets) and what would have been accepted.
struct MappedProbeParser {
    let settings: ProbeSettings
    private let zone: TimeZone
    /// Mapped path per field, split at dots.
    private let paths: [ProbeField: [String]]
    /// The same, as written (dots and all), for keys that hold the dots themselves.
    private let dotted: [ProbeField: String]
    /// Whether a name-like value passed the checks, so each distinct value is
    /// screened once (as the fast path's symbol tables do), not once per line.
    private let checked = CheckedValues()

    init(settings: ProbeSettings) {
        self.settings = settings
        zone = TimeZone(identifier: settings.timezone) ?? TimeZone(identifier: "UTC")!
        var paths: [ProbeField: [String]] = [:]
        for (name, path) in settings.fields {
            guard let field = MappedProbeParser.field(named: name) else { continue }
            paths[field] = path.split(separator: ".").map(String.init)
        }
        self.paths = paths
        dotted = paths.mapValues { $0.joined(separator: ".") }
    }

    /// The first key of each mapped path: a line holding none of them cannot
    /// be affected by the mapping, so the fast path may read it.
    var mappedRootKeys: [[UInt8]] {
        Array(Set(paths.values.compactMap(\.first))).sorted { $0 < $1 }.map { Array($0.utf8) }
    }

    // MARK: - Entry points

    /// One line of a JSON-lines or logfmt file. `fastProblem` is what the
    /// fast path said of it: when the line is not even well-formed JSON or
    /// logfmt, that message (tuned for syntax, with its column) is kept;
    /// when the structure is fine, this parser's says which value was wrong.
    func parse(line: UnsafeRawBufferPointer, fastProblem: String? = nil) -> ProbeLineParser.Outcome {
        var i = 0
        while i < line.count, isASCIIWhitespace(line[i]) { i += 1 }
        if i == line.count { return .blank }
        let isJSON = line[i] == 123
        do throws(ProbeLineProblem) {
            switch settings.format {
            case .jsonl, .jsonArray:
                guard isJSON else {
                    throw ProbeLineProblem("expected a JSON object (probes.format is \(settings.format.rawValue)), found \(MappedProbeParser.shown(line))")
                }
            case .logfmt:
                guard !isJSON else { throw ProbeLineProblem("expected logfmt key=value pairs (probes.format is logfmt), found a JSON object") }
            case .auto:
                break
            }
            var object: [(String, JSONTree)] = []
            do throws(ProbeLineProblem) {
                if isJSON {
                    var reader = JSONTreeReader(line)
                    guard case .object(let members) = try reader.document() else {
                        throw ProbeLineProblem("expected a JSON object")
                    }
                    object = members
                } else {
                    object = try MappedProbeParser.logfmt(line)
                }
            } catch {
                if let fastProblem { return .malformed(fastProblem) }
                throw error
            }
            return .record(try record(object))
        } catch {
            return .malformed("malformed probe line: " + error.message)
        }
    }

    /// One element of a JSON array file, as its text.
    func parse(element: UnsafeRawBufferPointer) -> ProbeLineParser.Outcome {
        do throws(ProbeLineProblem) {
            var reader = JSONTreeReader(element)
            guard case .object(let members) = try reader.document() else {
                throw ProbeLineProblem("expected a JSON object as the array element, found \(MappedProbeParser.shown(element))")
            }
            return .record(try record(members))
        } catch {
            return .malformed("malformed probe record: " + error.message)
        }
    }

    // MARK: - Fields

    private static let names: [(ProbeField, [String])] = [
        (.timestamp, ["ts", "time", "timestamp", "@timestamp"]),
        (.clientID, ["client_id"]),
        (.status, ["status", "http_status"]),
        (.environment, ["env", "environment"]),
        (.consumer, ["consumer", "integration"]),
        (.endpoint, ["endpoint"]),
        (.latency, ["latency_ms", "duration_ms"]),
        (.error, ["error"]),
        (.secretVersion, ["secret_version"]),
    ]

    static func field(named name: String) -> ProbeField? {
        names.first { $0.1[0] == name }?.0
    }

    /// The value of a field: its mapped path first, then its names and aliases at the top level.
    private func lookup(_ field: ProbeField, in object: [(String, JSONTree)]) -> (name: String, value: JSONTree)? {
        if let path = paths[field], let dotted = dotted[field] {
            if let value = MappedProbeParser.member(dotted, of: object), !value.isAbsent { return (dotted, value) }
            var current = JSONTree.object(object)
            var found = true
            for key in path {
                guard case .object(let members) = current, let next = MappedProbeParser.member(key, of: members) else {
                    found = false
                    break
                }
                current = next
            }
            if found, !current.isAbsent { return (dotted, current) }
        }
        for (f, keys) in MappedProbeParser.names where f == field {
            for key in keys {
                if let value = MappedProbeParser.member(key, of: object), !value.isAbsent { return (key, value) }
            }
        }
        return nil
    }

    /// A repeated key is refused by `record` for the probe fields (as on the
    /// fast path); elsewhere in an export the last one wins.
    private static func member(_ key: String, of members: [(String, JSONTree)]) -> JSONTree? {
        members.last { $0.0 == key }?.1
    }

    private func record(_ object: [(String, JSONTree)]) throws(ProbeLineProblem) -> ProbeRecord {
        // A field given twice (or under two of its names) is ambiguous: malformed, as on the fast path.
        var seen = Set<ProbeField>()
        for (key, _) in object {
            guard let field = MappedProbeParser.names.first(where: { $0.1.contains(key) })?.0 else { continue }
            guard seen.insert(field).inserted else { throw ProbeLineProblem("duplicate \(key): the field is given twice") }
        }
        // Missing fields first: in an unmapped nested export they say more than a bad value
        // (a top-level `status` there is often a log level).
        let found = (lookup(.timestamp, in: object), lookup(.clientID, in: object), lookup(.status, in: object))
        guard let tsValue = found.0, let clientValue = found.1, let statusValue = found.2 else {
            var missing: [String] = []
            for (field, name, value) in [(ProbeField.timestamp, "ts", found.0), (.clientID, "client_id", found.1), (.status, "status", found.2)] where value == nil {
                // Say where the mapping looked, so a wrong path is found at once.
                missing.append(paths[field].map { "\(name) (mapped to \($0.joined(separator: ".")))" } ?? name)
            }
            let keys = object.map(\.0).prefix(8).map { key in
                SecretDetector.looksLikeSecret(key) != nil ? "(a key withheld)" : TerminalText.sanitized(MappedProbeParser.shortened(key, 32))
            }
            var message = "missing " + missing.joined(separator: ", ")
            if !keys.isEmpty { message += " (keys found: \(keys.joined(separator: ", "))\(object.count > 8 ? ", …" : ""))" }
            if paths.isEmpty, object.contains(where: { if case .object = $0.1 { return true } else { return false } }) {
                message += "; fields nested in objects need a mapping under probes.fields in credgraph.yml, such as ts: content.timestamp"
            }
            throw ProbeLineProblem(message)
        }
        let ts = try timestamp(tsValue.value, tsValue.name)
        let clientID = try identifier(clientValue.value, clientValue.name)
        let status = try MappedProbeParser.status(statusValue.value, statusValue.name)
        let env = try lookup(.environment, in: object).map { v throws(ProbeLineProblem) in normalizeEnvironment(try identifier(v.value, v.name)) }
        let consumer = try lookup(.consumer, in: object).map { v throws(ProbeLineProblem) in try identifier(v.value, v.name) }
        let endpoint = try lookup(.endpoint, in: object).map { v throws(ProbeLineProblem) in try MappedProbeParser.endpoint(v.value, v.name) } ?? .token
        let latency = try lookup(.latency, in: object).map { v throws(ProbeLineProblem) in try MappedProbeParser.latency(v.value, v.name) }
        let error = lookup(.error, in: object).flatMap { MappedProbeParser.errorText($0.value) }
        let version = try lookup(.secretVersion, in: object).map { v throws(ProbeLineProblem) in try identifier(v.value, v.name) }
        return ProbeRecord(
            timestamp: ts, clientID: clientID, status: status, environment: env, consumer: consumer,
            endpoint: endpoint, latencyMs: latency, error: error, secretVersion: version)
    }

    // MARK: - Values

    /// A name-like value: text (or a number written as one), valid, no control characters, no secret.
    private func identifier(_ value: JSONTree, _ name: String) throws(ProbeLineProblem) -> String {
        let text: String
        switch value {
        case .string(let s): text = trimmedASCII(s)
        case .number(let s): text = s
        default: throw ProbeLineProblem("invalid \(name): expected text, found \(value.kindName)")
        }
        let state: CheckedValues.State
        if let known = checked.states[text] {
            state = known
        } else {
            if MappedProbeParser.hasControl(text) {
                state = .control
            } else {
                state = ProbeLineParser.screened(text) ? .secret : .valid
            }
            if checked.states.count >= CheckedValues.cap { checked.states.removeAll(keepingCapacity: true) }
            checked.states[text] = state
        }
        switch state {
        case .valid: return text
        case .control: throw ProbeLineProblem("invalid \(name): control character in \(MappedProbeParser.shown(text))")
        case .secret: throw ProbeLineProblem("\(name) looks like secret material (value withheld)")
        }
    }

    /// C0 and C1 control characters and DEL, byte by byte.
    static func hasControl(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for b in text.utf8 {
            if b < 0x20 || b == 0x7F { return true }
            if previous == 0xC2, b >= 0x80, b <= 0x9F { return true }
            previous = b
        }
        return false
    }

    private static let timeExample =
        "RFC 3339 (2026-09-01T10:05:00Z), epoch seconds (1788257100) or milliseconds (1788257100000), or 2026-09-01 10:05:00 in probes.timezone"

    private func timestamp(_ value: JSONTree, _ name: String) throws(ProbeLineProblem) -> Int64 {
        let text: String
        switch value {
        case .string(let s): text = trimmedASCII(s)
        case .number(let s): text = s
        default: throw ProbeLineProblem("invalid \(name): expected a time, found \(value.kindName); accepted: \(MappedProbeParser.timeExample)")
        }
        let accepted: String
        switch settings.timeFormat {
        case .auto:
            // Digits first: exports mostly write epoch numbers, and they are cheap to tell apart.
            if text.utf8.first.map({ $0 >= 48 && $0 <= 57 }) == true, !text.utf8.contains(45),
               let ms = MappedProbeParser.epoch(text, unit: nil) { return ms }
            if let ms = parseRFC3339(text) ?? localTime(text) { return ms }
            accepted = MappedProbeParser.timeExample
        case .rfc3339:
            if let ms = parseRFC3339(text) { return ms }
            accepted = "RFC 3339 such as 2026-09-01T10:05:00Z (probes.time_format is rfc3339)"
        case .epochSeconds:
            if let ms = MappedProbeParser.epoch(text, unit: 1000) { return ms }
            accepted = "epoch seconds such as 1788257100 (probes.time_format is epoch_s)"
        case .epochMillis:
            if let ms = MappedProbeParser.epoch(text, unit: 1) { return ms }
            accepted = "epoch milliseconds such as 1788257100000 (probes.time_format is epoch_ms)"
        case .local:
            if let ms = localTime(text) { return ms }
            accepted = "2026-09-01 10:05:00 in \(settings.timezone) (probes.time_format)"
        }
        throw ProbeLineProblem("invalid \(name) \(MappedProbeParser.shown(text)); accepted: \(accepted)")
    }

    /// Epoch seconds or milliseconds (`unit`: ms per unit; nil: by magnitude,
    /// below 10^11 is seconds, so both read 1973 to 5138 correctly).
    static func epoch(_ text: String, unit: Int64?) -> Int64? {
        guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }),
              text.utf8.first != 46, let value = Double(text), value.isFinite else { return nil }
        let perUnit = unit ?? (value < 1e11 ? 1000 : 1)
        let ms = (value * Double(perUnit)).rounded(.down)
        guard ms >= 0, ms < 253_402_300_800_000 else { return nil } // before year 10000
        return Int64(ms)
    }

    /// `YYYY-MM-DD HH:MM:SS[.fff]` (or with `T`) without an offset, in the configured zone.
    func localTime(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 19, b.count <= 29, b[10] == 32 || b[10] == 84 else { return nil }
        // As if UTC (with a Z the RFC 3339 parser does the checking), then shifted by the zone's offset.
        var utc = b
        utc.append(90)
        guard let asUTC = parseRFC3339(utc) else { return nil }
        let guess = Date(timeIntervalSince1970: Double(asUTC) / 1000)
        var offset = Int64(zone.secondsFromGMT(for: guess)) * 1000
        // Around a change of offset, the offset at the shifted instant is the right one.
        offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(asUTC - offset) / 1000))) * 1000
        return asUTC - offset
    }

    static func status(_ value: JSONTree, _ name: String) throws(ProbeLineProblem) -> Int {
        let text: String
        switch value {
        case .string(let s): text = trimmedASCII(s)
        case .number(let s): text = s
        default: throw ProbeLineProblem("invalid \(name): expected an HTTP status such as 401, found \(value.kindName)")
        }
        guard !text.isEmpty, text.utf8.count <= 3, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(text) else {
            throw ProbeLineProblem("invalid \(name) \(shown(text)); accepted: an HTTP status 0-999 such as 401 (0: no response)")
        }
        return n
    }

    static func latency(_ value: JSONTree, _ name: String) throws(ProbeLineProblem) -> Double {
        let text: String
        switch value {
        case .string(let s): text = trimmedASCII(s)
        case .number(let s): text = s
        default: throw ProbeLineProblem("invalid \(name): expected milliseconds such as 182, found \(value.kindName)")
        }
        let parsed = Array(text.utf8).withUnsafeBytes { ProbeLineParser.parseLatency($0) }
        guard let parsed else { throw ProbeLineProblem("invalid \(name) \(shown(text)); accepted: non-negative milliseconds such as 182 or 95.5") }
        // The same bound as the fast path: a latency past a day is not a measurement.
        guard parsed <= ProbeLineParser.maxLatencyMs else { throw ProbeLineProblem("invalid \(name): more than 86400000 ms (one day)") }
        return parsed
    }

    /// `token`, `rest`, `soap`, or a URL or path read by its path:
    /// `…/v2/token` is token, a SOAP `…/Service.asmx` soap, any other REST path rest.
    static func endpoint(_ value: JSONTree, _ name: String) throws(ProbeLineProblem) -> ProbeRecord.Endpoint {
        guard case .string(let raw) = value else {
            throw ProbeLineProblem("invalid \(name): expected token, rest, soap or a URL, found \(value.kindName)")
        }
        let text = trimmedASCII(raw)
        if let endpoint = endpoint(url: text) { return endpoint }
        throw ProbeLineProblem("invalid \(name) \(shown(text)); accepted: token, rest, soap, or a URL or path such as https://SUBDOMAIN.auth.marketingcloudapis.com/v2/token")
    }

    /// `token`, `rest`, `soap` (any case), or a URL or path by its path; nil for anything else.
    /// Byte by byte, lower-cased ASCII: this runs once per probe of an export.
    static func endpoint(url text: String) -> ProbeRecord.Endpoint? {
        var b = Array(text.utf8)
        for i in b.indices where b[i] >= 65 && b[i] <= 90 { b[i] |= 0x20 }
        if b == Array("token".utf8) { return .token }
        if b == Array("rest".utf8) { return .rest }
        if b == Array("soap".utf8) { return .soap }
        var start = 0
        if let colon = b.firstIndex(of: 58), colon + 2 < b.count, b[colon + 1] == 47, b[colon + 2] == 47 { // "://"
            guard let slash = b[(colon + 3)...].firstIndex(of: 47) else { return .rest } // a bare host: a REST base URL
            start = slash
        }
        guard start < b.count, b[start] == 47 else { return nil }
        var end = b[start...].firstIndex { $0 == 63 || $0 == 35 } ?? b.count // ? or #
        while end - start > 1, b[end - 1] == 47 { end -= 1 }
        let path = b[start..<end]
        func hasSuffix(_ s: String) -> Bool { path.count >= s.utf8.count && path.suffix(s.utf8.count).elementsEqual(s.utf8) }
        if hasSuffix("/v2/token") || hasSuffix("/v1/requesttoken") { return .token }
        if hasSuffix(".asmx") { return .soap }
        return .rest
    }

    /// The `error` field: an OAuth code or transport text (an object is
    /// searched for its `error` or `code` member); cut and screened as on the fast path.
    static func errorText(_ value: JSONTree) -> String? {
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let s): text = s
        case .object(let members):
            guard let inner = (member("error", of: members) ?? member("code", of: members)), let found = errorText(inner) else { return nil }
            return found
        default: return nil
        }
        var kept = trimmedASCII(text)
        if kept.utf8.count > ProbeLineParser.maxErrorBytes {
            kept = String(decoding: Array(kept.utf8.prefix(ProbeLineParser.maxErrorBytes)), as: UTF8.self)
        }
        if kept.isEmpty { return nil }
        return ProbeLineParser.screened(kept) ? Redactor.marker : kept
    }

    // MARK: - logfmt

    /// `key=value` pairs (values bare or double-quoted with JSON escapes) as a flat object;
    /// dotted keys stay whole, and a mapped path matches them as written.
    static func logfmt(_ p: UnsafeRawBufferPointer) throws(ProbeLineProblem) -> [(String, JSONTree)] {
        var out: [(String, JSONTree)] = []
        let n = p.count
        var i = 0
        while true {
            while i < n, p[i] == 32 || p[i] == 9 || p[i] == 13 { i += 1 }
            if i >= n { return out }
            let keyStart = i
            while i < n, p[i] != 32, p[i] != 9, p[i] != 61 {
                if p[i] == 34 { throw ProbeLineProblem("unexpected '\"' in a logfmt key at column \(i + 1)") }
                i += 1
            }
            guard i > keyStart else { throw ProbeLineProblem("logfmt value without a key at column \(i + 1)") }
            let key = String(decoding: UnsafeRawBufferPointer(rebasing: p[keyStart..<i]), as: UTF8.self)
            guard i < n, p[i] == 61 else { continue } // a flag
            i += 1
            if i < n, p[i] == 34 {
                let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
                let raw = UnsafeRawBufferPointer(rebasing: p[(i + 1)..<end])
                out.append((key, .string(try decodedString(raw, escaped: escaped))))
                i = end + 1
                guard i >= n || p[i] == 32 || p[i] == 9 || p[i] == 13 else {
                    throw ProbeLineProblem("expected a space after a quoted logfmt value at column \(i + 1)")
                }
            } else {
                let start = i
                while i < n, p[i] != 32, p[i] != 9 { i += 1 }
                out.append((key, .string(String(decoding: UnsafeRawBufferPointer(rebasing: p[start..<i]), as: UTF8.self))))
            }
        }
    }

    static func decodedString(_ raw: UnsafeRawBufferPointer, escaped: Bool) throws(ProbeLineProblem) -> String {
        let bytes: [UInt8]
        if escaped {
            var decoded: [UInt8] = []
            try ProbeLineParser.decodeEscapes(raw, into: &decoded)
            bytes = decoded
        } else {
            bytes = Array(raw)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ProbeLineProblem("text is not UTF-8") }
        return text
    }

    // MARK: - Showing values

    /// An offending value as a message may show it: shortened, control
    /// characters replaced, and withheld when it looks like secret material.
    static func shown(_ text: String) -> String {
        if text.isEmpty { return "''" }
        if text.utf8.count >= 8, SecretDetector.looksLikeSecret(text) != nil {
            Redactor.shared.registerSecrets(in: text)
            return "(value withheld: it looks like secret material)"
        }
        return "'" + TerminalText.sanitized(shortened(text, 40)) + "'"
    }

    static func shown(_ raw: UnsafeRawBufferPointer) -> String {
        shown(String(decoding: raw.prefix(200), as: UTF8.self))
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

/// Values already checked by one parser (one thread), bounded.
final class CheckedValues {
    enum State { case valid, control, secret }
    static let cap = 65_536
    var states: [String: State] = [:]
}

/// Without leading and trailing ASCII blanks (what the fast path trims); no copy when there are none.
func trimmedASCII(_ s: String) -> String {
    let bytes = s.utf8
    guard let first = bytes.first, let last = bytes.last, isASCIIWhitespace(first) || isASCIIWhitespace(last) else { return s }
    let kept = Array(bytes.drop(while: isASCIIWhitespace).reversed().drop(while: isASCIIWhitespace).reversed())
    return String(decoding: kept, as: UTF8.self)
}

// MARK: - A small JSON tree

/// JSON as the general path needs it: numbers kept as written, members in order.
enum JSONTree {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case object([(String, JSONTree)])
    case array([JSONTree])

    /// `null` or an empty (or all-blank) text counts as not given, as on the fast path.
    var isAbsent: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.utf8.allSatisfy(isASCIIWhitespace)
        default: return false
        }
    }

    var kindName: String {
        switch self {
        case .string: return "text"
        case .number: return "a number"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .object: return "an object"
        case .array: return "an array"
        }
    }
}

/// A recursive-descent reader for one JSON document, nesting bounded (so no
/// input can exhaust the stack), strings and numbers checked by the fast path's scanners.
struct JSONTreeReader {
    private let p: UnsafeRawBufferPointer
    private var i = 0
    private var depth = 0

    init(_ bytes: UnsafeRawBufferPointer) { p = bytes }

    mutating func document() throws(ProbeLineProblem) -> JSONTree {
        skipWhitespace()
        let value = try self.value()
        skipWhitespace()
        guard i == p.count else { throw ProbeLineProblem("unexpected characters after the JSON value at column \(i + 1)") }
        return value
    }

    private mutating func skipWhitespace() {
        while i < p.count, isASCIIWhitespace(p[i]) { i += 1 }
    }

    private mutating func value() throws(ProbeLineProblem) -> JSONTree {
        guard i < p.count else { throw ProbeLineProblem("unexpected end of JSON") }
        switch p[i] {
        case 123: return try container(object: true)
        case 91: return try container(object: false)
        case 34: return .string(try string())
        case 45, 48...57:
            guard let end = ProbeLineParser.scanNumber(p, from: i) else { throw ProbeLineProblem("invalid JSON number at column \(i + 1)") }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: p[i..<end]), as: UTF8.self)
            i = end
            return .number(text)
        case 116:
            i = try ProbeLineParser.expectLiteral(p, at: i, "true")
            return .bool(true)
        case 102:
            i = try ProbeLineParser.expectLiteral(p, at: i, "false")
            return .bool(false)
        case 110:
            i = try ProbeLineParser.expectLiteral(p, at: i, "null")
            return .null
        default:
            throw ProbeLineProblem("unexpected character in JSON at column \(i + 1)")
        }
    }

    private mutating func string() throws(ProbeLineProblem) -> String {
        let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
        let text = try MappedProbeParser.decodedString(UnsafeRawBufferPointer(rebasing: p[(i + 1)..<end]), escaped: escaped)
        i = end + 1
        return text
    }

    private mutating func container(object: Bool) throws(ProbeLineProblem) -> JSONTree {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ProbeLineParser.maxNesting else {
            throw ProbeLineProblem("JSON nested deeper than \(ProbeLineParser.maxNesting) levels at column \(i + 1)")
        }
        let close: UInt8 = object ? 125 : 93
        i += 1
        var members: [(String, JSONTree)] = []
        var items: [JSONTree] = []
        skipWhitespace()
        if i < p.count, p[i] == close {
            i += 1
            return object ? .object([]) : .array([])
        }
        while true {
            skipWhitespace()
            if object {
                guard i < p.count, p[i] == 34 else { throw ProbeLineProblem("expected a JSON key at column \(i + 1)") }
                let key = try string()
                skipWhitespace()
                guard i < p.count, p[i] == 58 else { throw ProbeLineProblem("expected ':' after a JSON key at column \(i + 1)") }
                i += 1
                skipWhitespace()
                members.append((key, try value()))
            } else {
                items.append(try value())
            }
            skipWhitespace()
            guard i < p.count else { throw ProbeLineProblem(object ? "unterminated JSON object" : "unterminated JSON array") }
            if p[i] == 44 {
                i += 1
                continue
            }
            guard p[i] == close else {
                throw ProbeLineProblem("expected ',' or '\(object ? "}" : "]")' at column \(i + 1)")
            }
            i += 1
            return object ? .object(members) : .array(items)
        }
    }
}
