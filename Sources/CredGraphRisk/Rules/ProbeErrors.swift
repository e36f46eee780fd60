import CredGraphCore

/// `probe-errors`: more than 5% of the window's probes failed for reasons
/// other than authentication: server errors, throttling, timeouts.
public struct ProbeErrors: Rule {
    public static let id = "probe-errors"
    public static let summary = "Over 5% of probes failed for non-auth reasons (5xx, 429 throttling, timeouts)."
    public static let defaultSeverity = Severity.medium
    /// Percent of probes; fixed by outputs.md.
    public static let thresholdPercent = 5
    public static let thresholdDescription = "non-auth failures (5xx, 429, status 0, other non-2xx) > 5% of the probes in the window"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            let stats = subject.evidence.stats
            let failures = stats.failures
            guard stats.probes > 0, failures.nonAuth * 100 > Self.thresholdPercent * stats.probes else { return nil }
            var classes: [String] = []
            if failures.server > 0 { classes.append("server 5xx \(failures.server)") }
            if failures.throttled > 0 { classes.append("throttled 429 \(failures.throttled)") }
            if failures.transport > 0 { classes.append("timeout / no response \(failures.transport)") }
            if failures.other > 0 { classes.append("other non-2xx \(failures.other)") }
            let worst = subject.consumers.filter { $0.evidence.stats.failures.nonAuth > 0 }
                .sorted { ($0.evidence.stats.failures.nonAuth, $1.index) > ($1.evidence.stats.failures.nonAuth, $0.index) }
            var message = "\(failures.nonAuth) of \(Wording.count(stats.probes, "probe")) in the window "
                + "(\(Wording.percent(failures.nonAuth, of: stats.probes))) failed for non-auth reasons: \(Wording.list(classes))."
            if !worst.isEmpty {
                message += " By consumer: \(Wording.list(worst.map { "\($0.consumer.reference) \($0.evidence.stats.failures.nonAuth)" }))."
            }
            var steps: [String] = []
            if failures.throttled > 0 {
                steps.append("429 is Marketing Cloud rate limiting (50100 / 50200): cache the token for its ~20-minute life instead of requesting one per call, and honour Retry-After.")
            }
            if failures.server > 0 {
                steps.append("For 5xx, check the stack's status on trust.salesforce.com and retry with backoff.")
            }
            if failures.transport > 0 {
                steps.append("For timeouts, check DNS, proxy, firewall or IP allowlist and client timeouts from the probing environment to the auth endpoint.")
            }
            if failures.other > 0 {
                steps.append("For other non-2xx answers, check the request itself (token URL subdomain, grant_type, scope, account_id).")
            }
            return Finding(
                rule: Self.id, severity: .medium, message: message,
                remediation: steps.joined(separator: " ")
                    + Wording.ask((worst.isEmpty ? subject.consumers : worst).map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: worst.map(\.index).sorted()
            )
        }
    }
}
