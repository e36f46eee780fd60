import CredGraphCore

/// `rotation-pending`: the last 24 hours of probes show two secret versions
/// (a staged secret is in use), and some consumers are not on the newer one.
/// Activating the staged secret disables the old one at once, so it would cut
/// them off.
public struct RotationPending: Rule {
    public static let id = RuleID("rotation-pending")
    public static let topic = RuleTopic.probes
    public static let summary = "A staged secret is in use but some consumers still use the old one: activating now would cut them off."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "two secret versions in the last 24 hours and a consumer not on the newer"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** when the last 24 hours of probes of the credential show two or more
    `secret_version` values (the newer is the one first seen later) and at least
    one consumer is not confirmed on the newer one: its latest versioned probe in
    the window uses an older version, or it has no versioned probe ("not
    verified"); or probes naming no inventoried consumer used an older version
    after the newer appeared. With every consumer on the newer version it does not
    fire: activating is safe.

    **Means** a staged secret is being rolled out. Versions longer than 32
    characters are not echoed (a secret logged by mistake as its version). Activating it disables the old
    one at once and would cut off the consumers named.

    **Do**: do not activate yet. Have each named consumer's technical owner move
    it to the newer version at its secret location and reload it; activate only
    when every consumer's latest probe reports the newer version with status 200.
    """#

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        context.subjects.compactMap { subject in
            let versions = subject.evidence.versionsLast24h.ordered
            guard versions.count >= 2, let newest = versions.last else { return nil }
            let older = versions.dropLast().map { Wording.version($0.version) }
            let behind = subject.consumers.filter { item in
                guard let latest = item.evidence.latestVersion else { return false }
                return latest.version != newest.version
            }
            let unverified = subject.consumers.filter { $0.evidence.latestVersion == nil }
            // Probes without an inventoried consumer that used an older version after the newer appeared.
            let strays = subject.evidence.unattributedVersionsLast24h.ordered.filter {
                $0.version != newest.version && $0.span.lastSeen > newest.span.firstSeen
            }
            guard !behind.isEmpty || !unverified.isEmpty || !strays.isEmpty else { return nil }
            let credential = subject.credential

            var message = "Probes in the 24 hours before as-of show \(versions.count) secret versions: "
                + "\(Wording.list(older)) and the newer \(Wording.version(newest.version)), first seen \(Wording.time(newest.span.firstSeen))."
            if !behind.isEmpty {
                let text = behind.map { item -> String in
                    let v = item.evidence.latestVersion
                    return "\(Wording.handover(item.consumer)) on \(v.map { Wording.version($0.version) } ?? "?")"
                        + (v.map { " at \(Wording.time($0.at))" } ?? "")
                }
                message += " Still on an older version in their latest probe: \(Wording.list(text))."
            }
            if !unverified.isEmpty {
                message += " No probe with a secret_version, so not verified: \(Wording.list(unverified.map { Wording.handover($0.consumer) }))."
            }
            if !strays.isEmpty {
                let text = strays.map { "\(Wording.version($0.version)) (\(Wording.count($0.span.probes, "probe")), last \(Wording.time($0.span.lastSeen)))" }
                message += " Probes naming no inventoried consumer still used \(Wording.list(text))."
                let said = subject.evidence.unmatchedConsumers.prefix(5).map { "'\($0.label)'" }
                if !said.isEmpty { message += " The probes named \(Wording.list(said)), which match no inventory row of this credential." }
            }
            let pending = behind + unverified
            let remediation = "Do not activate the staged secret of \(credential.installedPackage) yet: activation disables the old secret at once. "
                + (pending.isEmpty ? "" : "Move \(Wording.list(pending.map { $0.consumer.reference })) to \(Wording.version(newest.version)) at their secret location and reload them; ")
                + (strays.isEmpty ? "" : "find the caller behind the unattributed probes and add it to the inventory; ")
                + "activate in \(Wording.setupPath(credential.installedPackage)) only when every consumer's latest probe reports \(Wording.version(newest.version)) with status 200."
                + Wording.ask(pending.map(\.consumer))
            return Finding(
                rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation,
                clientID: credential.clientID, consumerIndices: pending.map(\.index).sorted()
            )
        }
    }
}

extension RotationPending {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("versions v1 and v2 in the last 24 hours; one consumer's latest probe still reports v1",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Stock Feed")],
                        probes: ExampleProbe.steady("Orders Sync", hours: 2, version: "v2")
                            + ExampleProbe.steady("Orders Sync", hours: 2, version: "v1", fromMinutesAgo: 180)
                            + ExampleProbe.steady("Stock Feed", hours: 6, version: "v1"),
                        severity: .high),
        ],
        nonTriggering: [
            RuleExample("versions v1 and v2 in the last 24 hours; every consumer's latest probe reports v2",
                        rows: [ExampleRow("Orders Sync"), ExampleRow("Stock Feed")],
                        probes: ExampleProbe.steady("Orders Sync", hours: 2, version: "v2")
                            + ExampleProbe.steady("Orders Sync", hours: 2, version: "v1", fromMinutesAgo: 180)
                            + ExampleProbe.steady("Stock Feed", hours: 1, version: "v2")
                            + ExampleProbe.steady("Stock Feed", hours: 2, version: "v1", fromMinutesAgo: 120)),
        ]
    )
}
