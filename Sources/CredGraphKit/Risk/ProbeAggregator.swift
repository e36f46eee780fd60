/// Folds a stream of probe records into `ProbeEvidence`.
///
/// It keeps counters per credential and per consumer of the inventory (plus
/// capped tables for unknown client ids and secret versions), never the
/// probes themselves, so memory follows the size of the inventory rather than
/// the millions of lines a probe log may hold. Every figure is a count, a
/// min/max or a histogram, so the result does not depend on probe order.
public struct ProbeAggregator: Sendable {
    private static let dayMillis: Int64 = 86_400_000

    let asOf: Int64
    let windowStart: Int64
    private let dayStart: Int64
    /// Which credential and consumer a probe belongs to.
    let matcher: ProbeMatcher
    /// Start of the credential's rotation day (ms), per consumer index.
    private let rotationStart: [Int64?]

    private var credentials: [CredentialEvidence]
    private var consumers: [ConsumerEvidence]
    private var uninventoried: [String: UnknownClientProbes] = [:]
    private var uninventoriedOverflow = 0
    private var ignoredAfterAsOf = 0
    private var beforeWindow = 0

    public init(inventory: Inventory, config: Config, clock: Clock) {
        asOf = clock.asOf
        let windowDays = Int64(Swift.max(0, Swift.min(config.windowDays, 36_500)))
        let (start, overflow) = clock.asOf.subtractingReportingOverflow(windowDays * ProbeAggregator.dayMillis)
        windowStart = overflow ? Int64.min : start
        let (day, dayOverflow) = clock.asOf.subtractingReportingOverflow(ProbeAggregator.dayMillis)
        dayStart = dayOverflow ? Int64.min : day

        let matcher = ProbeMatcher(inventory: inventory)
        self.matcher = matcher
        rotationStart = inventory.consumers.map { consumer in
            let rotated = matcher.credential(clientID: consumer.clientID).flatMap { inventory.credentials[$0].rotatedOn }
            return rotated?.startMillis
        }
        var blank = CredentialEvidence()
        blank.daily = DailyOutcomes(days: Int(windowDays))
        credentials = Array(repeating: blank, count: inventory.credentials.count)
        consumers = Array(repeating: ConsumerEvidence(), count: inventory.consumers.count)
    }

    public mutating func add(_ record: ProbeRecord) {
        guard record.timestamp <= asOf else {
            ignoredAfterAsOf += 1
            return
        }
        guard let c = matcher.credential(clientID: record.clientID) else {
            addUninventoried(record)
            return
        }
        let k = record.timestamp >= windowStart ? matcher.consumer(of: record) : nil
        addMatched(
            timestamp: record.timestamp, credential: c, consumer: k,
            outcome: ProbeOutcome(status: record.status, error: record.error), endpoint: record.endpoint,
            latencyMs: record.latencyMs, version: record.secretVersion)
    }

