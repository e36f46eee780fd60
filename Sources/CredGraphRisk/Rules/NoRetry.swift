import CredGraphCore

/// `no-retry`: a consumer does not retry, so one throttled or failed token
/// call loses its run.
public struct NoRetry: Rule {
    public static let id = RuleID("no-retry")
    public static let topic = RuleTopic.operations
    public static let summary = "A consumer does not retry failed token or API calls."
    public static let defaultSeverity = Severity.low
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`retry` is `none`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per credential when any consumer's `retry` is `none`. An empty
    cell is unknown, not "none", and does not fire.

    **Means** one 429, 5xx or timeout on the token call loses that run.

    **Do**: retry 429, 5xx and timeouts with exponential backoff, honouring
    `Retry-After`; do not retry 401 `invalid_client` (alert instead).
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.retry?.trimmingWhitespace().lowercased() == "none" }) { subject, hits in
            Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "\(hits.count) of \(Wording.count(subject.consumers.count, "consumer")) \(hits.count == 1 ? "has" : "have") no retry (retry: none): "
                    + "\(Wording.list(hits.map { Wording.consumer($0.consumer) })). One 429, 5xx or timeout on the token call loses that run.",
                remediation: "Retry 429, 5xx and timeouts with exponential backoff, honouring Retry-After; do not retry 401 invalid_client "
                    + "(it will not heal): alert instead. Record the policy as retry." + Wording.ask(hits.map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: hits.map(\.index)
            )
        }
    }
}

extension NoRetry {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`retry` is `none`", rows: [ExampleRow(retry: "none")], severity: .low),
        ],
        nonTriggering: [
            RuleExample("`retry` empty: unknown, not none", rows: [ExampleRow(retry: "")]),
            RuleExample("`retry` is `exponential backoff`", rows: [ExampleRow(retry: "exponential backoff")]),
        ]
    )
}
