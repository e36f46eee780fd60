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
        /// `due_by`, with why when it is the deadline rather than the expiry.
        public var dueBy: String
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
    /// `1 Marketing Cloud credential`, `3 Marketing Cloud credentials` (stored: templates read stored properties).
    public var credentialsText: String = ""
}

/// One row of `weekly/README.md`.
public struct WeeklyIndexRow: Sendable {
    public var name: String
    public var slug: String
    public var severity: String
    public var actionCount: Int
    public var credentialCount: Int
}

/// One client id that only probes know, for the weekly index's "Nobody owns these".
public struct UnownedIndexRow: Sendable {
    public var client: String
    public var consumers: String
    public var environments: String
    public var probes: String
    public var lastSeen: String
    public var severity: String
}

/// The uninventoried client ids, masked as the reports mask client ids.
public func unownedIndexRows(_ context: ReportContext) -> [UnownedIndexRow] {
    context.analysis.risk.unowned.map { u in
        UnownedIndexRow(
            client: context.client(u.clientID), consumers: u.consumers.joined(separator: ", ").nonEmpty ?? "not named",
            environments: u.environments.joined(separator: ", ").nonEmpty ?? "not given",
            probes: Wording.count(u.probes, "probe"), lastSeen: reportTime(u.last), severity: u.severity.rawValue)
    }
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

    var pages: [WeeklyOwnerPage] = []
    for key in keys {
        let (owner, roles) = owners[key]!
        let rows = Set(roles.technical + roles.business)
        let clientIDs = Set(rows.map { consumers[$0].clientID })
        // In rank order: the riskiest credential first.
        let owned = analysis.risk.credentials.filter { clientIDs.contains($0.clientID) }

        var sections: [WeeklyOwnerPage.CredentialSection] = []
        var actions: [WeeklyOwnerPage.Action] = []
        for assessment in owned {
            let mine = consumers.indices.filter { consumers[$0].clientID == assessment.clientID }
            let technical = mine.filter { roles.technical.contains($0) }.map { consumers[$0].reference }
            let business = mine.filter { roles.business.contains($0) }.map { consumers[$0].reference }
            var roleParts: [String] = []
            if !technical.isEmpty { roleParts.append("technical owner of \(listText(technical))") }
            if !business.isEmpty { roleParts.append("business owner of \(listText(business))") }
            sections.append(credentialSection(assessment, role: roleParts.joined(separator: "; "), context: context))
            for finding in assessment.findings where finding.severity > .info {
                actions.append(.init(
                    priority: 0, severity: finding.severity.rawValue, package: assessment.installedPackage,
                    client: context.client(assessment.clientID), rule: finding.rule,
                    message: context.masked(finding.message), remediation: context.masked(finding.remediation)))
            }
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
            severity: worst.rawValue, worst: worst, credentialCount: owned.count, actions: actions, credentials: sections,
            credentialsText: Wording.count(owned.count, "Marketing Cloud credential")))
    }
    return pages.sorted { ($0.worst, $1.name.lowercased()) > ($1.worst, $0.name.lowercased()) }
}

func credentialSection(_ assessment: RiskAssessment, role: String, context: ReportContext) -> WeeklyOwnerPage.CredentialSection {
    let analysis = context.analysis
    let index = analysis.inventory.credentials.firstIndex { $0.clientID == assessment.clientID }
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
        severity: assessment.severity.rawValue, expiresOn: expiryText(assessment),
        daysLeft: daysLeftText(assessment.daysLeft), dueBy: dueByText(assessment.dueBy, reason: assessment.dueByReason),
        role: role, consumerCount: assessment.consumers.count,
        windowDays: analysis.config.windowDays, sparkline: sparkline(evidence?.daily.successRates ?? []),
        probeSummary: summary, hasFindings: !findings.isEmpty, findings: findings,
        reach: assessment.blastRadius.reachText, downstream: Array(rows),
        downstreamMore: downstream.count > weeklyDownstreamLimit ? downstream.count - weeklyDownstreamLimit : nil)
}

public func weeklyIndexRows(_ pages: [WeeklyOwnerPage]) -> [WeeklyIndexRow] {
    pages.map { WeeklyIndexRow(name: $0.name, slug: $0.slug, severity: $0.severity, actionCount: $0.actions.count, credentialCount: $0.credentialCount) }
}
