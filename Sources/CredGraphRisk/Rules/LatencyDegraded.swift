import CredGraphCore
import CredGraphIngest

/// `latency-degraded`: the token endpoint's p95 latency in the window is over
/// the threshold. Slow token calls often precede timeouts and failures.
public struct LatencyDegraded: Rule {
    public static let id = RuleID("latency-degraded")
    public static let topic = RuleTopic.probes
    public static let summary = "Token requests are slow: p95 latency over the threshold."
    public static let defaultSeverity = Severity.medium
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "token p95 latency > 2000 ms in the window"
    public static let thresholdKey = "`thresholds.latency_p95_ms`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the p95 latency of the credential's token-endpoint probes in
    the window is over `thresholds.latency_p95_ms` [2000].

    **Means** token calls are slow; timeouts often precede larger failures. The
    message names the consumers whose own p95 is over the threshold.

    **Do**: check that consumers reuse a token for its ~20-minute lifetime rather
    than requesting one per call, the network path from their environment to the
    auth endpoint, and the stack status on trust.salesforce.com; make sure client
    timeouts and retries cope.
    """#

    public init() {}

    /// The rule's test, also applied per consumer by the diagrams.
    public static func exceedsThreshold(p95: Double?, thresholds: Config.Thresholds) -> Bool {
        guard let p95 else { return false }
        return p95 > Double(thresholds.latencyP95Ms)
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let threshold = Double(context.config.thresholds.latencyP95Ms)
        return context.subjects.compactMap { subject in
            let histogram = subject.evidence.stats.tokenLatency
            guard let p95 = histogram.p95, Self.exceedsThreshold(p95: p95, thresholds: context.config.thresholds) else { return nil }
            let credential = subject.credential
            let slow = subject.consumers.compactMap { item -> (IndexedConsumer, Double)? in
                guard let p = item.evidence.stats.tokenLatency.p95, p > threshold else { return nil }
                return (item, p)
            }.sorted { ($0.1, $1.0.index) > ($1.1, $0.0.index) }
            // A histogram percentile is a bucket, not an exact value: say so.
            var message = "Token p95 latency \(Wording.percentile(histogram)) over \(Wording.count(histogram.count, "token probe")) in the window "
                + "(latency_p95_ms: \(context.config.thresholds.latencyP95Ms); the p95 lies in that histogram bucket)."
            if !slow.isEmpty {
                message += " Slowest \(slow.count == 1 ? "consumer" : "consumers"): \(Wording.list(slow.map { "\($0.0.consumer.reference) p95 \(Wording.percentile($0.0.evidence.stats.tokenLatency))" }))."
            }
            let retries = Set(subject.consumers.compactMap(\.consumer.retry)).sorted()
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message,
                remediation: "Check that the consumers reuse a token for its lifetime (about 20 minutes) instead of requesting one per call, "
                    + "the network path (proxy, DNS, firewall) from their environments to SUBDOMAIN.auth.marketingcloudapis.com, "
                    + "and the Marketing Cloud stack on trust.salesforce.com; make sure client timeouts and retries cope"
                    + (retries.isEmpty ? "." : " (retry: \(Wording.list(retries))).") + Wording.ask((slow.isEmpty ? subject.consumers : slow.map(\.0)).map(\.consumer)),
                clientID: credential.clientID, consumerIndices: slow.map(\.0.index).sorted()
            )
        }
    }
}

extension LatencyDegraded {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("every token probe took 3000 ms", probes: ExampleProbe.steady(latencyMs: 3000), severity: .medium),
        ],
        nonTriggering: [
            RuleExample("every token probe took 150 ms", probes: ExampleProbe.steady(latencyMs: 150)),
            RuleExample("3000 ms with `thresholds.latency_p95_ms: 5000`", probes: ExampleProbe.steady(latencyMs: 3000),
                        config: ["thresholds:", "  latency_p95_ms: 5000"]),
        ]
    )
}
