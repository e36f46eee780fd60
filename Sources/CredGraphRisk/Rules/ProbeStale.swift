import CredGraphCore

/// `probe-stale`: the credential is monitored (probes in the window) but its
/// newest probe is older than `probe_stale_minutes`: the check stopped.
public struct ProbeStale: Rule {
    public static let id = RuleID("probe-stale")
    public static let topic = RuleTopic.probes
    public static let summary = "The credential's synthetic token check stopped reporting."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "monitored, newest probe older than 30 minutes"
    public static let thresholdKey = "`thresholds.probe_stale_minutes`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the credential has probes in the window but the newest is older
    than `thresholds.probe_stale_minutes` [30] before as-of.

    **Means** the synthetic token check stopped reporting; a failure since then
    would go unseen. The message gives the newest probe per consumer.

    **Do**: check the probe job (scheduler, host, its access to the secret) and
    that its logs still reach the probes folder. Probe every 5-15 minutes from
    each environment.
    """#

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
                rule: Self.id, severity: Self.defaultSeverity,
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

extension ProbeStale {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("probes in the window, the newest 2 hours before as-of", probes: ExampleProbe.steady(hours: 3, fromMinutesAgo: 120), severity: .high),
        ],
        nonTriggering: [
            RuleExample("the newest probe 30 minutes before as-of (the limit itself)", probes: ExampleProbe.steady(hours: 3, fromMinutesAgo: 30)),
            RuleExample("no probe at all (`not-monitored` instead)"),
        ]
    )
}
