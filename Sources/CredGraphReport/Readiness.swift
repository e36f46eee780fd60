import CredGraphCore
import CredGraphIngest
import CredGraphRisk
import CredGraphRender

/// The pre-deadline readiness summary, for the manager who owns the risk:
/// each credential Ready, At risk, Urgent or Blocked, production and
/// non-production apart, what must happen before the deadline by when and by
/// whom, and a timeline of the weeks that matter.

public enum ReadinessStatus: String, Sendable, CaseIterable {
    /// Cannot proceed: failing now, expired, or nobody owns it.
    case blocked = "Blocked"
    /// Due before the deadline or within the critical threshold, and actionable.
    case urgent = "Urgent"
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
    case expiryKnown = "expiry date recorded"

    /// What to do about a missing item, in a few words.
    var todo: String {
        switch self {
        case .ownersKnown: "name the missing owners"
        case .secretInVault: "move the secret into a vault or parameter store"
        case .rehearsed: "rehearse the rotation outside prod"
        case .onePackagePerEnvironment: "plan one package per environment (this secret cannot be rehearsed)"
        case .transactionTested: "test one business transaction"
        case .monitored: "add token probes and an alert route"
        case .noCriticalFinding: "clear the critical finding"
        case .expiryKnown: "read the expiry in Setup and record it"
        }
    }
}

public struct ReadinessAssessment: Sendable {
    public var assessment: RiskAssessment
    public var status: ReadinessStatus
    public var missing: [ReadinessItem]
    /// Why it is blocked, when it is.
    public var blockedBy: [String]
    /// Some consumer runs in prod.
    public var production: Bool
    /// The date the secret must be rotated by: its expiry, or the deadline
    /// when the expiry is unknown or later.
    public var dueBy: Day?
    /// Why it is urgent, when it is.
    public var urgentBecause: String?
}

/// Assesses each credential as of the run, in risk rank order.
public func assessReadiness(_ context: ReportContext) -> [ReadinessAssessment] {
    let analysis = context.analysis
    let consumers = analysis.inventory.consumers
    let asOf = analysis.clock.asOfDay
    let critical = analysis.config.thresholds.expiryCriticalDays
    return analysis.risk.credentials.map { a in
        let indices = context.index.consumers(of: a.clientID)
        let rows = indices.map { consumers[$0] }
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
        if rules.contains(NoAlerting.id) || rules.contains(NotMonitored.id) || rules.contains(ProbeStale.id) {
            missing.append(.monitored)
        }
        if a.findings.contains(where: { $0.severity == .critical && ![AuthFailing.id, SecretExpired.id, SecretExpiring.id, PartialRotation.id].contains($0.rule) }) {
            missing.append(.noCriticalFinding)
        }
        if a.expiresOn == nil { missing.append(.expiryKnown) }

        // Blocked: it cannot proceed as planned.
        var blockedBy: [String] = []
        if let days = a.daysLeft, days < 0 { blockedBy.append("secret expired on \(a.expiresOn?.description ?? "?")") }
        let failing = indices.compactMap { index in failingSince(consumer: index, analysis: analysis).map { (index, $0) } }
        if let first = failing.min(by: { ($0.1 ?? Int64.min) < ($1.1 ?? Int64.min) }) {
            blockedBy.append("\(consumers[first.0].reference) " + failingText(consumer: first.0, lastSuccess: first.1, analysis: analysis))
        }
        if !rows.isEmpty, rows.allSatisfy({ $0.technicalOwner == nil }) { blockedBy.append("nobody owns it: no technical owner") }

        // `due_by` as the risk model defines it (issue 10): the expiry, or the deadline where it applies.
        let due: Day? = a.dueBy ?? a.expiresOn ?? context.deadline
        var urgent: String?
        if let days = a.daysLeft, days >= 0 {
            if days <= critical {
                urgent = "expires in \(Vocabulary.count(days, "day"))"
            } else if let deadline = context.deadline, let due, due < deadline {
                urgent = "due on \(due), before the deadline"
            }
        }
        let status: ReadinessStatus = !blockedBy.isEmpty ? .blocked : urgent != nil ? .urgent : missing.isEmpty ? .ready : .atRisk
        return ReadinessAssessment(
            assessment: a, status: status, missing: missing, blockedBy: blockedBy, production: !prodRows.isEmpty,
            dueBy: due, urgentBecause: status == .urgent ? urgent : nil)
    }
}

