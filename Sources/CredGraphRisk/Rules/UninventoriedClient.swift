import CredGraphCore

/// `uninventoried-client`: probes name a client id the inventory lacks, the
/// trace of an integration nobody inventoried. A top-level finding: it
/// belongs to no inventoried credential. The client id appears in full
/// (`clientID` and message); reports mask it as they mask every client id.
public struct UninventoriedClient: Rule {
    public static let id = "uninventoried-client"
    public static let summary = "Probes name a client id that no inventory row has."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "any probe up to as-of (not only the window) whose client_id is not in the inventory"

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
                rule: Self.id, severity: .high,
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
                rule: Self.id, severity: .high,
                message: "\(Wording.count(context.evidence.uninventoriedOverflowProbes, "more probe")) named further client ids missing from the inventory, "
                    + "beyond the \(ProbeEvidence.uninventoriedCap) listed separately: the probe logs and the inventory describe different estates.",
                remediation: "Check that the probe logs belong to this Marketing Cloud account and that the inventory is complete."
            ))
        }
        return findings
    }
}
