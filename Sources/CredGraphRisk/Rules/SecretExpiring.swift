import CredGraphCore
import CredGraphIngest

/// `secret-expiring`: the secret expires within the medium threshold;
/// the severity follows the critical / high / medium thresholds.
public struct SecretExpiring: Rule {
    public static let id = RuleID("secret-expiring")
    public static let topic = RuleTopic.expiry
    public static let summary = "The client secret expires soon: rotate it and reach every consumer before the date."
    public static let defaultSeverity = Severity.critical
    public static let severities = [RuleSeverity(.critical), RuleSeverity(.high), RuleSeverity(.medium)]
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "0 ≤ `days_left` ≤ 7 / 30 / 60"
    public static let thresholdKey = "`thresholds.expiry_critical_days`, `expiry_high_days`, `expiry_medium_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when 0 ≤ `days_left` ≤ `thresholds.expiry_medium_days` [60]:
    critical at ≤ `expiry_critical_days` [7], high at ≤ `expiry_high_days` [30],
    medium up to `expiry_medium_days`. Examples with the defaults: 0, 7 →
    critical; 8, 30 → high; 31, 60 → medium; 61 → nothing; -1 → `secret-expired`.

    **Means** the secret stops working on that date. The message names every
    consumer that must receive the new secret, says when the expiry was derived
    from `secret_generated_on` + `secret_ttl_days` (confirm it in Setup), and
    whether a rotation was rehearsed outside prod (`lower_env_rotated_on`).

    The rehearsal sentence follows the sibling check (Sibling credentials,
    above): confirmed, contradicted or unverified.

    **Do**: rotate before the date; a prod credential rehearses first on its
    sibling (named) or in a lower environment, a non-prod credential is itself
    the rehearsal, and one spanning prod and other environments cannot be
    rehearsed. A user with the Admin permission generates the staged secret, with
    a version label in its description (usable about 5 minutes later; generating
    and activating each at most once in 5 minutes), put it in each
    consumer's secret location and reload it, confirm each consumer's token probe
    answers 200 with the new `secret_version`, and only then activate (activation
    disables the old secret at once).
    """#

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

extension SecretExpiring {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("`days_left` 0, the expiry day itself", rows: [ExampleRow(expiresOn: "2026-09-02")], severity: .critical),
            RuleExample("`days_left` 7", rows: [ExampleRow(expiresOn: "2026-09-09")], severity: .critical),
            RuleExample("`days_left` 8", rows: [ExampleRow(expiresOn: "2026-09-10")], severity: .high),
            RuleExample("`days_left` 30", rows: [ExampleRow(expiresOn: "2026-10-02")], severity: .high),
            RuleExample("`days_left` 60", rows: [ExampleRow(expiresOn: "2026-11-01")], severity: .medium),
            RuleExample("`days_left` 20 with `thresholds.expiry_high_days: 14`", rows: [ExampleRow(expiresOn: "2026-09-22")],
                        config: ["thresholds:", "  expiry_high_days: 14"], severity: .medium),
        ],
        nonTriggering: [
            RuleExample("`days_left` 61", rows: [ExampleRow(expiresOn: "2026-11-02")]),
            RuleExample("`days_left` -1 (`secret-expired` instead)", rows: [ExampleRow(expiresOn: "2026-09-01")]),
        ]
    )
}
