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
    /// In place of `rehearsed` when one secret serves prod and another
    /// environment: it cannot be rehearsed, so the fix is a package per environment.
    case onePackagePerEnvironment = "one package per environment"
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
        let rows = consumers.filter { $0.clientID == a.clientID }
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
        // non-production credential is itself the rehearsal ground. One
        // secret across prod and another environment cannot be rehearsed at
        // all, and a claim its sibling contradicts does not count.
        let environments = Set(rows.map { normalizeEnvironment($0.environment) })
        if environments.count > 1, environments.contains("prod") {
            missing.append(.onePackagePerEnvironment)
        } else if !prodRows.isEmpty {
            let claimed = rows.contains { ($0.lowerEnvRotatedOn.map { $0 <= asOf }) ?? false }
            if !claimed || a.rehearsal?.verdict == .contradicted { missing.append(.rehearsed) }
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
        /// `due_by`, with why when it is not the expiry ("expiry unknown: the deadline applies").
        public var dueBy: String
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
    /// `3 of 25 credentials (12%) are ready`, with singular and plural right.
    public var readySummary: String
    public var rows: [Row]
    public var blockers: [Blocker]
    public var gantt: String
}

public func readinessPage(_ context: ReportContext) -> ReadinessPage {
    let analysis = context.analysis
    let results = assessReadiness(context)
    let consumers = analysis.inventory.consumers
    /// Technical owners, then business owners: the people whose weekly pages list the credential.
    func owners(of clientID: String) -> [String] {
        var seen = Set<String>()
        let rows = consumers.filter { $0.clientID == clientID }
        return (rows.compactMap { $0.technicalOwner?.name } + rows.compactMap { $0.businessOwner?.name })
            .filter { seen.insert($0.lowercased()).inserted }
    }
    // Blocked first, then at risk, then ready; rank order within each.
    let statusOrder: [ReadinessStatus: Int] = [.blocked: 0, .atRisk: 1, .ready: 2]
    let ordered = results.sorted { (statusOrder[$0.status]!, $0.assessment.rank) < (statusOrder[$1.status]!, $1.assessment.rank) }
    let rows = ordered.map { r in
        ReadinessPage.Row(
            status: r.status.rawValue, package: r.assessment.installedPackage, client: context.client(r.assessment.clientID),
            expiresOn: expiryText(r.assessment), daysLeft: daysLeftText(r.assessment.daysLeft),
            dueBy: dueByText(r.assessment.dueBy, reason: r.assessment.dueByReason),
            missing: missingText(r),
            owner: owners(of: r.assessment.clientID).joined(separator: ", ").nonEmpty ?? "none recorded")
    }
    // Client ids only probes know: Blocked, since nobody owns them.
    let unowned = analysis.risk.unowned
    let unownedRows = unowned.map { u in
        ReadinessPage.Row(
            status: ReadinessStatus.blocked.rawValue, package: "(not in the inventory)", client: context.client(u.clientID),
            expiresOn: "unknown", daysLeft: "unknown",
            dueBy: dueByText(context.deadline, reason: context.deadline == nil ? "" : "expiry unknown: the deadline applies"),
            missing: "nobody owns it: probes only (\(u.consumerReferences.joined(separator: ", ")), last \(reportTime(u.last))); not in the inventory",
            owner: "nobody")
    }
    var blockers: [ReadinessPage.Blocker] = []
    if !unowned.isEmpty {
        blockers.append(.init(
            item: "nobody owns it", count: unowned.count,
            credentials: unowned.map { "\($0.consumerReferences.joined(separator: ", ")) (\(context.client($0.clientID)))" }.joined(separator: ", "),
            owners: "nobody on record: find the package in Setup > Apps > Installed Packages and add it to the inventory"))
    }
    for item in ReadinessItem.allCases {
        let affected = ordered.filter { $0.missing.contains(item) }
        guard !affected.isEmpty else { continue }
        var ownerNames: [String] = []
        for r in affected { for o in owners(of: r.assessment.clientID) where !ownerNames.contains(o) { ownerNames.append(o) } }
        blockers.append(.init(
            item: item.rawValue, count: affected.count,
            credentials: affected.map { "\($0.assessment.installedPackage) (\(context.client($0.assessment.clientID)))" }.joined(separator: ", "),
            owners: ownerNames.isEmpty ? "none recorded" : ownerNames.joined(separator: ", ")))
    }
    let ready = results.filter { $0.status == .ready }.count
    let total = results.count + unowned.count
    return ReadinessPage(
        deadline: context.deadline?.description ?? "no deadline set", asOf: context.asOfText, total: total,
        readyCount: ready, atRiskCount: results.filter { $0.status == .atRisk }.count,
        blockedCount: results.filter { $0.status == .blocked }.count + unowned.count, readyShare: percent(ready, of: total),
        readySummary: "\(ready) of \(Wording.count(total, "credential")) (\(percent(ready, of: total))) \(ready == 1 ? "is" : "are") ready",
        rows: rows.prefix { $0.status == ReadinessStatus.blocked.rawValue } + unownedRows + rows.drop { $0.status == ReadinessStatus.blocked.rawValue },
        blockers: blockers, gantt: expiryGantt(ordered, unowned: unowned, context: context))
}

