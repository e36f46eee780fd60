import CredGraphIngest

/// What the probe logs say about each credential and consumer, aggregated
/// by `ProbeAggregator`. Sizes depend on the inventory (and a few fixed caps),
/// never on the number of probe lines.

/// Failed probes by class.
public struct FailureCounts: Sendable, Hashable {
    public var auth = 0
    /// 403 answers: access refused, counted with the auth failures by `auth-failing`.
    public var forbidden = 0
    public var throttled = 0
    public var server = 0
    public var transport = 0
    public var other = 0

    public init() {}

    /// Failures that are not about the secret: what `probe-errors` measures.
    public var nonAuth: Int { throttled + server + transport + other }
    public var total: Int { auth + forbidden + nonAuth }
}

/// Probe health over the window, for a credential or one of its consumers.
public struct ProbeStats: Sendable, Hashable {
    /// Probes in the window (every endpoint).
    public internal(set) var probes = 0
    public internal(set) var successes = 0
    public internal(set) var failures = FailureCounts()
    /// Oldest and newest probe in the window.
    public var first: Int64? { probes > 0 ? earliest : nil }
    public var last: Int64? { probes > 0 ? latest : nil }
    public var lastSuccess: Int64? { successes > 0 ? latestSuccess : nil }
    /// The newest auth failure (401 / invalid_client / invalid_grant) or 403.
    public var lastAuthFailure: Int64? { failures.auth + failures.forbidden > 0 ? latestAuthFailure : nil }
    /// Auth failures and 403s (any endpoint) in the 24 hours before as-of.
    public internal(set) var authFailuresLast24h = 0
    /// Of those, the 403s.
    public internal(set) var forbiddenLast24h = 0
    /// Latency of token-endpoint probes in the window.
    public internal(set) var tokenLatency = LatencyHistogram()

    /// The extremes behind `first`, `last`, `lastSuccess` and `lastAuthFailure`,
    /// as plain integers (Int64.max or Int64.min while their count is 0): a
    /// min or max per probe, where an Optional took a test and two stores.
    /// They stay at those values while the count is 0, so equal stats still
    /// compare equal.
    private var earliest = Int64.max
    private var latest = Int64.min
    private var latestSuccess = Int64.min
    private var latestAuthFailure = Int64.min

    public init() {}

    /// One branch for a success (most probes), one switch over the other
    /// outcomes; counts wrap rather than trap (they cannot reach 2^63).
    @inline(__always)
    mutating func add(timestamp: Int64, outcome: ProbeOutcome, endpoint: ProbeRecord.Endpoint, latencyMs: Double?, inLast24h: Bool) {
        if outcome == .success {
            addSuccess(timestamp: timestamp)
        } else {
            addFailure(timestamp: timestamp, outcome: outcome, inLast24h: inLast24h)
        }
        if endpoint == .token, let latencyMs { tokenLatency.add(latencyMs) }
    }

    @inline(__always)
    mutating func addSuccess(timestamp: Int64) {
        probes &+= 1
        earliest = Swift.min(earliest, timestamp)
        latest = Swift.max(latest, timestamp)
        successes &+= 1
        latestSuccess = Swift.max(latestSuccess, timestamp)
    }

    @inline(__always)
    mutating func addFailure(timestamp: Int64, outcome: ProbeOutcome, inLast24h: Bool) {
        probes &+= 1
        earliest = Swift.min(earliest, timestamp)
        latest = Swift.max(latest, timestamp)
        switch outcome {
        case .success:
            successes &+= 1
            latestSuccess = Swift.max(latestSuccess, timestamp)
        case .auth:
            failures.auth += 1
            latestAuthFailure = Swift.max(latestAuthFailure, timestamp)
            if inLast24h { authFailuresLast24h += 1 }
        case .forbidden:
            failures.forbidden += 1
            latestAuthFailure = Swift.max(latestAuthFailure, timestamp)
            if inLast24h {
                authFailuresLast24h += 1
                forbiddenLast24h += 1
            }
        case .throttled: failures.throttled += 1
        case .server: failures.server += 1
        case .transport: failures.transport += 1
        case .other: failures.other += 1
        }
    }

