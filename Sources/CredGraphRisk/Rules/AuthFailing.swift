import CredGraphCore

/// `auth-failing`: probes were refused in the 24 hours before as-of (401,
/// `invalid_client`, `invalid_grant`, or 403; 429 is not one), with since
/// when (the first refused probe of the current run) and the likely cause.
public struct AuthFailing: Rule {
    public static let id = RuleID("auth-failing")
    public static let topic = RuleTopic.probes
    public static let summary = "Probes were refused (401 / invalid_client / invalid_grant, or 403) in the last 24 hours: since when, and the likely cause."
    public static let defaultSeverity = Severity.critical
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "an auth failure (or 403) in the last 24 hours; says `since` and `cause`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when at least one probe of the credential, on any endpoint, was
    refused in the last 24 hours: classified auth (401, `invalid_client`,
    `invalid_grant`) or forbidden (403). 429 never counts.

    **Since when**: `since` is the first refused probe of the current unbroken
    run of failures, over all consumers still failing (a consumer is still
    failing when its latest auth-relevant probe was refused; its run starts at
    the first refused probe after its newest success). It is computed in one
    pass whatever the order of the probe files. `probe-stale` also carries
    `since`: its newest probe.

    **Cause** (`cause` in JSON, "Likely cause" in the message), decided in this order:

    - `forbidden`: every refusal of the current run is a 403: the secret is
      accepted, the package's scope or its access to the business unit is not.
    - `expired`: the run began at or after the expiry date.
    - `missed-rotation`: it began on the day of `secret_rotated_on` or the day
      after, or within two days after a new `secret_version` first appeared in the
      window: a consumer holds the old secret.
    - `revoked`: nothing above explains it. Salesforce revokes a secret it
      believes compromised, and an inactive package app user also answers 401: a
      security incident.

    **Means** a consumer cannot get a token; everything it feeds is going stale
    from `since`. The message lists the failing consumers with their count, last
    failure and since when, plus failures from probes naming no inventoried consumer.

