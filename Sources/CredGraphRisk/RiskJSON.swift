import CredGraphCore

/// `risk --json`: the object of outputs.md, keys in the order shown there,
/// two-space indentation, a final newline. Built by hand so the bytes are the
/// same on every run and platform (no dictionary order, no float formatting).
extension RiskReport {
    public func jsonText() -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("as_of"); w.string(asOf.description)
        w.key("credentials"); w.beginArray()
        for c in credentials {
            w.beginObject()
            w.key("client_id"); w.string(c.clientID)
            w.key("installed_package"); w.string(c.installedPackage)
            w.key("expires_on"); w.string(c.expiresOn?.description)
            w.key("days_left"); w.int(c.daysLeft)
            w.key("severity"); w.string(c.severity.rawValue)
            w.key("rank"); w.int(c.rank)
            w.key("consumers"); w.beginArray()
            for consumer in c.consumers {
                w.beginObject()
                w.key("integration"); w.string(consumer.integration)
                w.key("environment"); w.string(consumer.environment)
                w.endObject()
            }
            w.endArray()
            w.key("blast_radius"); w.beginObject()
            w.key("integrations"); w.int(c.blastRadius.integrations)
            w.key("data_extensions"); w.int(c.blastRadius.dataExtensions)
            w.key("assets"); w.int(c.blastRadius.assets)
            w.key("sends"); w.int(c.blastRadius.sends)
            w.endObject()
            w.key("findings"); w.beginArray()
            for f in c.findings {
                w.beginObject()
                w.key("rule"); w.string(f.rule.rawValue)
                w.key("severity"); w.string(f.severity.rawValue)
                w.key("message"); w.string(f.message)
                w.key("remediation"); w.string(f.remediation)
                f.writeSinceAndCause(into: &w)
                w.endObject()
            }
            w.endArray()
            w.key("due_by"); w.string(c.dueBy?.description)
            if !c.siblings.isEmpty {
                w.key("siblings"); w.beginArray()
                for s in c.siblings {
                    w.beginObject()
                    w.key("client_id"); w.string(s.clientID)
                    w.key("installed_package"); w.string(s.installedPackage)
                    w.key("environments"); w.beginArray()
                    for e in s.environments { w.string(e) }
                    w.endArray()
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
        w.key("findings"); w.beginArray()
        for f in globalFindings {
            w.beginObject()
            w.key("rule"); w.string(f.rule.rawValue)
            w.key("severity"); w.string(f.severity.rawValue)
            w.key("message"); w.string(f.message)
            f.writeSinceAndCause(into: &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.text + "\n"
    }
}

extension Finding {
    /// `since` (RFC 3339, UTC) and `cause`, only when the finding has them.
    fileprivate func writeSinceAndCause(into w: inout JSONWriter) {
        if let since { w.key("since"); w.string(formatTimestamp(since)) }
        if let cause { w.key("cause"); w.string(cause) }
    }
}

/// A minimal pretty-printing JSON writer: the caller emits keys and values in
/// order; the writer handles commas, indentation and string escaping.
struct JSONWriter {
    private(set) var text = ""
    private var depth = 0
    /// Whether the current container already holds an element.
    private var hasElement: [Bool] = []
    private var afterKey = false

    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        if let last = hasElement.last {
            if last { text += "," }
            hasElement[hasElement.count - 1] = true
            newline()
        }
    }

    private mutating func newline() {
        text += "\n" + String(repeating: "  ", count: depth)
    }

    mutating func key(_ name: String) {
        beginValue()
        appendQuoted(name)
        text += ": "
        afterKey = true
    }

    mutating func beginObject() { open("{") }
    mutating func endObject() { close("}") }
    mutating func beginArray() { open("[") }
    mutating func endArray() { close("]") }

    private mutating func open(_ bracket: String) {
        beginValue()
        text += bracket
        depth += 1
        hasElement.append(false)
    }

    private mutating func close(_ bracket: String) {
        depth -= 1
        if hasElement.popLast() == true { newline() }
        text += bracket
    }

    /// A string, or null for nil.
    mutating func string(_ value: String?) {
        beginValue()
        if let value { appendQuoted(value) } else { text += "null" }
    }

    /// An integer, or null for nil.
    mutating func int(_ value: Int?) {
        beginValue()
        text += value.map { String($0) } ?? "null"
    }

    private mutating func appendQuoted(_ value: String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
