import CredGraphCore

/// `uninventoried-client`: probes name a client id the inventory lacks, the
/// trace of an integration nobody inventoried. A top-level finding: it
/// belongs to no inventoried credential. The client id appears in full
/// (`clientID` and message); reports mask it as they mask every client id.
public struct UninventoriedClient: Rule {
    public static let id = RuleID("uninventoried-client")
    public static let topic = RuleTopic.estate
    public static let summary = "Probes name a client id that no inventory row has."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "probes name a client id the inventory lacks"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per client id that probes name and the inventory lacks. Every
    probe up to as-of counts here, not only the window: any trace of an
    uninventoried integration is worth reporting. A top-level finding; the client
    id appears in full in `risk --json` and is masked in the table and reports.

    **Means** an integration nobody inventoried holds a Marketing Cloud secret
    and will break unseen when it expires. The message gives the probe count,
    first and last probe, environments and consumer names seen.

    **Do**: find the installed package whose API Integration component has that
    client id (Setup > Apps > Installed Packages, parent business unit), its
    consumers and owners, and add them to the inventory; if no package has it any
    more, find and stop the caller.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        var findings = context.evidence.uninventoried.map { entry in
            var seen: [String] = []
            if !entry.environments.names.isEmpty {
                seen.append("environments \(Wording.list(entry.environments.names))" + (entry.environments.truncated ? " and more" : ""))
            }
            if !entry.consumers.names.isEmpty {
                seen.append("consumers \(Wording.list(entry.consumers.names))" + (entry.consumers.truncated ? " and more" : ""))
            }
            let callers = entry.consumers.names.isEmpty ? "" : " (\(Wording.list(entry.consumers.names)))"
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "Probes name client id \(entry.clientID), which no inventory row has: \(Wording.count(entry.probes, "probe")) "
                    + (entry.first == entry.last ? "at \(Wording.time(entry.first))" : "from \(Wording.time(entry.first)) to \(Wording.time(entry.last))")
                    + (seen.isEmpty ? "" : ", \(seen.joined(separator: ", "))")
                    + ". An integration nobody inventoried holds a Marketing Cloud secret and will break unseen at its expiry.",
                remediation: "Find the installed package whose API Integration component has client id \(entry.clientID) "
                    + "(Setup > Apps > Installed Packages, from the parent business unit), then its consumers\(callers), their secret locations "
                    + "and owners, and add a row per consumer to inventory.csv. If no package has it any more, find and stop the caller.",
                clientID: entry.clientID
            )
        }
        if context.evidence.uninventoriedOverflowProbes > 0 {
            findings.append(Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "\(Wording.count(context.evidence.uninventoriedOverflowProbes, "more probe")) named further client ids missing from the inventory, "
                    + "beyond the \(ProbeEvidence.uninventoriedCap) listed separately: the probe logs and the inventory describe different estates.",
                remediation: "Check that the probe logs belong to this Marketing Cloud account and that the inventory is complete."
            ))
        }
        return findings
    }
}

extension UninventoriedClient {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("probes name client id `client-zzzz9999`, which no inventory row has",
                        probes: ExampleProbe.steady() + ExampleProbe.steady("Legacy Export", hours: 1, client: "client-zzzz9999"), severity: .high),
        ],
        nonTriggering: [
            RuleExample("every probe names the inventoried client id", probes: ExampleProbe.steady()),
        ]
    )
}