public struct ReadinessPage: Sendable {
    public struct Row: Sendable {
        public var status: String
        public var package: String
        public var client: String
        public var expiresOn: String
        public var daysLeft: String
        public var dueBy: String
        public var missing: String
        public var owner: String
    }

    /// One line of "Before the deadline": what, by when, who.
    public struct Task: Sendable {
        public var by: String
        public var status: String
        public var what: String
        public var credential: String
        public var who: String
    }

    public struct Blocker: Sendable {
        public var item: String
        public var count: Int
        public var credentials: String
        public var owners: String
    }

    /// Production or non-production: counts and rows.
    public struct Group: Sendable {
        public var title: String
        public var total: Int
        public var readyCount: Int
        public var atRiskCount: Int
        public var urgentCount: Int
        public var blockedCount: Int
        public var readyShare: String
        public var hasRows: Bool
        public var rows: [Row]
    }

    public var deadline: String
    public var hasDeadline: Bool
    public var asOf: String
    public var total: Int
    public var readyCount: Int
    public var atRiskCount: Int
    public var urgentCount: Int
    public var blockedCount: Int
    public var readyShare: String
    /// `3 of 25 credentials (12%) are ready`, with singular and plural right.
    public var readySummary: String
    public var groups: [Group]
    /// Everything in rank order, both groups (kept for callers of the old shape).
    public var rows: [Row]
    public var hasTasks: Bool
    public var tasks: [Task]
    public var blockers: [Blocker]
    public var gantt: String
    public var uninventoriedCount: Int
    /// Readiness moved and secrets rotated since the baseline snapshot.
    public var changes = ChangesView()
}

