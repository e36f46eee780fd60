import CredGraphCore

/// `owner-missing`: consumers without a technical owner (high: nobody is on
/// record to deploy the new secret) or without a business owner (medium:
/// nobody to test the business transaction and accept the risk). Grouped:
/// at most one finding per credential and owner kind, naming the consumers.
public struct OwnerMissing: Rule {
    public static let id = RuleID("owner-missing")
    public static let topic = RuleTopic.operations
    public static let summary = "Consumers without a technical owner (high) or business owner (medium)."
    public static let defaultSeverity = Severity.high
    public static let severities = [RuleSeverity(defaultSeverity, when: "technical"), RuleSeverity(.medium, when: "business")]
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "no owner of that kind"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** at most twice per credential: one high finding naming the consumers
    without `technical_owner`, one medium finding naming those without
    `business_owner`. Grouping per credential keeps a credential's findings short
    while still naming each consumer and its row.

    **Means** without a technical owner nobody is on record to deploy the new
    secret; without a business owner nobody confirms the business transaction
    after rotation or hears that a process stopped.

    **Do**: record who can update the secret location and redeploy (for a
    vendor-built integration, who can deploy the change), and whose process the
    integration serves.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let technical = context.findingPerCredential(where: { $0.technicalOwner == nil }) { subject, noTech in
            Finding(
                rule: Self.id, severity: Self.severities[0].severity,
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
                rule: Self.id, severity: Self.severities[1].severity,
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

extension OwnerMissing {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`technical_owner` empty", rows: [ExampleRow(technicalOwner: "")], severity: .high),
            RuleExample("`business_owner` empty", rows: [ExampleRow(businessOwner: "")], severity: .medium),
        ],
        nonTriggering: [
            RuleExample("both owners recorded", rows: [ExampleRow()]),
        ]
    )
}
