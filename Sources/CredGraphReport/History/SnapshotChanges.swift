import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
/// What changed between two snapshots: the "What changed" sections of the
/// reports and `credgraph diff`. Every change names its credential so a
/// page can keep the ones its reader owns.
///
/// Identity: a credential by client id; a consumer by integration (folded)
/// and environment; a finding by credential, rule and the consumers it
/// names (its message carries dates and counts that move every week), and
/// for findings of no credential by client id or message.
public struct SnapshotChanges: Sendable, Hashable {
    public struct FindingChange: Sendable, Hashable {
        public var clientID: String?
        public var installedPackage: String?
        public var rule: String
        public var severity: Severity
        /// Escalated / de-escalated: the severity before.
        public var previousSeverity: Severity?
        public var consumers: [String]
        public var acknowledged: Bool
    }

    public struct Rotation: Sendable, Hashable {
        public var clientID: String
        public var installedPackage: String
        /// Set when the expiry moved.
        public var previousExpiry: String?
        public var expiry: String?
        public var expiryMoved: Bool
        /// Secret versions seen now that the previous snapshot did not see.
        public var newVersions: [String]
    }

    public struct ConsumerChange: Sendable, Hashable {
        public var clientID: String
        public var installedPackage: String
        public var consumer: String
        public var owners: [String]
    }

    public struct OwnerChange: Sendable, Hashable {
        public var clientID: String
        public var installedPackage: String
        public var consumer: String
        /// `technical` or `business`.
        public var role: String
        public var previous: String?
        public var current: String?
    }

    public struct ReadinessChange: Sendable, Hashable {
        public var clientID: String
        public var installedPackage: String
        public var previous: String
        public var current: String
        /// Ready is better than At risk, better than Urgent, better than Blocked.
        public var improved: Bool
    }

    public struct CredentialChange: Sendable, Hashable {
        public var clientID: String
        public var installedPackage: String
        public var severity: Severity
    }

    public var baselineAsOf: String
    public var currentAsOf: String
    public var newFindings: [FindingChange] = []
    public var resolvedFindings: [FindingChange] = []
    public var escalated: [FindingChange] = []
    public var deescalated: [FindingChange] = []
    public var rotated: [Rotation] = []
    public var credentialsAdded: [CredentialChange] = []
    public var credentialsRemoved: [CredentialChange] = []
    public var consumersAdded: [ConsumerChange] = []
    public var consumersRemoved: [ConsumerChange] = []
    public var ownersChanged: [OwnerChange] = []
    public var readinessMoved: [ReadinessChange] = []

    public var isEmpty: Bool {
        newFindings.isEmpty && resolvedFindings.isEmpty && escalated.isEmpty && deescalated.isEmpty && rotated.isEmpty
            && credentialsAdded.isEmpty && credentialsRemoved.isEmpty && consumersAdded.isEmpty && consumersRemoved.isEmpty
            && ownersChanged.isEmpty && readinessMoved.isEmpty
    }

    /// The changes of these credentials only (an owner's page).
    public func only(_ clientIDs: Set<String>) -> SnapshotChanges {
        func keep(_ id: String?) -> Bool { id.map(clientIDs.contains) ?? false }
        var out = SnapshotChanges(baselineAsOf: baselineAsOf, currentAsOf: currentAsOf)
        out.newFindings = newFindings.filter { keep($0.clientID) }
        out.resolvedFindings = resolvedFindings.filter { keep($0.clientID) }
        out.escalated = escalated.filter { keep($0.clientID) }
        out.deescalated = deescalated.filter { keep($0.clientID) }
        out.rotated = rotated.filter { keep($0.clientID) }
        out.credentialsAdded = credentialsAdded.filter { keep($0.clientID) }
        out.credentialsRemoved = credentialsRemoved.filter { keep($0.clientID) }
        out.consumersAdded = consumersAdded.filter { keep($0.clientID) }
        out.consumersRemoved = consumersRemoved.filter { keep($0.clientID) }
        out.ownersChanged = ownersChanged.filter { keep($0.clientID) }
        out.readinessMoved = readinessMoved.filter { keep($0.clientID) }
        return out
    }

