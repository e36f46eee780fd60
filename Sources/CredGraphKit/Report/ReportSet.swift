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

    public var asOf: String
    public var deadline: String?
    public var credentialCount: Int
    public var consumerCount: Int
    public var criticalCount: Int
    public var highCount: Int
    public var expiredCount: Int
    public var expiringSoonCount: Int
    public var expiryHighDays: Int
    public var readyCount: Int
    public var readyShare: String
    public var globalFindingCount: Int
    public var hasGlobalFindings: Bool
    public var globalFindings: [GlobalFinding]
    public var top: [TopRow]
    public var ownerCount: Int
    public var packages: [PackageRow]
}

/// How many credentials the index lists under "Most at risk".
let indexTopCount = 10

public enum ReportKind: Sendable {
    case all, weekly, readiness
}

/// Renders the reports of `kind` into files, paths relative to the output folder.
/// Diagrams are rendered through libgraphviz; a Graphviz failure is thrown.
public func buildReports(_ context: ReportContext, templates: ReportTemplates, kind: ReportKind = .all, diagramOptions: DiagramOptions = DiagramOptions()) throws -> OutputFiles {
    var files = OutputFiles()
    let analysis = context.analysis
    let owners = StageTimes.measure("weekly pages") { weeklyOwnerPages(context) }
    if kind == .all || kind == .weekly {
        StageTimes.measure("weekly render") {
            let prefix = kind == .weekly ? "" : "weekly/"
            files.add(prefix + "README.md", templates.render("weekly-index", [
                "asOf": context.asOfText, "owners": weeklyIndexRows(owners),
            ] as [String: Any]))
            for page in owners {
                files.add(prefix + page.slug + ".md", templates.render("weekly-owner", page))
            }
        }
    }
    var readiness: ReadinessPage?
    if kind == .all || kind == .readiness {
        StageTimes.measure("readiness") {
            let page = readinessPage(context)
            readiness = page
            files.add("readiness.md", templates.render("readiness", page))
        }
    }
    guard kind == .all else { return files }

    var options = diagramOptions
    options.maskClientIDs = context.maskClientIDs
    let (reviews, reviewPages) = StageTimes.measure("change-review pages") {
        let reviews = changeReviewPages(context)
        return (reviews, reviews.map { templates.render("change-review", $0) })
    }
    let reviewDiagrams = try StageTimes.measure("change-review diagrams") { () throws in
        let credentials = CredentialLookup(analysis)
        return try reviews.map {
            try renderDiagram(blastRadiusDiagram($0.radius, analysis: analysis, options: options, credentials: credentials), format: .svg)
        }
    }
    for (page, (markdown, svg)) in zip(reviews, zip(reviewPages, reviewDiagrams)) {
        files.add("change-review/\(page.slug).md", markdown)
        files.add("change-review/\(page.slug).svg", bytes: svg)
    }
    let estate = try StageTimes.measure("graph diagram") { () throws in
        try renderDiagram(estateDiagram(analysis, options: options), format: .svg)
    }
    files.add("graph.svg", bytes: estate)

    let risk = analysis.risk
    let index = IndexPage(
        asOf: context.asOfText, deadline: context.deadline?.description,
        credentialCount: risk.credentials.count, consumerCount: analysis.inventory.consumers.count,
        criticalCount: risk.credentials.filter { $0.severity == .critical }.count,
        highCount: risk.credentials.filter { $0.severity == .high }.count,
        expiredCount: risk.credentials.filter { ($0.daysLeft ?? 0) < 0 }.count,
        expiringSoonCount: risk.credentials.filter { ($0.daysLeft.map { $0 >= 0 && $0 <= analysis.config.thresholds.expiryHighDays }) ?? false }.count,
        expiryHighDays: analysis.config.thresholds.expiryHighDays,
        readyCount: readiness?.readyCount ?? 0, readyShare: readiness?.readyShare ?? "n/a",
        globalFindingCount: risk.globalFindings.count, hasGlobalFindings: !risk.globalFindings.isEmpty,
        globalFindings: risk.globalFindings.map { .init(severity: $0.severity.rawValue, rule: $0.rule, message: context.masked($0.message)) },
        top: risk.credentials.prefix(indexTopCount).map { a in
            .init(rank: a.rank, package: a.installedPackage, client: context.client(a.clientID), severity: a.severity.rawValue,
                  daysLeft: daysLeftText(a.daysLeft), consumers: a.consumers.count,
                  reason: a.topFinding.map { "\($0.rule) (\($0.severity.rawValue))" + (a.findings.count > 1 ? " and \(a.findings.count - 1) more" : "") } ?? "no finding")
        },
        ownerCount: owners.count,
        packages: reviews.sorted { ($0.worst, $1.package.lowercased()) > ($1.worst, $0.package.lowercased()) }.map {
            .init(name: $0.package, slug: $0.slug, severity: $0.severity, credentials: $0.credentials.count, consumers: $0.consumerCount)
        })
    StageTimes.measure("index") { files.add("README.md", templates.render("index", index)) }
    return files
}