    /// `add` for a probe whose credential (and consumer, nil when none
    /// matched) the caller has looked up already with `matcher`: the parallel
    /// probe scan resolves names once per distinct value, not once per line.
    @inline(__always)
    mutating func addMatched(
        timestamp ts: Int64, credential c: Int, consumer k: Int?, outcome: ProbeOutcome,
        endpoint: ProbeRecord.Endpoint, latencyMs: Double?, version secretVersion: String?
    ) {
        guard ts <= asOf else {
            ignoredAfterAsOf += 1
            return
        }
        guard ts >= windowStart else {
            beforeWindow += 1
            credentials[c].lastBeforeWindow = credentials[c].lastBeforeWindow.map { Swift.max($0, ts) } ?? ts
            return
        }

        let inLast24h = ts >= dayStart
        let version = secretVersion.flatMap { $0.isEmpty ? nil : $0 }

        credentials[c].stats.add(timestamp: ts, outcome: outcome, endpoint: endpoint, latencyMs: latencyMs, inLast24h: inLast24h)
        credentials[c].daily.add(timestamp: ts, asOf: asOf, success: outcome == .success)
        if inLast24h, let version { credentials[c].versionsLast24h.add(version, at: ts) }

        guard let k else {
            credentials[c].unattributedProbes += 1
            switch outcome {
            case .success: credentials[c].unattributedFailureRun.success(at: ts)
            case .auth, .forbidden: credentials[c].unattributedFailureRun.failure(at: ts, forbidden: outcome == .forbidden)
            default: break
            }
            if inLast24h, let version { credentials[c].unattributedVersionsLast24h.add(version, at: ts) }
            return
        }
        consumers[k].stats.add(timestamp: ts, outcome: outcome, endpoint: endpoint, latencyMs: latencyMs, inLast24h: inLast24h)
        switch outcome {
        case .success: consumers[k].failureRun.success(at: ts)
        case .auth, .forbidden: consumers[k].failureRun.failure(at: ts, forbidden: outcome == .forbidden)
        default: break
        }
        if let version {
            if inLast24h { consumers[k].versionsLast24h.add(version, at: ts) }
            consumers[k].versionsInWindow.add(version, at: ts)
            // Latest wins; on a tie the greater name, so input order never matters.
            if consumers[k].latestVersion.map({ ($0.at, $0.version) < (ts, version) }) ?? true {
                consumers[k].latestVersion = SeenVersion(version: version, at: ts)
            }
        }
        if let rotated = rotationStart[k], ts >= rotated {
            switch outcome {
            case .success:
                consumers[k].afterRotation.successes += 1
                consumers[k].afterRotation.lastSuccess = consumers[k].afterRotation.lastSuccess.map { Swift.max($0, ts) } ?? ts
            case .auth:
                consumers[k].afterRotation.authFailures += 1
                consumers[k].afterRotation.lastAuthFailure = consumers[k].afterRotation.lastAuthFailure.map { Swift.max($0, ts) } ?? ts
            default:
                break
            }
        }
    }

    /// Every probe up to as-of counts here, not only the window: any sign of
    /// an integration nobody inventoried is worth reporting.
    private mutating func addUninventoried(_ record: ProbeRecord) {
        let ts = record.timestamp
        if var entry = uninventoried[record.clientID] {
            entry.probes += 1
            entry.first = Swift.min(entry.first, ts)
            entry.last = Swift.max(entry.last, ts)
            if let env = record.environment, !env.isEmpty { entry.environments.insert(normalizeEnvironment(env)) }
            if let consumer = record.consumer, !consumer.isEmpty { entry.consumers.insert(String(consumer.trimmingWhitespace().prefix(80))) }
            uninventoried[record.clientID] = entry
        } else if uninventoried.count < ProbeEvidence.uninventoriedCap {
            var entry = UnknownClientProbes(
                clientID: record.clientID, probes: 1, first: ts, last: ts,
                environments: BoundedNameSet(cap: UnknownClientProbes.namesCap),
                consumers: BoundedNameSet(cap: UnknownClientProbes.namesCap)
            )
            if let env = record.environment, !env.isEmpty { entry.environments.insert(normalizeEnvironment(env)) }
            if let consumer = record.consumer, !consumer.isEmpty { entry.consumers.insert(String(consumer.trimmingWhitespace().prefix(80))) }
            uninventoried[record.clientID] = entry
        } else {
            uninventoriedOverflow += 1
        }
    }

    var credentialCount: Int { credentials.count }
    var consumerCount: Int { consumers.count }

    /// Adds token latencies recorded elsewhere (by the parallel scan's workers,
    /// for probes given to `addMatched` without their latency).
    mutating func mergeTokenLatency(_ parts: LatencyParts) {
        for (i, histogram) in parts.credentials.enumerated() where histogram.count > 0 {
            credentials[i].stats.tokenLatency.merge(histogram)
        }
        for (k, histogram) in parts.consumers.enumerated() where histogram.count > 0 {
            consumers[k].stats.tokenLatency.merge(histogram)
            // A consumer's probes count for its credential too.
            let c = Int(parts.consumerCredential[k])
            if credentials.indices.contains(c) { credentials[c].stats.tokenLatency.merge(histogram) }
        }
    }

