import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
import Foundation

/// `credgraph diff OLD NEW`: two snapshots, or two `risk --json` outputs
/// (or one of each), told apart by `schema_version`, which only snapshots have.

/// A snapshot, or a `risk --json` document read as one (no readiness, no
/// owners, no secret versions: those changes are not reported for it).
public func decodeComparable(_ bytes: [UInt8]) -> Result<Snapshot, SnapshotReadError> {
    guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let dictionary = object as? [String: Any] else {
        return decodeSnapshot(bytes) // names the JSON problem
    }
    if dictionary["schema_version"] != nil { return decodeSnapshot(bytes) }
    guard let asOf = dictionary["as_of"] as? String, let credentials = dictionary["credentials"] as? [[String: Any]] else {
        return .failure(.invalid("neither a credgraph snapshot (schema_version) nor a risk --json output (as_of, credentials)"))
    }
    guard Day(parsing: asOf) != nil else { return .failure(.invalid("as_of '\(asOf)' is not a date")) }
    func finding(_ f: [String: Any], global: Bool) -> SnapshotFinding? {
        guard let rule = f["rule"] as? String, let severity = (f["severity"] as? String).flatMap(Severity.init(rawValue:)) else { return nil }
        let ack = (f["acknowledged"] as? [String: Any]).map {
            SnapshotAcknowledgement(by: $0["by"] as? String ?? "", reason: $0["reason"] as? String ?? "", until: $0["until"] as? String ?? "", expired: false)
        }
        return SnapshotFinding(rule: rule, severity: severity, consumers: [], since: f["since"] as? String, cause: f["cause"] as? String,
                               clientID: global ? riskJSONClientID(f) : nil, message: global && riskJSONClientID(f) == nil ? f["message"] as? String : nil,
                               acknowledged: ack)
    }
    var out: [SnapshotCredential] = []
    for (i, c) in credentials.enumerated() {
        guard let clientID = c["client_id"] as? String, let package = c["installed_package"] as? String,
              let severity = (c["severity"] as? String).flatMap(Severity.init(rawValue:)) else {
            return .failure(.invalid("credentials[\(i)] needs client_id, installed_package and severity"))
        }
        let consumers = (c["consumers"] as? [[String: Any]] ?? []).compactMap { consumer -> SnapshotConsumer? in
            guard let integration = consumer["integration"] as? String, let environment = consumer["environment"] as? String else { return nil }
            return SnapshotConsumer(integration: integration, environment: environment, technicalOwner: nil, businessOwner: nil, secretVersions: [])
        }
        out.append(SnapshotCredential(
            clientID: clientID, installedPackage: package, severity: severity, expiresOn: c["expires_on"] as? String,
            daysLeft: c["days_left"] as? Int, dueBy: c["due_by"] as? String, readiness: nil, consumers: consumers,
            findings: (c["findings"] as? [[String: Any]] ?? []).compactMap { finding($0, global: false) }))
    }
    let global = (dictionary["findings"] as? [[String: Any]] ?? []).compactMap { finding($0, global: true) }
    let all = out.flatMap(\.findings) + global
    return .success(Snapshot(
        schemaVersion: Snapshot.currentSchemaVersion, asOf: asOf, asOfTime: asOf + "T00:00:00Z", deadline: nil,
        counts: SnapshotCounts(credentials: out.count, consumers: out.reduce(0) { $0 + $1.consumers.count }, findings: all.count,
                               acknowledged: all.filter { $0.acknowledged != nil }.count,
                               critical: out.filter { $0.severity == .critical }.count, high: out.filter { $0.severity == .high }.count,
                               expired: out.filter { ($0.daysLeft ?? 0) < 0 }.count, readinessTotal: 0, ready: 0, atRisk: 0, urgent: 0, blocked: 0),
        credentials: out, findings: global))
}

/// The uninventoried-client finding's client id, from its message (risk
/// --json prints no client id for global findings): the first token of 24+
/// letters and digits.
private func riskJSONClientID(_ f: [String: Any]) -> String? {
    guard f["rule"] as? String == UninventoriedClient.id.rawValue, let message = f["message"] as? String else { return nil }
    return message.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).first { $0.count >= 20 }.map(String.init)
}

/// Reads one side of `diff`: a missing file is a usage error (exit 2), a
/// file that is neither kind an input error naming it.
public func readComparable(_ path: String) throws(UsageError) -> Result<Snapshot, SnapshotReadError> {
    var info = stat()
    guard stat(path, &info) == 0 else { throw UsageError("\(TerminalText.oneLine(path)): no such file") }
    return readSmallFile(path).flatMap(decodeComparable)
}