    /// New findings, and escalations into, at or above `threshold` that no
    /// acknowledgement silences: the `--fail-on-new` gate.
    public func newAtOrAbove(_ threshold: Severity) -> [FindingChange] {
        (newFindings + escalated.filter { ($0.previousSeverity ?? .info) < threshold })
            .filter { $0.severity >= threshold && !$0.acknowledged }
    }
}

private let readinessOrder = ["Blocked": 0, "Urgent": 1, "At risk": 2, "Ready": 3]

/// Compares two snapshots, `old` first. Lists are in the order of `new`
/// (rank order), then of `old` for what is gone.
public func compareSnapshots(_ old: Snapshot, _ new: Snapshot) -> SnapshotChanges {
    var changes = SnapshotChanges(baselineAsOf: old.asOf, currentAsOf: new.asOf)
    let oldByClient = Dictionary(old.credentials.map { ($0.clientID, $0) }, uniquingKeysWith: { a, _ in a })
    let newByClient = Dictionary(new.credentials.map { ($0.clientID, $0) }, uniquingKeysWith: { a, _ in a })

    // A rule that fires once on the credential on both sides is the same
    // finding even when the consumers it names changed; only a rule that
    // fires several times is told apart by its consumers.
    func keyed(_ findings: [SnapshotFinding], global: Bool, repeated: Set<String> = []) -> [(String, SnapshotFinding)] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            var key = f.rule + (repeated.contains(f.rule) ? "\u{0}" + f.consumers.joined(separator: "\u{1}") : "")
            if global { key += "\u{0}" + (f.clientID ?? f.message ?? "") }
            // Two findings of one rule naming the same consumers: told apart by order.
            let n = seen[key, default: 0]
            seen[key] = n + 1
            return (key + "\u{0}\(n)", f)
        }
    }
    func change(_ f: SnapshotFinding, _ c: SnapshotCredential?, previous: Severity? = nil) -> SnapshotChanges.FindingChange {
        .init(clientID: c?.clientID ?? f.clientID, installedPackage: c?.installedPackage, rule: f.rule, severity: f.severity,
              previousSeverity: previous, consumers: f.consumers, acknowledged: f.acknowledged.map { !$0.expired } ?? false)
    }
    func compareFindings(_ before: [SnapshotFinding], _ after: [SnapshotFinding], old oc: SnapshotCredential?, new nc: SnapshotCredential?, global: Bool) {
        var counts: [String: Int] = [:]
        for f in before { counts[f.rule, default: 0] += 1 }
        var repeated = Set(counts.filter { $0.value > 1 }.keys)
        counts = [:]
        for f in after { counts[f.rule, default: 0] += 1 }
        repeated.formUnion(counts.filter { $0.value > 1 }.keys)
        let b = keyed(before, global: global, repeated: repeated)
        let bMap = Dictionary(b, uniquingKeysWith: { a, _ in a })
        let a = keyed(after, global: global, repeated: repeated)
        let aKeys = Set(a.map(\.0))
        for (key, f) in a {
            if let was = bMap[key] {
                if f.severity > was.severity { changes.escalated.append(change(f, nc, previous: was.severity)) }
                if f.severity < was.severity { changes.deescalated.append(change(f, nc, previous: was.severity)) }
            } else {
                changes.newFindings.append(change(f, nc))
            }
        }
        for (key, f) in b where !aKeys.contains(key) { changes.resolvedFindings.append(change(f, oc ?? nc)) }
    }

    for c in new.credentials {
        guard let o = oldByClient[c.clientID] else {
            changes.credentialsAdded.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, severity: c.severity))
            compareFindings([], c.findings, old: nil, new: c, global: false)
            for consumer in c.consumers {
                changes.consumersAdded.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, consumer: consumer.label,
                                                    owners: [consumer.technicalOwner, consumer.businessOwner].compactMap { $0 }))
            }
            continue
        }
        compareFindings(o.findings, c.findings, old: o, new: c, global: false)

        // A rotation: the expiry moved later, or a secret version appeared.
        let oldVersions = Set(o.consumers.flatMap(\.secretVersions))
        var newVersions: [String] = []
        for v in c.consumers.flatMap(\.secretVersions) where !oldVersions.contains(v) && !newVersions.contains(v) { newVersions.append(v) }
        let moved = o.expiresOn != nil && c.expiresOn != nil && c.expiresOn! > o.expiresOn!
        // No versions recorded last time (a `risk --json` input, or nothing probed) says nothing about new ones.
        let versionsKnown = !oldVersions.isEmpty
        if moved || (versionsKnown && !newVersions.isEmpty) {
            changes.rotated.append(.init(clientID: c.clientID, installedPackage: c.installedPackage,
                                         previousExpiry: o.expiresOn, expiry: c.expiresOn, expiryMoved: moved,
                                         newVersions: versionsKnown ? newVersions : []))
        }

        let oldConsumers = Dictionary(o.consumers.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let newKeys = Set(c.consumers.map(\.key))
        for consumer in c.consumers {
            guard let was = oldConsumers[consumer.key] else {
                changes.consumersAdded.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, consumer: consumer.label,
                                                    owners: [consumer.technicalOwner, consumer.businessOwner].compactMap { $0 }))
                continue
            }
            func same(_ a: String?, _ b: String?) -> Bool { a?.lowercased() == b?.lowercased() }
            if !same(was.technicalOwner, consumer.technicalOwner) {
                changes.ownersChanged.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, consumer: consumer.label,
                                                   role: "technical", previous: was.technicalOwner, current: consumer.technicalOwner))
            }
            if !same(was.businessOwner, consumer.businessOwner) {
                changes.ownersChanged.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, consumer: consumer.label,
                                                   role: "business", previous: was.businessOwner, current: consumer.businessOwner))
            }
        }
        for consumer in o.consumers where !newKeys.contains(consumer.key) {
            changes.consumersRemoved.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, consumer: consumer.label,
                                                  owners: [consumer.technicalOwner, consumer.businessOwner].compactMap { $0 }))
        }
        if let before = o.readiness, let now = c.readiness, before != now {
            changes.readinessMoved.append(.init(clientID: c.clientID, installedPackage: c.installedPackage, previous: before, current: now,
                                                improved: (readinessOrder[now] ?? 0) > (readinessOrder[before] ?? 0)))
        }
    }
    for o in old.credentials where newByClient[o.clientID] == nil {
        changes.credentialsRemoved.append(.init(clientID: o.clientID, installedPackage: o.installedPackage, severity: o.severity))
        compareFindings(o.findings, [], old: o, new: nil, global: false)
        for consumer in o.consumers {
            changes.consumersRemoved.append(.init(clientID: o.clientID, installedPackage: o.installedPackage, consumer: consumer.label,
                                                  owners: [consumer.technicalOwner, consumer.businessOwner].compactMap { $0 }))
        }
    }
    compareFindings(old.findings, new.findings, old: nil, new: nil, global: true)
    // Worst first within each list; the sort is stable, so rank order breaks ties.
    func bySeverity(_ list: inout [SnapshotChanges.FindingChange]) {
        list = list.enumerated().sorted { ($0.element.severity.level, -$0.offset) > ($1.element.severity.level, -$1.offset) }.map(\.element)
    }
    bySeverity(&changes.newFindings)
    bySeverity(&changes.resolvedFindings)
    bySeverity(&changes.escalated)
    bySeverity(&changes.deescalated)
    return changes
}
