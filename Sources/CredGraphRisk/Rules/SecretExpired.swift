import CredGraphCore

/// `secret-expired`: the secret's expiry date is before the as-of day.
public struct SecretExpired: Rule {
    public static let id = "secret-expired"
    public static let summary = "The client secret has expired: every consumer's token request fails."
    public static let defaultSeverity = Severity.critical
    public static let thresholdDescription = "days_left < 0 (secret_expires_on, or secret_generated_on + secret_ttl_days, before the as-of day)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard let days = subject.daysLeft, days < 0, let expiresOn = subject.credential.expiresOn else { return nil }
            let credential = subject.credential
            var message = "The client secret of \(credential.installedPackage) expired on \(expiresOn), "
                + "\(Wording.count(-days, "day")) before as-of \(context.asOfDay)\(Wording.expiryBasis(credential, config: context.config)): "
                + "token requests with it answer 401 invalid_client. "
                + "\(Wording.subject(subject.consumers.count, "consumer", "depends", "depend")) on it: \(Wording.list(subject.consumers.map { Wording.consumer($0.consumer) }))."
            if let ok = subject.evidence.stats.lastSuccess, ok >= expiresOn.startMillis {
                message += " Yet probes succeeded as late as \(Wording.time(ok)): the inventory's date is probably stale."
            }
            return Finding(
                rule: Self.id, severity: .critical, message: message,
                remediation: "Check the real date in \(Wording.expiryColumn(credential.installedPackage)). If it has passed: "
                    + Wording.rotationSteps(subject) + Wording.ask(subject.consumers.map(\.consumer)),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index), location: credential.location
            )
        }
    }
}
