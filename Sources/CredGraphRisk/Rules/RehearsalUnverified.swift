import CredGraphCore

/// `rehearsal-unverified`: `lower_env_rotated_on` claims a rehearsal, but the
/// sibling credential of the lower environment shows no rotation then (its
/// dates are older, or its probes report no new `secret_version` after the
/// claimed date). Such a credential cannot count as rehearsed.
public struct RehearsalUnverified: Rule {
    public static let id = RuleID("rehearsal-unverified")
    public static let topic = RuleTopic.estate
    public static let summary = "A claimed rehearsal outside prod is contradicted by the sibling credential of the lower environment."
    public static let defaultSeverity = Severity.medium
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`lower_env_rotated_on` contradicted by the lower-environment sibling"
    public static let thresholdKey = "`window_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when a credential with a prod consumer claims a rehearsal
    (`lower_env_rotated_on`, the latest over its rows) and its sibling outside
    prod contradicts it: its `secret_generated_on` / `secret_rotated_on` are older
    than the claimed date, or (when the claimed day lies inside the window) its
    probes report no `secret_version` first seen after that date while still
    reporting an older one. A sibling that confirms the claim wins over one that
    contradicts it. A claim with no sibling, or a sibling with no dates and no
    versioned probes, does not fire: the messages call it unverified.

    **Means** nobody can show that the rotation was rehearsed outside prod; the
    credential cannot count as Ready.

    **Do**: rehearse on the named sibling (generate its staged secret with a
    version label, move its consumers, verify their probes, activate, record
    `secret_rotated_on`), or correct `lower_env_rotated_on`.
    """#

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
                rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: claimants.map(\.index), location: claimants.first?.consumer.location
            )
        }
    }
}

extension RehearsalUnverified {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("prod claims a rehearsal on 2026-08-20; its qa sibling's secret was generated on 2026-03-10 and never rotated",
                        rows: [ExampleRow(lowerEnvRotatedOn: "2026-08-20"),
                               ExampleRow(env: "qa", package: "Orders Connector Sandbox", client: "client-bbbb2222",
                                          secretLocation: "vault:kv/mc/orders-qa", expiresOn: "", generatedOn: "2026-03-10")],
                        severity: .medium),
        ],
        nonTriggering: [
            RuleExample("the same claim; the qa sibling's secret was generated on 2026-08-20",
                        rows: [ExampleRow(lowerEnvRotatedOn: "2026-08-20"),
                               ExampleRow(env: "qa", package: "Orders Connector Sandbox", client: "client-bbbb2222",
                                          secretLocation: "vault:kv/mc/orders-qa", expiresOn: "", generatedOn: "2026-08-20")]),
            RuleExample("the same claim and no sibling: unverified, not contradicted", rows: [ExampleRow(lowerEnvRotatedOn: "2026-08-20")]),
        ]
    )
}
