import CredGraphCore

/// `version-unreported`: the credential is in a rotation (rotated in the
/// window, or two secret versions seen in it) and some consumers' probes
/// carry no `secret_version`: nobody can show which secret they hold, so the
/// cut-over cannot be evidenced before activation.
public struct VersionUnreported: Rule {
    public static let id = RuleID("version-unreported")
    public static let topic = RuleTopic.estate
    public static let summary = "A rotation is under way, but some consumers' probes do not report which secret version they use."
    public static let defaultSeverity = Severity.low
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "a rotation under way and a consumer whose probes carry no `secret_version`"
    public static let thresholdKey = "`window_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the credential is in a rotation (`secret_rotated_on` inside the
    window, or two or more `secret_version` values in the window) and a consumer
    has probes in the window none of which carries a `secret_version`. A consumer
    with no probe at all is `not-monitored`'s business.

    **Means** the cut-over of those consumers cannot be evidenced: nobody can
    show which secret they hold before activation disables the old one.

    **Do**: make each named consumer's probe log `secret_version` (a vault
    version or the label in the staged secret's description; never the secret),
    and until then confirm those consumers by hand before activating.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let windowStartDay = Day(containing: context.evidence.windowStart)
        return context.subjects.compactMap { subject in
            var versions = Set<String>()
            for item in subject.consumers { versions.formUnion(item.evidence.versionsInWindow.spans.keys) }
            versions.formUnion(subject.evidence.versionsLast24h.spans.keys)
            let rotated = subject.credential.rotatedOn.flatMap { $0 >= windowStartDay && $0 <= context.asOfDay ? $0 : nil }
            guard rotated != nil || versions.count >= 2 else { return nil }
            let silent = subject.consumers.filter { $0.evidence.stats.probes > 0 && $0.evidence.latestVersion == nil }
            guard !silent.isEmpty else { return nil }
            let credential = subject.credential
            let why = rotated.map { "rotated on \($0)" }
                ?? "\(versions.count) secret versions (\(Wording.list(versions.sorted().map(Wording.version)))) seen in the window"
            let message = "\(credential.installedPackage) is in a rotation (\(why)), but the probes of "
                + "\(Wording.list(silent.map { "\($0.consumer.reference) (\(Wording.count($0.evidence.stats.probes, "probe")))" })) "
                + "carry no secret_version: nobody can show which secret \(silent.count == 1 ? "it holds" : "they hold") before activation."
            let remediation = "Have the probe of each named consumer log secret_version (a vault version or a short label, the one in the "
                + "staged secret's description; never the secret itself): \(Wording.list(silent.map { Wording.handover($0.consumer) })). "
                + "Until it does, confirm the cut-over of those consumers by hand before activating."
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: silent.map(\.index)
            )
        }
    }
}

extension VersionUnreported {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("rotated 2 days before as-of; the consumer's probes carry no `secret_version`",
                        rows: [ExampleRow(rotatedOn: "2026-08-31")], probes: ExampleProbe.steady(), severity: .low),
        ],
        nonTriggering: [
            RuleExample("rotated 2 days before as-of; the probes carry `secret_version`",
                        rows: [ExampleRow(rotatedOn: "2026-08-31")], probes: ExampleProbe.steady(version: "v7")),
            RuleExample("no rotation under way and probes without `secret_version`", probes: ExampleProbe.steady()),
        ]
    )
}
