/// `shared-secret`: several consumers share the credential's one secret;
/// a rotation must reach every one of them before activation.
public struct SharedSecret: Rule {
    public static let id = "shared-secret"
    public static let summary = "Several consumers share the secret: the rotation must reach all of them."
    public static let defaultSeverity = Severity.info
    public static let thresholdDescription = "two or more inventory rows (consumers) with the client id"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard subject.consumers.count > 1 else { return nil }
            let consumers = subject.consumers.map(\.consumer)
            let envs = Set(consumers.map(\.environment)).sorted()
            var message = "\(consumers.count) consumers share this secret and must all receive the new one: "
                + "\(Wording.list(consumers.map(Wording.handover)))."
            if envs.count > 1, envs.contains("prod") {
                message += " It spans environments \(Wording.list(envs)): a rotation outside prod also changes prod, so it cannot be rehearsed separately."
            }
            return Finding(
                rule: Self.id, severity: .info, message: message,
                remediation: "Rotate as one change with every consumer's owner: stage the secret, update and verify each consumer "
                    + "(its token probe reports the new secret_version), then activate."
                    + (envs.count > 1 && envs.contains("prod") ? " Consider a separate installed package per environment." : "")
                    + Wording.ask(consumers),
                clientID: subject.credential.clientID, consumerIndices: subject.consumers.map(\.index)
            )
        }
    }
}
