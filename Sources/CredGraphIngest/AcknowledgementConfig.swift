import CredGraphCore
internal import Yams

/// One entry of `acknowledgements:` in credgraph.yml (inputs.md): a person's
/// decision to live with a finding for a while. Only `ref` and `until` are
/// needed for it to silence anything; the rest is shown beside the finding.
public struct Acknowledgement: Sendable, Hashable {
    /// Any node reference of outputs.md (`package:NAME`, `client:ID`, …).
    public var ref: String
    /// A rule id; nil acknowledges every rule of the node.
    public var rule: String?
    public var reason: String?
    public var by: String?
    /// Required, at most `Acknowledgement.maxDays` after as-of.
    public var until: Day?
    /// The entry's line in credgraph.yml, for warnings.
    public var location: SourceLocation

    public init(ref: String, rule: String? = nil, reason: String? = nil, by: String? = nil, until: Day? = nil, location: SourceLocation) {
        self.ref = ref
        self.rule = rule
        self.reason = reason
        self.by = by
        self.until = until
        self.location = location
    }

    /// How far ahead an acknowledgement may reach: a decision is revisited
    /// at least once a quarter.
    public static let maxDays = 90
}

/// Reads `acknowledgements:`: a list of `{ref, rule, reason, by, until}`.
/// Type errors (a date that is not a date) are errors like any other key's;
/// what inputs.md calls warnings (no `until`, too far, matching nothing) is
/// decided later, against the as-of and the graph (`applyAcknowledgements`).
func parseAcknowledgements(_ node: Node, path: String, file: String, diagnostics: inout Diagnostics) -> [Acknowledgement] {
    if case .scalar(let s) = node, ["", "~", "null"].contains(s.string.trimmingWhitespace()) { return [] }
    guard case .sequence(let sequence) = node else {
        diagnostics.error("'\(path)' must be a list of {ref, rule, reason, by, until}", file: file, line: node.mark?.line)
        return []
    }
    var out: [Acknowledgement] = []
    for (i, entry) in sequence.enumerated() {
        let entryPath = "\(path)[\(i)]"
        let line = entry.mark?.line ?? 0
        guard case .mapping(let mapping) = entry else {
            diagnostics.error("'\(entryPath)' must be a mapping of ref, rule, reason, by, until", file: file, line: line)
            continue
        }
        var ack = Acknowledgement(ref: "", location: SourceLocation(file: file, line: line))
        var valid = true
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard case .scalar(let scalar) = value else {
                diagnostics.error("'\(entryPath).\(key)' must be a text value", file: file, line: value.mark?.line)
                valid = false
                continue
            }
            let text = scalar.string.trimmingWhitespace()
            switch key {
            case "ref": ack.ref = text
            case "rule": ack.rule = text.isEmpty ? nil : text
            case "reason": ack.reason = text.isEmpty ? nil : text
            case "by": ack.by = text.isEmpty ? nil : text
            case "until":
                if text.isEmpty || text == "~" || text == "null" { break }
                guard let day = Day(parsing: text) else {
                    diagnostics.error("'\(entryPath).until' must be a date (YYYY-MM-DD)", file: file, line: value.mark?.line)
                    valid = false
                    continue
                }
                ack.until = day
            default:
                diagnostics.warning("unknown key '\(entryPath).\(key)' ignored", file: file, line: keyNode.mark?.line)
            }
        }
        guard valid else { continue }
        if ack.ref.isEmpty {
            diagnostics.warning("acknowledgement without a ref: it silences nothing; give the node it is about (package:NAME, client:ID, integration:NAME …)", file: file, line: line)
            continue
        }
        out.append(ack)
    }
    return out
}