public func readinessPage(_ context: ReportContext) -> ReadinessPage {
    let analysis = context.analysis
    let results = assessReadiness(context)
    let consumers = analysis.inventory.consumers
    /// Technical owners, then business owners: the people whose weekly pages list the credential.
    func owners(of clientID: String) -> [String] {
        var seen = Set<String>()
        let rows = context.index.consumers(of: clientID).map { consumers[$0] }
        return (rows.compactMap { $0.technicalOwner?.name } + rows.compactMap { $0.businessOwner?.name })
            .filter { seen.insert($0.lowercased()).inserted }
    }
    // Blocked first, then urgent, at risk, ready; by due date, then rank, within each.
    let statusOrder: [ReadinessStatus: Int] = [.blocked: 0, .urgent: 1, .atRisk: 2, .ready: 3]
    let farFuture = Day(daysSinceEpoch: Int.max / 2)
    let ordered = results.sorted {
        (statusOrder[$0.status]!, $0.dueBy ?? farFuture, $0.assessment.rank) < (statusOrder[$1.status]!, $1.dueBy ?? farFuture, $1.assessment.rank)
    }
    func row(_ r: ReadinessAssessment) -> ReadinessPage.Row {
        let reasons = readinessReasons(r)
        return ReadinessPage.Row(
            status: r.status.rawValue, package: r.assessment.installedPackage, client: context.client(r.assessment.clientID),
            expiresOn: expiryText(r.assessment), daysLeft: Vocabulary.daysLeft(r.assessment.daysLeft),
            dueBy: r.assessment.dueBy == nil ? (r.dueBy?.description ?? "none set") : dueByText(r.assessment.dueBy, reason: r.assessment.dueByReason),
            missing: tableCell(context.masked(reasons.joined(separator: "; ").nonEmpty ?? "nothing")),
            owner: tableCell(owners(of: r.assessment.clientID).joined(separator: ", ").nonEmpty ?? "nobody"))
    }

    // Client ids only probes know (issue 10's `unowned`): a credential nobody owns.
    let uninventoried = analysis.risk.unowned
    var uninventoriedRows: (prod: [ReadinessPage.Row], other: [ReadinessPage.Row]) = ([], [])
    for entry in uninventoried {
        let row = ReadinessPage.Row(
            status: ReadinessStatus.blocked.rawValue, package: "not in the inventory", client: context.client(entry.clientID),
            expiresOn: "unknown", daysLeft: "unknown",
            dueBy: dueByText(context.deadline, reason: context.deadline == nil ? "" : "expiry unknown: the deadline applies"),
            missing: tableCell("nobody owns it: probes only (" + entry.consumerReferences.joined(separator: ", ") + "), last " + Vocabulary.time(entry.last)),
            owner: "nobody")
        if entry.environments.contains("prod") || entry.environments.contains("production") { uninventoriedRows.prod.append(row) } else { uninventoriedRows.other.append(row) }
    }

    func group(_ title: String, _ members: [ReadinessAssessment], extra: [ReadinessPage.Row]) -> ReadinessPage.Group {
        let ready = members.filter { $0.status == .ready }.count
        let total = members.count + extra.count
        return .init(
            title: title, total: total, readyCount: ready, atRiskCount: members.filter { $0.status == .atRisk }.count,
            urgentCount: members.filter { $0.status == .urgent }.count,
            blockedCount: members.filter { $0.status == .blocked }.count + extra.count,
            readyShare: Vocabulary.percent(ready, of: total, style: .table), hasRows: total > 0, rows: extra + members.map(row))
    }
    let groups = [
        group("Production", ordered.filter(\.production), extra: uninventoriedRows.prod),
        group("Non-production", ordered.filter { !$0.production }, extra: uninventoriedRows.other),
    ]

    // Before the deadline: one line per credential not ready, soonest first.
    var tasks: [(day: Day?, order: Int, task: ReadinessPage.Task)] = []
    for (i, r) in ordered.enumerated() where r.status != .ready {
        var what: [String] = []
        let failing = r.blockedBy.contains { $0.contains("failing since") }
        if failing {
            let detail = r.blockedBy.first { $0.contains("failing since") } ?? ""
            // The first step depends on the likely cause auth-failing names (outputs.md).
            switch r.assessment.findings.first(where: { $0.rule == AuthFailing.id })?.cause.flatMap(AuthFailing.Cause.init(rawValue:)) {
            case .revoked?: what.append("handle as a security incident: find the leak before generating a new secret (\(detail))")
            case .forbidden?: what.append("restore API access: scopes or business-unit access, not the secret (\(detail))")
            case .missedRotation?: what.append("move the missed consumer to the current secret (\(detail))")
            default: what.append("restore token calls (\(detail))")
            }
        }
        if let days = r.assessment.daysLeft, days < 0 { what.append("generate a new secret and roll it out (expired \(r.assessment.expiresOn!))") }
        if r.blockedBy.contains(where: { $0.hasPrefix("nobody owns it") }) { what.append("name a technical owner") }
        if r.status == .urgent { what.append("rotate the secret (\(r.urgentBecause ?? "due soon"))") }
        what += r.missing.filter { $0 != .noCriticalFinding || !failing }.map(\.todo)
        var unique: [String] = []
        for item in what where !unique.contains(item) { unique.append(item) }
        let names = context.index.technicalOwnerNames(of: r.assessment.clientID, consumers)  // who acts: technical owners
        // Everything on this list is due by the deadline at the latest.
        let byDay: Day? = [r.dueBy, context.deadline].compactMap { $0 }.min()
        let by: String
        if r.status == .blocked { by = "now" } else { by = byDay?.description ?? "no date" }
        tasks.append((r.status == .blocked ? nil : byDay, i, .init(
            by: by, status: r.status.rawValue, what: tableCell(Vocabulary.list(unique)),
            credential: "\(r.assessment.installedPackage) (\(context.client(r.assessment.clientID)))",
            who: names.isEmpty ? "nobody: name an owner" : tableCell(Vocabulary.list(names)))))
    }
    for entry in uninventoried {
        tasks.append((nil, -1, .init(
            by: "now", status: ReadinessStatus.blocked.rawValue,
            what: "find the package in Setup > Apps > Installed Packages, add it to the inventory with owners and expiry",
            credential: tableCell("client \(context.client(entry.clientID)), not in the inventory (" + entry.consumerReferences.joined(separator: ", ") + ")"),
            who: "nobody: name an owner")))
    }
    let orderedTasks = tasks.sorted { a, b in
        let da = a.day?.daysSinceEpoch ?? Int.min, db = b.day?.daysSinceEpoch ?? Int.min
        return (da, a.order) < (db, b.order)
    }.map(\.task)

    var blockers: [ReadinessPage.Blocker] = []
    if !uninventoried.isEmpty {
        blockers.append(.init(
            item: "nobody owns it", count: uninventoried.count,
            credentials: uninventoried.map { "\($0.consumerReferences.joined(separator: ", ")) (\(context.client($0.clientID)))" }.joined(separator: ", "),
            owners: "nobody on record: find the package in Setup > Apps > Installed Packages and add it to the inventory"))
    }
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
    let total = results.count + uninventoried.count
    return ReadinessPage(
        deadline: context.deadline?.description ?? "no deadline set", hasDeadline: context.deadline != nil, asOf: context.asOfText,
        total: total, readyCount: ready, atRiskCount: results.filter { $0.status == .atRisk }.count,
        urgentCount: results.filter { $0.status == .urgent }.count,
        blockedCount: results.filter { $0.status == .blocked }.count + uninventoried.count, readyShare: Vocabulary.percent(ready, of: total, style: .table),
        readySummary: "\(ready) of \(Vocabulary.count(total, "credential")) (\(Vocabulary.percent(ready, of: total, style: .table))) \(ready == 1 ? "is" : "are") ready",
        groups: groups, rows: groups.flatMap(\.rows), hasTasks: !orderedTasks.isEmpty, tasks: orderedTasks,
        blockers: blockers, gantt: expiryGantt(ordered, unowned: uninventoried, context: context), uninventoriedCount: uninventoried.count)
}