    **Do**, by cause: `forbidden`, do not rotate: check the API Integration's
    scopes and its business-unit access. `expired`, generate, roll out and
    activate a new secret (the rotation steps). `missed-rotation`, put the current
    secret in the failing consumers' secret locations, taking it from the vault
    entry the working consumers read (it cannot be viewed in Setup again), and do
    not generate or activate another one until every consumer authenticates.
    `revoked`, handle it as a security incident: check that the "PACKAGE app user"
    is active, then find and remove the leak (code repositories, CI logs,
    tickets, shared files) before generating a new secret and rolling it out.
    """#

    /// The likely cause, the `cause` of outputs.md.
    public enum Cause: String, Sendable, CaseIterable {
        /// The failures began at or after the expiry date.
        case expired
        /// They began on the day of a recorded rotation or the day after, or
        /// when a new secret_version first appeared: a consumer holds the old secret.
        case missedRotation = "missed-rotation"
        /// No rotation and no expiry explains them: a revoked (compromised)
        /// secret or an inactive package app user.
        case revoked
        /// 403: the secret is accepted; scope or business-unit access is refused.
        case forbidden
    }

    public init() {}

    /// Failing now: the consumer's latest auth-relevant probe in the window was
    /// refused. Readiness blocks on it, the reports date the impact from it and
    /// the diagrams draw what it feeds as stale; the rule itself fires on any
    /// refusal of the last 24 hours.
    public static func isFailingNow(_ stats: ProbeStats) -> Bool {
        guard let failed = stats.lastAuthFailure else { return false }
        return failed > (stats.lastSuccess ?? Int64.min)
    }

    /// The cause of failures that began at `since` (nil when none is still failing).
    static func cause(_ subject: CredentialSubject, since: Int64?, onlyForbidden: Bool) -> (Cause, String) {
        if onlyForbidden {
            return (.forbidden, "every refusal is HTTP 403: the secret is accepted, but the package's scope or its access to the business unit is not enough")
        }
        let credential = subject.credential
        guard let since else {
            return (.revoked, "no rotation and no expiry explains them")
        }
        if let expires = credential.expiresOn, since >= expires.startMillis {
            return (.expired, "they began at or after the expiry on \(expires)")
        }
        let day = Day(containing: since)
        if let rotated = credential.rotatedOn, day == rotated || day == rotated.adding(days: 1) {
            return (.missedRotation, "they began after the rotation of \(rotated): a consumer still holds the old secret")
        }
        // A new secret_version that first appeared on the day the failures began (or the day before).
        var usage = VersionUsage()
        for item in subject.consumers {
            for (version, span) in item.evidence.versionsInWindow.spans { usage.add(version, at: span.firstSeen) }
        }
        if usage.spans.count > 1, let newest = usage.newest, newest.span.firstSeen <= since,
           since - newest.span.firstSeen < 2 * 86_400_000 {
            return (.missedRotation, "they began after secret_version \(Wording.version(newest.version)) first appeared at "
                + "\(Wording.time(newest.span.firstSeen)): a consumer still holds the old secret")
        }
        return (.revoked, "no rotation and no expiry explains them")
    }

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
                } else if let since = item.evidence.failureRun.since {
                    state = ", failing since \(Wording.time(since))"
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
            // The current runs: consumers (and unattributed probes) whose latest result was refused.
            let runs = subject.consumers.map(\.evidence.failureRun) + [subject.evidence.unattributedFailureRun]
            let current = runs.filter(\.isFailing)
            let since = current.compactMap(\.since).min()
            let onlyForbidden = current.isEmpty
                ? stats.forbiddenLast24h == stats.authFailuresLast24h
                : current.allSatisfy { $0.forbiddenCount == $0.count }
            let (cause, why) = Self.cause(subject, since: since, onlyForbidden: onlyForbidden)

            let kind = stats.forbiddenLast24h == 0 ? "(401 / invalid_client / invalid_grant)"
                : stats.forbiddenLast24h == stats.authFailuresLast24h ? "(403 forbidden)"
                : "(401 / invalid_client / invalid_grant or 403)"
            let noun = cause == .forbidden ? "refused probe" : "auth failure"
            var message = "\(Wording.count(stats.authFailuresLast24h, noun)) \(kind) "
                + "in the 24 hours before as-of \(Wording.time(context.clock.asOf)): \(Wording.list(parts))."
            if let since {
                message += " Failing since \(Wording.time(since)) (the first refused probe of the current run, \(Wording.duration(context.clock.asOf - since)) before as-of)."
            } else if let failed = stats.lastAuthFailure, let ok = stats.lastSuccess, ok > failed {
                message += " Every consumer has succeeded since: the newest success, at \(Wording.time(ok)), came after the last failure."
            }
            message += " Likely cause: \(cause.rawValue), \(why)."

            let targets = failing.isEmpty ? subject.consumers : failing
            let alerting = Set(targets.compactMap { $0.consumer.alerting }.filter { $0.lowercased() != "none" }).sorted()
            let handover = Wording.list(targets.map { Wording.handover($0.consumer) })
            let package = credential.installedPackage
            var remediation: String
            switch cause {
            case .forbidden:
                remediation = "The secret is not the problem: do not rotate it. In \(Wording.setupPath(package)) check the API Integration's scopes "
                    + "against what the failing consumers call, and that the package has access to the business unit (account_id / MID) they request: "
                    + "\(handover). A user with the Admin permission changes the scopes or business-unit access; confirm each consumer's token probe answers 200."
            case .expired:
                remediation = "The secret expired on \(credential.expiresOn?.description ?? "?"): no consumer can get a token until a new one is in place. "
                    + Wording.rotationSteps(subject)
            case .missedRotation:
                remediation = "These consumers still hold the old secret: \(handover). Put the current secret in each one's secret location and reload it, "
                    + "taking it from the vault entry the working consumers read (a secret cannot be viewed in Setup after it is generated). "
                    + "Confirm each one's token probe answers 200 with the current secret_version. Do not generate or activate another secret until every consumer authenticates."
            case .revoked:
                remediation = "Handle this as a security incident. No rotation and no expiry explains the failures: Salesforce revokes a secret it believes compromised, "
                    + "and an inactive \"\(package) app user\" also answers 401. First check that the app user is active. If it is, find the leak before "
                    + "generating a new secret: search code repositories, CI logs, tickets and shared files for the client id and the secret, and remove it; "
                    + "then " + Wording.rotationSteps(subject, capitalized: false)
                    + " Consumers to update: \(handover)."
            }
            if !alerting.isEmpty { remediation += " Alerts route to \(Wording.list(alerting))." }
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: failing.map(\.index), since: since, cause: cause.rawValue
            )
        }
    }
}

extension AuthFailing {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("every probe of the last hour answered 401 `invalid_client`",
                        probes: ExampleProbe.steady(hours: 1, status: 401, error: "invalid_client"), severity: .critical),
            RuleExample("one 403 among successes in the last 24 hours",
                        probes: ExampleProbe.steady(hours: 2) + [ExampleProbe(minutesAgo: 300, status: 403)], severity: .critical),
        ],
        nonTriggering: [
            RuleExample("a 429 (throttling) among successes", probes: ExampleProbe.steady(hours: 2) + [ExampleProbe(minutesAgo: 5, status: 429)]),
            RuleExample("a 401 25 hours before as-of, successes since",
                        probes: ExampleProbe.steady(hours: 2) + [ExampleProbe(minutesAgo: 25 * 60, status: 401, error: "invalid_client")]),
        ]
    )
}