    public func finish() -> ProbeEvidence {
        ProbeEvidence(
            windowStart: windowStart, asOf: asOf, credentials: credentials, consumers: consumers,
            uninventoried: uninventoried.values.sorted { $0.clientID < $1.clientID },
            uninventoriedOverflowProbes: uninventoriedOverflow,
            ignoredAfterAsOf: ignoredAfterAsOf, beforeWindow: beforeWindow
        )
    }
}

/// Finds the inventory credential and consumer a probe belongs to. Read-only
/// once built, so the parallel probe scan shares one among its workers.
struct ProbeMatcher: Sendable {
    private struct ConsumerKey: Hashable, Sendable {
        var clientID: String
        var integration: String
        var environment: String
    }

    private struct NameKey: Hashable, Sendable {
        var clientID: String
        var integration: String
    }

    private let credentialIndex: [String: Int]
    /// Consumers by client id, integration name as written and environment:
    /// the common case, looked up without folding the probe's name.
    private let exactConsumerIndex: [ConsumerKey: Int]
    /// The same with folded names, for probes that spell the name differently.
    private let consumerIndex: [ConsumerKey: Int]
    /// Consumers of a credential by integration name, for probes without `env`.
    private let consumersByName: [NameKey: [Int]]

    init(inventory: Inventory) {
        var credentialIndex: [String: Int] = [:]
        for (i, credential) in inventory.credentials.enumerated() where credentialIndex[credential.clientID] == nil {
            credentialIndex[credential.clientID] = i
        }
        self.credentialIndex = credentialIndex

        var exactConsumerIndex: [ConsumerKey: Int] = [:]
        var consumerIndex: [ConsumerKey: Int] = [:]
        var consumersByName: [NameKey: [Int]] = [:]
        for (i, consumer) in inventory.consumers.enumerated() {
            let name = NodeKey.fold(consumer.integration)
            let environment = normalizeEnvironment(consumer.environment)
            let exact = ConsumerKey(clientID: consumer.clientID, integration: consumer.integration, environment: environment)
            if exactConsumerIndex[exact] == nil { exactConsumerIndex[exact] = i }
            let key = ConsumerKey(clientID: consumer.clientID, integration: name, environment: environment)
            if consumerIndex[key] == nil { consumerIndex[key] = i }
            consumersByName[NameKey(clientID: consumer.clientID, integration: name), default: []].append(i)
        }
        self.exactConsumerIndex = exactConsumerIndex
        self.consumerIndex = consumerIndex
        self.consumersByName = consumersByName
    }

    /// The index in `Inventory.credentials` of a client id.
    func credential(clientID: String) -> Int? { credentialIndex[clientID] }

    func consumer(of record: ProbeRecord) -> Int? {
        consumer(clientID: record.clientID, name: record.consumer, environment: record.environment)
    }

    /// The inventory consumer a probe came from: its `consumer` and `env`
    /// among the consumers of its client id; without `env`, only when the
    /// name is unambiguous for that client id.
    func consumer(clientID: String, name: String?, environment: String?) -> Int? {
        guard let name, !name.isEmpty else { return nil }
        if let env = environment, !env.isEmpty {
            // ProbeRecord environments are already normalised; the exact name is the usual case.
            if let k = exactConsumerIndex[ConsumerKey(clientID: clientID, integration: name, environment: env)] { return k }
            return consumerIndex[ConsumerKey(clientID: clientID, integration: NodeKey.fold(name), environment: normalizeEnvironment(env))]
        }
        let folded = NodeKey.fold(name)
        guard let candidates = consumersByName[NameKey(clientID: clientID, integration: folded)], candidates.count == 1 else { return nil }
        return candidates.first
    }
}
