import CredGraphCore

/// `not-monitored`: no probe of the credential in the window, so an expired
/// or revoked secret is found by the business, not by operations.
public struct NotMonitored: Rule {
    public static let id = RuleID("not-monitored")
    public static let topic = RuleTopic.probes
    public static let summary = "No synthetic token check of the credential in the window."
    public static let defaultSeverity = Severity.medium
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "no probe in the window"
    public static let thresholdKey = "`window_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when there is no probe of the credential in the window. If a probe
    was seen before the window, the message says when: the check stopped.

    **Means** an expired or revoked secret will be noticed as missing data or
    missing sends, not as an alert.

    **Do**: add a synthetic token check (`POST
    https://SUBDOMAIN.auth.marketingcloudapis.com/v2/token`,
    `grant_type=client_credentials`) every 5-15 minutes from each environment that
    uses the credential, logging consumer, env, status, latency and
    `secret_version` (never the secret), alerting on non-200 answers.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard subject.evidence.stats.probes == 0 else { return nil }
            let credential = subject.credential
            let envs = Set(subject.consumers.map(\.consumer.environment)).sorted()
            var message = "No probe of client id \(credential.clientID) (\(credential.installedPackage)) between "
                + "\(Wording.time(max(context.evidence.windowStart, 0))) and as-of \(Wording.time(context.clock.asOf)) "
                + "(window_days: \(context.config.windowDays))."
            if let before = subject.evidence.lastBeforeWindow {
                message += " The last probe seen is from \(Wording.time(before)), before the window: the check has stopped."
            }
            message += " A revoked or expired secret would show first as missing data downstream."
            let routes = Set(subject.consumers.compactMap(\.consumer.alerting).filter { $0.lowercased() != "none" }).sorted()
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message,
                remediation: "Add a synthetic token check from \(Wording.list(envs)): POST https://SUBDOMAIN.auth.marketingcloudapis.com/v2/token "
                    + "with grant_type=client_credentials every 5-15 minutes, logging consumer, env, status, latency_ms and secret_version "
                    + "(never the secret), and alert on non-200 answers"
                    + (routes.isEmpty ? "." : " to \(Wording.list(routes)).") + Wording.ask(subject.consumers.map(\.consumer)),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index)
            )
        }
    }
}

extension NotMonitored {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("no probe of the credential", severity: .medium),
            RuleExample("the newest probe 8 days before as-of, outside the 7-day window",
                        probes: [ExampleProbe(minutesAgo: 8 * 24 * 60)], severity: .medium),
        ],
        nonTriggering: [
            RuleExample("a probe every 10 minutes", probes: ExampleProbe.steady()),
        ]
    )
}
