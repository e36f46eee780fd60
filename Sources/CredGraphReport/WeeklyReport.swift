import CredGraphCore
import CredGraphRisk

/// The weekly risk report per owner: what to do first, then each credential
/// the owner answers for. Technical and business owners alike get one.

/// One owner's page, as the `weekly-owner` template reads it. A technical
/// owner gets actions with the runbook steps, once per credential and
/// incident; a business owner gets the impact (what stops or goes stale, who
/// acts, by when) and no Setup steps; someone who is both sees both.
public struct WeeklyOwnerPage: Sendable {
    /// One thing to do: the findings about one credential and one set of
    /// consumers merged, with one remediation.
    public struct Action: Sendable {
        public var priority: Int
        public var severity: String
        public var package: String
        public var client: String
        /// `Boomi Store Inventory Feed@prod`; nil when the action is about the whole credential.
        public var consumers: String?
        /// The lead rule, whose remediation is given.
        public var rule: String
        /// The rules merged into this action, lead first.
        public var rules: String
        public var message: String
        public var remediation: String
        /// The other merged findings, by rule, in a few words.
        public var also: String?
    }

    public struct DownstreamRow: Sendable {
        public var kind: String
        public var name: String
        public var environments: String?
        public var owner: String?
    }

    /// For a business owner: one credential's trouble as their processes feel it.
    public struct Impact: Sendable {
        public var severity: String
        public var package: String
        public var consumers: String
        public var environments: String
        /// What is wrong and since when, in plain words.
        public var status: String
        /// Who is fixing it and by when.
        public var acting: String
        public var hasAffected: Bool
        public var affected: [AffectedAsset]
        public var affectedMore: Int?
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
        /// The rotation calendar's slot for it (plan.md), in a few words.
        public var hasPlannedRotation = false
        public var plannedRotation = ""
    }

    /// A credential with nothing above `info`: one row in a short table.
    public struct QuietRow: Sendable {
        public var package: String
        public var client: String
        public var expiresOn: String
        public var daysLeft: String
        public var role: String
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
    public var isTechnical: Bool
    public var hasActions: Bool
    public var actions: [Action]
    public var hasImpacts: Bool
    public var impacts: [Impact]
    public var credentials: [CredentialSection]
    public var hasQuiet: Bool
    public var quiet: [QuietRow]
    /// `1 Marketing Cloud credential`, `3 Marketing Cloud credentials` (stored: templates read stored properties).
    public var credentialsText: String = ""
    /// What changed for this owner since the baseline snapshot.
    public var changes = ChangesView()
    /// Their findings an acknowledgement silences.
    public var hasAcknowledged = false
    public var acknowledged: [AcknowledgedRow] = []
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
            probes: Vocabulary.count(u.probes, "probe"), lastSeen: Vocabulary.time(u.last), severity: u.severity.rawValue)
    }
}

/// How many downstream nodes a weekly page lists per credential before "… and N more".
let weeklyDownstreamLimit = 12
/// How many affected sends and assets an impact lists before "… and N more".
let impactAffectedLimit = 10

/// Rules whose remediation leads when findings merge, most specific first:
/// a half-done rotation explains the auth failures it causes, an expiry
/// explains the failures after it.
let leadRuleOrder = [PartialRotation.id, SecretExpired.id, RotationPending.id, AuthFailing.id, SecretExpiring.id]

