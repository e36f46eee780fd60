import CredGraphCore
import CredGraphIngest

/// A risk rule: a value that looks at the inventory and the probe evidence
/// and reports findings under one stable id. Each rule lives in
/// `Risk/Rules/<Id>.swift` with everything said about it (id, severities,
/// threshold, docs, examples); `RiskRules.all` lists them, docs/rules.md is
/// generated from them (`rulesMarkdown()`), and each rule's test file runs its
/// examples. Adding a rule: its file, its line in `RiskRules.all`, its test file.
public protocol Rule: Sendable {
    /// Stable id, e.g. `secret-expiring`.
    static var id: RuleID { get }
    /// Where docs/rules.md lists it.
    static var topic: RuleTopic { get }
    /// One line: what the rule detects.
    static var summary: String { get }
    /// The worst severity the rule reports.
    static var defaultSeverity: Severity { get }
    /// Every severity it reports, worst first (default: `defaultSeverity`
    /// alone). The rule tests check each finding against this list.
    static var severities: [RuleSeverity] { get }
    /// When it fires, as docs/rules.md's table says it (Markdown).
    static var thresholdDescription: String { get }
    /// The credgraph.yml keys of its threshold, as the table shows them ("" for none).
    static var thresholdKey: String { get }
    /// The Markdown under its heading in docs/rules.md: **Fires**, **Means**, **Do**.
    static var documentation: String { get }
    /// Small estates it fires on and does not, run by its tests and listed in the docs.
    static var examples: RuleExamples { get }
    func evaluate(_ context: RiskContext) -> [Finding]
}

extension Rule {
    public static var severities: [RuleSeverity] { [RuleSeverity(defaultSeverity)] }
    public static var thresholdKey: String { "" }
    /// `critical / high / medium`, `high (technical) / medium (business)`.
    public static var severityText: String { severities.map(\.text).joined(separator: " / ") }
}

/// A severity a rule reports, and when (for rules with more than one).
public struct RuleSeverity: Sendable, Hashable {
    public var severity: Severity
    public var when: String?

    public init(_ severity: Severity, when: String? = nil) {
        self.severity = severity
        self.when = when
    }

    var text: String { severity.rawValue + (when.map { " (\($0))" } ?? "") }
}

/// The groups docs/rules.md lists rules in, in this order; within a group,
/// worst severity first, then id.
public enum RuleTopic: Int, Sendable, CaseIterable, Comparable {
    case expiry, probes, secretStorage, operations, estate

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The rules credgraph applies, in id order.
public enum RiskRules {
    public static let all: [any Rule] = [
        AuthFailing(), ExpiryCluster(), ExpiryUnknown(), HardcodedSecret(), LatencyDegraded(), NoAlerting(), NoRetry(),
        NotMonitored(), NoRotationSlot(), OwnerMissing(), PartialRotation(), ProbeErrors(), ProbeStale(), RehearsalUnverified(),
        RotationPending(), SecretExpired(), SecretExpiring(), SecretInCode(), SecretInInventory(), SecretLocationUnknown(),
        SharedSecret(), UninventoriedClient(), VersionUnreported(),
    ]

    public static var ids: [RuleID] { all.map { type(of: $0).id } }

    /// The id of the rule named `name` (as written in credgraph.yml or a
    /// snapshot), or nil when no rule has it: text becomes a `RuleID` only here.
    public static func id(named name: String) -> RuleID? {
        ids.first { $0.rawValue == name }
    }

    /// The rule types in the order docs/rules.md lists them.
    public static var documentationOrder: [any Rule.Type] {
        all.map { type(of: $0) }.sorted {
            ($0.topic, $1.defaultSeverity, $0.id) < ($1.topic, $0.defaultSeverity, $1.id)
        }
    }

    /// Every finding of every rule, in list order.
    public static func evaluate(_ context: RiskContext) -> [Finding] {
        all.flatMap { $0.evaluate(context) }.sorted(by: Finding.listOrder)
    }
}

/// An inventory consumer with its index and probe evidence.
public struct IndexedConsumer: Sendable {
    public var index: Int
    public var consumer: Consumer
    public var evidence: ConsumerEvidence
}

/// One credential with everything a rule looks at.
public struct CredentialSubject: Sendable {
    public var credential: Credential
    /// Its consumers in inventory order.
    public var consumers: [IndexedConsumer]
    public var evidence: CredentialEvidence
    /// Days from the as-of day to expiry; nil when the expiry is unknown.
    public var daysLeft: Int?
    /// Its counterparts in other environments (`siblingLinks`).
    public var siblings: [SiblingLink] = []
    /// What backs its `lower_env_rotated_on`, when it claims one and serves prod.
    public var rehearsal: RehearsalCheck?
    /// The date the secret must be rotated by (`dueBy(expiresOn:source:deadline:)`).
    public var dueBy: Day?

