import CredGraphCore
import CredGraphIngest
import CredGraphRisk

/// Reads every input of a run. Probe records are streamed into the sink
/// that `makeProbeSink` builds once the configuration and inventory are
/// known (nothing keeps the records), so memory stays bounded whatever the
/// log size. Throws only for wrong usage; every problem in the inputs becomes
/// a diagnostic.
public func ingest<Sink>(
    _ options: InputOptions,
    makeProbeSink: (Config, Clock, Inventory) -> Sink,
    onProbe: (inout Sink, ProbeRecord) -> Void
) throws(UsageError) -> (IngestResult, Sink) {
    var (files, config, clock, inventory, dependencies, diagnostics, metadata) = try readTabularInputs(options)
    var sink = makeProbeSink(config, clock, inventory)
    let probeFiles = ProbeLog.files(at: files.probes, diagnostics: &diagnostics)
    var total = ProbeScanStats()
    var perFile: [ProbeFileStats] = []
    let scanOptions = ProbeScanOptions(strict: options.strict, settings: config.probes)
    for file in probeFiles {
        let stats = ProbeLog.scan(file: file, options: scanOptions, diagnostics: &diagnostics) { onProbe(&sink, $0) }
        total.add(stats)
        perFile.append(ProbeFileStats(path: file, stats: stats))
    }
    let result = IngestResult(
        files: files, config: config, clock: clock, inventory: inventory, dependencies: dependencies,
        probeFiles: probeFiles, probeStats: total, probeFileStats: perFile, diagnostics: diagnostics, metadata: metadata)
    return (result, sink)
}

/// Reads every input, counting probe records without keeping them.
public func ingest(_ options: InputOptions) throws(UsageError) -> IngestResult {
    try ingest(options, makeProbeSink: { _, _, _ in () }, onProbe: { _, _ in }).0
}

/// Reads every input and folds the probe logs into `ProbeEvidence`, parsing
/// them on `workers` threads (default: one per core). The result (evidence,
/// statistics, diagnostics and their order) is exactly that of
/// `ingest(_:makeProbeSink:onProbe:)` with a `ProbeAggregator`; only faster.
/// `progress` receives a progress line while a long scan runs.
public func ingestProbeEvidence(
    _ options: InputOptions, workers: Int? = nil, progress: ProgressLine? = nil
) throws(UsageError) -> (IngestResult, ProbeEvidence) {
    var settings = ProbePipelineSettings.standard(workers: workers ?? ProbePipelineSettings.defaultWorkers)
    settings.workers = max(1, settings.workers)
    return try ingestProbeEvidence(options, settings: settings, progress: progress)
}

func ingestProbeEvidence(
    _ options: InputOptions, settings: ProbePipelineSettings, progress: ProgressLine?
) throws(UsageError) -> (IngestResult, ProbeEvidence) {
    var (files, config, clock, inventory, dependencies, diagnostics, metadata) = try readTabularInputs(options)
    var aggregator = ProbeAggregator(inventory: inventory, config: config, clock: clock)
    let probeFiles = ProbeLog.files(at: files.probes, diagnostics: &diagnostics)
    var perFile: [ProbeFileStats] = []
    let total = ProbePipeline.run(
        files: probeFiles, options: ProbeScanOptions(strict: options.strict, settings: config.probes), settings: settings,
        sink: &aggregator, diagnostics: &diagnostics, perFile: &perFile,
        progress: ProbeProgress(progress))
    let result = IngestResult(
        files: files, config: config, clock: clock, inventory: inventory, dependencies: dependencies,
        probeFiles: probeFiles, probeStats: total, probeFileStats: perFile, diagnostics: diagnostics, metadata: metadata)
    return (result, aggregator.finish())
}

/// Everything but the probe logs: files, configuration, inventory and
/// dependencies, with their diagnostics.
private func readTabularInputs(_ options: InputOptions) throws(UsageError)
    -> (InputFiles, Config, Clock, Inventory, Dependencies, Diagnostics, MetadataScan)
{
    let files = try InputFiles.resolve(options)
    var diagnostics = Diagnostics()
    let (config, clock) = try loadConfig(files: files, options: options, diagnostics: &diagnostics)
    let inventory = InventoryLoader.load(
        path: files.inventory, secretTTLDays: config.secretTTLDays, declaredEnvironments: config.environments, diagnostics: &diagnostics)
    let dependencies: Dependencies
    if let path = files.dependencies {
        dependencies = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
    } else {
        // The inventory's `writes` cells still describe edges.
        dependencies = DependencyLoader.fromInventory(inventory)
    }
    let metadata = scanMetadata(options: options, config: config, inventory: inventory, dependencies: dependencies)
    diagnostics.append(contentsOf: metadata.diagnostics)
    return (files, config, clock, inventory, metadata.merged(into: dependencies), diagnostics, metadata)
}

/// The `--metadata` folders (or else `metadata:` of the configuration),
/// scanned with the inventory's client ids. A folder named `_ParentBU_`
/// given on the command line is the shared parent BU.
func scanMetadata(options: InputOptions, config: Config, inventory: Inventory, dependencies: Dependencies) -> MetadataScan {
    let sources: [MetadataSource]
    if !options.metadata.isEmpty {
        sources = options.metadata.map { path in
            let folder = (path.hasSuffix("/") ? String(path.dropLast()) : path).split(separator: "/").last.map(String.init) ?? path
            return MetadataSource(path: path, environment: options.metadataEnvironment, shared: folder == "_ParentBU_")
        }
    } else {
        sources = config.metadata
    }
    guard !sources.isEmpty else { return MetadataScan() }
    return MetadataReader.scan(
        sources: sources, clientIDs: Set(inventory.credentials.map(\.clientID)), declared: Set(dependencies.nodes.keys))
}

/// Everything but the probe logs (what `scan` needs): no probe file is read.
public func ingestWithoutProbes(_ options: InputOptions) throws(UsageError) -> IngestResult {
    let (files, config, clock, inventory, dependencies, diagnostics, metadata) = try readTabularInputs(options)
    return IngestResult(
        files: files, config: config, clock: clock, inventory: inventory, dependencies: dependencies,
        probeFiles: [], probeStats: ProbeScanStats(), diagnostics: diagnostics, metadata: metadata)
}
