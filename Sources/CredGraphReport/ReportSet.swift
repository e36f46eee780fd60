import CredGraphCore
import CredGraphRisk
import CredGraphRender

/// `credgraph report`: every report of outputs.md's layout, rendered from the
/// templates into one set of files written whole.

public struct IndexPage: Sendable {
    public struct TopRow: Sendable {
        public var rank: Int
        public var package: String
        public var client: String
        public var severity: String
        public var daysLeft: String
        public var consumers: Int
        public var reason: String
    }

    public struct GlobalFinding: Sendable {
        public var severity: String
        public var rule: String
        public var message: String
    }

    public struct PackageRow: Sendable {
        public var name: String
        public var slug: String
        public var severity: String
        public var credentials: Int
        public var consumers: Int
    }

    /// Problems of the inputs, per file, when the inputs had errors or lost probe lines.
    public struct DataQualityFile: Sendable {
        public var file: String
        public var errors: Int
        public var warnings: Int
        /// Probe lines that could not be used.
        public var droppedProbeLines: Int
    }

    public struct DataQualityItem: Sendable {
        public var location: String
        public var severity: String
        public var message: String
    }

    public var asOf: String
    public var deadline: String?
    /// The data-quality section opens the page when this is true.
    public var hasDataQuality: Bool
    public var dataQualityErrors: Int
    public var dataQualityWarnings: Int
    public var dataQualityDropped: Int
    public var dataQualityFiles: [DataQualityFile]
    public var dataQualityFirst: [DataQualityItem]
    /// Problems beyond those listed; nil when none (a Mustache section shows a zero).
    public var dataQualityMore: Int?
    public var credentialCount: Int
    public var consumerCount: Int
    public var criticalCount: Int
    public var highCount: Int
    public var expiredCount: Int
    public var expiringSoonCount: Int
    public var expiryHighDays: Int
    public var readyCount: Int
    /// What readiness counts: the credentials plus the client ids nobody owns.
    public var readinessTotal: Int
    public var readyShare: String
    /// `Expiring within 30 days`, singular when it is 1.
    public var expiringWithin: String
    public var globalFindingCount: Int
    public var hasGlobalFindings: Bool
    public var globalFindings: [GlobalFinding]
    public var top: [TopRow]
    public var ownerCount: Int
    /// `12 owners`, `1 owner`.
    public var ownersText: String
    public var packages: [PackageRow]
    /// What changed since the baseline snapshot, and the readiness trend.
    public var changes = ChangesView()
    public var trend = TrendView()
    /// Findings an acknowledgement silences, and those whose acknowledgement expired.
    public var acknowledgedCount = 0
    public var acknowledgementsExpired = 0
    /// The rotation calendar's line on the index.
    public var planText = ""
}

/// How many changes of each kind the index lists before "… and N more".
let indexChangeLimit = 15

/// How many credentials the index lists under "Most at risk".
let indexTopCount = 10

public enum ReportKind: Sendable {
    case all, weekly, readiness
}

