import CredGraphCore

/// `no-alerting`: auth failures of a consumer alert nobody.
public struct NoAlerting: Rule {
    public static let id = RuleID("no-alerting")
    public static let topic = RuleTopic.operations
    public static let summary = "Auth failures of a consumer alert nobody."
    public static let defaultSeverity = Severity.medium
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`alerting` empty or `none`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per credential when any consumer's `alerting` is empty or
    `none`.

    **Means** auth failures of those consumers page nobody.

    **Do**: route token failures to the team that can rotate or deploy the
    configuration (`pager:`, `slack:`, `email:`), not only to the email developer
    on call.
    """#

    public init() {}

    /// True for an empty cell or `none`.
    static func isMissing(_ alerting: String?) -> Bool {
        guard let text = alerting?.trimmingWhitespace(), !text.isEmpty else { return true }
        return text.lowercased() == "none"
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { Self.isMissing($0.alerting) }) { subject, hits in
            Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "Auth failures of \(hits.count) of \(Wording.count(subject.consumers.count, "consumer")) alert nobody (alerting empty or none): "
                    + "\(Wording.list(hits.map { Wording.consumer($0.consumer) })). An expired secret would surface as missing data or missing sends.",
                remediation: "Route token failures (401, invalid_client) of these consumers to the team that can rotate the secret or deploy "
                    + "the configuration, not only to the email developer on call, and record the route as alerting (pager:…, slack:…, email:…)."
                    + Wording.ask(hits.map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: hits.map(\.index)
            )
        }
    }
}

extension NoAlerting {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`alerting` is `none`", rows: [ExampleRow(alerting: "none")], severity: .medium),
            RuleExample("`alerting` empty on one of two consumers",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Stock Feed", alerting: "")], severity: .medium),
        ],
        nonTriggering: [
            RuleExample("`alerting` is `slack:#mc-ops`", rows: [ExampleRow(alerting: "slack:#mc-ops")]),
        ]
    )
}