    /// Adds what `other` counted: every figure is a sum, a min/max or a
    /// histogram, so the result is that of adding both sets of probes to one.
    mutating func merge(_ other: ProbeStats) {
        guard other.probes > 0 || other.tokenLatency.count > 0 else { return }
        probes += other.probes
        successes += other.successes
        failures.auth += other.failures.auth
        failures.forbidden += other.failures.forbidden
        failures.throttled += other.failures.throttled
        failures.server += other.failures.server
        failures.transport += other.failures.transport
        failures.other += other.failures.other
        // The sentinels of an empty side lose to any value, so no case for them.
        earliest = Swift.min(earliest, other.earliest)
        latest = Swift.max(latest, other.latest)
        latestSuccess = Swift.max(latestSuccess, other.latestSuccess)
        latestAuthFailure = Swift.max(latestAuthFailure, other.latestAuthFailure)
        authFailuresLast24h += other.authFailuresLast24h
        forbiddenLast24h += other.forbiddenLast24h
        tokenLatency.merge(other.tokenLatency)
    }
}

/// The current run of refused probes (auth failures and 403s) of a consumer:
/// those after its newest success. Kept order-independent: failures older
/// than the newest success seen so far are dropped as successes arrive, so
/// what is left at the end is exactly the run that is still going on.
/// Memory is bounded by the failures of the window after the newest success.
public struct FailureRun: Sendable, Hashable {
    /// Its newest success; nil when none.
    public var lastSuccess: Int64? { latestSuccess == Int64.min ? nil : latestSuccess }
    /// The newest success, Int64.min when none: a success at Int64.min is
    /// never kept (it is not after "none"), so the two mean the same.
    private var latestSuccess = Int64.min
    /// Refused probes after `lastSuccess`, unordered.
    private var failures: [Int64] = []
    private var forbiddenFailures: [Int64] = []

    public init() {}

    @inline(__always)
    mutating func success(at ts: Int64) {
        guard ts > latestSuccess else { return }
        latestSuccess = ts
        if !failures.isEmpty || !forbiddenFailures.isEmpty { dropFailures(upTo: ts) }
    }

    /// Out of line: the usual success ends no run, and the call's register
    /// saves stay off its path.
    @inline(never)
    private mutating func dropFailures(upTo ts: Int64) {
        failures.removeAll { $0 <= ts }
        forbiddenFailures.removeAll { $0 <= ts }
    }

    @inline(__always)
    mutating func failure(at ts: Int64, forbidden: Bool) {
        guard ts > latestSuccess else { return }
        if forbidden { forbiddenFailures.append(ts) } else { failures.append(ts) }
    }

    /// Adds the run of another set of probes: its newest success drops the
    /// failures before it, and its failures (all after its newest success)
    /// count if they are after ours. What is left is the run of both sets.
    mutating func merge(_ other: FailureRun) {
        success(at: other.latestSuccess) // Int64.min (none) is never after ours
        for ts in other.failures { failure(at: ts, forbidden: false) }
        for ts in other.forbiddenFailures { failure(at: ts, forbidden: true) }
    }

    /// Puts the failures in time order, so runs of the same probes compare
    /// equal whatever order (or split among workers) the probes came in.
    mutating func sortFailures() {
        failures.sort()
        forbiddenFailures.sort()
    }

    /// True when the latest auth-relevant probe was refused.
    public var isFailing: Bool { !failures.isEmpty || !forbiddenFailures.isEmpty }

    /// The first refused probe of the current run; nil when not failing.
    public var since: Int64? {
        switch (failures.min(), forbiddenFailures.min()) {
        case let (a?, b?): Swift.min(a, b)
        case let (a, b): a ?? b
        }
    }

