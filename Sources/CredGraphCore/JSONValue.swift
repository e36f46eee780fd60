/// The one JSON writer: every `--json` document is built as a `JSONValue`
/// and written here, with one escaper. Keys keep the order they are given in
/// (outputs.md's order) unless the style sorts them, so the same inputs give
/// the same bytes on every run and platform (no dictionary order, no float
/// formatting).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func optional(_ n: Int?) -> JSONValue { n.map { .int($0) } ?? .null }

    /// Pretty-printed with two-space indentation and a final newline.
    public func serialized(_ style: JSONStyle = .ordered) -> String {
        // Written as UTF-8 bytes and made a String once: appending many small Strings was most of `risk --json`'s output time.
        var out: [UInt8] = []
        out.reserveCapacity(1 << 14)
        write(to: &out, indent: 0, style)
        out.append(10)
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], indent: Int, _ style: JSONStyle) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let n): out.append(contentsOf: String(n).utf8)
        case .string(let s): JSONValue.writeString(s, to: &out, style)
        case .array(let items):
            if items.isEmpty { return JSONValue.writeEmpty(open: 91, close: 93, indent: indent, &out, style) }
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                JSONValue.indent(indent + 1, &out)
                item.write(to: &out, indent: indent + 1, style)
                if i != items.count - 1 { out.append(44) }
                out.append(10)
            }
            JSONValue.indent(indent, &out)
            out.append(93)
        case .object(let given):
            if given.isEmpty { return JSONValue.writeEmpty(open: 123, close: 125, indent: indent, &out, style) }
            let members = style.sortsKeys ? given.sorted { $0.0 < $1.0 } : given
            out.append(contentsOf: "{\n".utf8)
            for (i, (key, value)) in members.enumerated() {
                JSONValue.indent(indent + 1, &out)
                JSONValue.writeString(key, to: &out, style)
                out.append(contentsOf: style.keySeparator.utf8)
                value.write(to: &out, indent: indent + 1, style)
                if i != members.count - 1 { out.append(44) }
                out.append(10)
            }
            JSONValue.indent(indent, &out)
            out.append(125)
        }
    }

    /// `[]` or `{}`, or the bracket, a blank line and the closing bracket where the style opens empty containers.
    private static func writeEmpty(open: UInt8, close: UInt8, indent level: Int, _ out: inout [UInt8], _ style: JSONStyle) {
        out.append(open)
        if style.opensEmptyContainers {
            out.append(contentsOf: [10, 10])
            indent(level, &out)
        }
        out.append(close)
    }

    @inline(__always)
    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(32, count: 2 * level))
    }

    /// The one escaper: quotes, backslashes and every control character
    /// (C0, DEL, and the JavaScript line separators U+2028/2029), so a
    /// document is valid JSON and one line per value whatever the inputs hold.
    static func writeString(_ s: String, to out: inout [UInt8], _ style: JSONStyle) {
        out.append(34)
        // Most strings are printable ASCII with nothing to escape: appended whole.
        var text = s
        let plain = text.withUTF8 { bytes -> Bool in
            for b in bytes {
                guard b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C else { return false }
                if style.escapesHTML && (b == 0x3C || b == 0x3E || b == 0x26) { return false }
            }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(34)
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\u{08}": out.append(contentsOf: "\\b".utf8)
            case "\u{0C}": out.append(contentsOf: "\\f".utf8)
            case "<" where style.escapesHTML: out.append(contentsOf: "\\u003c".utf8)
            case ">" where style.escapesHTML: out.append(contentsOf: "\\u003e".utf8)
            case "&" where style.escapesHTML: out.append(contentsOf: "\\u0026".utf8)
            default:
                if style.escapesInvisibles && (scalar.properties.generalCategory == .format || (0x80...0x9F).contains(scalar.value)) {
                    // Shown as \uXXXX (UTF-16, upper case) so a diff of two files shows them.
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16, uppercase: true)
                        out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                    }
                } else if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    out.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        out.append(34)
    }
}

/// The layout differences between credgraph's JSON documents. They were
/// written by three writers before there was one; each document keeps the
/// bytes it had, since scripts and golden files read them.
public struct JSONStyle: Sendable {
    /// Between a key and its value.
    public var keySeparator: String
    /// Keys in byte order rather than as given.
    public var sortsKeys: Bool
    /// `<`, `>` and `&` as `\u003c`…, so the document can sit inside HTML.
    public var escapesHTML: Bool
    /// An empty array or object as `[`, a blank line, `]` rather than `[]`.
    public var opensEmptyContainers: Bool
    /// Invisible characters (format characters such as zero-width spaces and
    /// bidi controls, and C1 controls) as `\uXXXX`, so they show in a diff.
    public var escapesInvisibles = false

    /// `risk --json`: keys in the order of outputs.md.
    public static let ordered = JSONStyle(keySeparator: ": ", sortsKeys: false, escapesHTML: false, opensEmptyContainers: false)
    /// `check --json`: as `ordered`, safe to embed in HTML (diagnostics quote inputs).
    public static let htmlSafe = JSONStyle(keySeparator: ": ", sortsKeys: false, escapesHTML: true, opensEmptyContainers: false)
    /// `blast-radius`, `path` and `scan --json`: keys sorted, `"key" : value`.
    public static let sorted = JSONStyle(keySeparator: " : ", sortsKeys: true, escapesHTML: false, opensEmptyContainers: true)
    /// `history/*.json` snapshots: keys sorted, `"key": value`, invisible characters escaped,
    /// so two weeks' files diff line by line (docs/snapshots.md).
    public static let snapshot = JSONStyle(
        keySeparator: ": ", sortsKeys: true, escapesHTML: false, opensEmptyContainers: false, escapesInvisibles: true)
}
