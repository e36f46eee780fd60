import CredGraphCore

/// `latency-degraded`: the token endpoint's p95 latency in the window is over
/// the threshold. Slow token calls often precede timeouts and failures.
public struct LatencyDegraded: Rule {
    public static let id = "latency-degraded"
    public static let summary = "Token requests are slow: p95 latency over the threshold."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "p95 latency of token-endpoint probes in the window > thresholds.latency_p95_ms (2000)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let threshold = Double(context.config.thresholds.latencyP95Ms)
        return context.subjects.compactMap { subject in
            let histogram = subject.evidence.stats.tokenLatency
            guard let p95 = histogram.p95, p95 > threshold else { return nil }
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
                rule: Self.id, severity: .medium, message: message,
                remediation: "Check that the consumers reuse a token for its lifetime (about 20 minutes) instead of requesting one per call, "
                    + "the network path (proxy, DNS, firewall) from their environments to SUBDOMAIN.auth.marketingcloudapis.com, "
                    + "and the Marketing Cloud stack on trust.salesforce.com; make sure client timeouts and retries cope"
                    + (retries.isEmpty ? "." : " (retry: \(Wording.list(retries))).") + Wording.ask((slow.isEmpty ? subject.consumers : slow.map(\.0)).map(\.consumer)),
                clientID: credential.clientID, consumerIndices: slow.map(\.0.index).sorted()
            )
        }
    }
}
