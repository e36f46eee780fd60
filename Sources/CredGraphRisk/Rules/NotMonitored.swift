import CredGraphCore

/// `not-monitored`: no probe of the credential in the window, so an expired
/// or revoked secret is found by the business, not by operations.
public struct NotMonitored: Rule {
    public static let id = "not-monitored"
    public static let summary = "No synthetic token check of the credential in the window."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "no probe of the client id in the window (window_days, 7, ending at as-of)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard subject.evidence.stats.probes == 0 else { return nil }
            let credential = subject.credential
            let envs = Set(subject.consumers.map(\.consumer.environment)).sorted()
            var message = "No probe of client id \(credential.clientID) (\(credential.installedPackage)) between "
                + "\(Wording.time(max(context.evidence.windowStart, 0))) and as-of \(Wording.time(context.clock.asOf)) "
                + "(window_days: \(context.config.windowDays))."
            if let before = subject.evidence.lastBeforeWindow {
                message += " The last probe seen is from \(Wording.time(before)), before the window: the check has stopped."
            }
            message += " A revoked or expired secret would show first as missing data downstream."
            let routes = Set(subject.consumers.compactMap(\.consumer.alerting).filter { $0.lowercased() != "none" }).sorted()
            return Finding(
                rule: Self.id, severity: .medium, message: message,
                remediation: "Add a synthetic token check from \(Wording.list(envs)): POST https://SUBDOMAIN.auth.marketingcloudapis.com/v2/token "
                    + "with grant_type=client_credentials every 5-15 minutes, logging consumer, env, status, latency_ms and secret_version "
                    + "(never the secret), and alert on non-200 answers"
                    + (routes.isEmpty ? "." : " to \(Wording.list(routes)).") + Wording.ask(subject.consumers.map(\.consumer)),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index)
            )
        }
    }
}