/// Renders the reports of `kind` into files, paths relative to the output folder.
/// Diagrams are rendered through libgraphviz, in this process unless
/// `diagramWorkers` offers worker processes; a Graphviz failure is thrown.
public func buildReports(
    _ context: ReportContext, templates: ReportTemplates, kind: ReportKind = .all, diagramOptions: DiagramOptions = DiagramOptions(),
    diagramWorkers: DiagramWorkers = .inProcess
) throws -> OutputFiles {
    var files = OutputFiles()
    let analysis = context.analysis
    var options = diagramOptions
    options.maskClientIDs = context.maskClientIDs
    // The diagrams (the estate's graph and one per change review) are most
    // of a report's CPU: with worker processes they are started first and
    // rendered while this process builds the pages, then `wait` renders
    // what is left here. The graph, the largest, is handed out first so it
    // does not finish last. Same bytes whatever the worker count.
    let reviews = kind == .all ? StageTimes.measure("change-review pages") { changeReviewPages(context) } : []
    let pendingDiagrams = kind == .all ? StageTimes.measure("diagrams started") { () -> PendingDiagrams in
        let credentials = CredentialLookup(analysis)
        let radii = reviews.map(\.radius)
        return diagramWorkers.start(radii.count + 1, format: .svg) { [options] i in
            i == 0 ? estateDiagram(analysis, options: options)
                : blastRadiusDiagram(radii[i - 1], analysis: analysis, options: options, credentials: credentials)
        }
    } : nil
    let past = StageTimes.measure("history") { HistoryReport(context) }
    var owners = StageTimes.measure("weekly pages") { weeklyOwnerPages(context) }
    let ownersOf = clientIDsByOwner(analysis.inventory)
    for i in owners.indices {
        let mine = ownersOf[owners[i].name.lowercased()] ?? []
        owners[i].changes = changesView(past.changes(forOwner: owners[i].name, clientIDs: mine), history: context.history, context: context)
        // In risk order, through the run's index rather than a scan of every credential per owner.
        let positions = mine.compactMap { context.index.rankedByClientID[$0] }.sorted()
        owners[i].acknowledged = acknowledgedRows(positions.map { analysis.risk.credentials[$0] }, context: context)
        owners[i].hasAcknowledged = !owners[i].acknowledged.isEmpty
    }
    if kind == .all || kind == .weekly {
        StageTimes.measure("weekly render") {
            let prefix = "weekly/"
            files.add(prefix + "README.md", templates.render("weekly-index", [
                "asOf": context.asOfText, "owners": weeklyIndexRows(owners),
                "unowned": unownedIndexRows(context), "hasUnowned": !analysis.risk.unowned.isEmpty,
            ] as [String: Any]))
            for page in owners {
                files.add(prefix + page.slug + ".md", templates.render("weekly-owner", page))
            }
        }
    }
    var readiness: ReadinessPage?
    if kind == .all || kind == .readiness {
        StageTimes.measure("readiness") {
            var page = readinessPage(context)
            page.changes = changesView(past.changes, history: context.history, context: context, limit: nil)
            readiness = page
            files.add("readiness.md", templates.render("readiness", page))
        }
    }
    guard kind == .all else { return files }

    let reviewPages = StageTimes.measure("change-review render") { reviews.map { templates.render("change-review", $0) } }
    let rendered = try StageTimes.measure("diagrams") { try pendingDiagrams!.wait() }
    for (page, (markdown, diagram)) in zip(reviews, zip(reviewPages, rendered.dropFirst())) {
        files.add("change-review/\(page.slug).md", markdown)
        files.add("change-review/\(page.slug).svg", bytes: diagram.bytes)
        for note in diagram.notes { files.diagnostics.note(note, file: "change-review/\(page.slug).svg") }
    }
    let estate = rendered[0]
    files.add("graph.svg", bytes: estate.bytes)
    for note in estate.notes { files.diagnostics.note(note, file: "graph.svg") }

    let risk = analysis.risk
    let quality = dataQuality(context)
    // This run's snapshot, and every earlier one carried along unchanged.
    files.add(historyFolderName + "/" + past.snapshot.fileName, bytes: past.snapshot.encoded())
    for file in context.history.carried { files.add(file.path, bytes: file.bytes) }
    var index = IndexPage(
        asOf: context.asOfText, deadline: context.deadline?.description,
        hasDataQuality: quality.shown, dataQualityErrors: quality.errors, dataQualityWarnings: quality.warnings,
        dataQualityDropped: quality.dropped, dataQualityFiles: quality.files, dataQualityFirst: quality.first,
        dataQualityMore: quality.more > 0 ? quality.more : nil,
        credentialCount: risk.credentials.count, consumerCount: analysis.inventory.consumers.count,
        criticalCount: risk.credentials.filter { $0.severity == .critical }.count,
        highCount: risk.credentials.filter { $0.severity == .high }.count,
        expiredCount: risk.credentials.filter { ($0.daysLeft ?? 0) < 0 }.count,
        expiringSoonCount: risk.credentials.filter { ($0.daysLeft.map { $0 >= 0 && $0 <= analysis.config.thresholds.expiryHighDays }) ?? false }.count,
        expiryHighDays: analysis.config.thresholds.expiryHighDays,
        readyCount: readiness?.readyCount ?? 0, readinessTotal: readiness?.total ?? risk.credentials.count,
        readyShare: readiness?.readyShare ?? "n/a",
        expiringWithin: "Expiring within \(Vocabulary.count(analysis.config.thresholds.expiryHighDays, "day"))",
        globalFindingCount: risk.globalFindings.count, hasGlobalFindings: !risk.globalFindings.isEmpty,
        globalFindings: risk.globalFindings.map { .init(severity: $0.severity.rawValue, rule: $0.rule.rawValue, message: context.masked($0.message)) },
        top: risk.credentials.prefix(indexTopCount).map { a in
            .init(rank: a.rank, package: a.installedPackage, client: context.client(a.clientID), severity: a.severity.rawValue,
                  daysLeft: Vocabulary.daysLeft(a.daysLeft), consumers: a.consumers.count,
                  reason: a.topFinding.map { "\($0.rule) (\($0.severity.rawValue))" + (a.findings.count > 1 ? " and \(a.findings.count - 1) more" : "") } ?? "no finding")
        },
        ownerCount: owners.count, ownersText: Vocabulary.count(owners.count, "owner"),
        packages: reviews.sorted { ($0.worst, $1.package.lowercased()) > ($1.worst, $0.package.lowercased()) }.map {
            .init(name: $0.package, slug: $0.slug, severity: $0.severity, credentials: $0.credentials.count, consumers: $0.consumerCount)
        })
    index.changes = changesView(past.changes, history: context.history, context: context, limit: indexChangeLimit)
    index.trend = trendView(earlier: context.history.earlier, current: past.snapshot)
    index.acknowledgedCount = past.snapshot.counts.acknowledged
    index.acknowledgementsExpired = risk.allFindings.filter { $0.acknowledgement?.expired == true }.count
    StageTimes.measure("plan") {
        let page = planPage(context)
        files.add("plan.md", templates.render("plan", page))
        for file in planCalendarFiles(context, previous: context.previousCalendar) { files.add(file.path, file.text) }
        index.planText = "a release-window slot in time for \(page.inTimeCount) of \(page.plannedText), none for \(page.noSlotCount)"
    }
    StageTimes.measure("index") { files.add("README.md", templates.render("index", index)) }
    return files
}

