import CredGraphCore
import CredGraphIngest

/// Shared phrasing for finding messages and remediations, so every rule names
/// consumers, owners, places and times the same way.
package enum Wording {
    /// `Boomi nightly ETL@prod (inventory.csv:4)`.
    static func consumer(_ c: Consumer) -> String {
        "\(c.reference) (\(c.location))"
    }

    /// `A, B and C`; finding messages say "none" for no item.
    static func list(_ items: [String]) -> String { Vocabulary.list(items, empty: "none") }

    /// `1 probe`, `3 probes`.
    package static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        Vocabulary.count(n, singular, plural)
    }

    static func time(_ millis: Int64) -> String { Vocabulary.timestamp(millis) }

    /// A `secret_version` as shown: a vault version or short fingerprint. A
    /// long value may be a secret logged by mistake, so it is never echoed.
    static func version(_ value: String) -> String {
        value.count <= 32 && !value.contains(where: { $0.isNewline }) ? value : "(a \(value.count)-character version, withheld)"
    }

    /// `45 min`, `3 h 5 min`, `2 d 4 h`.
    static func duration(_ millis: Int64) -> String {
        let minutes = max(millis, 0) / 60_000
        if minutes < 60 { return "\(minutes) min" }
        let hours = minutes / 60
        if hours < 48 { return minutes % 60 == 0 ? "\(hours) h" : "\(hours) h \(minutes % 60) min" }
        let days = hours / 24
        return hours % 24 == 0 ? "\(days) d" : "\(days) d \(hours % 24) h"
    }

    /// `7.5%`: one decimal, rounded half up, integer arithmetic only.
    static func percent(_ part: Int, of whole: Int) -> String { Vocabulary.percent(part, of: whole) }

    /// Whole milliseconds. Never traps: ingest bounds latencies, but a value
    /// out of `Int` range (or not finite) must not end the process here.
    static func milliseconds(_ value: Double) -> String {
        guard let whole = Int(exactly: value.rounded()) else { return value.isFinite ? "\(value)" : "?" }
        return "\(whole)"
    }

    /// A percentile as what it is: the range of the histogram bucket holding
    /// it, `3840-3939 ms`, or one value when the bucket saw only one.
    static func percentile(_ histogram: LatencyHistogram, _ percent: Int = 95) -> String {
        guard let (low, high) = histogram.percentileBounds(percent) else { return "unknown" }
        let (a, b) = (milliseconds(low), milliseconds(high))
        return a == b ? "\(b) ms" : "\(a)-\(b) ms"
    }

    /// Where the secret of an installed package is managed.
    static func setupPath(_ package: String) -> String {
        "Setup > Apps > Installed Packages > \(package) > API Integration (from the parent business unit)"
    }

    static func technicalOwner(_ c: Consumer) -> String {
        c.technicalOwner.map { "technical owner \($0)" } ?? "no technical owner on record"
    }

    static func secretLocation(_ c: Consumer) -> String {
        switch c.secretLocation {
        case nil, .unknown?: return "secret location not recorded"
        case .hardcoded?: return "secret hardcoded"
        case .automationStudio?: return "secret in an Automation Studio activity"
        case .vendor?: return "secret held by the vendor: confirm the vendor's rotation contact"
        case let location?: return "secret at \(location)"
        }
    }

    /// `1 consumer authenticates`, `2 consumers authenticate`.
    static func subject(_ n: Int, _ noun: String, _ verbSingular: String, _ verbPlural: String) -> String {
        Vocabulary.count(n, noun) + " " + (n == 1 ? verbSingular : verbPlural)
    }

    /// `A@prod (secret at vault:…, technical owner Jane <jane@x>)`: who to ask and what to change.
    static func handover(_ c: Consumer) -> String {
        "\(c.reference) (\(secretLocation(c)), \(technicalOwner(c)))"
    }

    /// The distinct technical owners of some consumers, sorted.
    static func technicalOwners(_ consumers: [Consumer]) -> [String] {
        Array(Set(consumers.compactMap(\.technicalOwner))).sorted().map(\.description)
    }

    /// ` Ask Jane <jane@x> and Ops.` or an empty string.
    static func ask(_ consumers: [Consumer]) -> String {
        let owners = technicalOwners(consumers)
        return owners.isEmpty ? "" : " Technical owners: \(list(owners))."
    }

    /// How the expiry date was established, when it was not given as such.
    static func expiryBasis(_ credential: Credential, config: Config) -> String {
        guard credential.expirySource == .derivedFromGeneration else { return "" }
        // The expiry comes from the row with the earliest generation date,
        // while `generatedOn` is the latest over the rows: name the one the
        // date was computed from, so the sum shown adds up.
        var generated = credential.generatedOn.map(\.description) ?? "?"
        if let expiresOn = credential.expiresOn {
            let (days, overflow) = expiresOn.daysSinceEpoch.subtractingReportingOverflow(config.secretTTLDays)
            if !overflow { generated = Day(daysSinceEpoch: days).description }
        }
        return " (derived from secret_generated_on \(generated) + secret_ttl_days \(config.secretTTLDays); confirm the real date in Setup from the parent business unit)"
    }

    /// Where people read the expiry dates (sfmc-facts.md): the Installed
    /// Packages summary table, not the package's own page.
    static func expiryColumn(_ package: String) -> String {
        "the \"Client Secret Expires\" column for \(package) in the summary table of Setup > Apps > Installed Packages (from the parent business unit)"
    }

    /// The rotation procedure of sfmc-facts.md, for one credential.
    static func rotationSteps(_ subject: CredentialSubject, capitalized: Bool = true) -> String {
        let package = subject.credential.installedPackage
        let consumers = subject.consumers.map(\.consumer)
        return (capitalized ? "As" : "as") + " a user with the Admin permission, in \(setupPath(package)) generate a staged secret, "
            + "with a version label in its description (the secret_version the consumers' probes will report); it is usable about 5 minutes later. "
            + "Put it in every consumer's secret location and reload it: \(list(consumers.map(handover))); "
            + "confirm each consumer's token probe answers 200 with the new secret_version; only then activate it, "
            + "since activation disables the old secret at once (generating and activating can each be done at most once in 5 minutes). "
            + "Then update secret_generated_on / secret_expires_on in the inventory."
    }

    /// Where to rehearse a rotation first, as a sentence (with a leading
    /// space), or nothing: a credential whose consumers are all outside prod
    /// is itself the rehearsal ground, and one whose consumers span prod and
    /// other environments cannot be rehearsed separately.
    static func rehearsalAdvice(_ subject: CredentialSubject) -> String {
        guard !subject.isNonProduction else { return "" }
        let envs = Set(subject.consumers.map { normalizeEnvironment($0.consumer.environment) })
        if envs.count > 1 {
            return " Its consumers span \(list(envs.sorted())), so a rotation cannot be rehearsed outside prod: it changes prod at once."
        }
        let lower = subject.siblings.filter { !$0.environments.contains("prod") }
        if lower.isEmpty { return " Rehearse the rotation in a lower environment first." }
        return " Rehearse it first on \(list(lower.map(RehearsalCheck.name)))."
    }
}
