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
    public var diagnostics: Diagnostics
}

/// Reads every input of a run. Probe records are streamed into `onProbe`
/// (nothing keeps them), so memory stays bounded whatever the log size.
/// Throws only for wrong usage; every problem in the inputs becomes a diagnostic.
public func ingest(_ options: InputOptions, onProbe: (ProbeRecord) -> Void = { _ in }) throws(UsageError) -> IngestResult {
    let files = try InputFiles.resolve(options)
    var diagnostics = Diagnostics()
    let (config, clock) = try loadConfig(files: files, options: options, diagnostics: &diagnostics)
    let inventory = InventoryLoader.load(path: files.inventory, secretTTLDays: config.secretTTLDays, diagnostics: &diagnostics)
    var dependencies = Dependencies()
    if let path = files.dependencies {
        dependencies = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
    } else {
        // The inventory's `writes` cells still describe edges.
        dependencies = DependencyLoader.fromInventory(inventory)
    }
    let probeFiles = ProbeLog.files(at: files.probes, diagnostics: &diagnostics)
    var total = ProbeScanStats()
    let scanOptions = ProbeScanOptions(strict: options.strict)
    for file in probeFiles {
        let stats = ProbeLog.scan(file: file, options: scanOptions, diagnostics: &diagnostics, onProbe)
        total.lines += stats.lines
        total.records += stats.records
        total.malformed += stats.malformed
        total.bytes += stats.bytes
    }
    return IngestResult(
        files: files, config: config, clock: clock, inventory: inventory, dependencies: dependencies,
        probeFiles: probeFiles, probeStats: total, diagnostics: diagnostics)
}