/// A Mermaid gantt block: one bar per credential from as-of to its expiry,
/// grouped by status, with the deadline as a milestone. Every task name
/// passes through `mermaidText`, so no input can break the block.
func expiryGantt(_ results: [ReadinessAssessment], unowned: [UnownedClient] = [], context: ReportContext) -> String {
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
    let deadline = context.deadline
    for status in ReadinessStatus.allCases {
        let group = results.filter { $0.status == status }
        // Soonest expiry first, so the bars read as a countdown.
        let dated = group.filter { $0.assessment.expiresOn != nil }
            .sorted { ($0.assessment.expiresOn!, $0.assessment.rank) < ($1.assessment.expiresOn!, $1.assessment.rank) }
        var undated = group.filter { $0.assessment.expiresOn == nil }.map { "\($0.assessment.installedPackage) \(context.client($0.assessment.clientID))" }
        if status == .blocked { undated += unowned.map { "not inventoried \(context.client($0.clientID))" } }
        // An unknown expiry is due on the deadline, where the hard cut-off applies: drawn up to it, named as such.
        if deadline == nil { unknown += undated.map(mermaidText) }
        guard !dated.isEmpty || (deadline != nil && !undated.isEmpty) else { continue }
        lines.append("    section \(status.rawValue)")
        if let deadline, deadline >= asOf {
            for name in undated {
                lines.append("    \(mermaidText(name)) - expiry unknown so due by the deadline :crit, \(asOf), \(deadline)")
            }
        } else if let deadline {
            for name in undated { lines.append("    \(mermaidText(name)) - expiry unknown and the deadline passed :milestone, crit, \(deadline), 0d") }
        }
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

/// What a row says is missing: blockers, then checklist items, naming a
/// contradicted rehearsal's sibling, and noting a claim nobody could check.
func missingText(_ r: ReadinessAssessment) -> String {
    let rehearsal = r.assessment.rehearsal
    var parts = r.blockedBy + r.missing.filter { $0 != .noCriticalFinding }.map { item -> String in
        guard item == .rehearsed, let rehearsal, rehearsal.verdict == .contradicted, let sibling = rehearsal.sibling else { return item.rawValue }
        return "\(item.rawValue) (the claimed rehearsal of \(rehearsal.claimedOn) is contradicted by \(RehearsalCheck.name(sibling)))"
    }
    if parts.isEmpty { parts.append("nothing") }
    if let rehearsal, rehearsal.verdict == .unverified {
        parts.append("rehearsal of \(rehearsal.claimedOn) unverified: \(rehearsal.evidence)")
    }
    return parts.joined(separator: "; ")
}

/// `2026-09-30 (expiry unknown: the deadline applies)`, or the date alone when it is the expiry.
func dueByText(_ day: Day?, reason: String) -> String {
    guard let day else { return "unknown (no expiry, no deadline)" }
    return reason.isEmpty ? day.description : "\(day) (\(reason))"
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
