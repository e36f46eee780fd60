import CredGraphCore
import CredGraphIngest

/// `shared-secret`: several consumers share the credential's one secret;
/// a rotation must reach every one of them before activation. Medium when
/// they span prod and another environment: the rotation cannot be rehearsed
/// outside prod, and a non-prod host holds the prod secret.
public struct SharedSecret: Rule {
    public static let id = RuleID("shared-secret")
    public static let topic = RuleTopic.estate
    public static let summary = "Several consumers share the secret: the rotation must reach all of them."
    public static let defaultSeverity = Severity.medium
    public static let severities = [
        RuleSeverity(defaultSeverity, when: "prod and another environment"), RuleSeverity(.info),
    ]
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "the credential has several consumers"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the credential has two or more consumers: info when they are
    all in one environment or all outside prod, medium when they span prod and
    another environment.

    **Means** the rotation must reach all of them before activation. The message
    lists each consumer with its secret location and technical owner (the
    cut-over checklist). Across prod and another environment, a rotation outside
    prod also changes prod, so it cannot be rehearsed separately, and every
    non-prod host holds the prod secret.

    **Do**: rotate as one change: stage, update and verify every consumer,
    then activate. Across environments, give each environment its own installed
    package (one package per environment); readiness lists that item in place
    of the rehearsal.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard subject.consumers.count > 1 else { return nil }
            let consumers = subject.consumers.map(\.consumer)
            let envs = Set(consumers.map { normalizeEnvironment($0.environment) }).sorted()
            let acrossProd = envs.count > 1 && envs.contains("prod")
            var message = "\(consumers.count) consumers share this secret and must all receive the new one: "
                + "\(Wording.list(consumers.map(Wording.handover)))."
            if acrossProd {
                message += " It spans environments \(Wording.list(envs)): a rotation outside prod also changes prod, so it cannot be rehearsed separately, "
                    + "and every non-prod host holds the prod secret."
            }
            return Finding(
                rule: Self.id, severity: acrossProd ? Self.severities[0].severity : Self.severities[1].severity, message: message,
                remediation: "Rotate as one change with every consumer's owner: stage the secret, update and verify each consumer "
                    + "(its token probe reports the new secret_version), then activate."
                    + (acrossProd ? " Then give each environment its own installed package (one package per environment), so that the "
                        + "non-prod one can be rotated first as the rehearsal and a non-prod host never holds the prod secret." : "")
                    + Wording.ask(consumers),
                clientID: subject.credential.clientID, consumerIndices: subject.consumers.map(\.index)
            )
        }
    }
}

extension SharedSecret {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("two consumers of the client id, in prod and qa",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Orders Sync", env: "qa")], severity: .medium),
            RuleExample("two consumers of the client id, both in prod",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Stock Feed")], severity: .info),
        ],
        nonTriggering: [
            RuleExample("one consumer of the client id"),
        ]
    )
}
