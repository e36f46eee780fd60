import CredGraphCore

/// `expiry-unknown`: neither `secret_expires_on` nor `secret_generated_on`
/// is known, so nothing warns before the secret stops working.
public struct ExpiryUnknown: Rule {
    public static let id = "expiry-unknown"
    public static let summary = "No expiry date is known for the client secret."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "secret_expires_on and secret_generated_on both empty on every row of the client id"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            let credential = subject.credential
            guard credential.expiresOn == nil || credential.expirySource == .unknown else { return nil }
            let consumers = subject.consumers.map(\.consumer)
            let rows = consumers.map { $0.location.description }
            // A date that failed to parse is a format problem to fix, not a date to look up.
            let invalid = consumers.compactMap(\.invalidExpiryText)
            let why = invalid.isEmpty
                ? "secret_expires_on and secret_generated_on are empty on its \(Wording.count(rows.count, "inventory row")) (\(Wording.list(rows)))"
                : "the date given is not a date: \(Wording.list(invalid)) (expected YYYY-MM-DD)"
            return Finding(
                rule: Self.id, severity: .high,
                message: "No expiry date for the client secret of \(credential.installedPackage): \(why). "
                    + "Marketing Cloud secrets expire \(Wording.count(context.config.secretTTLDays, "day")) after they are generated "
                    + "(secrets existing before the change have a hard cut-off of 2026-09-30), so this one can stop working with no warning."
                    + (subject.dueBy.map { " Until the date is known it is due by the deadline, \($0)." } ?? ""),
                remediation: "Read the expiry date in \(Wording.expiryColumn(credential.installedPackage)); no public API returns it. "
                    + "Record it as secret_expires_on (or the generation date as secret_generated_on) on the rows of client id \(credential.clientID)."
                    + Wording.ask(consumers),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index), location: credential.location
            )
        }
    }
}