/// Rules a business owner feels: the secret stops, or already has.
let businessRules: Set<RuleID> = [SecretExpired.id, SecretExpiring.id, AuthFailing.id, PartialRotation.id, RotationPending.id, ExpiryUnknown.id]

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

    // A credential shows on the page of each of its owners: its section is
    // built once (a technical owner's and a business owner's) and reused, only
    // the role differs per owner.
    var sectionCache: [Int: WeeklyOwnerPage.CredentialSection] = [:]
    // A finding's cell text, the same on each owner's page it shows on.
    var cells: [String: String] = [:]
    var pages: [WeeklyOwnerPage] = []
    for key in keys {
        let (owner, roles) = owners[key]!
        let technical = Set(roles.technical)
        let business = Set(roles.business)
        let clientIDs = Set((technical.union(business)).map { consumers[$0].clientID })
        // In rank order: the riskiest credential first.
        let ranked = clientIDs.compactMap { context.index.rankedByClientID[$0] }.sorted()
        let owned = ranked.map { analysis.risk.credentials[$0] }

        var actions: [(action: WeeklyOwnerPage.Action, level: Int, rank: Int, findings: [Finding])] = []
        var impacts: [WeeklyOwnerPage.Impact] = []
        var sectionsByClient: [String: (WeeklyOwnerPage.CredentialSection, RiskAssessment)] = [:]
        var quiet: [WeeklyOwnerPage.QuietRow] = []
        for (position, assessment) in zip(ranked, owned) {
            let mine = context.index.consumers(of: assessment.clientID)
            let myTechnical = mine.filter { technical.contains($0) }
            let myBusiness = mine.filter { business.contains($0) }
            var roleParts: [String] = []
            if !myTechnical.isEmpty { roleParts.append("technical owner of \(Vocabulary.list(myTechnical.map { consumers[$0].reference }))") }
            if !myBusiness.isEmpty { roleParts.append("business owner of \(Vocabulary.list(myBusiness.map { consumers[$0].reference }))") }
            let role = roleParts.joined(separator: "; ")
            if !myTechnical.isEmpty {
                for group in mergedActions(assessment, technicalConsumers: myTechnical, context: context) {
                    actions.append((group.action, group.level, assessment.rank, group.findings))
                }
            }
            if !myBusiness.isEmpty, let impact = businessImpact(assessment, consumers: myBusiness, context: context) {
                impacts.append(impact)
            }
            if assessment.findings.contains(where: { $0.severity > .info }) {
                let detailed = !myTechnical.isEmpty
                let key = position * 2 + (detailed ? 1 : 0)
                var section = sectionCache[key] ?? credentialSection(assessment, role: "", detailed: detailed, context: context)
                sectionCache[key] = section
                section.role = role
                sectionsByClient[assessment.clientID] = (section, assessment)
            } else {
                quiet.append(.init(package: assessment.installedPackage, client: context.client(assessment.clientID),
                                   expiresOn: assessment.expiresOn?.description ?? "unknown", daysLeft: Vocabulary.daysLeft(assessment.daysLeft), role: role))
            }
        }
        // Worst first; within a severity, the credential's rank, then the order found.
        let ordered = actions.enumerated().sorted { a, b in
            (-a.element.level, a.element.rank, a.offset) < (-b.element.level, b.element.rank, b.offset)
        }.map(\.element)
        var numbered: [WeeklyOwnerPage.Action] = []
        var handledIn: [String: String] = [:]
        for (i, entry) in ordered.enumerated() {
            var action = entry.action
            action.priority = i + 1
            numbered.append(action)
            for finding in entry.findings { handledIn[findingKey(finding)] = "action \(i + 1)" }
        }
        // The findings tables point to the action instead of repeating it.
        var sections: [WeeklyOwnerPage.CredentialSection] = []
        for assessment in owned {
            guard var (section, _) = sectionsByClient[assessment.clientID] else { continue }
            let owners = context.index.technicalOwnerNames(of: assessment.clientID, consumers)
            let fallback = owners.isEmpty ? "nobody: no technical owner recorded" : "by \(Vocabulary.list(owners))"
            let rows = assessment.findings.filter { $0.severity > .info }
            section.findings = rows.map { finding in
                let cell = cells[finding.message] ?? tableCell(context.masked(finding.message))
                cells[finding.message] = cell
                return FindingRow(
                    severity: finding.severity.rawValue, rule: finding.rule.rawValue, message: cell,
                    handledIn: finding.acknowledgement.flatMap { $0.expired ? nil : "acknowledged until \($0.until)" }
                        ?? handledIn[findingKey(finding)] ?? fallback)
            }
            section.hasFindings = !section.findings.isEmpty
            sections.append(section)
        }

        var roleNames: [String] = []
        if !roles.technical.isEmpty { roleNames.append("technical owner") }
        if !roles.business.isEmpty { roleNames.append("business owner") }
        let worst = owned.map(\.severity).max() ?? .info
        pages.append(WeeklyOwnerPage(
            name: owner.name, contact: owner.email, slug: slugs[key]!, asOf: context.asOfText, roles: Vocabulary.list(roleNames),
            severity: worst.rawValue, worst: worst, credentialCount: owned.count, isTechnical: !technical.isEmpty,
            hasActions: !numbered.isEmpty, actions: numbered, hasImpacts: !impacts.isEmpty, impacts: impacts,
            credentials: sections, hasQuiet: !quiet.isEmpty, quiet: quiet,
            credentialsText: Vocabulary.count(owned.count, "Marketing Cloud credential")))
    }
    return pages.sorted { ($0.worst, $1.name.lowercased()) > ($1.worst, $0.name.lowercased()) }
}

private func findingKey(_ finding: Finding) -> String {
    (finding.clientID ?? "") + "\u{0}" + finding.rule.rawValue + "\u{0}" + finding.message
}

/// Names of the technical owners of a credential's consumers, deduplicated.
func technicalOwnerNames(of clientID: String, analysis: Analysis) -> [String] {
    var seen = Set<String>()
    return analysis.inventory.consumers.filter { $0.clientID == clientID }.compactMap { $0.technicalOwner?.name }
        .filter { seen.insert($0.lowercased()).inserted }
}

