import CredGraphCore

/// `hardcoded-secret`: consumers keep the secret in code or in an Automation
/// Studio activity, so every rotation is a redeploy. One finding per
/// credential, naming the consumers.
public struct HardcodedSecret: Rule {
    public static let id = "hardcoded-secret"
    public static let summary = "Consumers keep the secret in code or Automation Studio: rotation becomes a redeploy."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "secret_location is hardcoded or automation-studio on a consumer's row"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.secretLocation == .hardcoded || $0.secretLocation == .automationStudio }) { subject, hits in
            let inStudio = hits.contains { $0.consumer.secretLocation == .automationStudio }
            let text = hits.map { "\($0.consumer.reference) (\($0.consumer.secretLocation?.description ?? ""), \($0.consumer.location))" }
            return Finding(
                rule: Self.id, severity: .high,
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
