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
        var out = ""
        write(to: &out, indent: 0, style)
        out.append("\n")
        return out
    }

    private func write(to out: inout String, indent: Int, _ style: JSONStyle) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let n): out.append(String(n))
        case .string(let s): JSONValue.writeString(s, to: &out, style)
        case .array(let items):
            if items.isEmpty { out.append(style.opensEmptyContainers ? "[\n\n" + String(repeating: "  ", count: indent) + "]" : "[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                item.write(to: &out, indent: indent + 1, style)
                out.append(i == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "]")
        case .object(let given):
            if given.isEmpty { out.append(style.opensEmptyContainers ? "{\n\n" + String(repeating: "  ", count: indent) + "}" : "{}"); return }
            let members = style.sortsKeys ? given.sorted { $0.0 < $1.0 } : given
            out.append("{\n")
            for (i, (key, value)) in members.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                JSONValue.writeString(key, to: &out, style)
                out.append(style.keySeparator)
                value.write(to: &out, indent: indent + 1, style)
                out.append(i == members.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "}")
        }
    }

    /// The one escaper: quotes, backslashes and every control character
    /// (C0, DEL, and the JavaScript line separators U+2028/2029), so a
    /// document is valid JSON and one line per value whatever the inputs hold.
    static func writeString(_ s: String, to out: inout String, _ style: JSONStyle) {
        out.append("\"")
        // Most strings are printable ASCII with nothing to escape: appended whole.
        var plain = s.utf8.allSatisfy { b in
            b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C
        }
        if plain && style.escapesHTML { plain = !s.utf8.contains { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 } }
        if plain {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "<" where style.escapesHTML: out.append("\\u003c")
            case ">" where style.escapesHTML: out.append("\\u003e")
            case "&" where style.escapesHTML: out.append("\\u0026")
            default:
                if style.escapesInvisibles && (scalar.properties.generalCategory == .format || (0x80...0x9F).contains(scalar.value)) {
                    // Shown as \uXXXX (UTF-16, upper case) so a diff of two files shows them.
                    for unit in String(scalar).utf16 {
                        let hex = String(unit, radix: 16, uppercase: true)
                        out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                    }
                } else if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
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
