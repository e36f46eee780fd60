import CredGraphCore

/// One thing wrong with a credential (or with the estate as a whole), with
/// the evidence that shows it and what to do about it.
///
/// A finding never carries secret material: messages are built from dates,
/// counts, names, locations and classified error codes only.
public struct Finding: Sendable, Hashable, Codable {
    /// The stable rule id, e.g. `secret-expiring`.
    public var rule: RuleID
    public var severity: Severity
    /// The evidence: dates, counts, consumers named, file:line where relevant.
    public var message: String
    /// What to check, where, and who does it.
    public var remediation: String
    /// The credential the finding belongs to; nil for a finding of the whole
    /// estate (it goes to the report's top-level `findings`).
    public var clientID: String?
    /// The consumers concerned, as indices into `Inventory.consumers`
    /// (the consumers left behind, failing, or without an owner …).
    public var consumerIndices: [Int]
    /// Where in the inputs the evidence sits, when it is one place.
    public var location: SourceLocation?
    /// Since when it has been going on (ms since the epoch): the first
    /// refused probe of the current run (`auth-failing`), the last probe
    /// (`probe-stale`). Printed as `since` in JSON.
    public var since: Int64?
    /// The likely cause, a stable word (`auth-failing`: `expired`,
    /// `missed-rotation`, `revoked`, `forbidden`). Printed as `cause` in JSON.
    public var cause: String?
    /// The acknowledgement that covers it (`acknowledgements:`), active or
    /// expired; see `isAcknowledged`.
    public var acknowledgement: AcknowledgementNote?

    /// True while an acknowledgement silences it: it stays listed, but no
    /// `--fail-on` or `--fail-on-new` gate counts it.
    public var isAcknowledged: Bool { acknowledgement.map { !$0.expired } ?? false }

    public init(
        rule: RuleID, severity: Severity, message: String, remediation: String,
        clientID: String? = nil, consumerIndices: [Int] = [], location: SourceLocation? = nil,
        since: Int64? = nil, cause: String? = nil
    ) {
        self.since = since
        self.cause = cause
        self.rule = rule
        self.severity = severity
        self.message = message
        self.remediation = remediation
        self.clientID = clientID
        self.consumerIndices = consumerIndices
        self.location = location
    }

    /// The order findings are listed in: worst first, then rule id, then message.
    public static func listOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.rule != b.rule { return a.rule < b.rule }
        if a.message != b.message { return a.message < b.message }
        return (a.clientID ?? "") < (b.clientID ?? "")
    }
}