/// Days after the deadline the timeline still shows.
let timelineDaysPastDeadline = 7

/// A Mermaid gantt block from as-of to a little past the deadline (or the
/// high threshold without one): a bar per credential that expires in that
/// span, ending on its expiry; expired and failing credentials as milestones;
/// the deadline a milestone. Later expiries are counted below the chart, not
/// drawn, so the weeks that matter are not a sliver. Every task name passes
/// through `mermaidText`, so no input can break the block.
func expiryGantt(_ results: [ReadinessAssessment], unowned: [UnownedClient] = [], context: ReportContext) -> String {
    let analysis = context.analysis
    let asOf = analysis.clock.asOfDay
    let end = Day(daysSinceEpoch: (context.deadline?.daysSinceEpoch ?? asOf.daysSinceEpoch + analysis.config.thresholds.expiryHighDays) + timelineDaysPastDeadline)
    var lines = [
        "```mermaid", "gantt", "    title Until \(end): bars end on the expiry date; expired and failing credentials are milestones",
        "    dateFormat YYYY-MM-DD", "    axisFormat %m-%d",
    ]
    if let deadline = context.deadline {
        lines.append("    section Deadline")
        lines.append("    Rotation deadline :milestone, crit, \(deadline), 0d")
    }
    var later = 0
    var unknown: [String] = []
    for status in ReadinessStatus.allCases {
        var entries: [(Day, Int, String)] = []
        for r in results where r.status == status {
            let a = r.assessment
            let name = mermaidText("\(a.installedPackage) \(context.client(a.clientID))")
            let failing = r.blockedBy.first { $0.contains("failing since") }
            if let expires = a.expiresOn, expires < asOf {
                entries.append((expires, a.rank, "    \(name) expired :milestone, crit, \(expires), 0d"))
            } else if failing != nil {
                entries.append((asOf, a.rank, "    \(name) failing :milestone, crit, \(asOf), 0d"))
            } else if let expires = a.expiresOn {
                if expires > end { later += 1; continue }
                let tag = status == .urgent ? "crit, " : status == .atRisk ? "active, " : status == .ready ? "done, " : "crit, "
                entries.append((expires, a.rank, "    \(name) :\(tag)\(asOf), \(expires)"))
            } else if let deadline = context.deadline, deadline >= asOf {
                // An unknown expiry is due by the deadline (issue 10's due_by).
                entries.append((deadline, a.rank, "    \(name) - expiry unknown so due by the deadline :crit, \(asOf), \(deadline)"))
            } else {
                unknown.append(name)
            }
        }
        if status == .blocked {
            for u in unowned {
                let name = mermaidText("not inventoried " + context.client(u.clientID))
                if let deadline = context.deadline, deadline >= asOf {
                    entries.append((deadline, Int.max, "    \(name) - expiry unknown so due by the deadline :crit, \(asOf), \(deadline)"))
                } else {
                    entries.append((asOf, Int.max, "    \(name) nobody owns it :milestone, crit, \(asOf), 0d"))
                }
            }
        }
        guard !entries.isEmpty else { continue }
        lines.append("    section \(status.rawValue)")
        lines += entries.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
    lines.append("```")
    var notes: [String] = []
    if later > 0 { notes.append("\(Vocabulary.count(later, "credential")) expire after \(end) (not drawn).") }
    if !unknown.isEmpty { notes.append("No expiry date known (not on the timeline): " + unknown.map(markdownEscape).joined(separator: ", ") + ".") }
    if !notes.isEmpty {
        lines.append("")
        lines.append(notes.joined(separator: " "))
    }
    return lines.joined(separator: "\n")
}

/// Why a credential is not ready: blockers, urgency, the missing checklist
/// items (naming a contradicted rehearsal's sibling), an unverified claim.
func readinessReasons(_ r: ReadinessAssessment) -> [String] {
    let rehearsal = r.assessment.rehearsal
    let items = r.missing.map { item -> String in
        guard item == .rehearsed, let rehearsal, rehearsal.verdict == .contradicted, let sibling = rehearsal.sibling else { return item.rawValue }
        return "\(item.rawValue) (the claimed rehearsal of \(rehearsal.claimedOn) is contradicted by \(RehearsalCheck.name(sibling)))"
    }
    var reasons = r.blockedBy + (r.urgentBecause.map { [$0] } ?? []) + (items.isEmpty ? [] : ["missing: " + items.joined(separator: ", ")])
    if let rehearsal, rehearsal.verdict == .unverified { reasons.append("rehearsal of \(rehearsal.claimedOn) unverified: \(rehearsal.evidence)") }
    return reasons
}

/// The same, as one line ("nothing" when ready).
func missingText(_ r: ReadinessAssessment) -> String {
    readinessReasons(r).joined(separator: "; ").nonEmpty ?? "nothing"
}

/// `2026-09-30 (expiry unknown: the deadline applies)`, or the date alone when it is the expiry.
func dueByText(_ day: Day?, reason: String) -> String {
    guard let day else { return "unknown (no expiry, no deadline)" }
    return reason.isEmpty ? day.description : "\(day) (\(reason))"
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
