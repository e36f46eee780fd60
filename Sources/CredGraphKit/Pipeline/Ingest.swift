import Foundation
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
    let (result, evidence, _) = try ingestProbeEvidence(options, settings: settings, progress: progress) { _, _ in () }
    return (result, evidence)
}

/// `ingestProbeEvidence`, also doing `alongside` (work that needs the
/// inventory and dependencies but no probe, such as the dependency graph) on
/// the calling thread while another thread scans the probe logs: the scan
/// rarely keeps both cores busy, and this work fills the gaps. Diagnostics
/// keep the order of a scan done afterwards: configuration, inventory,
/// dependencies and metadata first, then the probe logs'.
func ingestProbeEvidence<Alongside>(
    _ options: InputOptions, settings: ProbePipelineSettings, progress: ProgressLine?,
    alongside: (Inventory, Dependencies) -> Alongside
) throws(UsageError) -> (IngestResult, ProbeEvidence, Alongside) {
    var (files, config, clock, inventory, diagnostics) = try readConfigAndInventory(options)
    let scan = ProbeScanThread(
        files: files, options: ProbeScanOptions(strict: options.strict, settings: config.probes), settings: settings,
        aggregator: ProbeAggregator(inventory: inventory, config: config, clock: clock), progress: ProbeProgress(progress))
    scan.start()
    let (dependencies, metadata) = readDependencies(options: options, files: files, config: config, inventory: inventory, diagnostics: &diagnostics)
    let extra = alongside(inventory, dependencies)
    scan.wait()
    diagnostics.append(contentsOf: scan.diagnostics)
    let result = IngestResult(
        files: files, config: config, clock: clock, inventory: inventory, dependencies: dependencies,
        probeFiles: scan.probeFiles, probeStats: scan.total, probeFileStats: scan.perFile, diagnostics: diagnostics, metadata: metadata)
    return (result, scan.aggregator.finish(), extra)
}

/// The probe scan on a thread of its own. Its fields are written by that
/// thread only, and read only after `wait()` (the semaphore orders the two).
private final class ProbeScanThread: @unchecked Sendable {
    private let files: InputFiles
    private let options: ProbeScanOptions
    private let settings: ProbePipelineSettings
    private let progress: ProbeProgress
    private let done = DispatchSemaphore(value: 0)
    private(set) var aggregator: ProbeAggregator
    private(set) var diagnostics = Diagnostics()
    private(set) var probeFiles: [String] = []
    private(set) var perFile: [ProbeFileStats] = []
    private(set) var total = ProbeScanStats()

    init(files: InputFiles, options: ProbeScanOptions, settings: ProbePipelineSettings, aggregator: ProbeAggregator, progress: ProbeProgress) {
        self.files = files
        self.options = options
        self.settings = settings
        self.aggregator = aggregator
        self.progress = progress
    }

    func start() {
        let thread = Thread { [self] in
            probeFiles = ProbeLog.files(at: files.probes, diagnostics: &diagnostics)
            total = ProbePipeline.run(
                files: probeFiles, options: options, settings: settings, sink: &aggregator, diagnostics: &diagnostics,
                perFile: &perFile, progress: progress)
            done.signal()
        }
        // The size of the main thread's stack, where the scan used to run.
        thread.stackSize = 8 << 20
        thread.start()
    }

    func wait() { done.wait() }
}

/// Everything but the probe logs: files, configuration, inventory and
/// dependencies, with their diagnostics.
private func readTabularInputs(_ options: InputOptions) throws(UsageError)
    -> (InputFiles, Config, Clock, Inventory, Dependencies, Diagnostics, MetadataScan)
{
    var (files, config, clock, inventory, diagnostics) = try readConfigAndInventory(options)
    let (dependencies, metadata) = readDependencies(options: options, files: files, config: config, inventory: inventory, diagnostics: &diagnostics)
    return (files, config, clock, inventory, dependencies, diagnostics, metadata)
}

/// What the probe scan needs first: the files, the configuration and the inventory.
private func readConfigAndInventory(_ options: InputOptions) throws(UsageError) -> (InputFiles, Config, Clock, Inventory, Diagnostics) {
    let files = try InputFiles.resolve(options)
    var diagnostics = Diagnostics()
    let (config, clock) = try loadConfig(files: files, options: options, diagnostics: &diagnostics)
    let inventory = InventoryLoader.load(
        path: files.inventory, secretTTLDays: config.secretTTLDays, declaredEnvironments: config.environments, diagnostics: &diagnostics)
    return (files, config, clock, inventory, diagnostics)
}

/// The dependencies and the metadata scan merged into them.
private func readDependencies(
    options: InputOptions, files: InputFiles, config: Config, inventory: Inventory, diagnostics: inout Diagnostics
) -> (Dependencies, MetadataScan) {
    let dependencies: Dependencies
    if let path = files.dependencies {
        dependencies = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
    } else {
        // The inventory's `writes` cells still describe edges.
        dependencies = DependencyLoader.fromInventory(inventory)
    }
    let metadata = scanMetadata(options: options, config: config, inventory: inventory, dependencies: dependencies)
    diagnostics.append(contentsOf: metadata.diagnostics)
    return (metadata.merged(into: dependencies), metadata)
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
