import CredGraphCore

/// `no-alerting`: auth failures of a consumer alert nobody.
public struct NoAlerting: Rule {
    public static let id = "no-alerting"
    public static let summary = "Auth failures of a consumer alert nobody."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "alerting empty or none on a consumer's row"

    public init() {}

    /// True for an empty cell or `none`.
    static func isMissing(_ alerting: String?) -> Bool {
        guard let text = alerting?.trimmingWhitespace(), !text.isEmpty else { return true }
        return text.lowercased() == "none"
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.findingPerCredential(where: { Self.isMissing($0.alerting) }) { subject, hits in
            Finding(
                rule: Self.id, severity: .medium,
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
