import CredGraphCore

/// `secret-location-unknown`: nobody recorded where a consumer reads the
/// secret, so the rotation cannot be planned for it.
public struct SecretLocationUnknown: Rule {
    public static let id = RuleID("secret-location-unknown")
    public static let topic = RuleTopic.secretStorage
    public static let summary = "Where a consumer reads the secret is not recorded."
    public static let defaultSeverity = Severity.medium
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`secret_location` empty or `unknown`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per credential when any consumer's `secret_location` is empty
    or `unknown`.

    **Means** nobody can say what to update at rotation for those consumers.

    **Do**: ask the technical owner where each reads the secret (deployment
    configuration, CI/CD variables) and record it.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.secretLocation == nil || $0.secretLocation == .unknown }) { subject, hits in
            Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "\(hits.count) of \(Wording.count(subject.consumers.count, "consumer")) \(hits.count == 1 ? "has" : "have") no known secret location, "
                    + "so nobody can say what to update at rotation: \(Wording.list(hits.map { Wording.consumer($0.consumer) })).",
                remediation: "Ask the technical owner where each of these reads the secret (vault path, SSM parameter, environment variable, file) "
                    + "and record it as secret_location; check the deployment configuration and CI/CD variables, not someone's memory."
                    + Wording.ask(hits.map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: hits.map(\.index)
            )
        }
    }
}

extension SecretLocationUnknown {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`secret_location` empty", rows: [ExampleRow(secretLocation: "")], severity: .medium),
            RuleExample("`secret_location` is `unknown`", rows: [ExampleRow(secretLocation: "unknown")], severity: .medium),
        ],
        nonTriggering: [
            RuleExample("`secret_location` is `vault:kv/mc/orders`", rows: [ExampleRow(secretLocation: "vault:kv/mc/orders")]),
        ]
    )
}