    /// Every consumer is outside prod: such a credential is itself the
    /// rehearsal ground and is never told to rehearse elsewhere first.
    public var isNonProduction: Bool {
        !consumers.isEmpty && !consumers.contains { normalizeEnvironment($0.consumer.environment) == "prod" }
    }
}

/// The date a secret must be rotated by (outputs.md `due_by`): its expiry;
/// the deadline when the expiry is unknown; and, for an expiry derived from
/// `secret_generated_on` (not read in Setup), the deadline when it comes
/// first, since the hard cut-off of existing secrets may apply to it. A date
/// read in Setup already accounts for the cut-off, so it stands.
public func dueBy(expiresOn: Day?, source: ExpirySource, deadline: Day?) -> Day? {
    guard let expiresOn else { return deadline }
    guard let deadline, source != .explicit else { return expiresOn }
    return min(expiresOn, deadline)
}

/// What every rule evaluates: the inventory, the probe evidence, the
/// settings and the moment of the run.
public struct RiskContext: Sendable {
    public var inventory: Inventory
    public var evidence: ProbeEvidence
    public var config: Config
    public var clock: Clock
    /// The Marketing Cloud metadata scanned (empty without `--metadata`).
    public var metadata: MetadataScan
    /// The inventory's credentials, in its order (sorted by client id).
    public private(set) var subjects: [CredentialSubject]
    /// The rotation calendar over `subjects` (`Plan/`), which `no-rotation-slot` reads.
    public private(set) var plan = RotationPlan()

    public init(inventory: Inventory, evidence: ProbeEvidence, config: Config, clock: Clock, metadata: MetadataScan = MetadataScan()) {
        self.inventory = inventory
        self.evidence = evidence
        self.config = config
        self.clock = clock
        self.metadata = metadata
        var subjects = inventory.credentials.enumerated().map { i, credential in
            let consumers = credential.consumerIndices
                .filter { inventory.consumers.indices.contains($0) }
                .map { IndexedConsumer(index: $0, consumer: inventory.consumers[$0], evidence: evidence.consumer(at: $0)) }
            return CredentialSubject(
                credential: credential, consumers: consumers, evidence: evidence.credential(at: i),
                daysLeft: RiskContext.daysLeft(until: credential.expiresOn, asOf: clock),
                dueBy: CredGraphRisk.dueBy(expiresOn: credential.expiresOn, source: credential.expirySource, deadline: config.deadline)
            )
        }
        let links = siblingLinks(inventory)
        var indexByClient: [String: Int] = [:]
        for (i, subject) in subjects.enumerated() where indexByClient[subject.credential.clientID] == nil {
            indexByClient[subject.credential.clientID] = i
        }
        for i in subjects.indices { subjects[i].siblings = links.indices.contains(i) ? links[i] : [] }
        for i in subjects.indices {
            let subject = subjects[i]
            // A rehearsal claim matters for a credential that serves prod.
            guard !subject.isNonProduction, !subject.consumers.isEmpty,
                  let claimed = subject.consumers.compactMap(\.consumer.lowerEnvRotatedOn).max() else { continue }
            let lower = subject.siblings.filter { !$0.environments.contains("prod") }.compactMap { link in
                indexByClient[link.clientID].map { (link: link, subject: subjects[$0]) }
            }
            subjects[i].rehearsal = RehearsalCheck.check(
                claimedOn: claimed, siblings: lower, windowStart: evidence.windowStart, ttlDays: config.secretTTLDays)
        }
        self.subjects = subjects
        plan = planRotations(subjects: subjects, settings: config.rotation, asOf: clock.asOf, windowStart: evidence.windowStart)
    }

    public var asOfDay: Day { clock.asOfDay }

    /// Days from the as-of day (UTC) to `expiresOn`: 0 on the day itself, negative once past.
    public static func daysLeft(until expiresOn: Day?, asOf: Clock) -> Int? {
        expiresOn.map { $0 - asOf.asOfDay }
    }
}

extension RiskContext {
    /// For each credential with consumers matching `predicate`, one finding
    /// naming them: the shape of the inventory-hygiene rules.
    func findingPerCredential(
        where predicate: (Consumer) -> Bool,
        _ make: (_ subject: CredentialSubject, _ hits: [IndexedConsumer]) -> Finding
    ) -> [Finding] {
        subjects.compactMap { subject in
            let hits = subject.consumers.filter { predicate($0.consumer) }
            return hits.isEmpty ? nil : make(subject, hits)
        }
    }
}
