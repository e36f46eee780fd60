import CredGraphCore

/// `probe-stale`: the credential is monitored (probes in the window) but its
/// newest probe is older than `probe_stale_minutes`: the check stopped.
public struct ProbeStale: Rule {
    public static let id = "probe-stale"
    public static let summary = "The credential's synthetic token check stopped reporting."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "probes in the window, newest older than thresholds.probe_stale_minutes (30) before as-of"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let limit = Int64(max(context.config.thresholds.probeStaleMinutes, 0)) * 60_000
        return context.subjects.compactMap { subject in
            let stats = subject.evidence.stats
            guard stats.probes > 0, let last = stats.last else { return nil }
            let age = context.clock.asOf - last
            guard age > limit else { return nil }
            let credential = subject.credential
            let envs = Set(subject.consumers.map(\.consumer.environment)).sorted()
            let perConsumer = subject.consumers.map { item in
                item.consumer.reference + (item.evidence.stats.last.map { " \(Wording.time($0))" } ?? " none in the window")
            }
            return Finding(
                rule: Self.id, severity: .high,
                message: "The newest probe of client id \(credential.clientID) is from \(Wording.time(last)), \(Wording.duration(age)) before as-of "
                    + "(probe_stale_minutes: \(context.config.thresholds.probeStaleMinutes)); "
                    + "\(Wording.count(stats.probes, "probe")) in the window since \(Wording.time(stats.first ?? last)). "
                    + "A failure since then would go unseen. Newest probe per consumer: \(Wording.list(perConsumer)).",
                remediation: "Check the probe job that tests client id \(credential.clientID) from \(Wording.list(envs)): its scheduler and host, "
                    + "its own access to the secret, and that its log still reaches the probes folder. "
                    + "Run the token check every 5-15 minutes from each environment." + Wording.ask(subject.consumers.map(\.consumer)),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index), since: last
            )
        }
    }
}
