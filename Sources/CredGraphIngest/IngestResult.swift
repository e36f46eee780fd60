import CredGraphCore

/// Everything ingest produced for one run: the typed inputs the later stages
/// read, and every diagnostic found on the way.
public struct IngestResult: Sendable {
    public var files: InputFiles
    public var config: Config
    public var clock: Clock
    public var inventory: Inventory
    public var dependencies: Dependencies
    public var probeFiles: [String]
    public var probeStats: ProbeScanStats
    /// What each probe file yielded, in reading order.
    public var probeFileStats: [ProbeFileStats] = []
    public var diagnostics: Diagnostics
    /// The Marketing Cloud metadata scanned; its edges are already in `dependencies`.
    public var metadata = MetadataScan()

    package init(
        files: InputFiles, config: Config, clock: Clock, inventory: Inventory, dependencies: Dependencies,
        probeFiles: [String], probeStats: ProbeScanStats, probeFileStats: [ProbeFileStats] = [], diagnostics: Diagnostics,
        metadata: MetadataScan = MetadataScan()
    ) {
        self.files = files
        self.config = config
        self.clock = clock
        self.inventory = inventory
        self.dependencies = dependencies
        self.probeFiles = probeFiles
        self.probeStats = probeStats
        self.probeFileStats = probeFileStats
        self.diagnostics = diagnostics
        self.metadata = metadata
    }
}
