import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
import Foundation

/// One run, as `report` keeps it in `OUT/history/AS_OF.json` so that the next
/// run can say what changed (docs/snapshots.md documents every field).
///
/// Compact: what a comparison needs (severities, rule ids, dates, consumers,
/// owners, secret versions seen, readiness), not the messages. Client ids
/// are in full (JSON is for machines, outputs.md); a secret never is: no
/// field holds inventory cells other than names, dates and version labels,
/// and the file passes through the redactor like every output.
public struct Snapshot: Sendable, Hashable, Codable {
    /// The schema this build writes and reads. A change that an older reader
    /// would misread bumps it; older versions stay readable (a fixture each).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The as-of day, `YYYY-MM-DD`: also the file name.
    public var asOf: String
    /// The as-of instant, RFC 3339 UTC.
    public var asOfTime: String
    public var deadline: String?
    public var counts: SnapshotCounts
    /// In rank order.
    public var credentials: [SnapshotCredential]
    /// Findings of no single credential (uninventoried client ids …).
    public var findings: [SnapshotFinding]

    public init(schemaVersion: Int, asOf: String, asOfTime: String, deadline: String?, counts: SnapshotCounts, credentials: [SnapshotCredential], findings: [SnapshotFinding]) {
        self.schemaVersion = schemaVersion
        self.asOf = asOf
        self.asOfTime = asOfTime
        self.deadline = deadline
        self.counts = counts
        self.credentials = credentials
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", asOf = "as_of", asOfTime = "as_of_time", deadline, counts, credentials, findings
    }

    public var asOfDay: Day? { Day(parsing: asOf) }
}

/// The headline figures of a run.
public struct SnapshotCounts: Sendable, Hashable, Codable {
    public var credentials: Int
    public var consumers: Int
    /// Every finding, acknowledged ones included.
    public var findings: Int
    public var acknowledged: Int
    /// Credentials by their worst severity.
    public var critical: Int
    public var high: Int
    public var expired: Int
    /// Readiness: what it counts (credentials plus client ids nobody owns) and each status.
    public var readinessTotal: Int
    public var ready: Int
    public var atRisk: Int
    public var urgent: Int
    public var blocked: Int

    public init(credentials: Int, consumers: Int, findings: Int, acknowledged: Int, critical: Int, high: Int, expired: Int, readinessTotal: Int, ready: Int, atRisk: Int, urgent: Int, blocked: Int) {
        self.credentials = credentials
        self.consumers = consumers
        self.findings = findings
        self.acknowledged = acknowledged
        self.critical = critical
        self.high = high
        self.expired = expired
        self.readinessTotal = readinessTotal
        self.ready = ready
        self.atRisk = atRisk
        self.urgent = urgent
        self.blocked = blocked
    }

    enum CodingKeys: String, CodingKey {
        case credentials, consumers, findings, acknowledged, critical, high, expired
        case readinessTotal = "readiness_total", ready, atRisk = "at_risk", urgent, blocked
    }

    /// Ready as a whole percentage of what readiness counts; nil when it counts nothing.
    public var readyPercent: Int? {
        readinessTotal > 0 ? Int((Double(ready) * 100 / Double(readinessTotal)).rounded()) : nil
    }
}

public struct SnapshotCredential: Sendable, Hashable, Codable {
    public var clientID: String
    public var installedPackage: String
    public var severity: Severity
    public var expiresOn: String?
    public var daysLeft: Int?
    public var dueBy: String?
    /// `Ready`, `At risk`, `Urgent`, `Blocked` (as readiness.md says); nil when not assessed (a `risk --json` input).
    public var readiness: String?
    public var consumers: [SnapshotConsumer]
    public var findings: [SnapshotFinding]

    public init(clientID: String, installedPackage: String, severity: Severity, expiresOn: String?, daysLeft: Int?, dueBy: String?, readiness: String?, consumers: [SnapshotConsumer], findings: [SnapshotFinding]) {
        self.clientID = clientID
        self.installedPackage = installedPackage
        self.severity = severity
        self.expiresOn = expiresOn
        self.daysLeft = daysLeft
        self.dueBy = dueBy
        self.readiness = readiness
        self.consumers = consumers
        self.findings = findings
    }

    enum CodingKeys: String, CodingKey {
        case clientID = "client_id", installedPackage = "installed_package", severity, expiresOn = "expires_on"
        case daysLeft = "days_left", dueBy = "due_by", readiness, consumers, findings
    }
}

