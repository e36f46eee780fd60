/// `auth-failing`: probes were refused as unauthenticated in the 24 hours
/// before as-of (401, `invalid_client`, `invalid_grant`; 429 is not one).
public struct AuthFailing: Rule {
    public static let id = "auth-failing"
    public static let summary = "Probes were refused authentication (401 / invalid_client / invalid_grant) in the last 24 hours."
    public static let defaultSeverity = Severity.critical
    public static let thresholdDescription = "at least one auth failure, any endpoint, in the 24 hours before as-of (429 throttling does not count)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            let stats = subject.evidence.stats
            guard stats.authFailuresLast24h > 0 else { return nil }
            let credential = subject.credential
            let failing = subject.consumers.filter { $0.evidence.stats.authFailuresLast24h > 0 }
            var parts = failing.map { item in
                let s = item.evidence.stats
                let state: String
                if let failed = s.lastAuthFailure, let ok = s.lastSuccess, ok > failed {
                    state = ", succeeded since at \(Wording.time(ok))"
                } else {
                    state = ", still failing"
                }
                return "\(item.consumer.reference) (\(s.authFailuresLast24h)"
                    + (s.lastAuthFailure.map { ", last \(Wording.time($0))" } ?? "") + state + ")"
            }
            let attributed = failing.reduce(0) { $0 + $1.evidence.stats.authFailuresLast24h }
            if stats.authFailuresLast24h > attributed {
                var part = "\(stats.authFailuresLast24h - attributed) from probes naming no inventoried consumer"
                // What the probes said, so the reader can find the configuration that made the calls.
                let said = subject.evidence.unmatchedConsumers.prefix(5).map { "'\($0.label)'" }
                if !said.isEmpty {
                    part += " (they named \(Wording.list(said))\(subject.evidence.unmatchedConsumers.count > 5 ? " and others" : ""))"
                }
                parts.append(part)
            }
            var message = "\(Wording.count(stats.authFailuresLast24h, "auth failure")) (401 / invalid_client / invalid_grant) "
                + "in the 24 hours before as-of \(Wording.time(context.clock.asOf)): \(Wording.list(parts))."
            if let failed = stats.lastAuthFailure {
                if let ok = stats.lastSuccess, ok > failed {
                    message += " The newest success of the credential, at \(Wording.time(ok)), came after the last failure."
                } else {
                    message += " No probe has succeeded since the last failure at \(Wording.time(failed))."
                }
            }
            let targets = failing.isEmpty ? subject.consumers : failing
            let alerting = Set(targets.compactMap { $0.consumer.alerting }.filter { $0.lowercased() != "none" }).sorted()
            let remediation = "Compare the secret each failing consumer reads with the active secret in \(Wording.setupPath(credential.installedPackage)): "
                + "\(Wording.list(targets.map { Wording.handover($0.consumer) })). "
                + "If a consumer holds an old secret, update it there and reload it. If nobody rotated, the secret may have expired "
                + "or been revoked by Salesforce as compromised: generate a new one and roll it out to every consumer. "
                + "Also check that the package's API user (\"\(credential.installedPackage) app user\") is active."
                + (alerting.isEmpty ? "" : " Alerts route to \(Wording.list(alerting)).")
            return Finding(
                rule: Self.id, severity: .critical, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: failing.map(\.index)
            )
        }
    }
}
