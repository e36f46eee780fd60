import CredGraphCore
import CredGraphIngest

/// One credential's place in the risk ranking, with the findings behind it.
public struct RiskAssessment: Sendable {
    public var clientID: String
    public var installedPackage: String
    public var expiresOn: Day?
    public var expirySource: ExpirySource
    /// Days from the as-of day to expiry; nil when unknown.
    public var daysLeft: Int?
    /// The worst severity of its findings; `info` when it has none.
    public var severity: Severity
    /// Worst first, then by rule id, then message.
    public var findings: [Finding]
    /// Its consumers, in inventory order.
    public var consumers: [Consumer]
    public var blastRadius: BlastRadiusCounts
    /// Probe health over the window.
    public var probes: ProbeStats
    /// 1 for the riskiest credential.
    public var rank: Int
    /// The rule of the worst finding, which set the severity the rank sorts
    /// by first; nil when there are no findings.
    public var rankReason: RuleID?
    /// The date the secret must be rotated by: its expiry, or the deadline
    /// (`dueBy(expiresOn:source:deadline:)`); nil when neither is known.
    public var dueBy: Day?
    /// Its counterparts in other environments (same integration names).
    public var siblings: [SiblingLink] = []
    /// What backs its claimed rehearsal, when it claims one and serves prod.
    public var rehearsal: RehearsalCheck?

    /// Why `dueBy` is what it is, for reports: empty when it is the expiry.
    public var dueByReason: String {
        guard let dueBy else { return "" }
        if expiresOn == nil { return "expiry unknown: the deadline applies" }
        if dueBy != expiresOn { return "the deadline comes before the derived expiry \(expiresOn!)" }
        return ""
    }

    public init(
        clientID: String, installedPackage: String, expiresOn: Day?, expirySource: ExpirySource, daysLeft: Int?,
        severity: Severity, findings: [Finding], consumers: [Consumer], blastRadius: BlastRadiusCounts,
        probes: ProbeStats = ProbeStats(), rank: Int, rankReason: RuleID?, dueBy: Day? = nil
    ) {
        self.dueBy = dueBy
        self.clientID = clientID
        self.installedPackage = installedPackage
        self.expiresOn = expiresOn
        self.expirySource = expirySource
        self.daysLeft = daysLeft
        self.severity = severity
        self.findings = findings
        self.consumers = consumers
        self.blastRadius = blastRadius
        self.probes = probes
        self.rank = rank
        self.rankReason = rankReason
    }

    /// The finding that decided the rank.
    public var topFinding: Finding? { findings.first }
}

/// The result of `assessRisk`: credentials ranked, plus the findings that
/// belong to no single credential.
public struct RiskReport: Sendable {
    /// The as-of day, printed as `as_of`.
    public var asOf: Day
    /// Ranked, riskiest first.
    public var credentials: [RiskAssessment]
    /// Findings of no single credential (uninventoried client ids, secrets in
    /// rows that name no credential), worst first.
    public var globalFindings: [Finding]
    /// Client ids that probes name and the inventory lacks, by client id.
    public var unowned: [UnownedClient] = []
    /// The rotation calendar the run planned (`credgraph plan`).
    public var plan = RotationPlan()

    public init(asOf: Day, credentials: [RiskAssessment], globalFindings: [Finding], unowned: [UnownedClient] = []) {
        self.asOf = asOf
        self.credentials = credentials
        self.globalFindings = globalFindings
        self.unowned = unowned
    }

    /// Every finding, the credentials' in rank order and then the global ones.
    public var allFindings: [Finding] { credentials.flatMap(\.findings) + globalFindings }

    /// The worst severity of any finding; nil when there are none.
    public var worstSeverity: Severity? { allFindings.map(\.severity).max() }

    /// True when a finding is at or above `threshold`: the `--fail-on` gate.
    /// An acknowledged finding does not count until its acknowledgement expires.
    public func exceeds(_ threshold: Severity) -> Bool {
        allFindings.contains { $0.severity >= threshold && !$0.isAcknowledged }
    }
}