extension SnapshotChanges {
    /// The text `credgraph diff` prints: one section per kind of change,
    /// empty ones left out; client ids shortened unless `mask` is false.
    public func text(mask: Bool = true) -> String {
        func client(_ id: String?) -> String { id.map { mask ? maskClientID($0) : $0 } ?? "estate" }
        func subject(_ f: FindingChange) -> String {
            (f.installedPackage.map { "\($0) (\(client(f.clientID)))" } ?? (f.clientID.map { "client \(client($0))" } ?? "estate"))
                + (f.consumers.isEmpty ? "" : " · " + f.consumers.joined(separator: ", "))
                + (f.acknowledged ? " [acknowledged]" : "")
        }
        var lines = ["What changed from \(baselineAsOf) to \(currentAsOf):"]
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            lines.append("")
            lines.append("\(title) (\(items.count)):")
            for item in items { lines.append("  " + line(item)) }
        }
        section("New findings", newFindings) { "\($0.severity.rawValue) \($0.rule): \(subject($0))" }
        section("Escalated", escalated) { "\($0.previousSeverity?.rawValue ?? "?") -> \($0.severity.rawValue) \($0.rule): \(subject($0))" }
        section("Resolved findings", resolvedFindings) { "\($0.severity.rawValue) \($0.rule): \(subject($0))" }
        section("De-escalated", deescalated) { "\($0.previousSeverity?.rawValue ?? "?") -> \($0.severity.rawValue) \($0.rule): \(subject($0))" }
        section("Secrets rotated", rotated) { r in
            var parts: [String] = []
            if r.expiryMoved { parts.append("expiry \(r.previousExpiry ?? "unknown") -> \(r.expiry ?? "unknown")") }
            if !r.newVersions.isEmpty { parts.append("new secret version \(r.newVersions.joined(separator: ", ")) seen") }
            return "\(r.installedPackage) (\(client(r.clientID))): " + parts.joined(separator: "; ")
        }
        section("Credentials added", credentialsAdded) { "\($0.installedPackage) (\(client($0.clientID))), \($0.severity.rawValue)" }
        section("Credentials removed", credentialsRemoved) { "\($0.installedPackage) (\(client($0.clientID)))" }
        section("Consumers added", consumersAdded) { "\($0.consumer) on \($0.installedPackage) (\(client($0.clientID)))" }
        section("Consumers removed", consumersRemoved) { "\($0.consumer) on \($0.installedPackage) (\(client($0.clientID)))" }
        section("Owners changed", ownersChanged) { "\($0.consumer): \($0.role) owner \($0.previous ?? "none") -> \($0.current ?? "none")" }
        section("Readiness moved", readinessMoved) { "\($0.installedPackage) (\(client($0.clientID))): \($0.previous) -> \($0.current)" }
        if isEmpty { lines.append("  nothing") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `diff --json`: client ids in full (JSON is for machines), written by
    /// the one JSON writer with keys in the order below.
    public func jsonText() -> String {
        func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }
        func credential(_ id: String?, _ package: String?) -> [(String, JSONValue)] {
            [("client_id", .optional(id)), ("installed_package", .optional(package))]
        }
        func finding(_ f: FindingChange) -> JSONValue {
            var members: [(String, JSONValue)] = credential(f.clientID, f.installedPackage) + [
                ("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
            ]
            if let previous = f.previousSeverity { members.append(("previous_severity", .string(previous.rawValue))) }
            members += [("consumers", strings(f.consumers)), ("acknowledged", .bool(f.acknowledged))]
            return .object(members)
        }
        func consumer(_ c: ConsumerChange) -> JSONValue {
            .object(credential(c.clientID, c.installedPackage) + [("consumer", .string(c.consumer)), ("owners", strings(c.owners))])
        }
        let document: JSONValue = .object([
            ("baseline_as_of", .string(baselineAsOf)),
            ("as_of", .string(currentAsOf)),
            ("new_findings", .array(newFindings.map(finding))),
            ("resolved_findings", .array(resolvedFindings.map(finding))),
            ("escalated", .array(escalated.map(finding))),
            ("de_escalated", .array(deescalated.map(finding))),
            ("rotated", .array(rotated.map { r in
                .object(credential(r.clientID, r.installedPackage) + [
                    ("previous_expires_on", .optional(r.previousExpiry)), ("expires_on", .optional(r.expiry)),
                    ("expiry_moved", .bool(r.expiryMoved)), ("new_secret_versions", strings(r.newVersions)),
                ])
            })),
            ("credentials_added", .array(credentialsAdded.map { c in
                .object(credential(c.clientID, c.installedPackage) + [("severity", .string(c.severity.rawValue))])
            })),
            ("credentials_removed", .array(credentialsRemoved.map { c in
                .object(credential(c.clientID, c.installedPackage) + [("severity", .string(c.severity.rawValue))])
            })),
            ("consumers_added", .array(consumersAdded.map(consumer))),
            ("consumers_removed", .array(consumersRemoved.map(consumer))),
            ("owners_changed", .array(ownersChanged.map { c in
                .object(credential(c.clientID, c.installedPackage) + [
                    ("consumer", .string(c.consumer)), ("role", .string(c.role)),
                    ("previous", .optional(c.previous)), ("current", .optional(c.current)),
                ])
            })),
            ("readiness_moved", .array(readinessMoved.map { c in
                .object(credential(c.clientID, c.installedPackage) + [("previous", .string(c.previous)), ("current", .string(c.current))])
            })),
        ])
        return document.serialized(.ordered)
    }
}
