import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk

public func analyze(_ options: InputOptions) throws(UsageError) -> Analysis {
    // Probe parsing on every core; a progress line through the caller's `progress` when the scan is long.
    let (result, evidence) = try StageTimes.measure("ingest") { () throws(UsageError) in try ingestProbeEvidence(options, progress: options.progress) }
    let graph = StageTimes.measure("graph") { DependencyGraph(inventory: result.inventory, dependencies: result.dependencies) }
    var diagnostics = result.diagnostics
    for diagnostic in graph.droppedEdgeDiagnostics() { diagnostics.append(diagnostic) }
    for diagnostic in unmatchedProbeConsumerDiagnostics(
        inventory: result.inventory, evidence: evidence, inventoryPath: result.files.inventory) { diagnostics.append(diagnostic) }
    var risk = StageTimes.measure("risk") {
        var reach: [String: BlastRadiusCounts] = [:]
        for credential in result.inventory.credentials {
            reach[credential.clientID] = graph.blastRadius(ofCredential: credential.clientID).counts
        }
        return assessRisk(inventory: result.inventory, evidence: evidence, config: result.config, clock: result.clock, blastRadius: reach,
                          metadata: result.metadata)
    }
    for warning in applyAcknowledgements(result.config.acknowledgements, to: &risk, graph: graph, inventory: result.inventory) {
        diagnostics.append(warning)
    }
    return Analysis(ingest: result, graph: graph, evidence: evidence, risk: risk, diagnostics: diagnostics)
}