/// Applies every rule and ranks the credentials.
///
/// Rank order (outputs.md): worst severity; then production reach
/// (production consumers, then the criticality of what is reached); then the
/// rest of the blast radius (consumers, data extensions, assets, sends); then
/// days left, fewer first, unknown last; then package name and client id, so
/// ties never depend on input order. A credential missing from `blastRadius` counts as reaching nothing.
public func assessRisk(
    inventory: Inventory, evidence: ProbeEvidence, config: Config, clock: Clock,
    blastRadius: [String: BlastRadiusCounts], metadata: MetadataScan = MetadataScan()
) -> RiskReport {
    let context = RiskContext(inventory: inventory, evidence: evidence, config: config, clock: clock, metadata: metadata)
    let findings = RiskRules.evaluate(context)

    var byClient: [String: [Finding]] = [:]
    var global: [Finding] = []
    let known = Set(inventory.credentials.map(\.clientID))
    for finding in findings {
        if let id = finding.clientID, known.contains(id) {
            byClient[id, default: []].append(finding)
        } else {
            global.append(finding)
        }
    }

    var assessments = context.subjects.map { subject -> RiskAssessment in
        let own = (byClient[subject.credential.clientID] ?? []).sorted(by: Finding.listOrder)
        var a = RiskAssessment(
            clientID: subject.credential.clientID, installedPackage: subject.credential.installedPackage,
            expiresOn: subject.credential.expiresOn, expirySource: subject.credential.expirySource,
            daysLeft: subject.daysLeft, severity: own.first?.severity ?? .info, findings: own,
            consumers: subject.consumers.map(\.consumer),
            blastRadius: blastRadius[subject.credential.clientID] ?? BlastRadiusCounts(),
            probes: subject.evidence.stats, rank: 0, rankReason: own.first?.rule, dueBy: subject.dueBy
        )
        a.siblings = subject.siblings
        a.rehearsal = subject.rehearsal
        return a
    }
    assessments.sort(by: rankOrder)
    for i in assessments.indices { assessments[i].rank = i + 1 }
    let unowned = evidence.uninventoried.map { probes in
        UnownedClient(probes, finding: global.first { $0.rule == UninventoriedClient.id && $0.clientID == probes.clientID })
    }
    var report = RiskReport(asOf: clock.asOfDay, credentials: assessments, globalFindings: global.sorted(by: Finding.listOrder), unowned: unowned)
    report.plan = context.plan
    return report
}

/// True when `a` ranks above (is riskier than) `b`.
func rankOrder(_ a: RiskAssessment, _ b: RiskAssessment) -> Bool {
    if a.severity != b.severity { return a.severity > b.severity }
    let (x, y) = (a.blastRadius, b.blastRadius)
    // An expired production secret outranks a sandbox one that expires sooner.
    if x.productionIntegrations != y.productionIntegrations { return x.productionIntegrations > y.productionIntegrations }
    if x.criticalityScore != y.criticalityScore { return x.criticalityScore > y.criticalityScore }
    if x != y { return x > y }
    switch (a.daysLeft, b.daysLeft) {
    case let (x?, y?) where x != y: return x < y
    case (.some, nil): return true
    case (nil, .some): return false
    default: break
    }
    if a.installedPackage != b.installedPackage { return a.installedPackage < b.installedPackage }
    return a.clientID < b.clientID
}

extension RiskReport {
    /// What a tripped `--fail-on` gate says: how many findings, and the top
    /// ones with their credential, so a CI log alone says what to fix.
    public func gateMessage(_ threshold: Severity, clientIDs: ClientIDDisplay, top: Int = 5) -> String {
        var hits: [(Finding, String)] = []
        for credential in credentials {
            let client = clientIDs.id(credential.clientID)
            for finding in credential.findings where finding.severity >= threshold && !finding.isAcknowledged {
                hits.append((finding, "\(credential.installedPackage) (\(client))"))
            }
        }
        for finding in globalFindings where finding.severity >= threshold && !finding.isAcknowledged { hits.append((finding, "estate")) }
        var lines = ["credgraph: \(Vocabulary.count(hits.count, "finding")) at or above \(threshold.rawValue)"
            + (hits.count > top ? "; the top \(top):" : ":")]
        for (finding, subject) in hits.prefix(top) {
            lines.append("  \(finding.severity.rawValue) \(finding.rule): \(TerminalText.sanitized(subject))")
        }
        return lines.joined(separator: "\n")
    }
}
