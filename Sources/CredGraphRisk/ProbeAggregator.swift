import CredGraphCore
import CredGraphIngest

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
    /// Start of the credential's rotation day (ms), per consumer index;
    /// `noRotation` when it has none (a plain integer to compare per probe).
    private let rotationStart: [Int64]
    private static let noRotation = Int64.max
    /// The credential each consumer's probes count for (the first with its
    /// client id, as `matcher` resolves them; -1 when none): a probe of a
    /// consumer updates only the consumer's stats, and `finish` adds them to
    /// this credential's, which halves the per-probe work of the scan.
    private let consumerCredential: [Int]

    private var credentials: [CredentialEvidence]
    private var consumers: [ConsumerEvidence]
    private var uninventoried: [String: UnknownClientProbes] = [:]
    private var uninventoriedOverflow = 0
    private var ignoredAfterAsOf = 0
    /// Each credential's `DailyOutcomes`, `dailySlots` per credential, put in place by `finish`.
    private let dailySlots: Int
    private var dailyProbes: [Int]
    private var dailySuccesses: [Int]
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
            return rotated?.startMillis ?? ProbeAggregator.noRotation
        }
        consumerCredential = inventory.consumers.map { matcher.credential(clientID: $0.clientID) ?? -1 }
        var blank = CredentialEvidence()
        blank.daily = DailyOutcomes(days: Int(windowDays))
        credentials = Array(repeating: blank, count: inventory.credentials.count)
        consumers = Array(repeating: ConsumerEvidence(), count: inventory.consumers.count)
        dailySlots = Int(windowDays)
        dailyProbes = Array(repeating: 0, count: dailySlots * inventory.credentials.count)
        dailySuccesses = dailyProbes
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
        let matched = matcher.consumer(of: record)
        if matched == nil, let name = record.consumer, !name.isEmpty {
            credentials[c].noteUnmatched(consumer: name, environment: record.environment)
        }
        let k = record.timestamp >= windowStart ? matched : nil
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

        // What `DailyOutcomes.add` does, into flat counters (one array for every credential,
        // not one per credential inside the evidence, which cost a uniqueness check per probe).
        let slot = dailySlot(ts, credential: c)
        if slot >= 0 {
            dailyProbes[slot] += 1
            if outcome == .success { dailySuccesses[slot] += 1 }
        }
        if inLast24h, let version { credentials[c].versionsLast24h.add(version, at: ts) }

        guard let k else {
            ProbeAggregator.countUnattributed(ts, outcome, endpoint, latencyMs: latencyMs, inLast24h: inLast24h, into: &credentials[c])
            if inLast24h, let version { credentials[c].unattributedVersionsLast24h.add(version, at: ts) }
            return
        }
        // Counted for credential c by `finish` (c is always consumerCredential[k]: both come from the probe's client id).
        let rotated = rotationStart[k]
        ProbeAggregator.count(
            ts, outcome, endpoint, latencyMs: latencyMs, inLast24h: inLast24h,
            afterRotation: ts >= rotated && rotated != ProbeAggregator.noRotation, into: &consumers[k])
        if let version {
            if inLast24h { consumers[k].versionsLast24h.add(version, at: ts) }
            consumers[k].versionsInWindow.add(version, at: ts)
            // Latest wins; on a tie the greater name, so input order never matters.
            if consumers[k].latestVersion.map({ ($0.at, $0.version) < (ts, version) }) ?? true {
                consumers[k].latestVersion = SeenVersion(version: version, at: ts)
            }
        }
    }

    /// Index in `dailyProbes` of the day a probe of the window at `ts` falls
    /// in, for credential `c`; -1 when there is none (no daily slots, or `ts`
    /// is exactly the window's start, where the slices end). `ts` is at most
    /// as-of, so the difference is read unsigned: a division by a constant
    /// then takes a multiply and a shift, without the sign's corrections.
    @inline(__always)
    func dailySlot(_ ts: Int64, credential c: Int) -> Int {
        let back = UInt64(bitPattern: asOf &- ts) / UInt64(ProbeAggregator.dayMillis)
        guard back < UInt64(dailySlots) else { return -1 }
        return c &* dailySlots &+ dailySlots &- 1 &- Int(back)
    }

    /// A probe in the window of a matched consumer, versions aside: what
    /// `addMatched` and the workers' `fold` both count.
    /// A success (most probes) takes one branch, the rest one switch.
    @inline(__always)
    private static func count(
        _ ts: Int64, _ outcome: ProbeOutcome, _ endpoint: ProbeRecord.Endpoint, latencyMs: Double?, inLast24h: Bool,
        afterRotation: Bool, into consumer: inout ConsumerEvidence
    ) {
        if outcome == .success {
            consumer.stats.addSuccess(timestamp: ts)
            consumer.failureRun.success(at: ts)
            if afterRotation { consumer.afterRotation.success(at: ts) }
        } else {
            consumer.stats.addFailure(timestamp: ts, outcome: outcome, inLast24h: inLast24h)
            switch outcome {
            case .auth:
                consumer.failureRun.failure(at: ts, forbidden: false)
                if afterRotation { consumer.afterRotation.authFailure(at: ts) }
            case .forbidden:
                consumer.failureRun.failure(at: ts, forbidden: true)
            default:
                break
            }
        }
        if endpoint == .token, let latencyMs { consumer.stats.tokenLatency.add(latencyMs) }
    }

    /// A probe in the window of credential `c` that matched no consumer, versions aside.
    @inline(__always)
    private static func countUnattributed(
        _ ts: Int64, _ outcome: ProbeOutcome, _ endpoint: ProbeRecord.Endpoint, latencyMs: Double?, inLast24h: Bool,
        into credential: inout CredentialEvidence
    ) {
        credential.stats.add(timestamp: ts, outcome: outcome, endpoint: endpoint, latencyMs: latencyMs, inLast24h: inLast24h)
        credential.unattributedProbes &+= 1
        switch outcome {
        case .success: credential.unattributedFailureRun.success(at: ts)
        case .auth: credential.unattributedFailureRun.failure(at: ts, forbidden: false)
        case .forbidden: credential.unattributedFailureRun.failure(at: ts, forbidden: true)
        default: break
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
    package mutating func mergeTokenLatency(_ parts: LatencyParts) {
        for (i, histogram) in parts.credentials.enumerated() where histogram.count > 0 {
            credentials[i].stats.tokenLatency.merge(histogram)
        }
        // A consumer's latencies reach its credential with the rest of its stats, in `finish`.
        for (k, histogram) in parts.consumers.enumerated() where histogram.count > 0 {
            consumers[k].stats.tokenLatency.merge(histogram)
        }
    }

    public func finish() -> ProbeEvidence {
        var credentials = credentials
        var consumers = consumers
        for (k, c) in consumerCredential.enumerated() where c >= 0 {
            credentials[c].stats.merge(consumers[k].stats)
        }
        for c in credentials.indices { credentials[c].unattributedFailureRun.sortFailures() }
        for k in consumers.indices { consumers[k].failureRun.sortFailures() }
        if dailySlots > 0 {
            for c in credentials.indices {
                let range = (c * dailySlots)..<((c + 1) * dailySlots)
                credentials[c].daily = DailyOutcomes(probes: Array(dailyProbes[range]), successes: Array(dailySuccesses[range]))
            }
        }
        return ProbeEvidence(
            windowStart: windowStart, asOf: asOf, credentials: credentials, consumers: consumers,
            uninventoried: uninventoried.values.sorted { $0.clientID < $1.clientID },
            uninventoriedOverflowProbes: uninventoriedOverflow,
            ignoredAfterAsOf: ignoredAfterAsOf, beforeWindow: beforeWindow
        )
    }
}

/// The probe scan of Ingest feeds the aggregator through `ProbeSink`. Each
/// worker's tally is an aggregator of its own, with the same inventory and
/// window, that only ever sees probes of inventoried credentials without a
/// secret version: so every table it fills is made of sums, extremes,
/// histograms and failure runs, which merge exactly.
extension ProbeAggregator: ProbeSink, ProbeTally {
    package func makeTally() -> ProbeAggregator {
        var tally = self
        var blank = CredentialEvidence()
        blank.daily = DailyOutcomes(days: dailySlots)
        tally.credentials = Array(repeating: blank, count: credentials.count)
        tally.consumers = Array(repeating: ConsumerEvidence(), count: consumers.count)
        tally.uninventoried = [:]
        tally.uninventoriedOverflow = 0
        tally.ignoredAfterAsOf = 0
        tally.dailyProbes = Array(repeating: 0, count: dailyProbes.count)
        tally.dailySuccesses = tally.dailyProbes
        tally.beforeWindow = 0
        return tally
    }

    /// `addMatched` for a chunk's facts (latency is in the worker's
    /// `LatencyParts`; a fact with a version never comes here), through the
    /// tables' buffers: the arrays are taken out of `self` for the call, so
    /// each is checked unique once per chunk, not once per probe.
    package mutating func fold(_ facts: UnsafeBufferPointer<ProbeFact>) {
        // A rotation start is compared alone below: exact while no probe can be
        // dated Int64.max (`noRotation`), that is while as-of is earlier.
        guard asOf < ProbeAggregator.noRotation else {
            for fact in facts {
                addMatched(
                    timestamp: fact.timestamp, credential: Int(fact.credential),
                    consumer: fact.consumer < 0 ? nil : Int(fact.consumer), outcome: fact.outcome,
                    endpoint: fact.endpoint, latencyMs: nil, version: nil)
            }
            return
        }
        var credentials: [CredentialEvidence] = [], consumers: [ConsumerEvidence] = []
        var dailyProbes: [Int] = [], dailySuccesses: [Int] = []
        swap(&credentials, &self.credentials)
        swap(&consumers, &self.consumers)
        swap(&dailyProbes, &self.dailyProbes)
        swap(&dailySuccesses, &self.dailySuccesses)
        defer {
            swap(&credentials, &self.credentials)
            swap(&consumers, &self.consumers)
            swap(&dailyProbes, &self.dailyProbes)
            swap(&dailySuccesses, &self.dailySuccesses)
        }
        let asOf = asOf, windowStart = windowStart, dayStart = dayStart
        let slots = dailySlots, days = UInt64(dailySlots)
        var ignored = 0, before = 0
        rotationStart.withUnsafeBufferPointer { rotationStart in
            credentials.withUnsafeMutableBufferPointer { credentials in
                consumers.withUnsafeMutableBufferPointer { consumers in
                    dailyProbes.withUnsafeMutableBufferPointer { dailyProbes in
                        dailySuccesses.withUnsafeMutableBufferPointer { dailySuccesses in
                            for fact in facts {
                                let ts = fact.timestamp
                                guard ts <= asOf else {
                                    ignored += 1
                                    continue
                                }
                                let c = Int(fact.credential)
                                guard ts >= windowStart else {
                                    before += 1
                                    credentials[c].lastBeforeWindow = credentials[c].lastBeforeWindow.map { Swift.max($0, ts) } ?? ts
                                    continue
                                }
                                let outcome = fact.outcome
                                // `dailySlot`, with the window's days in registers.
                                let back = UInt64(bitPattern: asOf &- ts) / UInt64(ProbeAggregator.dayMillis)
                                if back < days {
                                    let slot = (c &+ 1) &* slots &- 1 &- Int(back)
                                    dailyProbes[slot] &+= 1
                                    if outcome == .success { dailySuccesses[slot] &+= 1 }
                                }
                                let inLast24h = ts >= dayStart
                                let k = Int(fact.consumer)
                                if k < 0 {
                                    ProbeAggregator.countUnattributed(
                                        ts, outcome, fact.endpoint, latencyMs: nil, inLast24h: inLast24h, into: &credentials[c])
                                } else {
                                    ProbeAggregator.count(
                                        ts, outcome, fact.endpoint, latencyMs: nil, inLast24h: inLast24h,
                                        afterRotation: ts >= rotationStart[k], into: &consumers[k])
                                }
                            }
                        }
                    }
                }
            }
        }
        ignoredAfterAsOf += ignored
        beforeWindow += before
    }

    package mutating func merge(_ tally: ProbeAggregator) {
        precondition(tally.credentials.count == credentials.count && tally.consumers.count == consumers.count)
        // Tables whose content depends on arrival order stay empty in a tally.
        assert(tally.uninventoried.isEmpty && tally.uninventoriedOverflow == 0)
        for c in credentials.indices { credentials[c].merge(tally: tally.credentials[c]) }
        for k in consumers.indices { consumers[k].merge(tally: tally.consumers[k]) }
        for i in dailyProbes.indices {
            dailyProbes[i] += tally.dailyProbes[i]
            dailySuccesses[i] += tally.dailySuccesses[i]
        }
        ignoredAfterAsOf += tally.ignoredAfterAsOf
        beforeWindow += tally.beforeWindow
    }

    package var probeMatching: ProbeMatching {
        ProbeMatching(
            matcher: matcher, windowStart: windowStart, asOf: asOf, credentialCount: credentialCount, consumerCount: consumerCount)
    }

    package mutating func add(_ facts: UnsafeBufferPointer<ProbeFact>, records: [ProbeRecord], versions: [String]) {
        for fact in facts {
            if fact.credential < 0 {
                add(records[Int(fact.extra)])
            } else {
                // The worker has recorded the latency already (`LatencyParts`).
                addMatched(
                    timestamp: fact.timestamp, credential: Int(fact.credential),
                    consumer: fact.consumer < 0 ? nil : Int(fact.consumer), outcome: fact.outcome,
                    endpoint: fact.endpoint, latencyMs: nil,
                    version: fact.extra < 0 ? nil : versions[Int(fact.extra)])
            }
        }
    }
}

extension CredentialEvidence {
    /// Adds a worker tally's evidence of the same credential (no versions, no unmatched names in it).
    fileprivate mutating func merge(tally other: CredentialEvidence) {
        assert(other.versionsLast24h.spans.isEmpty && other.unattributedVersionsLast24h.spans.isEmpty && other.unmatchedConsumers.isEmpty)
        stats.merge(other.stats)
        unattributedProbes += other.unattributedProbes
        unattributedFailureRun.merge(other.unattributedFailureRun)
        if let ts = other.lastBeforeWindow { lastBeforeWindow = Swift.max(lastBeforeWindow ?? ts, ts) }
    }
}

extension ConsumerEvidence {
    /// Adds a worker tally's evidence of the same consumer (no versions in it).
    fileprivate mutating func merge(tally other: ConsumerEvidence) {
        assert(other.versionsLast24h.spans.isEmpty && other.versionsInWindow.spans.isEmpty && other.latestVersion == nil)
        stats.merge(other.stats)
        afterRotation.merge(other.afterRotation)
        failureRun.merge(other.failureRun)
    }
}
