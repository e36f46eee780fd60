import CredGraphCore

/// `owner-missing`: consumers without a technical owner (high: nobody is on
/// record to deploy the new secret) or without a business owner (medium:
/// nobody to test the business transaction and accept the risk). Grouped:
/// at most one finding per credential and owner kind, naming the consumers.
public struct OwnerMissing: Rule {
    public static let id = "owner-missing"
    public static let summary = "Consumers without a technical owner (high) or business owner (medium)."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "technical_owner empty: high; business_owner empty: medium (one finding per credential and kind)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let technical = context.findingPerCredential(where: { $0.technicalOwner == nil }) { subject, noTech in
            Finding(
                rule: Self.id, severity: .high,
                message: "No technical owner for \(noTech.count) of \(Wording.count(subject.consumers.count, "consumer")): "
                    + "\(Wording.list(noTech.map { Wording.consumer($0.consumer) })). "
                    + "Nobody is on record to put the new secret in place and restart the integration.",
                remediation: "Find who can update the secret location and redeploy or restart each of these (the platform team, or the vendor "
                    + "that built it: confirm who can deploy the change) and record them as technical_owner, `Name <email>`.",
                clientID: subject.credential.clientID, consumerIndices: noTech.map(\.index)
            )
        }
        let business = context.findingPerCredential(where: { $0.businessOwner == nil }) { subject, noBusiness in
            Finding(
                rule: Self.id, severity: .medium,
                message: "No business owner for \(noBusiness.count) of \(Wording.count(subject.consumers.count, "consumer")): "
                    + "\(Wording.list(noBusiness.map { Wording.consumer($0.consumer) })). "
                    + "Nobody is on record to run a business transaction after the rotation or to hear that the process stopped.",
                remediation: "Record as business_owner the person or team whose process each integration serves (the data it syncs, "
                    + "the sends it triggers); they confirm the end-to-end test after rotation.",
                clientID: subject.credential.clientID, consumerIndices: noBusiness.map(\.index)
            )
        }
        return technical + business
    }
}
