import CredGraphCore

/// `expiry-unknown`: neither `secret_expires_on` nor `secret_generated_on`
/// is known, so nothing warns before the secret stops working.
public struct ExpiryUnknown: Rule {
    public static let id = RuleID("expiry-unknown")
    public static let topic = RuleTopic.expiry
    public static let summary = "No expiry date is known for the client secret."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "no `secret_expires_on` and no `secret_generated_on`"
    public static let thresholdKey = "`secret_ttl_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when neither `secret_expires_on` nor `secret_generated_on` is
    filled in on any row of the client id.

    **Means** nothing can warn before the secret expires (180 days after
    generation; secrets that existed before the change have a hard cut-off of
    2026-09-30).

    **Do**: read the date in the "Client Secret Expires" column of the summary
    table of Setup > Apps > Installed Packages, from the parent business unit (no
    public API returns it), and record it as `secret_expires_on` or
    `secret_generated_on`. Until then the credential is due by the deadline
    (`due_by`), and the readiness timeline shows it there.
    """#

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
                rule: Self.id, severity: Self.defaultSeverity,
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

extension ExpiryUnknown {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("neither `secret_expires_on` nor `secret_generated_on` filled in", rows: [ExampleRow(expiresOn: "")], severity: .high),
        ],
        nonTriggering: [
            RuleExample("only `secret_generated_on`: the expiry is derived", rows: [ExampleRow(expiresOn: "", generatedOn: "2026-06-01")]),
        ]
    )
}