/// The actions a technical owner takes for one credential: findings above
/// `info` that concern their consumers (or the whole credential), merged when
/// they name the same consumers, so one broken consumer is one action.
func mergedActions(_ assessment: RiskAssessment, technicalConsumers: [Int], context: ReportContext)
    -> [(action: WeeklyOwnerPage.Action, level: Int, findings: [Finding])]
{
    let mine = Set(technicalConsumers)
    let relevant = assessment.findings.filter { finding in
        // An acknowledged finding is a decision already taken: listed, not an action.
        finding.severity > .info && !finding.isAcknowledged && (finding.consumerIndices.isEmpty || !mine.isDisjoint(with: finding.consumerIndices))
    }
    // Group by the consumers named; a finding of the whole credential (no
    // consumers, or all of them) groups by itself unless another names the same set.
    var groups: [(key: String, findings: [Finding])] = []
    for finding in relevant {
        let key = finding.consumerIndices.isEmpty ? "rule:" + finding.rule.rawValue : "consumers:" + finding.consumerIndices.sorted().map(String.init).joined(separator: ",")
        if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].findings.append(finding) } else { groups.append((key, [finding])) }
    }
    let consumers = context.analysis.inventory.consumers
    return groups.map { group in
        let lead = group.findings.min { a, b in
            let ia = leadRuleOrder.firstIndex(of: a.rule) ?? leadRuleOrder.count
            let ib = leadRuleOrder.firstIndex(of: b.rule) ?? leadRuleOrder.count
            return ia != ib ? ia < ib : a.severity > b.severity
        }!
        let worst = group.findings.map(\.severity).max()!
        let others = group.findings.filter { $0.rule != lead.rule || $0.message != lead.message }
        let named = lead.consumerIndices.count < context.index.consumers(of: assessment.clientID).count
            ? lead.consumerIndices.filter { $0 < consumers.count }.map { consumers[$0].reference } : []
        let action = WeeklyOwnerPage.Action(
            priority: 0, severity: worst.rawValue, package: assessment.installedPackage, client: context.client(assessment.clientID),
            consumers: named.isEmpty ? nil : Vocabulary.list(named), rule: lead.rule.rawValue, rules: ([lead.rule] + others.map(\.rule)).map(\.rawValue).joined(separator: ", "),
            message: context.masked(lead.message), remediation: context.masked(lead.remediation),
            also: others.isEmpty ? nil : others.map { "\($0.rule) (\($0.severity.rawValue))" }.joined(separator: ", "))
        return (action, worst.level, group.findings)
    }
}

/// A business owner's view of one credential's trouble, or nil when nothing
/// they would feel is wrong with it.
func businessImpact(_ assessment: RiskAssessment, consumers mine: [Int], context: ReportContext) -> WeeklyOwnerPage.Impact? {
    let analysis = context.analysis
    let consumers = analysis.inventory.consumers
    let felt = assessment.findings.filter { businessRules.contains($0.rule) }
    guard let worst = felt.first else { return nil }
    // The consumers concerned: theirs that a finding names (all theirs when it names none).
    let concerned = mine.filter { index in felt.contains { $0.consumerIndices.isEmpty || $0.consumerIndices.contains(index) } }
    guard !concerned.isEmpty else { return nil }
    let failing = concerned.compactMap { index in failingSince(consumer: index, analysis: analysis).map { (index, $0) } }
    let expiry = assessment.expiresOn
    let deadline = context.deadline
    var status: String
    if !failing.isEmpty {
        let parts = failing.map { index, since in
            "\(consumers[index].reference) has been " + failingText(consumer: index, lastSuccess: since, analysis: analysis)
        }
        status = Vocabulary.list(parts) + ": nothing new reaches the data below since then."
        if felt.contains(where: { $0.rule == PartialRotation.id }) {
            status += " A secret rotation was only half done: this consumer still holds the old secret."
        }
    } else if let days = assessment.daysLeft, let expiry, days < 0 {
        status = "The secret expired on \(expiry): what the consumers below feed is no longer refreshed."
    } else if let days = assessment.daysLeft, let expiry {
        status = "The secret expires on \(expiry) (in \(Vocabulary.count(days, "day"))): unless it is rotated by then, what the consumers below feed stops being refreshed."
    } else {
        status = "Nobody has recorded when the secret expires: it can stop working on a day nobody expects."
    }
    if felt.contains(where: { $0.rule == RotationPending.id }) && failing.isEmpty {
        status += " A rotation is under way: until every consumer is moved to the new secret, activating it would stop the ones left behind."
    }
    let owners = context.index.technicalOwnerNames(of: assessment.clientID, consumers)
    let due: String
    if !failing.isEmpty {
        due = "today: it is failing now"
    } else if let expiry, expiry >= analysis.clock.asOfDay {
        due = (deadline.map { $0 < expiry ? $0 : expiry } ?? expiry).description
    } else if let deadline {
        due = deadline.description
    } else {
        due = "as soon as possible"
    }
    let acting = owners.isEmpty ? "Nobody: no technical owner is recorded. Ask for one." : "\(Vocabulary.list(owners)) (\(Vocabulary.noun(owners.count, "technical owner"))), by \(due)"
    let when: (Int) -> FeedStop = { index in
        if let since = failingSince(consumer: index, analysis: analysis) { return .since(since.map(Vocabulary.time) ?? "before the probe window") }
        if let expiry { return expiry < analysis.clock.asOfDay ? .since(expiry.description) : .from(expiry.description) }
        return .from("an unknown date")
    }
    let affected = affectedAssets(consumers: concerned, analysis: analysis, when: when)
    var environments: [String] = []
    for index in concerned where !environments.contains(consumers[index].environment) { environments.append(consumers[index].environment) }
    return WeeklyOwnerPage.Impact(
        severity: worst.severity.rawValue, package: assessment.installedPackage,
        consumers: Vocabulary.list(concerned.map { consumers[$0].reference }), environments: environments.joined(separator: ", "),
        status: context.masked(status), acting: acting, hasAffected: !affected.isEmpty,
        affected: Array(affected.prefix(impactAffectedLimit)),
        affectedMore: affected.count > impactAffectedLimit ? affected.count - impactAffectedLimit : nil)
}

