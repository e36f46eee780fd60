import CredGraphCore

/// `secret-location-unknown`: nobody recorded where a consumer reads the
/// secret, so the rotation cannot be planned for it.
public struct SecretLocationUnknown: Rule {
    public static let id = "secret-location-unknown"
    public static let summary = "Where a consumer reads the secret is not recorded."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "secret_location empty or unknown on a consumer's row"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.secretLocation == nil || $0.secretLocation == .unknown }) { subject, hits in
            Finding(
                rule: Self.id, severity: .medium,
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
