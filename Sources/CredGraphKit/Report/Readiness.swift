/// The pre-deadline readiness summary: each credential Ready, At risk or
/// Blocked against the checklist of outputs.md.

public enum ReadinessStatus: String, Sendable, CaseIterable {
    case blocked = "Blocked"
    case atRisk = "At risk"
    case ready = "Ready"
}

/// The checklist items, in the order an operator works through them.
public enum ReadinessItem: String, Sendable, CaseIterable {
    case ownersKnown = "consumers and owners known"
    case secretInVault = "secret in a vault or parameter store"
    case rehearsed = "rotation rehearsed outside prod"
    case transactionTested = "business transaction tested"
    case monitored = "monitoring and alert routing"
    case noCriticalFinding = "no critical finding"
}

public struct ReadinessAssessment: Sendable {
    public var assessment: RiskAssessment
    public var status: ReadinessStatus
    public var missing: [ReadinessItem]
    /// Why it is blocked, when it is.
    public var blockedBy: [String]
}

/// Assesses each credential as of the run, in risk rank order.
public func assessReadiness(_ context: ReportContext) -> [ReadinessAssessment] {
    let analysis = context.analysis
    let consumers = analysis.inventory.consumers
    let asOf = analysis.clock.asOfDay
    return analysis.risk.credentials.map { a in
        let rows = context.index.consumers(of: a.clientID).map { consumers[$0] }
        let rules = Set(a.findings.map(\.rule))
        let prodRows = rows.filter { $0.environment == "prod" }
        var missing: [ReadinessItem] = []
        if rows.isEmpty || rows.contains(where: { $0.technicalOwner == nil || $0.businessOwner == nil }) {
            missing.append(.ownersKnown)
        }
        if rows.contains(where: { !($0.secretLocation?.isManagedStore ?? false) }) {
            missing.append(.secretInVault)
        }
        // Rehearsal matters for a credential that serves production; a
        // non-production credential is itself the rehearsal ground.
        if !prodRows.isEmpty, !rows.contains(where: { ($0.lowerEnvRotatedOn.map { $0 <= asOf }) ?? false }) {
            missing.append(.rehearsed)
        }
        let mustTest = prodRows.isEmpty ? rows : prodRows
        if mustTest.isEmpty || mustTest.contains(where: { !(($0.e2eTestedOn.map { $0 <= asOf }) ?? false) }) {
            missing.append(.transactionTested)
        }
        let alerting = rows.allSatisfy { row in
            guard let route = row.alerting?.trimmingWhitespace(), !route.isEmpty else { return false }
            return route.lowercased() != "none"
        }
        if !alerting || rules.contains("not-monitored") || rules.contains("probe-stale") {
            missing.append(.monitored)
        }
        if a.findings.contains(where: { $0.severity == .critical }) {
            missing.append(.noCriticalFinding)
        }
        var blockedBy: [String] = []
        if let days = a.daysLeft, days < 0 { blockedBy.append("secret expired on \(a.expiresOn?.description ?? "?")") }
        if rules.contains("auth-failing") { blockedBy.append("token calls failing authentication") }
        let critical = a.findings.filter { $0.severity == .critical && $0.rule != "auth-failing" && $0.rule != "secret-expired" }.map(\.rule)
        if !critical.isEmpty { blockedBy.append("critical: " + Array(Set(critical)).sorted().joined(separator: ", ")) }
        let status: ReadinessStatus = !blockedBy.isEmpty ? .blocked : missing.isEmpty ? .ready : .atRisk
        return ReadinessAssessment(assessment: a, status: status, missing: missing, blockedBy: blockedBy)
    }
}

public struct ReadinessPage: Sendable {
    public struct Row: Sendable {
        public var status: String
        public var package: String
        public var client: String
        public var expiresOn: String
        public var daysLeft: String
        public var missing: String
        public var owner: String
    }

    public struct Blocker: Sendable {
        public var item: String
        public var count: Int
        public var credentials: String
        public var owners: String
    }

    public var deadline: String
    public var asOf: String
    public var total: Int
    public var readyCount: Int
    public var atRiskCount: Int
    public var blockedCount: Int
    public var readyShare: String
    public var rows: [Row]
    public var blockers: [Blocker]
    public var gantt: String
}

