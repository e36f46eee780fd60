import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
/// What the templates show of a comparison: rows of plain values; the
/// wording is in templates/ (index, weekly-owner, readiness).
public struct ChangesView: Sendable {
    public struct FindingRow: Sendable {
        public var severity: String
        public var previousSeverity: String?
        public var rule: String
        public var package: String
        public var client: String?
        public var consumers: String?
        public var acknowledged: Bool
    }

    public struct RotationRow: Sendable {
        public var package: String
        public var client: String
        /// `2026-09-05 → 2027-03-04`, nil when the expiry did not move.
        public var expiry: String?
        /// `v12`, nil when no new version was seen.
        public var versions: String?
    }

    public struct ConsumerRow: Sendable {
        public var consumer: String
        public var package: String
        public var client: String
        public var owners: String?
    }

    public struct OwnerRow: Sendable {
        public var consumer: String
        public var package: String
        public var role: String
        public var previous: String
        public var current: String
    }

    public struct ReadinessRow: Sendable {
        public var package: String
        public var client: String
        public var previous: String
        public var current: String
        public var improved: Bool
    }

    /// A list and how many were left out of it.
    public struct Rows<Row: Sendable>: Sendable {
        public var items: [Row] = []
        public var any: Bool = false
        public var count: Int = 0
        public var more: Int?

        init(_ all: [Row], limit: Int?) {
            items = limit.map { Array(all.prefix($0)) } ?? all
            any = !all.isEmpty
            count = all.count
            more = all.count > items.count ? all.count - items.count : nil
        }

        init() {}
    }

    /// There is a baseline to compare with.
    public var hasBaseline = false
    /// No baseline: the first run (or none usable); said once, plainly.
    public var firstRun = true
    /// Earlier snapshots exist but none could be used.
    public var noUsableSnapshot = false
    public var baselineAsOf = ""
    public var baselineSource = ""
    /// Nothing changed at all (for this reader).
    public var nothingChanged = false
    public var newFindings = Rows<FindingRow>()
    public var resolvedFindings = Rows<FindingRow>()
    public var escalated = Rows<FindingRow>()
    public var deescalated = Rows<FindingRow>()
    public var rotated = Rows<RotationRow>()
    public var consumersAdded = Rows<ConsumerRow>()
    public var consumersRemoved = Rows<ConsumerRow>()
    public var credentialsAdded = Rows<ConsumerRow>()
    public var credentialsRemoved = Rows<ConsumerRow>()
    public var ownersChanged = Rows<OwnerRow>()
    public var readinessMoved = Rows<ReadinessRow>()

    public init() {}
}

/// The rows of `changes` as `context` shows them (client ids masked when it
/// masks), each list cut at `limit` when one is given.
func changesView(_ changes: SnapshotChanges?, history: History, context: ReportContext, limit: Int? = nil) -> ChangesView {
    var view = ChangesView()
    guard let changes else {
        view.noUsableSnapshot = !history.warnings.isEmpty
        return view
    }
    view.hasBaseline = true
    view.firstRun = false
    view.baselineAsOf = changes.baselineAsOf
    view.baselineSource = history.baselineSource ?? ""
    view.nothingChanged = changes.isEmpty
    func finding(_ f: SnapshotChanges.FindingChange) -> ChangesView.FindingRow {
        .init(severity: f.severity.rawValue, previousSeverity: f.previousSeverity?.rawValue, rule: f.rule,
              package: f.installedPackage.map { tableCell($0) } ?? "not in the inventory", client: f.clientID.map(context.client),
              consumers: f.consumers.isEmpty ? nil : tableCell(f.consumers.joined(separator: ", ")), acknowledged: f.acknowledged)
    }
    view.newFindings = .init(changes.newFindings.map(finding), limit: limit)
    view.resolvedFindings = .init(changes.resolvedFindings.map(finding), limit: limit)
    view.escalated = .init(changes.escalated.map(finding), limit: limit)
    view.deescalated = .init(changes.deescalated.map(finding), limit: limit)
    view.rotated = .init(changes.rotated.map { r in
        .init(package: tableCell(r.installedPackage), client: context.client(r.clientID),
              expiry: r.expiryMoved ? "\(r.previousExpiry ?? "unknown") → \(r.expiry ?? "unknown")" : nil,
              versions: r.newVersions.isEmpty ? nil : tableCell(r.newVersions.joined(separator: ", ")))
    }, limit: limit)
    func consumer(_ c: SnapshotChanges.ConsumerChange) -> ChangesView.ConsumerRow {
        .init(consumer: tableCell(c.consumer), package: tableCell(c.installedPackage), client: context.client(c.clientID),
              owners: c.owners.isEmpty ? nil : tableCell(c.owners.joined(separator: ", ")))
    }
    view.consumersAdded = .init(changes.consumersAdded.map(consumer), limit: limit)
    view.consumersRemoved = .init(changes.consumersRemoved.map(consumer), limit: limit)
    view.credentialsAdded = .init(changes.credentialsAdded.map {
        .init(consumer: "", package: tableCell($0.installedPackage), client: context.client($0.clientID), owners: nil) }, limit: limit)
    view.credentialsRemoved = .init(changes.credentialsRemoved.map {
        .init(consumer: "", package: tableCell($0.installedPackage), client: context.client($0.clientID), owners: nil) }, limit: limit)
    view.ownersChanged = .init(changes.ownersChanged.map {
        .init(consumer: tableCell($0.consumer), package: tableCell($0.installedPackage), role: $0.role,
              previous: $0.previous.map { tableCell($0) } ?? "nobody", current: $0.current.map { tableCell($0) } ?? "nobody")
    }, limit: limit)
    view.readinessMoved = .init(changes.readinessMoved.map {
        .init(package: tableCell($0.installedPackage), client: context.client($0.clientID), previous: $0.previous, current: $0.current, improved: $0.improved)
    }, limit: limit)
    return view
}