    /// Refused probes of the current run, and how many of them were 403s.
    public var count: Int { failures.count + forbiddenFailures.count }
    public var forbiddenCount: Int { forbiddenFailures.count }
}

/// When one secret version was seen.
public struct VersionSpan: Sendable, Hashable {
    public var firstSeen: Int64
    public var lastSeen: Int64
    public var probes: Int
}

/// The secret versions seen, each with its first and last sighting. At most
/// `cap` distinct versions are kept (Marketing Cloud allows two at a time;
/// more is a broken log): probes of further versions are only counted.
public struct VersionUsage: Sendable, Hashable {
    public static let cap = 16
    public private(set) var spans: [String: VersionSpan] = [:]
    /// Probes whose version was not kept because of the cap.
    public private(set) var overflowProbes = 0

    public init() {}

    mutating func add(_ version: String, at timestamp: Int64) {
        if var span = spans[version] {
            span.firstSeen = Swift.min(span.firstSeen, timestamp)
            span.lastSeen = Swift.max(span.lastSeen, timestamp)
            span.probes += 1
            spans[version] = span
        } else if spans.count < VersionUsage.cap {
            spans[version] = VersionSpan(firstSeen: timestamp, lastSeen: timestamp, probes: 1)
        } else {
            overflowProbes += 1
        }
    }

    /// Versions oldest first: by first sighting, then name.
    public var ordered: [(version: String, span: VersionSpan)] {
        spans.map { (version: $0.key, span: $0.value) }.sorted {
            ($0.span.firstSeen, $0.version) < ($1.span.firstSeen, $1.version)
        }
    }

    /// The version first seen last: the staged (or newly activated) secret.
    public var newest: (version: String, span: VersionSpan)? { ordered.last }
}

/// A consumer's latest probe that named its secret version.
public struct SeenVersion: Sendable, Hashable {
    public var version: String
    public var at: Int64
}

/// How a consumer fared after its credential's `secret_rotated_on` (within the window).
public struct RotationOutcome: Sendable, Hashable {
    public internal(set) var successes = 0
    public internal(set) var authFailures = 0
    public var lastSuccess: Int64? { successes > 0 ? latestSuccess : nil }
    public var lastAuthFailure: Int64? { authFailures > 0 ? latestAuthFailure : nil }
    /// As in `ProbeStats`: plain maxima, Int64.min while their count is 0.
    private var latestSuccess = Int64.min
    private var latestAuthFailure = Int64.min

    public init() {}

    @inline(__always)
    mutating func success(at ts: Int64) {
        successes &+= 1
        latestSuccess = Swift.max(latestSuccess, ts)
    }

    @inline(__always)
    mutating func authFailure(at ts: Int64) {
        authFailures += 1
        latestAuthFailure = Swift.max(latestAuthFailure, ts)
    }

    /// Its latest auth-relevant result since the rotation is a failure.
    public var isFailing: Bool {
        guard let failed = lastAuthFailure else { return false }
        return failed > (lastSuccess ?? Int64.min)
    }

    /// Its latest auth-relevant result since the rotation is a success.
    public var isAuthenticating: Bool {
        guard let ok = lastSuccess else { return false }
        return ok > (lastAuthFailure ?? Int64.min)
    }

    /// Adds what another set of probes counted (sums and maxima).
    mutating func merge(_ other: RotationOutcome) {
        successes += other.successes
        authFailures += other.authFailures
        latestSuccess = Swift.max(latestSuccess, other.latestSuccess)
        latestAuthFailure = Swift.max(latestAuthFailure, other.latestAuthFailure)
    }
}