public func readinessPage(_ context: ReportContext) -> ReadinessPage {
    let analysis = context.analysis
    let results = assessReadiness(context)
    let consumers = analysis.inventory.consumers
    func owners(of clientID: String) -> [String] {
        var seen = Set<String>()
        return context.index.consumers(of: clientID).compactMap { consumers[$0].technicalOwner?.name }
            .filter { seen.insert($0.lowercased()).inserted }
    }
    // Blocked first, then at risk, then ready; rank order within each.
    let statusOrder: [ReadinessStatus: Int] = [.blocked: 0, .atRisk: 1, .ready: 2]
    let ordered = results.sorted { (statusOrder[$0.status]!, $0.assessment.rank) < (statusOrder[$1.status]!, $1.assessment.rank) }
    let rows = ordered.map { r in
        ReadinessPage.Row(
            status: r.status.rawValue, package: r.assessment.installedPackage, client: context.client(r.assessment.clientID),
            expiresOn: r.assessment.expiresOn?.description ?? "unknown", daysLeft: daysLeftText(r.assessment.daysLeft),
            missing: (r.blockedBy + r.missing.filter { $0 != .noCriticalFinding }.map(\.rawValue)).joined(separator: "; ").nonEmpty ?? "nothing",
            owner: owners(of: r.assessment.clientID).joined(separator: ", ").nonEmpty ?? "none recorded")
    }
    var blockers: [ReadinessPage.Blocker] = []
    for item in ReadinessItem.allCases {
        let affected = ordered.filter { $0.missing.contains(item) }
        guard !affected.isEmpty else { continue }
        var ownerNames: [String] = []
        var listed = Set<String>()
        for r in affected { for o in owners(of: r.assessment.clientID) where listed.insert(o).inserted { ownerNames.append(o) } }
        blockers.append(.init(
            item: item.rawValue, count: affected.count,
            credentials: affected.map { "\($0.assessment.installedPackage) (\(context.client($0.assessment.clientID)))" }.joined(separator: ", "),
            owners: ownerNames.isEmpty ? "none recorded" : ownerNames.joined(separator: ", ")))
    }
    let ready = results.filter { $0.status == .ready }.count
    return ReadinessPage(
        deadline: context.deadline?.description ?? "no deadline set", asOf: context.asOfText, total: results.count,
        readyCount: ready, atRiskCount: results.filter { $0.status == .atRisk }.count,
        blockedCount: results.filter { $0.status == .blocked }.count, readyShare: percent(ready, of: results.count),
        rows: rows, blockers: blockers, gantt: expiryGantt(ordered, context: context))
}

/// A Mermaid gantt block: one bar per credential from as-of to its expiry,
/// grouped by status, with the deadline as a milestone. Every task name
/// passes through `mermaidText`, so no input can break the block.
func expiryGantt(_ results: [ReadinessAssessment], context: ReportContext) -> String {
    let asOf = context.analysis.clock.asOfDay
    var lines = [
        "```mermaid", "gantt", "    title Secret expiry by credential (bars end on the expiry date)",
        "    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m-%d",
    ]
    if let deadline = context.deadline {
        lines.append("    section Deadline")
        lines.append("    Rotation deadline :milestone, crit, \(deadline), 0d")
    }
    var unknown: [String] = []
    for status in ReadinessStatus.allCases {
        let group = results.filter { $0.status == status }
        // Soonest expiry first, so the bars read as a countdown.
        let dated = group.filter { $0.assessment.expiresOn != nil }
            .sorted { ($0.assessment.expiresOn!, $0.assessment.rank) < ($1.assessment.expiresOn!, $1.assessment.rank) }
        unknown += group.filter { $0.assessment.expiresOn == nil }.map { mermaidText("\($0.assessment.installedPackage) \(context.client($0.assessment.clientID))") }
        guard !dated.isEmpty else { continue }
        lines.append("    section \(status.rawValue)")
        for r in dated {
            let name = mermaidText("\(r.assessment.installedPackage) \(context.client(r.assessment.clientID))")
            let expires = r.assessment.expiresOn!
            let tag = status == .blocked ? "crit, " : status == .atRisk ? "active, " : "done, "
            if expires < asOf {
                lines.append("    \(name) expired :milestone, crit, \(expires), 0d")
            } else {
                lines.append("    \(name) :\(tag)\(asOf), \(expires)")
            }
        }
    }
    lines.append("```")
    if !unknown.isEmpty {
        lines.append("")
        lines.append("No expiry date known (not on the timeline): " + unknown.map(markdownEscape).joined(separator: ", ") + ".")
    }
    return lines.joined(separator: "\n")
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
