import CredGraphCore

/// `no-retry`: a consumer does not retry, so one throttled or failed token
/// call loses its run.
public struct NoRetry: Rule {
    public static let id = "no-retry"
    public static let summary = "A consumer does not retry failed token or API calls."
    public static let defaultSeverity = Severity.low
    public static let thresholdDescription = "retry is none on a consumer's row (an empty cell is not flagged: unknown, not absent)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { $0.retry?.trimmingWhitespace().lowercased() == "none" }) { subject, hits in
            Finding(
                rule: Self.id, severity: .low,
                message: "\(hits.count) of \(Wording.count(subject.consumers.count, "consumer")) \(hits.count == 1 ? "has" : "have") no retry (retry: none): "
                    + "\(Wording.list(hits.map { Wording.consumer($0.consumer) })). One 429, 5xx or timeout on the token call loses that run.",
                remediation: "Retry 429, 5xx and timeouts with exponential backoff, honouring Retry-After; do not retry 401 invalid_client "
                    + "(it will not heal): alert instead. Record the policy as retry." + Wording.ask(hits.map(\.consumer)),
                clientID: subject.credential.clientID, consumerIndices: hits.map(\.index)
            )
        }
    }
}
