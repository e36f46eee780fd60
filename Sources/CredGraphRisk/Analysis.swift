import CredGraphCore
import CredGraphIngest
import CredGraphGraph

/// One run of the whole pipeline: ingest, graph, probe evidence, risk. Every
/// command that reports anything starts from this. `analyze` (CredGraphKit)
/// builds it; it is declared here, after the last analysis stage, because
/// Render and Report read it.
public struct Analysis: Sendable {
    public var ingest: IngestResult
    public var graph: DependencyGraph
    public var evidence: ProbeEvidence
    public var risk: RiskReport
    /// Ingest's diagnostics plus the graph's (edges it could not attach).
    public var diagnostics: Diagnostics

    public var config: Config { ingest.config }
    public var clock: Clock { ingest.clock }
    public var inventory: Inventory { ingest.inventory }

    package init(ingest: IngestResult, graph: DependencyGraph, evidence: ProbeEvidence, risk: RiskReport, diagnostics: Diagnostics) {
        self.ingest = ingest
        self.graph = graph
        self.evidence = evidence
        self.risk = risk
        self.diagnostics = diagnostics
    }
}
