/// Whether a claimed rehearsal (`lower_env_rotated_on`) is borne out by the
/// sibling credential of the lower environment: its own dates and the secret
/// versions its probes report.
public struct RehearsalCheck: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        /// A sibling shows a rotation on or after the claimed date.
        case confirmed
        /// No sibling confirms it and one shows no rotation then.
        case contradicted
        /// No sibling to check, or none with dates or versioned probes.
        case unverified
    }

    /// The latest `lower_env_rotated_on` of the credential's rows.
    public var claimedOn: Day
    public var verdict: Verdict
    /// The sibling that decided the verdict; nil when there is none.
    public var sibling: SiblingLink?
    /// What the sibling shows, as a clause for a message: "generated on 2026-04-20 and never rotated".
    public var evidence: String

    /// One sentence for a finding or a report: the claim and what backs it.
    public var sentence: String {
        switch verdict {
        case .confirmed:
            "Rotation rehearsed outside prod on \(claimedOn) (lower_env_rotated_on), confirmed by \(sibling.map(Self.name) ?? "its sibling"): \(evidence)."
        case .contradicted:
            "lower_env_rotated_on claims a rehearsal on \(claimedOn), but \(sibling.map(Self.name) ?? "its sibling") contradicts it: \(evidence)."
        case .unverified:
            "Rotation rehearsed outside prod on \(claimedOn) according to lower_env_rotated_on; unverified: \(evidence)."
        }
    }

    static func name(_ link: SiblingLink) -> String {
        "\(link.installedPackage) (\(link.environments.joined(separator: ", ")))"
    }

    /// The check for a credential with a claim, given its siblings' subjects.
    static func check(claimedOn: Day, siblings: [(link: SiblingLink, subject: CredentialSubject)], windowStart: Int64) -> RehearsalCheck {
        var contradicted: (SiblingLink, String)?
        var unverifiable: [String] = []
        for (link, sibling) in siblings {
            var confirms: [String] = []
            var contradicts: [String] = []
            let credential = sibling.credential
            let latest = [credential.generatedOn, credential.rotatedOn].compactMap { $0 }.max()
            if let latest {
                let what = credential.rotatedOn == latest ? "rotated on \(latest)" : "generated on \(latest)"
                if latest >= claimedOn {
                    confirms.append("secret \(what)")
                } else {
                    contradicts.append("its secret was " + what + (credential.rotatedOn == nil ? " and never rotated" : " and not since"))
                }
            }
            // Probe evidence only when the claimed day lies inside the window.
            let claimStart = claimedOn.startMillis
            if claimStart > windowStart {
                var usage: [String: VersionSpan] = [:]
                for item in sibling.consumers {
                    for (version, span) in item.evidence.versionsInWindow.spans {
                        if let old = usage[version] {
                            usage[version] = VersionSpan(
                                firstSeen: min(old.firstSeen, span.firstSeen), lastSeen: max(old.lastSeen, span.lastSeen),
                                probes: old.probes + span.probes)
                        } else {
                            usage[version] = span
                        }
                    }
                }
                let fresh = usage.filter { $0.value.firstSeen >= claimStart }.keys.sorted()
                let seenAfter = usage.contains { $0.value.lastSeen >= claimStart }
                if !fresh.isEmpty {
                    confirms.append("its probes report secret_version \(Wording.list(fresh.map(Wording.version))) first seen after the claimed date")
                } else if seenAfter {
                    let old = usage.keys.sorted().map(Wording.version)
                    contradicts.append("its probes still report secret_version \(Wording.list(old)), already in use before \(claimedOn)")
                }
            }
            if !contradicts.isEmpty {
                if contradicted == nil { contradicted = (link, Wording.list(contradicts)) }
            } else if !confirms.isEmpty {
                return RehearsalCheck(claimedOn: claimedOn, verdict: .confirmed, sibling: link, evidence: Wording.list(confirms))
            } else {
                unverifiable.append(name(link))
            }
        }
        if let (link, evidence) = contradicted {
            return RehearsalCheck(claimedOn: claimedOn, verdict: .contradicted, sibling: link, evidence: evidence)
        }
        let evidence = siblings.isEmpty
            ? "no sibling credential in a lower environment (consumers of the same integration names) to check it against"
            : "\(Wording.list(unverifiable)) records no secret dates and no versioned probes to check it against"
        return RehearsalCheck(claimedOn: claimedOn, verdict: .unverified, sibling: nil, evidence: evidence)
    }
}
