/// The weekly risk report per owner: what to do first, then each credential
/// the owner answers for. Technical and business owners alike get one.

/// One owner's page, as the `weekly-owner` template reads it.
public struct WeeklyOwnerPage: Sendable {
    public struct Action: Sendable {
        public var priority: Int
        public var severity: String
        public var package: String
        public var client: String
        public var rule: String
        public var message: String
        public var remediation: String
    }

    public struct FindingRow: Sendable {
        public var severity: String
        public var rule: String
        public var message: String
        public var remediation: String
    }

    public struct DownstreamRow: Sendable {
        public var kind: String
        public var name: String
        public var environments: String?
        public var owner: String?
    }

    public struct CredentialSection: Sendable {
        public var package: String
        public var client: String
        public var severity: String
        public var expiresOn: String
        public var daysLeft: String
        public var role: String
        public var consumerCount: Int
        public var windowDays: Int
        public var sparkline: String
        public var probeSummary: String
        public var hasFindings: Bool
        public var findings: [FindingRow]
        public var reach: String
        public var downstream: [DownstreamRow]
        public var downstreamMore: Int?
    }

    public var name: String
    /// The e-mail address on file, when the inventory gives one.
    public var contact: String?
    public var slug: String
    public var asOf: String
    public var roles: String
    public var severity: String
    public var worst: Severity
    public var credentialCount: Int
    public var actions: [Action]
    public var credentials: [CredentialSection]
}

/// One row of `weekly/README.md`.
public struct WeeklyIndexRow: Sendable {
    public var name: String
    public var slug: String
    public var severity: String
    public var actionCount: Int
    public var credentialCount: Int
}

/// How many downstream nodes a weekly page lists per credential before "… and N more".
let weeklyDownstreamLimit = 12

/// Every owner's page, worst first, then by name.
public func weeklyOwnerPages(_ context: ReportContext) -> [WeeklyOwnerPage] {
    let analysis = context.analysis
    let consumers = analysis.inventory.consumers

    // Owner identity: the name, case-insensitively; the first spelling (with email) is shown.
    struct Role { var technical: [Int] = []; var business: [Int] = [] }
    var owners: [String: (owner: Owner, roles: Role)] = [:]
    for (index, consumer) in consumers.enumerated() {
        if let owner = consumer.technicalOwner {
            owners[owner.name.lowercased(), default: (owner, Role())].roles.technical.append(index)
        }
        if let owner = consumer.businessOwner {
            owners[owner.name.lowercased(), default: (owner, Role())].roles.business.append(index)
        }
    }
    let keys = owners.keys.sorted()
    let slugs = Dictionary(uniqueKeysWithValues: zip(keys, uniqueSlugs(keys.map { owners[$0]!.owner.name })))

    // A credential shows on the page of each of its owners: its section and
    // actions are built once and reused (only the role differs per owner).
    var sectionCache: [Int: WeeklyOwnerPage.CredentialSection] = [:]
    var actionCache: [Int: [WeeklyOwnerPage.Action]] = [:]
    var pages: [WeeklyOwnerPage] = []
    for key in keys {
        let (owner, roles) = owners[key]!
        let technicalRows = Set(roles.technical), businessRows = Set(roles.business)
        let clientIDs = Set(technicalRows.union(businessRows).map { consumers[$0].clientID })
        // In rank order: the riskiest credential first.
        let ranked = clientIDs.compactMap { context.index.rankedByClientID[$0] }.sorted()
        let owned = ranked.map { analysis.risk.credentials[$0] }

        var sections: [WeeklyOwnerPage.CredentialSection] = []
        var actions: [WeeklyOwnerPage.Action] = []
        for (position, assessment) in zip(ranked, owned) {
            let mine = context.index.consumers(of: assessment.clientID)
            let technical = mine.filter { technicalRows.contains($0) }.map { consumers[$0].reference }
            let business = mine.filter { businessRows.contains($0) }.map { consumers[$0].reference }
            var roleParts: [String] = []
            if !technical.isEmpty { roleParts.append("technical owner of \(listText(technical))") }
            if !business.isEmpty { roleParts.append("business owner of \(listText(business))") }
            var section = sectionCache[position] ?? credentialSection(assessment, role: "", context: context)
            sectionCache[position] = section
            section.role = roleParts.joined(separator: "; ")
            sections.append(section)
            if actionCache[position] == nil {
                actionCache[position] = assessment.findings.filter { $0.severity > .info }.map { finding in
                    .init(
                        priority: 0, severity: finding.severity.rawValue, package: assessment.installedPackage,
                        client: context.client(assessment.clientID), rule: finding.rule,
                        message: context.masked(finding.message), remediation: context.masked(finding.remediation))
                }
            }
            actions += actionCache[position]!
        }
        // Findings are already worst first within a credential and credentials in rank
        // order; a stable sort by severity keeps that order inside each severity.
        let level = { (action: WeeklyOwnerPage.Action) in Severity(rawValue: action.severity)?.level ?? 0 }
        actions = actions.enumerated().sorted { a, b in
            let (la, lb) = (level(a.element), level(b.element))
            return la != lb ? la > lb : a.offset < b.offset
        }.map(\.element)
        for i in actions.indices { actions[i].priority = i + 1 }

        var roleNames: [String] = []
        if !roles.technical.isEmpty { roleNames.append("technical owner") }
        if !roles.business.isEmpty { roleNames.append("business owner") }
        let worst = owned.map(\.severity).max() ?? .info
        pages.append(WeeklyOwnerPage(
            name: owner.name, contact: owner.email, slug: slugs[key]!, asOf: context.asOfText, roles: listText(roleNames),
            severity: worst.rawValue, worst: worst, credentialCount: owned.count, actions: actions, credentials: sections))
    }
    return pages.sorted { ($0.worst, $1.name.lowercased()) > ($1.worst, $0.name.lowercased()) }
}

