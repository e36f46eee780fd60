import Foundation
import Testing
import CredGraphKit

/// Snapshots, the changes between two, and acknowledgements, through the
/// library's public interface.
struct HistoryTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/snapshots/schema-v1.json")

    static func snapshot(_ asOf: String, _ credentials: [SnapshotCredential], findings: [SnapshotFinding] = []) -> Snapshot {
        Snapshot(schemaVersion: 1, asOf: asOf, asOfTime: asOf + "T12:00:00Z", deadline: nil,
                 counts: SnapshotCounts(credentials: credentials.count, consumers: 0, findings: 0, acknowledged: 0, critical: 0, high: 0,
                                        expired: 0, readinessTotal: 4, ready: 1, atRisk: 3, urgent: 0, blocked: 0),
                 credentials: credentials, findings: findings)
    }

    static func credential(_ id: String, expires: String? = "2026-09-10", readiness: String? = "At risk",
                           consumers: [SnapshotConsumer], findings: [SnapshotFinding]) -> SnapshotCredential {
        SnapshotCredential(clientID: id, installedPackage: "Package " + id, severity: findings.map(\.severity).max() ?? .info,
                           expiresOn: expires, daysLeft: 8, dueBy: expires, readiness: readiness, consumers: consumers, findings: findings)
    }

    static func consumer(_ name: String, technical: String? = "Dana", versions: [String] = ["v1"]) -> SnapshotConsumer {
        SnapshotConsumer(integration: name, environment: "prod", technicalOwner: technical, businessOwner: "Ops", secretVersions: versions)
    }

    static func finding(_ rule: String, _ severity: Severity) -> SnapshotFinding {
        SnapshotFinding(rule: rule, severity: severity, consumers: [], since: nil, cause: nil, clientID: nil, message: nil, acknowledged: nil)
    }

    @Test func everyKindOfChangeIsReportedOnce() {
        let old = Self.snapshot("2026-08-26", [
            Self.credential("a", consumers: [Self.consumer("Feed"), Self.consumer("Gone")],
                            findings: [Self.finding("secret-expiring", .high), Self.finding("no-retry", .low), Self.finding("probe-errors", .medium)]),
            Self.credential("b", readiness: "Urgent", consumers: [Self.consumer("Sync", technical: "Kenji")], findings: []),
            Self.credential("old", consumers: [Self.consumer("Retired")], findings: []),
        ])
        let new = Self.snapshot("2026-09-02", [
            Self.credential("a", consumers: [Self.consumer("Feed"), Self.consumer("Added")],
                            findings: [Self.finding("secret-expiring", .critical), Self.finding("auth-failing", .critical), Self.finding("probe-errors", .low)]),
            Self.credential("b", expires: "2027-03-01", readiness: "Ready",
                            consumers: [Self.consumer("Sync", technical: "Grace", versions: ["v1", "v2"])], findings: []),
        ])
        let changes = compareSnapshots(old, new)
        #expect(changes.newFindings.map(\.rule) == ["auth-failing"])
        #expect(changes.resolvedFindings.map(\.rule) == ["no-retry"])
        #expect(changes.escalated.map { "\($0.rule):\($0.previousSeverity!.rawValue)->\($0.severity.rawValue)" } == ["secret-expiring:high->critical"])
        #expect(changes.deescalated.map { "\($0.rule):\($0.previousSeverity!.rawValue)->\($0.severity.rawValue)" } == ["probe-errors:medium->low"])
        #expect(changes.rotated.count == 1)
        #expect(changes.rotated.first.map { ($0.clientID, $0.expiryMoved, $0.newVersions) } ?? ("", false, []) == ("b", true, ["v2"]))
        #expect(changes.consumersAdded.map(\.consumer) == ["Added@prod"])
        #expect(Set(changes.consumersRemoved.map(\.consumer)) == ["Gone@prod", "Retired@prod"])
        #expect(changes.credentialsRemoved.map(\.clientID) == ["old"])
        #expect(changes.ownersChanged.map { "\($0.consumer) \($0.role) \($0.previous ?? "-")->\($0.current ?? "-")" } == ["Sync@prod technical Kenji->Grace"])
        #expect(changes.readinessMoved.map { "\($0.previous)->\($0.current) \($0.improved)" } == ["Urgent->Ready true"])
        // The same snapshot twice: nothing.
        #expect(compareSnapshots(new, new).isEmpty)
        // One owner's share.
        #expect(changes.only(["b"]).newFindings.isEmpty && changes.only(["b"]).rotated.count == 1)
    }

    @Test func failOnNewCountsNewAndEscalatedButNotAcknowledged() {
        var acked = Self.finding("latency-degraded", .high)
        acked.acknowledged = SnapshotAcknowledgement(by: "Priya", reason: "vendor", until: "2026-10-01", expired: false)
        let old = Self.snapshot("2026-08-26", [Self.credential("a", consumers: [], findings: [Self.finding("secret-expiring", .medium)])])
        let new = Self.snapshot("2026-09-02", [Self.credential("a", consumers: [], findings: [Self.finding("secret-expiring", .high), acked])])
        let changes = compareSnapshots(old, new)
        #expect(changes.newAtOrAbove(.high).map(\.rule) == ["secret-expiring"])
        #expect(changes.newAtOrAbove(.critical).isEmpty)
        let json = changes.jsonText()
        #expect(json.contains("\"escalated\": [") && json.contains("\"acknowledged\": true"))
        #expect(changes.text().contains("medium -> high secret-expiring"))
    }

    @Test func schemaVersionOneFixtureReads() throws {
        let bytes = Array(try Data(contentsOf: Self.fixture))
        let snapshot = try decodeSnapshot(bytes).get()
        #expect(snapshot.schemaVersion == 1)
        #expect(snapshot.asOf == "2026-08-26")
        #expect(snapshot.counts.readinessTotal > 0)
        #expect(snapshot.credentials.contains { $0.readiness != nil && !$0.consumers.isEmpty })
        // Written back, the same bytes: the layout is stable.
        #expect(snapshot.encoded() == bytes)
    }

    @Test func hostileSnapshotsAreNamedNotUsedAndKept() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-history-\(UUID().uuidString)")
        let history = out.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: out) }
        let good = try Data(contentsOf: Self.fixture)
        try good.write(to: history.appendingPathComponent("2026-08-26.json"))
        try Data("{not json".utf8).write(to: history.appendingPathComponent("2026-08-19.json"))
        try Data(#"{"schema_version": 99, "as_of": "2026-08-12"}"#.utf8).write(to: history.appendingPathComponent("2026-08-12.json"))
        var later = try decodeSnapshot(Array(good)).get()
        later.asOf = "2026-09-09"
        try Data(later.encoded()).write(to: history.appendingPathComponent("2026-09-09.json"))
        try Data("same day, replaced".utf8).write(to: history.appendingPathComponent("2026-09-02.json"))

        let read = try readHistory(outputFolder: out.path, asOf: Day(parsing: "2026-09-02")!)
        #expect(read.baseline?.asOf == "2026-08-26")
        let warned = read.warnings.map(\.file).joined(separator: " ")
        #expect(warned.contains("2026-08-19.json") && warned.contains("2026-08-12.json") && warned.contains("2026-09-09.json"))
        #expect(read.warnings.contains { $0.message.contains("schema_version 99") })
        #expect(read.warnings.contains { $0.message.contains("later as-of") })
        // Everything is carried except this as-of's own file.
        #expect(Set(read.carried.map(\.path)) == ["history/2026-08-12.json", "history/2026-08-19.json", "history/2026-08-26.json", "history/2026-09-09.json"])
        #expect(read.carried.first { $0.path == "history/2026-08-19.json" }?.bytes == Array("{not json".utf8))

        // With only unusable snapshots the run goes on without a baseline.
        try FileManager.default.removeItem(at: history.appendingPathComponent("2026-08-26.json"))
        let none = try readHistory(outputFolder: out.path, asOf: Day(parsing: "2026-09-02")!)
        #expect(none.baseline == nil)
        #expect(none.earlier.isEmpty)
    }

    @Test func acknowledgementsOfTheSample() throws {
        let analysis = try SampleAnalysis.load()
        let findings = analysis.risk.allFindings
        let active = findings.filter(\.isAcknowledged)
        #expect(active.map(\.rule) == [LatencyDegraded.id])
        #expect(active.first?.acknowledgement?.until.description == "2026-10-15")
        let expired = findings.filter { $0.acknowledgement?.expired == true }
        #expect(expired.map(\.rule) == [NotMonitored.id])
        #expect(expired.first?.message.contains("acknowledgement expired on 2026-08-31") == true)
        let warnings = analysis.diagnostics.items.filter { $0.file.hasSuffix("credgraph.yml") && $0.message.contains("acknowledgement") }
        #expect(warnings.count == 2)
        #expect(warnings.allSatisfy { $0.line != nil })
        #expect(warnings.contains { $0.message.contains("matches nothing") })
        // An acknowledged finding does not trip the gate on its own.
        var risk = analysis.risk
        risk.credentials = risk.credentials.map { c in var c = c; c.findings = c.findings.filter(\.isAcknowledged); return c }
        risk.globalFindings = []
        #expect(!risk.exceeds(.info))
    }

    @Test func acknowledgementWithoutUntilOrTooFarSilencesNothing() throws {
        var analysis = try SampleAnalysis.load()
        for c in analysis.risk.credentials.indices {
            for f in analysis.risk.credentials[c].findings.indices { analysis.risk.credentials[c].findings[f].acknowledgement = nil }
        }
        let file = "credgraph.yml"
        let acks = [
            Acknowledgement(ref: "package:BigQuery Engagement Export", rule: "latency-degraded", until: nil, location: SourceLocation(file: file, line: 3)),
            Acknowledgement(ref: "package:BigQuery Engagement Export", until: Day(parsing: "2027-06-01"), location: SourceLocation(file: file, line: 8)),
            Acknowledgement(ref: "package:BigQuery Engagement Export", rule: "no-such-rule", until: Day(parsing: "2026-10-01"), location: SourceLocation(file: file, line: 13)),
        ]
        var risk = analysis.risk
        let warnings = applyAcknowledgements(acks, to: &risk, graph: analysis.graph, inventory: analysis.inventory)
        #expect(warnings.map(\.line) == [3, 8, 13])
        #expect(warnings[0].message.contains("no until"))
        #expect(warnings[1].message.contains("reaches too far"))
        #expect(risk.allFindings.filter(\.isAcknowledged).isEmpty)
    }

    @Test func invisibleCharactersAreEscapedNotLost() throws {
        var c = Self.credential("a", consumers: [Self.consumer("Feed\u{202E}txt.exe")], findings: [])
        c.installedPackage = "Pkg\u{200B}\u{85}"
        let snapshot = Self.snapshot("2026-09-02", [c])
        let bytes = snapshot.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.unicodeScalars.contains("\u{202E}") && !text.unicodeScalars.contains("\u{200B}"))
        #expect(text.contains("\\u202E"))
        #expect(try decodeSnapshot(bytes).get() == snapshot)
    }

    @Test func hostileAcknowledgementEntriesAreNamedByLine() {
        let yaml = """
            acknowledgements:
              - ref: package:A
                until: next week
              - just a string
              - rule: no-retry
                until: 2026-09-10
              - ref: client:abc
                until: [2026, 9, 10]
                color: red
            """
        var config = Config()
        var diagnostics = Diagnostics()
        ConfigLoader.parse(yaml, file: "credgraph.yml", into: &config, diagnostics: &diagnostics)
        let lines = diagnostics.items.map { "\($0.line ?? 0) \($0.severity.rawValue)" }
        #expect(lines.contains("3 error"), "until that is not a date: \(lines)")
        #expect(lines.contains("4 error"), "an entry that is not a mapping: \(lines)")
        #expect(lines.contains("5 warning"), "no ref: \(lines)")
        #expect(lines.contains("8 error"), "until that is a list: \(lines)")
        #expect(lines.contains("9 warning"), "unknown key: \(lines)")
        #expect(config.acknowledgements.isEmpty)
        var empty = Config()
        ConfigLoader.parse("acknowledgements: 5\n", file: "credgraph.yml", into: &empty, diagnostics: &diagnostics)
        #expect(diagnostics.items.last?.message.contains("must be a list") == true)
    }
}