public struct SnapshotConsumer: Sendable, Hashable, Codable {
    public var integration: String
    public var environment: String
    public var technicalOwner: String?
    public var businessOwner: String?
    /// Secret version labels its probes reported in the window, oldest first.
    public var secretVersions: [String]

    public init(integration: String, environment: String, technicalOwner: String?, businessOwner: String?, secretVersions: [String]) {
        self.integration = integration
        self.environment = environment
        self.technicalOwner = technicalOwner
        self.businessOwner = businessOwner
        self.secretVersions = secretVersions
    }

    enum CodingKeys: String, CodingKey {
        case integration, environment, technicalOwner = "technical_owner", businessOwner = "business_owner"
        case secretVersions = "secret_versions"
    }

    /// `integration@environment`, the consumer's identity.
    public var key: String { NodeKey.fold(integration) + "@" + environment }
    public var label: String { "\(integration)@\(environment)" }
}

public struct SnapshotFinding: Sendable, Hashable, Codable {
    public var rule: String
    public var severity: Severity
    /// The consumers it names (`integration@environment`), sorted; empty for the whole credential.
    public var consumers: [String]
    public var since: String?
    public var cause: String?
    /// Global findings only: the client id (uninventoried), else nil.
    public var clientID: String?
    /// Global findings without a client id only: the message, as their identity.
    public var message: String?
    public var acknowledged: SnapshotAcknowledgement?

    public init(rule: String, severity: Severity, consumers: [String], since: String?, cause: String?, clientID: String?, message: String?, acknowledged: SnapshotAcknowledgement?) {
        self.rule = rule
        self.severity = severity
        self.consumers = consumers
        self.since = since
        self.cause = cause
        self.clientID = clientID
        self.message = message
        self.acknowledged = acknowledged
    }

    enum CodingKeys: String, CodingKey {
        case rule, severity, consumers, since, cause, clientID = "client_id", message, acknowledged
    }
}

public struct SnapshotAcknowledgement: Sendable, Hashable, Codable {
    public var by: String
    public var reason: String
    public var until: String
    public var expired: Bool

    public init(by: String, reason: String, until: String, expired: Bool) {
        self.by = by
        self.reason = reason
        self.until = until
        self.expired = expired
    }
}

extension Snapshot {
    /// This run as a snapshot. `readiness` is the readiness summary's verdict
    /// per client id (nil: not assessed).
    public init(_ context: ReportContext, readiness: [ReadinessAssessment]?) {
        let analysis = context.analysis
        let risk = analysis.risk
        let consumers = analysis.inventory.consumers
        let evidence = analysis.evidence
        var statusByClient: [String: ReadinessStatus] = [:]
        for r in readiness ?? [] { statusByClient[r.assessment.clientID] = r.status }
        func finding(_ f: Finding, global: Bool) -> SnapshotFinding {
            SnapshotFinding(
                rule: f.rule.rawValue, severity: f.severity,
                consumers: f.consumerIndices.filter { $0 < consumers.count }.map { "\(consumers[$0].integration)@\(consumers[$0].environment)" }.sorted(),
                since: f.since.map(formatTimestamp), cause: f.cause,
                clientID: global ? f.clientID : nil, message: global && f.clientID == nil ? f.message : nil,
                acknowledged: f.acknowledgement.map { SnapshotAcknowledgement(by: $0.by, reason: $0.reason, until: $0.until.description, expired: $0.expired) })
        }
        let credentials = risk.credentials.map { a -> SnapshotCredential in
            let rows = context.index.consumers(of: a.clientID)
            return SnapshotCredential(
                clientID: a.clientID, installedPackage: a.installedPackage, severity: a.severity,
                expiresOn: a.expiresOn?.description, daysLeft: a.daysLeft, dueBy: a.dueBy?.description,
                readiness: statusByClient[a.clientID]?.rawValue,
                consumers: rows.map { i in
                    let c = consumers[i]
                    let versions = i < evidence.consumers.count ? evidence.consumers[i].versionsInWindow.ordered.map(\.version) : []
                    return SnapshotConsumer(integration: c.integration, environment: c.environment,
                                            technicalOwner: c.technicalOwner?.name, businessOwner: c.businessOwner?.name, secretVersions: versions)
                },
                findings: a.findings.map { finding($0, global: false) })
        }
        let all = risk.allFindings
        let statuses = readiness?.map(\.status) ?? []
        let unownedBlocked = readiness == nil ? 0 : risk.unowned.count
        self.init(
            schemaVersion: Snapshot.currentSchemaVersion, asOf: context.asOfText, asOfTime: formatTimestamp(analysis.clock.asOf),
            deadline: context.deadline?.description,
            counts: SnapshotCounts(
                credentials: risk.credentials.count, consumers: consumers.count, findings: all.count,
                acknowledged: all.filter(\.isAcknowledged).count,
                critical: risk.credentials.filter { $0.severity == .critical }.count,
                high: risk.credentials.filter { $0.severity == .high }.count,
                expired: risk.credentials.filter { ($0.daysLeft ?? 0) < 0 }.count,
                readinessTotal: readiness == nil ? 0 : statuses.count + unownedBlocked,
                ready: statuses.filter { $0 == .ready }.count, atRisk: statuses.filter { $0 == .atRisk }.count,
                urgent: statuses.filter { $0 == .urgent }.count, blocked: statuses.filter { $0 == .blocked }.count + unownedBlocked),
            credentials: credentials,
            findings: risk.globalFindings.map { finding($0, global: true) })
    }

