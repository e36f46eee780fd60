import CredGraphCore
import CredGraphIngest
import CredGraphGraph
/// `expiry-cluster`: more than `rotation.max_per_week` secrets expire within
/// one 7-day span. The 2026-09-30 cut-off made everyone rotate in the same
/// weeks, so their next expiries fall together 180 days later, and again
/// after that: they need rotating in the same week, by the same few admins.
/// Each credential of a cluster gets the finding, with its planned slot,
/// which the rotation calendar staggers.
public struct ExpiryCluster: Rule {
    public static let id = RuleID("expiry-cluster")
    public static let topic = RuleTopic.operations
    public static let summary = "Many secrets expire in the same week: stagger their rotations."
    public static let defaultSeverity = Severity.low
    public static let thresholdDescription = "more than rotation.max_per_week (default 5) secrets with an expiry on or after as-of within one 7-day span"
    public static let thresholdKey = "`rotation.max_per_week`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** for every credential of a cluster: more than `rotation.max_per_week`
    (default 5) secrets whose expiry is on or after as-of fall within one 7-day
    span. Overlapping overfull spans are one cluster; the message gives its first
    and last expiry, how many secrets, the most in one 7-day span, and the other
    packages (six, then a count), and the remediation the slot the rotation
    calendar planned for this one. Already expired secrets do not count
    (`secret-expired` covers them).

    **Means** the 2026-09-30 cut-off made everyone rotate in the same weeks, so
    their next expiries fall together 180 days later, and again after that: the
    same few admins must rotate all of them in one week, every half year.

    **Do**: follow the rotation calendar, which keeps any 7 days within
    `max_per_week` and places rotations as late as `lead_days` allows but earlier
    where a week is full: rotating some of these earlier than their expiry
    requires spreads the next expiries for good.
    """#

    public init() {}

    /// The clusters: maximal runs of overlapping overfull 7-day spans, each
    /// with its members (subject indices) and its busiest span's count.
    static func clusters(_ context: RiskContext) -> [(members: [Int], first: Day, last: Day, peak: Int)] {
        let threshold = context.config.rotation.maxPerWeek
        let dated = context.subjects.indices.compactMap { i -> (Int, Day)? in
            guard let e = context.subjects[i].credential.expiresOn, e >= context.asOfDay else { return nil }
            return (i, e)
        }.sorted { ($0.1, context.subjects[$0.0].credential.clientID) < ($1.1, context.subjects[$1.0].credential.clientID) }
        var out: [(members: [Int], first: Day, last: Day, peak: Int)] = []
        // Members of the last cluster, for membership tests that stay cheap
        // when a whole estate's expiries fall in one cluster.
        var inLast = Set<Int>()
        var j = 0
        for i in dated.indices {
            while j < dated.count, dated[j].1 - dated[i].1 <= 6 { j += 1 }
            let count = j - i
            guard count > threshold else { continue }
            let span = dated[i..<j]
            if var current = out.last, current.last >= dated[i].1 {
                // Overlaps the cluster found so far: extend it.
                for (k, _) in span where inLast.insert(k).inserted { current.members.append(k) }
                current.last = max(current.last, dated[j - 1].1)
                current.peak = max(current.peak, count)
                out[out.count - 1] = current
            } else {
                out.append((span.map(\.0), dated[i].1, dated[j - 1].1, count))
                inLast = Set(span.map(\.0))
            }
        }
        return out
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let threshold = context.config.rotation.maxPerWeek
        var findings: [Finding] = []
        for cluster in Self.clusters(context) {
            let credentials = cluster.members.map { context.subjects[$0].credential }
            var sameClient: [String: Int] = [:]
            for credential in credentials { sameClient[credential.clientID, default: 0] += 1 }
            for (member, credential) in zip(cluster.members, credentials) {
                let subject = context.subjects[member]
                // The first six others by name and the rest as a count, without
                // building the list of others for each of a large cluster's members.
                let otherCount = credentials.count - sameClient[credential.clientID, default: 0]
                var names: [String] = []
                for other in credentials where names.count < 6 && other.clientID != credential.clientID {
                    names.append("\(other.installedPackage) (\(other.expiresOn!))")
                }
                if otherCount > 6 { names.append("\(otherCount - 6) more") }
                let planned = context.plan.rotation(of: subject.credential.clientID).flatMap { r in
                    r.slot.map { " The rotation calendar staggers them; this one is planned for \(context.plan.slotText($0))." }
                } ?? ""
                findings.append(Finding(
                    rule: Self.id, severity: .low,
                    message: "\(credentials.count) secrets expire between \(cluster.first) and \(cluster.last), up to \(cluster.peak) within one 7-day span, "
                        + "more than rotation.max_per_week (\(threshold)): this one on \(subject.credential.expiresOn!), with \(Wording.list(names)). "
                        + "Rotated in the same weeks, they expire together again 180 days later.",
                    remediation: "Stagger the rotations: follow `credgraph plan` (plan.md), which keeps every 7-day span within max_per_week, "
                        + "rotating some of these earlier than their expiry requires, so that the next expiries spread out." + planned,
                    clientID: subject.credential.clientID, consumerIndices: subject.consumers.map(\.index)
                ))
            }
        }
        return findings
    }
}

extension ExpiryCluster {
    /// Credentials of distinct packages and client ids, expiring on the given days.
    static func rows(_ days: [String]) -> [ExampleRow] {
        days.enumerated().map { i, day in
            ExampleRow("Sync \(i)", package: "Connector \(i)", client: "client-clus\(i)", expiresOn: day)
        }
    }

    public static let examples = RuleExamples(
        triggering: [
            RuleExample("three secrets expire within one 7-day span, with `rotation.max_per_week: 2`",
                        rows: rows(["2027-01-12", "2027-01-14", "2027-01-18"]),
                        config: ["rotation:", "  max_per_week: 2"], severity: .low),
        ],
        nonTriggering: [
            RuleExample("three secrets a week apart each, with `rotation.max_per_week: 2`",
                        rows: rows(["2027-01-05", "2027-01-12", "2027-01-19"]),
                        config: ["rotation:", "  max_per_week: 2"]),
            RuleExample("three secrets in one week, the default `max_per_week` 5", rows: rows(["2027-01-12", "2027-01-14", "2027-01-18"])),
        ]
    )
}
