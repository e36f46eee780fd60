import CredGraphCore
import CredGraphIngest
import CredGraphRisk

/// Probe `consumer@env` pairs that name no inventory row of their client id:
/// a warning each, with the closest row, so a name that does not line up
/// (`mulesoft-customer-sync` for `MuleSoft Customer Master Sync`) is seen
/// instead of silently counting as "no inventoried consumer".
func unmatchedProbeConsumerDiagnostics(inventory: Inventory, evidence: ProbeEvidence, inventoryPath: String) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (c, credential) in inventory.credentials.enumerated() where c < evidence.credentials.count {
        let rows = credential.consumerIndices.map { inventory.consumers[$0] }
        for said in evidence.credentials[c].unmatchedConsumers {
            let closest = closestRow(to: said, among: rows)
            var message = "probes of client_id '\(credential.clientID)' name consumer '\(TerminalText.sanitized(said.label))' "
                + "(\(said.probes) \(said.probes == 1 ? "probe" : "probes")), which matches no inventory row of that client id"
            if let closest {
                message += "; closest row: '\(closest.reference)' at line \(closest.location.line ?? 0)"
            }
            message += ". Use one name in the probes and the inventory, or the probes count for no consumer."
            out.append(Diagnostic(file: inventoryPath, line: closest?.location.line, severity: .warning, message: message))
        }
    }
    return out
}

/// The row whose folded name is nearest (edit distance), preferring the probe's environment.
private func closestRow(to said: UnmatchedConsumer, among rows: [Consumer]) -> Consumer? {
    func fold(_ s: String) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
    let name = fold(said.consumer)
    return rows.min { a, b in
        let da = EnvironmentNames.editDistance(name, fold(a.integration)), db = EnvironmentNames.editDistance(name, fold(b.integration))
        let ea = a.environment == said.environment ? 0 : 1, eb = b.environment == said.environment ? 0 : 1
        return (da, ea, a.location.line ?? 0) < (db, eb, b.location.line ?? 0)
    }
}