/// One credential's section. `detailed` (a technical owner's) lists what it
/// reaches downstream; a business owner's impact already says what matters.
func credentialSection(_ assessment: RiskAssessment, role: String, detailed: Bool, context: ReportContext) -> WeeklyOwnerPage.CredentialSection {
    let analysis = context.analysis
    let index = context.index.credentialByClientID[assessment.clientID]
    let evidence = index.map { analysis.evidence.credentials[$0] }
    let stats = assessment.probes
    let summary: String
    if stats.probes == 0 {
        summary = "(no probes in the window)"
    } else {
        summary = "(\(Vocabulary.grouped(stats.probes)) probes, \(Vocabulary.percent(stats.successes, of: stats.probes, style: .table)) successful; last probe \(Vocabulary.time(stats.last)), last success \(Vocabulary.time(stats.lastSuccess)))"
    }
    let radius = analysis.graph.blastRadius(ofCredential: assessment.clientID)
    let downstream = radius.nodes.filter { ![.installedPackage, .credential].contains($0.node.kind) }
    let limit = detailed ? weeklyDownstreamLimit : 0
    let rows = downstream.prefix(limit).map { reached in
        WeeklyOwnerPage.DownstreamRow(
            kind: reached.node.kind == .integration ? "consumer" : reached.node.kind.rawValue,
            name: reached.node.kind == .integration ? reached.node.reference.replacingOccurrences(of: "integration:", with: "") : reached.node.name,
            environments: reached.node.kind == .integration || reached.environments.isEmpty ? nil : reached.environments.joined(separator: ", "),
            owner: (reached.node.owner ?? reached.node.technicalOwner)?.description)
    }
    // Filled in by the page, which knows the actions.
    let findings: [FindingRow] = []
    var section = WeeklyOwnerPage.CredentialSection(
        package: assessment.installedPackage, client: context.client(assessment.clientID),
        severity: assessment.severity.rawValue, expiresOn: expiryText(assessment),
        daysLeft: Vocabulary.daysLeft(assessment.daysLeft), dueBy: dueByText(assessment.dueBy, reason: assessment.dueByReason),
        role: role, consumerCount: assessment.consumers.count,
        windowDays: analysis.config.windowDays, sparkline: sparkline(evidence?.daily.successRates ?? []),
        probeSummary: summary, hasFindings: !findings.isEmpty, findings: findings,
        reach: assessment.blastRadius.reach, downstream: Array(rows),
        downstreamMore: detailed && downstream.count > limit ? downstream.count - limit : nil)
    section.plannedRotation = context.plannedRotationText(assessment.clientID)
    section.hasPlannedRotation = !section.plannedRotation.isEmpty
    return section
}

public func weeklyIndexRows(_ pages: [WeeklyOwnerPage]) -> [WeeklyIndexRow] {
    pages.map { WeeklyIndexRow(name: $0.name, slug: $0.slug, severity: $0.severity, actionCount: $0.actions.count, credentialCount: $0.credentialCount) }
}
