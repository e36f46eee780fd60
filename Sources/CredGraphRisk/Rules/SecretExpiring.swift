import CredGraphCore
import CredGraphIngest

/// `secret-expiring`: the secret expires within the medium threshold;
/// the severity follows the critical / high / medium thresholds.
public struct SecretExpiring: Rule {
    public static let id = "secret-expiring"
    public static let summary = "The client secret expires soon: rotate it and reach every consumer before the date."
    public static let defaultSeverity = Severity.critical
    public static let thresholdDescription = "0 <= days_left <= thresholds.expiry_critical_days (7): critical; "
        + "<= thresholds.expiry_high_days (30): high; <= thresholds.expiry_medium_days (60): medium"

    public init() {}

    /// The severity for a number of days left, nil beyond the medium threshold or once expired.
    public static func severity(daysLeft: Int, thresholds: Config.Thresholds) -> Severity? {
        guard daysLeft >= 0 else { return nil }
        if daysLeft <= thresholds.expiryCriticalDays { return .critical }
        if daysLeft <= thresholds.expiryHighDays { return .high }
        if daysLeft <= thresholds.expiryMediumDays { return .medium }
        return nil
    }

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard let days = subject.daysLeft, let expiresOn = subject.credential.expiresOn,
                  let severity = Self.severity(daysLeft: days, thresholds: context.config.thresholds) else { return nil }
            let credential = subject.credential
            let consumers = subject.consumers.map(\.consumer)
            var message = "The client secret of \(credential.installedPackage) expires on \(expiresOn), "
                + (days == 0 ? "the as-of day itself" : "\(Wording.count(days, "day")) after as-of \(context.asOfDay)")
                + "\(Wording.expiryBasis(credential, config: context.config)). "
                + "\(Wording.count(consumers.count, "consumer")) must receive the new secret: \(Wording.list(consumers.map(Wording.consumer)))."
            if let rehearsal = subject.rehearsal {
                message += " " + rehearsal.sentence
            } else if !subject.isNonProduction, Set(consumers.map { normalizeEnvironment($0.environment) }).count == 1 {
                message += " No rotation rehearsal outside prod is recorded (lower_env_rotated_on)."
            }
            // Advice to rehearse only where it can be done and is not recorded as done.
            let confirmed = subject.rehearsal?.verdict == .confirmed || subject.rehearsal?.verdict == .unverified
            let remediation = "Rotate before \(expiresOn)." + (confirmed ? "" : Wording.rehearsalAdvice(subject)) + " "
                + Wording.rotationSteps(subject) + Wording.ask(consumers)
            return Finding(
                rule: Self.id, severity: severity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index), location: credential.location
            )
        }
    }
}