    /// The file's bytes, through the one JSON writer: sorted keys, two-space
    /// indentation, invisible characters escaped, a final newline, so the same
    /// run gives the same bytes and two weeks diff line by line. Absent values
    /// are left out, as the decoder expects.
    public func encoded() -> [UInt8] {
        Array(jsonValue.serialized(.snapshot).utf8)
    }

    var jsonValue: JSONValue {
        .object(present([
            ("schema_version", .int(schemaVersion)), ("as_of", .string(asOf)), ("as_of_time", .string(asOfTime)),
            ("deadline", deadline.map(JSONValue.string)), ("counts", counts.jsonValue),
            ("credentials", .array(credentials.map(\.jsonValue))), ("findings", .array(findings.map(\.jsonValue))),
        ]))
    }

    /// The file name of this snapshot under `history/`.
    public var fileName: String { asOf + ".json" }
}



/// Object members with the absent ones left out.
private func present(_ pairs: [(String, JSONValue?)]) -> [(String, JSONValue)] {
    pairs.compactMap { key, value in value.map { (key, $0) } }
}

extension SnapshotCounts {
    var jsonValue: JSONValue {
        .object([
            ("credentials", .int(credentials)), ("consumers", .int(consumers)), ("findings", .int(findings)),
            ("acknowledged", .int(acknowledged)), ("critical", .int(critical)), ("high", .int(high)), ("expired", .int(expired)),
            ("readiness_total", .int(readinessTotal)), ("ready", .int(ready)), ("at_risk", .int(atRisk)), ("urgent", .int(urgent)),
            ("blocked", .int(blocked)),
        ])
    }
}

extension SnapshotCredential {
    var jsonValue: JSONValue {
        .object(present([
            ("client_id", .string(clientID)), ("installed_package", .string(installedPackage)), ("severity", .string(severity.rawValue)),
            ("expires_on", expiresOn.map(JSONValue.string)), ("days_left", daysLeft.map(JSONValue.int)), ("due_by", dueBy.map(JSONValue.string)),
            ("readiness", readiness.map(JSONValue.string)), ("consumers", .array(consumers.map(\.jsonValue))),
            ("findings", .array(findings.map(\.jsonValue))),
        ]))
    }
}

extension SnapshotConsumer {
    var jsonValue: JSONValue {
        .object(present([
            ("integration", .string(integration)), ("environment", .string(environment)),
            ("technical_owner", technicalOwner.map(JSONValue.string)), ("business_owner", businessOwner.map(JSONValue.string)),
            ("secret_versions", .array(secretVersions.map(JSONValue.string))),
        ]))
    }
}

extension SnapshotFinding {
    var jsonValue: JSONValue {
        .object(present([
            ("rule", .string(rule)), ("severity", .string(severity.rawValue)), ("consumers", .array(consumers.map(JSONValue.string))),
            ("since", since.map(JSONValue.string)), ("cause", cause.map(JSONValue.string)), ("client_id", clientID.map(JSONValue.string)),
            ("message", message.map(JSONValue.string)),
            ("acknowledged", acknowledged.map { .object([("by", .string($0.by)), ("reason", .string($0.reason)), ("until", .string($0.until)), ("expired", .bool($0.expired))]) }),
        ]))
    }
}
