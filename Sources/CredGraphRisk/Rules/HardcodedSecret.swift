import CredGraphCore

/// `hardcoded-secret`: consumers keep the secret in code or in an Automation
/// Studio activity, so every rotation is a redeploy. One finding per
/// credential, naming the consumers.
public struct HardcodedSecret: Rule {
    public static let id = RuleID("hardcoded-secret")
    public static let topic = RuleTopic.secretStorage
    public static let summary = "Consumers keep the secret in code or Automation Studio: rotation becomes a redeploy."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`secret_location` is `hardcoded` or `automation-studio`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per credential when any consumer's `secret_location` is
    `hardcoded` or `automation-studio`; the message names them with file:line.

    **Means** every rotation is a code change and redeploy, and the secret sits
    where people can read it.

    **Do**: move the secret to a managed store read at run time (`vault:` or
    `ssm:`); for Automation Studio script activities, move the token call to a
    service that reads it from a vault, or at least keep the secret in one
    protected place the rotation updates.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.secretLocation == .hardcoded || $0.secretLocation == .automationStudio }) { subject, hits in
            let inStudio = hits.contains { $0.consumer.secretLocation == .automationStudio }
            let text = hits.map { "\($0.consumer.reference) (\($0.consumer.secretLocation?.description ?? ""), \($0.consumer.location))" }
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity,
                message: "\(hits.count) of \(Wording.count(subject.consumers.count, "consumer")) \(hits.count == 1 ? "keeps" : "keep") the secret in code, "
                    + "so a rotation means finding and redeploying it, and the secret sits where people can read it: \(Wording.list(text)).",
                remediation: "Before the next rotation, move the secret to a managed store the consumer reads at run time (vault:PATH or ssm:KEY) "
                    + "and record it as secret_location."
                    + (inStudio ? " For Automation Studio script activities, move the token call to a service that reads the secret from a vault, "
                        + "or at least keep the secret in one protected place the rotation updates." : "")
                    + " Until then, schedule each rotation as a deployment with the owners." + Wording.ask(hits.map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: hits.map(\.index)
            )
        }
    }
}

extension HardcodedSecret {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`secret_location` is `hardcoded`", rows: [ExampleRow(secretLocation: "hardcoded")], severity: .high),
            RuleExample("`secret_location` is `automation-studio`", rows: [ExampleRow(secretLocation: "automation-studio")], severity: .high),
        ],
        nonTriggering: [
            RuleExample("`secret_location` is `ssm:/mc/orders`", rows: [ExampleRow(secretLocation: "ssm:/mc/orders")]),
        ]
    )
}
