/// A JSON document with keys in the order they were given, so that every
/// JSON output follows the order of outputs.md and is byte-identical run to run.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// Pretty-printed with two-space indentation and a final newline.
    public func serialized() -> String {
        var out = ""
        write(to: &out, indent: 0)
        out.append("\n")
        return out
    }

    private func write(to out: inout String, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let n): out.append(String(n))
        case .double(let d):
            if d.isFinite {
                out.append(d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d))
            } else {
                out.append("null")
            }
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                item.write(to: &out, indent: indent + 1)
                out.append(i == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (i, (key, value)) in members.enumerated() {
                out.append(String(repeating: "  ", count: indent + 1))
                JSONValue.writeString(key, to: &out)
                out.append(": ")
                value.write(to: &out, indent: indent + 1)
                out.append(i == members.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: "  ", count: indent) + "}")
        }
    }

    static func writeString(_ s: String, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "<": out.append("\\u003c") // safe to embed in HTML
            case ">": out.append("\\u003e")
            case "&": out.append("\\u0026")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
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

extension JSONValue {
    public static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    public static func optional(_ n: Int?) -> JSONValue { n.map { .int($0) } ?? .null }
}
