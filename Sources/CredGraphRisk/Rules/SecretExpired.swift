import CredGraphCore

/// `secret-expired`: the secret's expiry date is before the as-of day.
public struct SecretExpired: Rule {
    public static let id = RuleID("secret-expired")
    public static let topic = RuleTopic.expiry
    public static let summary = "The client secret has expired: every consumer's token request fails."
    public static let defaultSeverity = Severity.critical
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "`days_left` < 0"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when `days_left` < 0: `secret_expires_on` (or `secret_generated_on`
    + `secret_ttl_days` when no expiry date is given) is before the as-of day.

    **Means** every consumer's token request now answers 401 `invalid_client`;
    everything downstream (data extension syncs, personalization, sends) is
    stale or stopped. When probes still succeeded after the date, the message
    says so: the inventory's date is probably out of date.

    **Do**: check the real date in the "Client Secret Expires" column of the
    summary table of Setup > Apps > Installed Packages, from the parent business
    unit. If it has passed, a user with the Admin permission generates a new
    secret (with a version label in its description), put it in every consumer's secret location (the message lists each
    with its location and technical owner), confirm each consumer's token probe
    answers 200, activate, and update the inventory's dates.
    """#

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
                rule: Self.id, severity: Self.defaultSeverity, message: message,
                remediation: "Check the real date in \(Wording.expiryColumn(credential.installedPackage)). If it has passed: "
                    + Wording.rotationSteps(subject) + Wording.ask(subject.consumers.map(\.consumer)),
                clientID: credential.clientID, consumerIndices: subject.consumers.map(\.index), location: credential.location
            )
        }
    }
}

extension SecretExpired {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`secret_expires_on` the day before as-of (`days_left` -1)", rows: [ExampleRow(expiresOn: "2026-09-01")], severity: .critical),
            RuleExample("no expiry date; `secret_generated_on` 181 days before as-of with the default 180-day TTL",
                        rows: [ExampleRow(expiresOn: "", generatedOn: "2026-03-04")], severity: .critical),
        ],
        nonTriggering: [
            RuleExample("`secret_expires_on` on the as-of day (`days_left` 0: `secret-expiring` instead)", rows: [ExampleRow(expiresOn: "2026-09-02")]),
        ]
    )
}
