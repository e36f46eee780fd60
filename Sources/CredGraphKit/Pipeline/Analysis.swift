import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk

public func analyze(_ options: InputOptions) throws(UsageError) -> Analysis {
    // Probe parsing on every core; a progress line through the caller's `progress` when the scan is long.
    // The graph and every credential's blast radius need no probe: they are built while the logs are scanned.
    let (result, evidence, (graph, reach)) = try StageTimes.measure("ingest") { () throws(UsageError) in
        try ingestProbeEvidence(
            options, settings: .standard(), progress: options.progress
        ) { inventory, dependencies -> (DependencyGraph, [String: BlastRadiusCounts]) in
            let graph = DependencyGraph(inventory: inventory, dependencies: dependencies)
            var reach: [String: BlastRadiusCounts] = [:]
            for credential in inventory.credentials {
                reach[credential.clientID] = graph.blastRadius(ofCredential: credential.clientID).counts
            }
            return (graph, reach)
        }
    }
    var diagnostics = result.diagnostics
    for diagnostic in graph.droppedEdgeDiagnostics() { diagnostics.append(diagnostic) }
    for diagnostic in unmatchedProbeConsumerDiagnostics(
        inventory: result.inventory, evidence: evidence, inventoryPath: result.files.inventory) { diagnostics.append(diagnostic) }
    var risk = StageTimes.measure("risk") {
        assessRisk(inventory: result.inventory, evidence: evidence, config: result.config, clock: result.clock, blastRadius: reach,
                   metadata: result.metadata)
    }
    for warning in applyAcknowledgements(result.config.acknowledgements, to: &risk, graph: graph, inventory: result.inventory) {
        diagnostics.append(warning)
    }
    return Analysis(ingest: result, graph: graph, evidence: evidence, risk: risk, diagnostics: diagnostics)
}