/// How many problems the index lists in full before counting the rest.
let dataQualityListed = 5

/// The index's data-quality section: shown when an input had errors or
/// probe lines were dropped, so nobody reads "expiry unknown, look it up"
/// for what was a format problem. Counts by file, then the first few.
func dataQuality(_ context: ReportContext) -> (
    shown: Bool, errors: Int, warnings: Int, dropped: Int, files: [IndexPage.DataQualityFile], first: [IndexPage.DataQualityItem], more: Int
) {
    let diagnostics = context.analysis.diagnostics
    let dropped = context.analysis.ingest.probeFileStats.reduce(0) { $0 + $1.stats.malformed }
    let shown = diagnostics.errorCount > 0 || dropped > 0
    var order: [String] = []
    var byFile: [String: IndexPage.DataQualityFile] = [:]
    func entry(_ file: String) {
        if byFile[file] == nil {
            order.append(file)
            byFile[file] = IndexPage.DataQualityFile(file: file, errors: 0, warnings: 0, droppedProbeLines: 0)
        }
    }
    for d in diagnostics.items {
        entry(d.file)
        if d.severity == .error { byFile[d.file]!.errors += 1 } else { byFile[d.file]!.warnings += 1 }
    }
    for f in context.analysis.ingest.probeFileStats where f.stats.malformed > 0 {
        entry(f.path)
        byFile[f.path]!.droppedProbeLines = f.stats.malformed
    }
    // Errors first, each kind in the order found.
    let ranked = diagnostics.items.filter { $0.severity == .error } + diagnostics.items.filter { $0.severity != .error }
    let first = ranked.prefix(dataQualityListed).map { d in
        IndexPage.DataQualityItem(
            location: d.location.description, severity: d.severity.rawValue, message: context.masked(d.message))
    }
    return (shown, diagnostics.errorCount, diagnostics.warningCount, dropped, order.map { byFile[$0]! }, Array(first),
            max(0, ranked.count - dataQualityListed))
}