/// The readiness trend over every snapshot and this run, for the index's chart.
public struct TrendView: Sendable {
    public struct Point: Sendable {
        public var asOf: String
        public var ready: Int
        public var total: Int
        public var percent: Int
    }

    public var hasPoints = false
    public var points: [Point] = []
    /// `"2026-08-26", "2026-09-02"`: the chart's x-axis.
    public var labels = ""
    /// `41, 45`: the chart's line.
    public var values = ""

    public init() {}
}

func trendView(earlier: [Snapshot], current: Snapshot) -> TrendView {
    var view = TrendView()
    let all = earlier.filter { $0.asOf < current.asOf } + [current]
    view.points = all.compactMap { s in
        s.counts.readyPercent.map { TrendView.Point(asOf: s.asOf, ready: s.counts.ready, total: s.counts.readinessTotal, percent: $0) }
    }
    view.hasPoints = !view.points.isEmpty
    view.labels = view.points.map { "\"\($0.asOf)\"" }.joined(separator: ", ")
    view.values = view.points.map { String($0.percent) }.joined(separator: ", ")
    return view
}

/// One acknowledged finding on an owner's page.
public struct AcknowledgedRow: Sendable {
    public var severity: String
    public var rule: String
    public var package: String
    public var client: String
    public var message: String
    public var reason: String
    public var by: String
    public var until: String
}

func acknowledgedRows(_ assessments: [RiskAssessment], context: ReportContext) -> [AcknowledgedRow] {
    assessments.flatMap { a in
        a.findings.filter(\.isAcknowledged).map { f in
            AcknowledgedRow(severity: f.severity.rawValue, rule: f.rule.rawValue, package: tableCell(a.installedPackage), client: context.client(a.clientID),
                            message: tableCell(context.masked(f.message)), reason: tableCell(f.acknowledgement!.reason),
                            by: tableCell(f.acknowledgement!.by), until: f.acknowledgement!.until.description)
        }
    }
}

/// What the reports need of the history: this run's snapshot, the changes
/// since the baseline, and per owner the credentials they are listed for.
struct HistoryReport {
    var snapshot: Snapshot
    var changes: SnapshotChanges?

    init(_ context: ReportContext) {
        snapshot = Snapshot(context, readiness: assessReadiness(context))
        changes = context.history.baseline.map { compareSnapshots($0, snapshot) }
    }

    /// The changes an owner (by name, case-insensitively) is concerned by:
    /// those of the credentials they own now, and the consumer and owner
    /// changes that name them (a consumer they no longer own included).
    func changes(forOwner name: String, clientIDs: Set<String>) -> SnapshotChanges? {
        guard let changes else { return nil }
        let me = name.lowercased()
        var mine = changes.only(clientIDs)
        for c in changes.consumersRemoved where !clientIDs.contains(c.clientID) && c.owners.contains(where: { $0.lowercased() == me }) {
            mine.consumersRemoved.append(c)
        }
        for c in changes.ownersChanged where !clientIDs.contains(c.clientID)
            && (c.previous?.lowercased() == me || c.current?.lowercased() == me) {
            mine.ownersChanged.append(c)
        }
        return mine
    }
}

/// Owner name (lower-cased) to the client ids of the consumers they own.
func clientIDsByOwner(_ inventory: Inventory) -> [String: Set<String>] {
    var out: [String: Set<String>] = [:]
    for c in inventory.consumers {
        for owner in [c.technicalOwner, c.businessOwner].compactMap({ $0 }) { out[owner.name.lowercased(), default: []].insert(c.clientID) }
    }
    return out
}
