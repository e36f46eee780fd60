import CredGraphCore

/// `rehearsal-unverified`: `lower_env_rotated_on` claims a rehearsal, but the
/// sibling credential of the lower environment shows no rotation then (its
/// dates are older, or its probes report no new `secret_version` after the
/// claimed date). Such a credential cannot count as rehearsed.
public struct RehearsalUnverified: Rule {
    public static let id = "rehearsal-unverified"
    public static let summary = "A claimed rehearsal outside prod is contradicted by the sibling credential of the lower environment."
    public static let defaultSeverity = Severity.medium
    public static let thresholdDescription = "lower_env_rotated_on set on a prod credential, and its lower-environment sibling's "
        + "secret_generated_on / secret_rotated_on are older than that date, or its probes show no new secret_version after it"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard let rehearsal = subject.rehearsal, rehearsal.verdict == .contradicted, let sibling = rehearsal.sibling else { return nil }
            let credential = subject.credential
            let claimants = subject.consumers.filter { $0.consumer.lowerEnvRotatedOn == rehearsal.claimedOn }
            let rows = claimants.map(\.consumer.location.description)
            let message = rehearsal.sentence + " The rotation of \(credential.installedPackage) has not been shown to work outside prod "
                + "(claimed on \(Wording.list(rows)))."
            let remediation = "Rehearse the rotation on \(RehearsalCheck.name(sibling)) before rotating \(credential.installedPackage): "
                + "generate its staged secret with a version label in the description, move \(Wording.list(sibling.integrations)) "
                + "there to it, confirm their token probes report the new secret_version with status 200, activate, and record the date as "
                + "secret_rotated_on on the sibling's rows. Until then correct lower_env_rotated_on, so readiness does not count a rehearsal nobody can show."
                + Wording.ask(claimants.map(\.consumer))
            return Finding(
                rule: Self.id, severity: .medium, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: claimants.map(\.index), location: claimants.first?.consumer.location
            )
        }
    }
}
