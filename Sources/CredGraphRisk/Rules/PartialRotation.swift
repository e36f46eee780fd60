import CredGraphCore

/// `partial-rotation`: since `secret_rotated_on`, some consumers authenticate
/// and others fail: the failing ones still hold the old secret.
public struct PartialRotation: Rule {
    public static let id = RuleID("partial-rotation")
    public static let topic = RuleTopic.probes
    public static let summary = "After a rotation some consumers authenticate and others fail: a consumer still holds the old secret."
    public static let defaultSeverity = Severity.critical
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "after `secret_rotated_on` some consumers authenticate, others fail"
    public static let thresholdKey = "`window_days`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the credential has `secret_rotated_on`, and in the window since
    that day at least one consumer's latest auth-relevant probe is a success while
    at least one other's is an auth failure.

    **Means** the rotation reached some consumers and not others: the failing
    ones still hold the old secret. The message names them with their secret
    location and technical owner, and the consumers that work.

    **Do**: put the current secret in the failing consumers' secret locations and
    reload them, taking it from the vault entry the working consumers read (a
    secret cannot be viewed in Setup after it is generated); confirm their token
    probes answer 200. Do not rotate again until
    every consumer authenticates.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            guard let rotated = subject.credential.rotatedOn else { return nil }
            let ok = subject.consumers.filter { $0.evidence.afterRotation.isAuthenticating }
            let behind = subject.consumers.filter { $0.evidence.afterRotation.isFailing }
            guard !ok.isEmpty, !behind.isEmpty else { return nil }
            let credential = subject.credential
            let behindText = behind.map { item in
                let r = item.evidence.afterRotation
                return "\(Wording.handover(item.consumer)): \(Wording.count(r.authFailures, "auth failure")) since the rotation"
                    + (r.lastAuthFailure.map { ", last \(Wording.time($0))" } ?? "")
            }
            let okText = ok.map { item in
                item.consumer.reference + (item.evidence.afterRotation.lastSuccess.map { " (last success \(Wording.time($0)))" } ?? "")
            }
            let message = "After the rotation of \(rotated), \(Wording.subject(ok.count, "consumer", "authenticates", "authenticate")): \(Wording.list(okText)); "
                + "but \(Wording.subject(behind.count, "consumer", "fails and still holds", "fail and still hold")) the old secret: \(Wording.list(behindText))."
            let remediation = "Put the current secret of \(credential.installedPackage) in the secret location of \(Wording.list(behind.map { $0.consumer.reference })) "
                + "and reload each, taking it from the vault entry the working consumers read (a secret cannot be viewed in Setup after it is generated); "
                + "confirm its token probe answers 200. Do not rotate again until every consumer authenticates: "
                + "activating yet another secret would cut off the consumers that work now." + Wording.ask(behind.map(\.consumer))
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: behind.map(\.index)
            )
        }
    }
}

extension PartialRotation {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("rotated the day before as-of; one consumer authenticates since, the other answers 401",
                        rows: [ExampleRow("Orders Sync", rotatedOn: "2026-09-01"), ExampleRow("Stock Feed", rotatedOn: "2026-09-01")],
                        probes: ExampleProbe.steady("Orders Sync", hours: 6) + ExampleProbe.steady("Stock Feed", hours: 6, status: 401, error: "invalid_client"),
                        severity: .critical),
        ],
        nonTriggering: [
            RuleExample("rotated the day before as-of; both consumers authenticate since",
                        rows: [ExampleRow("Orders Sync", rotatedOn: "2026-09-01"), ExampleRow("Stock Feed", rotatedOn: "2026-09-01")],
                        probes: ExampleProbe.steady("Orders Sync", hours: 6) + ExampleProbe.steady("Stock Feed", hours: 6)),
            RuleExample("one consumer failing, but no `secret_rotated_on`",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Stock Feed")],
                        probes: ExampleProbe.steady("Orders Sync", hours: 6) + ExampleProbe.steady("Stock Feed", hours: 6, status: 401, error: "invalid_client")),
        ]
    )
}
