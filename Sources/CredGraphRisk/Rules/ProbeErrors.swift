import CredGraphCore

/// `probe-errors`: more than 5% of the window's probes failed for reasons
/// other than authentication: server errors, throttling, timeouts.
public struct ProbeErrors: Rule {
    public static let id = RuleID("probe-errors")
    public static let topic = RuleTopic.probes
    public static let summary = "Over \(thresholdPercent)% of probes failed for non-auth reasons (5xx, 429 throttling, timeouts)."
    public static let defaultSeverity = Severity.medium
    /// Percent of probes; fixed by outputs.md.
    public static let thresholdPercent = 5
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "non-auth failures > \(thresholdPercent)% of the window's probes"
    public static let thresholdKey = "(fixed)"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when non-auth failures (5xx, 429, status 0, other non-2xx) are more
    than \#(thresholdPercent)% of the credential's probes in the window (\#(thresholdPercent)% exactly does not fire).

    **Means** the integration is losing calls for reasons other than the secret.
    The message breaks them down by class (server 5xx, throttled 429, timeout / no
    response, other) and by consumer.

    **Do**: for 429 (Marketing Cloud 50100 / 50200), cache the token instead of
    requesting one per call and honour `Retry-After`; for 5xx, check
    trust.salesforce.com and retry with backoff; for timeouts, check DNS, proxy,
    firewall or IP allowlist and client timeouts.
    """#

    public init() {}

    /// The rule's test, also applied per consumer by the diagrams (amber outline).
    public static func exceedsThreshold(nonAuthFailures: Int, of probes: Int) -> Bool {
        probes > 0 && nonAuthFailures * 100 > thresholdPercent * probes
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            let stats = subject.evidence.stats
            let failures = stats.failures
            guard Self.exceedsThreshold(nonAuthFailures: failures.nonAuth, of: stats.probes) else { return nil }
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
                rule: Self.id, severity: Self.defaultSeverity, message: message,
                remediation: steps.joined(separator: " ")
                    + Wording.ask((worst.isEmpty ? subject.consumers : worst).map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: worst.map(\.index).sorted()
            )
        }
    }
}

extension ProbeErrors {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("2 of 20 probes answered 503 (10%)",
                        probes: ExampleProbe.steady(hours: 3) + [ExampleProbe(minutesAgo: 5, status: 503), ExampleProbe(minutesAgo: 15, status: 503)],
                        severity: .medium),
        ],
        nonTriggering: [
            RuleExample("1 of 20 probes answered 503 (5% exactly)",
                        probes: ExampleProbe.steady(hours: 3) + [ExampleProbe(minutesAgo: 5), ExampleProbe(minutesAgo: 15, status: 503)]),
            RuleExample("2 of 20 probes answered 401: auth failures, not errors",
                        probes: ExampleProbe.steady(hours: 3) + [ExampleProbe(minutesAgo: 5, status: 401, error: "invalid_client"),
                                                                 ExampleProbe(minutesAgo: 15, status: 401, error: "invalid_client")]),
        ]
    )
}
