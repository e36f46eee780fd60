import CredGraphCore
import CredGraphIngest

/// `shared-secret`: several consumers share the credential's one secret;
/// a rotation must reach every one of them before activation. Medium when
/// they span prod and another environment: the rotation cannot be rehearsed
/// outside prod, and a non-prod host holds the prod secret.
public struct SharedSecret: Rule {
    public static let id = "shared-secret"
    public static let summary = "Several consumers share the secret: the rotation must reach all of them."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "two or more inventory rows (consumers) with the client id; medium when they span prod and another environment"

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
                rule: Self.id, severity: acrossProd ? .medium : .info, message: message,
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
