import CredGraphCore
import CredGraphIngest
import CredGraphRisk

/// What `credgraph check` reports about a run: counts of what was read and
/// of the problems found. A plain value; TextFormat and JSONFormat show it.
public struct CheckSummary: Sendable, Hashable {
    public var inventoryRows: Int
    public var credentials: Int
    public var consumers: Int
    public var nodes: Int
    public var edges: Int
    public var probeFiles: Int
    public var probeLines: Int
    public var probeRecords: Int
    public var probeMalformed: Int
    /// What each probe file yielded.
    public var probeFileStats: [ProbeFileStats]
    public var errors: Int
    public var warnings: Int
    public var diagnostics: [Diagnostic]

    public init(_ analysis: Analysis) {
        self.init(analysis.ingest, diagnostics: analysis.diagnostics)
    }

    public init(_ result: IngestResult, diagnostics: Diagnostics? = nil) {
        let diagnostics = diagnostics ?? result.diagnostics
        inventoryRows = result.inventory.rowCount
        credentials = result.inventory.credentials.count
        consumers = result.inventory.consumers.count
        nodes = result.dependencies.nodes.count
        edges = result.dependencies.edges.count
        probeFiles = result.probeFiles.count
        probeLines = result.probeStats.lines
        probeRecords = result.probeStats.records
        probeMalformed = result.probeStats.malformed
        probeFileStats = result.probeFileStats
        errors = diagnostics.errorCount
        warnings = diagnostics.warningCount
        self.diagnostics = diagnostics.items
    }
}