func credentialSection(_ assessment: RiskAssessment, role: String, context: ReportContext) -> WeeklyOwnerPage.CredentialSection {
    let analysis = context.analysis
    let index = context.index.credentialByClientID[assessment.clientID]
    let evidence = index.map { analysis.evidence.credentials[$0] }
    let stats = assessment.probes
    let summary: String
    if stats.probes == 0 {
        summary = "(no probes in the window)"
    } else {
        summary = "(\(grouped(stats.probes)) probes, \(percent(stats.successes, of: stats.probes)) successful; last probe \(reportTime(stats.last)), last success \(reportTime(stats.lastSuccess)))"
    }
    let radius = analysis.graph.blastRadius(ofCredential: assessment.clientID)
    let downstream = radius.nodes.filter { ![.installedPackage, .credential].contains($0.node.kind) }
    let rows = downstream.prefix(weeklyDownstreamLimit).map { reached in
        WeeklyOwnerPage.DownstreamRow(
            kind: reached.node.kind == .integration ? "consumer" : reached.node.kind.rawValue,
            name: reached.node.kind == .integration ? reached.node.reference.replacingOccurrences(of: "integration:", with: "") : reached.node.name,
            environments: reached.node.kind == .integration || reached.environments.isEmpty ? nil : reached.environments.joined(separator: ", "),
            owner: (reached.node.owner ?? reached.node.technicalOwner)?.description)
    }
    let findings = assessment.findings.map {
        WeeklyOwnerPage.FindingRow(severity: $0.severity.rawValue, rule: $0.rule, message: context.masked($0.message), remediation: context.masked($0.remediation))
    }
    return WeeklyOwnerPage.CredentialSection(
        package: assessment.installedPackage, client: context.client(assessment.clientID),
        severity: assessment.severity.rawValue, expiresOn: assessment.expiresOn?.description ?? "unknown",
        daysLeft: daysLeftText(assessment.daysLeft), role: role, consumerCount: assessment.consumers.count,
        windowDays: analysis.config.windowDays, sparkline: sparkline(evidence?.daily.successRates ?? []),
        probeSummary: summary, hasFindings: !findings.isEmpty, findings: findings,
        reach: assessment.blastRadius.reachText, downstream: Array(rows),
        downstreamMore: downstream.count > weeklyDownstreamLimit ? downstream.count - weeklyDownstreamLimit : nil)
}

public func weeklyIndexRows(_ pages: [WeeklyOwnerPage]) -> [WeeklyIndexRow] {
    pages.map { WeeklyIndexRow(name: $0.name, slug: $0.slug, severity: $0.severity, actionCount: $0.actions.count, credentialCount: $0.credentialCount) }
}