/// Probe evidence of one inventory consumer (integration@environment).
public struct ConsumerEvidence: Sendable, Hashable {
    public internal(set) var stats = ProbeStats()
    /// Secret versions this consumer used in the 24 hours before as-of.
    public internal(set) var versionsLast24h = VersionUsage()
    /// Its newest probe in the window that named a secret version.
    public internal(set) var latestVersion: SeenVersion?
    /// Results since the credential's rotation date (only when it has one).
    public internal(set) var afterRotation = RotationOutcome()
    /// The refused probes since its newest success, in the window.
    public internal(set) var failureRun = FailureRun()
    /// Secret versions over the whole window, with first and last sighting.
    public internal(set) var versionsInWindow = VersionUsage()

    public init() {}
}

/// Probe evidence of one credential: every probe of its client id counts,
/// whether or not it names a consumer.
public struct CredentialEvidence: Sendable, Hashable {
    public internal(set) var stats = ProbeStats()
    /// Secret versions in the 24 hours before as-of, over all probes.
    public internal(set) var versionsLast24h = VersionUsage()
    /// The same, for probes that matched no inventory consumer.
    public internal(set) var unattributedVersionsLast24h = VersionUsage()
    /// Probes that matched no inventory consumer, in the window.
    public internal(set) var unattributedProbes = 0
    /// Consumer names (with the environment) probes gave that match no
    /// consumer of this credential, up to as-of: what the probes said, so
    /// `check` and the findings can name it.
    public internal(set) var unmatchedConsumers: [UnmatchedConsumer] = []
    /// The current run of refused probes among those that matched no consumer.
    public internal(set) var unattributedFailureRun = FailureRun()
    /// The newest probe before the window (shown when the window is empty).
    public internal(set) var lastBeforeWindow: Int64?
    /// Probes and successes per day of the window, for the reports' sparklines.
    public internal(set) var daily = DailyOutcomes(days: 0)

    public init() {}
}

/// Probes of a client id the inventory lacks: an integration nobody inventoried.
public struct UnknownClientProbes: Sendable, Hashable {
    public static let namesCap = 8
    public var clientID: String
    public internal(set) var probes = 0
    public internal(set) var first: Int64
    public internal(set) var last: Int64
    /// Environments the probes ran from (the alphabetically first `namesCap`).
    public internal(set) var environments: BoundedNameSet
    /// Consumers the probes named (the alphabetically first `namesCap`).
    public internal(set) var consumers: BoundedNameSet
}

/// A sorted set of names that keeps the alphabetically first `cap` names, so
/// its content does not depend on the order names arrive in.
/// A `consumer@env` pair of the probes that names no inventory consumer of the credential.
public struct UnmatchedConsumer: Sendable, Hashable, Comparable {
    public var consumer: String
    public var environment: String?
    public var probes: Int

    /// Distinct pairs kept per credential; more are counted on the last one kept.
    static let cap = 32

    /// `name@env` as written by the probes (`name` alone without env).
    public var label: String { environment.map { "\(consumer)@\($0)" } ?? consumer }

    public static func < (a: UnmatchedConsumer, b: UnmatchedConsumer) -> Bool {
        (a.consumer, a.environment ?? "") < (b.consumer, b.environment ?? "")
    }
}

extension CredentialEvidence {
    mutating func noteUnmatched(consumer: String, environment: String?) {
        let name = String(consumer.trimmingWhitespace().prefix(80))
        guard !name.isEmpty else { return }
        let env = environment.map(normalizeEnvironment).flatMap { $0.isEmpty ? nil : $0 }
        if let i = unmatchedConsumers.firstIndex(where: { $0.consumer == name && $0.environment == env }) {
            unmatchedConsumers[i].probes += 1
            return
        }
        guard unmatchedConsumers.count < UnmatchedConsumer.cap else { return }
        let entry = UnmatchedConsumer(consumer: name, environment: env, probes: 1)
        let at = unmatchedConsumers.firstIndex { entry < $0 } ?? unmatchedConsumers.count
        unmatchedConsumers.insert(entry, at: at)
    }
}

