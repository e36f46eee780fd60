import CredGraphCore
import CredGraphIngest
import CredGraphGraph
/// Applying `acknowledgements:` (inputs.md) to the findings of a run.
///
/// What a reference covers:
/// - `package:NAME`: every finding of the package's credentials;
/// - `client:ID`: every finding of that credential, or of that uninventoried client id;
/// - a consumer (`integration:NAME`, `integration:NAME@ENV`): the findings of
///   its credential that name it, and those of the whole credential (that name
///   no consumer);
/// - a downstream node (`de:NAME`, …): every finding of the credentials that feed it.
/// `rule:` narrows that to one rule.

/// What a finding shows of the acknowledgement that covers it.
public struct AcknowledgementNote: Sendable, Hashable, Codable {
    public var by: String
    public var reason: String
    public var until: Day
    /// Past `until`: the finding counts again and says so.
    public var expired: Bool

    public init(by: String, reason: String, until: Day, expired: Bool) {
        self.by = by
        self.reason = reason
        self.until = until
        self.expired = expired
    }
}

/// Marks the findings each acknowledgement covers and returns the warnings
/// of inputs.md against the entries' lines: no `until`, `until` too far
/// (neither silences anything), a reference or rule that matches nothing, and
/// one that expired (its findings count again).
///
/// An active acknowledgement wins over an expired one for the same finding;
/// between two active ones the one that lasts longer.
public func applyAcknowledgements(
    _ acknowledgements: [Acknowledgement], to risk: inout RiskReport, graph: DependencyGraph, inventory: Inventory
) -> [Diagnostic] {
    guard !acknowledgements.isEmpty else { return [] }
    let asOf = risk.asOf
    let latest = asOf.adding(days: Acknowledgement.maxDays)
    var warnings: [Diagnostic] = []
    func warn(_ ack: Acknowledgement, _ message: String) {
        warnings.append(Diagnostic(.warning, message, at: ack.location))
    }
    let credentialPosition = Dictionary(risk.credentials.enumerated().map { ($1.clientID, $0) }, uniquingKeysWith: { a, _ in a })

    for ack in acknowledgements {
        let what = "acknowledgement of \(ack.ref)" + (ack.rule.map { " (\($0))" } ?? "")
        guard let until = ack.until else {
            warn(ack, "\(what) has no until: it silences nothing; add until: YYYY-MM-DD, at most \(Acknowledgement.maxDays) days after as-of (\(latest) at the latest)")
            continue
        }
        guard until <= latest else {
            warn(ack, "\(what) reaches too far: until \(until) is more than \(Acknowledgement.maxDays) days after as-of \(asOf); it silences nothing until it is \(latest) or earlier")
            continue
        }
        // credgraph.yml names the rule as text; the registry of rules decides
        // whether it is one.
        var rule: RuleID?
        if let name = ack.rule {
            guard let known = RiskRules.id(named: name) else {
                warn(ack, "\(what) names no rule credgraph knows ('\(name)'): it matches nothing")
                continue
            }
            rule = known
        }
        // (credential position or nil for global, consumer index or nil for all)
        var scopes: [(clientID: String, consumer: Int?)] = []
        switch graph.resolve(ack.ref) {
        case .success(let ids):
            for id in ids {
                guard let node = graph.node(id) else { continue }
                switch node.kind {
                case .installedPackage:
                    let name = NodeKey.fold(node.name)
                    for c in risk.credentials where NodeKey.fold(c.installedPackage) == name { scopes.append((c.clientID, nil)) }
                case .credential:
                    scopes.append((node.name, nil))
                case .integration:
                    if let index = node.consumerIndex, index < inventory.consumers.count {
                        scopes.append((inventory.consumers[index].clientID, index))
                    }
                default:
                    for clientID in upstreamCredentials(of: id, graph: graph) { scopes.append((clientID, nil)) }
                }
            }
        case .failure(let error):
            // An uninventoried client id is no node, but it has a finding.
            let text = ack.ref.trimmingWhitespace()
            if text.lowercased().hasPrefix("client:"),
               risk.globalFindings.contains(where: { $0.clientID == String(text.dropFirst(7)).trimmingWhitespace() }) {
                scopes.append((String(text.dropFirst(7)).trimmingWhitespace(), nil))
            } else {
                warn(ack, "\(what) matches nothing: \(error.description)")
                continue
            }
        }
        let expired = until < asOf
        let note = AcknowledgementNote(by: ack.by ?? "not given", reason: ack.reason ?? "not given", until: until, expired: expired)
        var matched = 0
        func covers(_ finding: Finding, consumer: Int?) -> Bool {
            if let rule, finding.rule != rule { return false }
            guard let consumer else { return true }
            return finding.consumerIndices.isEmpty || finding.consumerIndices.contains(consumer)
        }
        func mark(_ finding: inout Finding) {
            matched += 1
            if let current = finding.acknowledgement {
                // Active beats expired; among equals the later until.
                if current.expired == note.expired ? current.until >= note.until : !current.expired { return }
            }
            finding.acknowledgement = note
        }
        for scope in scopes {
            if let position = credentialPosition[scope.clientID] {
                for i in risk.credentials[position].findings.indices where covers(risk.credentials[position].findings[i], consumer: scope.consumer) {
                    mark(&risk.credentials[position].findings[i])
                }
            } else {
                for i in risk.globalFindings.indices where risk.globalFindings[i].clientID == scope.clientID && covers(risk.globalFindings[i], consumer: nil) {
                    mark(&risk.globalFindings[i])
                }
            }
        }
        if matched == 0 {
            warn(ack, "\(what) matches no finding" + (ack.rule.map { ": \(ack.ref) has no \($0) finding as of \(asOf)" } ?? ": \(ack.ref) has no finding as of \(asOf)"))
        } else if expired {
            warn(ack, "\(what) expired on \(until): its \(matched == 1 ? "finding counts" : "\(matched) findings count") again")
        }
    }
    // The expired ones resurface saying so, in every report and in JSON.
    func resurface(_ finding: inout Finding) {
        if let note = finding.acknowledgement, note.expired {
            finding.message += " (acknowledgement expired on \(note.until))"
        }
    }
    for c in risk.credentials.indices { for f in risk.credentials[c].findings.indices { resurface(&risk.credentials[c].findings[f]) } }
    for f in risk.globalFindings.indices { resurface(&risk.globalFindings[f]) }
    return warnings
}

/// The credentials whose blast radius reaches `id`: walked up the edges.
func upstreamCredentials(of id: NodeID, graph: DependencyGraph) -> [String] {
    var seen: Set<NodeID> = [id]
    var pending = [id]
    var found: [String] = []
    while let next = pending.popLast() {
        for edge in graph.edges(to: next) where seen.insert(edge.from).inserted {
            if let node = graph.node(edge.from), node.kind == .credential {
                found.append(node.name)
            } else {
                pending.append(edge.from)
            }
        }
    }
    return found.sorted()
}
