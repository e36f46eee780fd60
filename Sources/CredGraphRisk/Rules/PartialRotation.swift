import CredGraphCore

/// `partial-rotation`: since `secret_rotated_on`, some consumers authenticate
/// and others fail: the failing ones still hold the old secret.
public struct PartialRotation: Rule {
    public static let id = "partial-rotation"
    public static let summary = "After a rotation some consumers authenticate and others fail: a consumer still holds the old secret."
    public static let defaultSeverity = Severity.critical
    public static let thresholdDescription = "secret_rotated_on set; in the window since that day, at least one consumer's latest result is a success "
        + "and at least one consumer's latest result is an auth failure"

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
                rule: Self.id, severity: .critical, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: behind.map(\.index)
            )
        }
    }
}