public struct BoundedNameSet: Sendable, Hashable {
    public let cap: Int
    public private(set) var names: [String] = []
    /// True when names were left out because of the cap.
    public private(set) var truncated = false

    public init(cap: Int) { self.cap = Swift.max(cap, 0) }

    mutating func insert(_ name: String) {
        var lo = 0, hi = names.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if names[mid] < name { lo = mid + 1 } else { hi = mid }
        }
        if lo < names.count, names[lo] == name { return }
        if names.count < cap {
            names.insert(name, at: lo)
        } else {
            truncated = true
            if lo < names.count {
                names.insert(name, at: lo)
                names.removeLast()
            }
        }
    }
}

/// Everything the risk rules need from the probe logs.
public struct ProbeEvidence: Sendable, Hashable {
    /// Distinct unknown client ids kept; probes of further ones are only counted.
    public static let uninventoriedCap = 1000

    /// The window is [windowStart, asOf], milliseconds since the epoch.
    public var windowStart: Int64
    public var asOf: Int64
    /// Aligned with `Inventory.credentials`.
    public var credentials: [CredentialEvidence]
    /// Aligned with `Inventory.consumers`.
    public var consumers: [ConsumerEvidence]
    /// Sorted by client id.
    public var uninventoried: [UnknownClientProbes]
    /// Probes of unknown client ids beyond `uninventoriedCap`.
    public var uninventoriedOverflowProbes: Int
    /// Probes dated after as-of, ignored.
    public var ignoredAfterAsOf: Int
    /// Probes of inventoried credentials dated before the window.
    public var beforeWindow: Int

    public init(
        windowStart: Int64, asOf: Int64, credentials: [CredentialEvidence] = [], consumers: [ConsumerEvidence] = [],
        uninventoried: [UnknownClientProbes] = [], uninventoriedOverflowProbes: Int = 0,
        ignoredAfterAsOf: Int = 0, beforeWindow: Int = 0
    ) {
        self.windowStart = windowStart
        self.asOf = asOf
        self.credentials = credentials
        self.consumers = consumers
        self.uninventoried = uninventoried
        self.uninventoriedOverflowProbes = uninventoriedOverflowProbes
        self.ignoredAfterAsOf = ignoredAfterAsOf
        self.beforeWindow = beforeWindow
    }

    /// Evidence of the credential at `index` of `Inventory.credentials`
    /// (empty when there is none).
    public func credential(at index: Int) -> CredentialEvidence {
        credentials.indices.contains(index) ? credentials[index] : CredentialEvidence()
    }

    /// Evidence of the consumer at `index` of `Inventory.consumers` (empty when there is none).
    public func consumer(at index: Int) -> ConsumerEvidence {
        consumers.indices.contains(index) ? consumers[index] : ConsumerEvidence()
    }
}

/// Probe outcomes per 24-hour slice of the window, oldest first; the last
/// slice ends at as-of. Fixed size: one pair of counters per window day.
public struct DailyOutcomes: Sendable, Hashable {
    public private(set) var probes: [Int]
    public private(set) var successes: [Int]

    public init(days: Int) {
        probes = Array(repeating: 0, count: Swift.max(0, days))
        successes = probes
    }

    /// Counts kept elsewhere while probes are added (`ProbeAggregator`).
    init(probes: [Int], successes: [Int]) {
        self.probes = probes
        self.successes = successes
    }

    mutating func add(timestamp: Int64, asOf: Int64, success: Bool) {
        guard !probes.isEmpty, timestamp <= asOf else { return }
        let back = Int((asOf - timestamp) / 86_400_000)
        guard back < probes.count else { return }
        let slot = probes.count - 1 - back
        probes[slot] += 1
        if success { successes[slot] += 1 }
    }

    /// Success rate per slice, nil where there was no probe.
    public var successRates: [Double?] {
        zip(probes, successes).map { $0 == 0 ? nil : Double($1) / Double($0) }
    }
}
