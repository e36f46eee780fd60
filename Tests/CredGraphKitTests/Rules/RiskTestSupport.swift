import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
@testable import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport
@testable import CredGraphRisk

/// Builds inventories, probes and contexts for the rule tests, the way the
/// loaders would: one credential per client id, earliest expiry, latest rotation.
enum RiskFixture {
    /// As-of of every test: 2026-09-02T12:00:00Z.
    static let asOf: Int64 = parseRFC3339("2026-09-02T12:00:00Z") ?? 0
    static let clock = Clock(asOf: asOf)
    static let hour: Int64 = 3_600_000
    static let minute: Int64 = 60_000

    static func day(_ text: String) -> Day {
        Day(parsing: text) ?? Day(daysSinceEpoch: 0)
    }

    /// As-of minus some time.
    static func ago(hours: Int64 = 0, minutes: Int64 = 0) -> Int64 {
        asOf - hours * hour - minutes * minute
    }

    static func consumer(
        _ integration: String, env: String = "prod", client: String = "client-aaaa1111", package: String = "Orders Sync",
        technicalOwner: String? = "Platform Team <platform@example.com>", businessOwner: String? = "CRM Team <crm@example.com>",
        secretLocation: SecretLocation? = .vault("kv/mc/orders"), expiresOn: String? = "2026-12-31", generatedOn: String? = nil,
        rotatedOn: String? = nil, retry: String? = "exponential backoff", alerting: String? = "pager:crm-oncall",
        lowerEnvRotatedOn: String? = nil, line: Int = 2
    ) -> Consumer {
        Consumer(
            integration: integration, environment: env, installedPackage: package, clientID: client,
            businessOwner: businessOwner.flatMap(Owner.init(parsing:)), technicalOwner: technicalOwner.flatMap(Owner.init(parsing:)),
            secretLocation: secretLocation, secretExpiresOn: expiresOn.map(day), secretGeneratedOn: generatedOn.map(day),
            secretRotatedOn: rotatedOn.map(day), retry: retry, alerting: alerting,
            lowerEnvRotatedOn: lowerEnvRotatedOn.map(day), location: SourceLocation(file: "inventory.csv", line: line)
        )
    }

    /// Numbers the rows from line 2 when all are left at the default line.
    static func inventory(_ rows: [Consumer], sightings: [SecretSighting] = [], ttlDays: Int = 180) -> Inventory {
        var consumers = rows
        if Set(rows.map(\.location.line)).count == 1 {
            for i in consumers.indices { consumers[i].location.line = i + 2 }
        }
        let ids = Set(consumers.map(\.clientID)).sorted()
        let credentials = ids.map { id -> Credential in
            let indices = consumers.indices.filter { consumers[$0].clientID == id }
            let rows = indices.map { consumers[$0] }
            let explicit = rows.compactMap(\.secretExpiresOn).min()
            let generated = rows.compactMap(\.secretGeneratedOn).max()
            let expiresOn = explicit ?? generated?.adding(days: ttlDays)
            let source: ExpirySource = explicit != nil ? .explicit : (generated != nil ? .derivedFromGeneration : .unknown)
            return Credential(
                clientID: id, installedPackage: rows[0].installedPackage, expiresOn: expiresOn, expirySource: source,
                generatedOn: generated, rotatedOn: rows.compactMap(\.secretRotatedOn).max(),
                consumerIndices: indices, location: rows[0].location
            )
        }
        return Inventory(consumers: consumers, credentials: credentials, secretSightings: sightings, rowCount: consumers.count)
    }

    static func probe(
        _ timestamp: Int64, client: String = "client-aaaa1111", consumer: String? = nil, status: Int = 200,
        env: String? = "prod", endpoint: ProbeRecord.Endpoint = .token, latency: Double? = 150,
        error: String? = nil, version: String? = nil
    ) -> ProbeRecord {
        ProbeRecord(
            timestamp: timestamp, clientID: client, status: status, environment: env, consumer: consumer,
            endpoint: endpoint, latencyMs: latency, error: error, secretVersion: version
        )
    }

    static func evidence(_ inventory: Inventory, _ probes: [ProbeRecord], config: Config = Config()) -> ProbeEvidence {
        var aggregator = ProbeAggregator(inventory: inventory, config: config, clock: clock)
        for probe in probes { aggregator.add(probe) }
        return aggregator.finish()
    }

    static func context(_ inventory: Inventory, probes: [ProbeRecord] = [], config: Config = Config()) -> RiskContext {
        RiskContext(inventory: inventory, evidence: evidence(inventory, probes, config: config), config: config, clock: clock)
    }

    /// A steady healthy probe every 10 minutes over the last `hours` for a consumer.
    static func healthy(_ consumer: String, hours: Int64 = 6, client: String = "client-aaaa1111", env: String = "prod", version: String? = nil) -> [ProbeRecord] {
        stride(from: Int64(0), to: hours * 6, by: 1).map {
            probe(ago(minutes: $0 * 10), client: client, consumer: consumer, env: env, version: version)
        }
    }

    static func run(_ rule: some Rule, _ inventory: Inventory, probes: [ProbeRecord] = [], config: Config = Config()) -> [Finding] {
        let findings = rule.evaluate(context(inventory, probes: probes, config: config))
        for finding in findings {
            #expect(finding.rule == type(of: rule).id)
            // The declaration is true: every severity used is declared.
            #expect(type(of: rule).severities.map(\.severity).contains(finding.severity))
            #expect(!finding.message.isEmpty && !finding.remediation.isEmpty)
        }
        return findings
    }
}

/// Runs a rule's examples (`Rule.examples`) through the whole pipeline: each
/// example's files are written to a fresh data folder and `analyze` reads
/// them with the real loaders, so the examples in docs/rules.md are true.
enum RuleExampleRunner {
    static func check<R: Rule>(_ rule: R.Type, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for example in rule.examples.triggering {
            let findings = try run(example, rule, sourceLocation: sourceLocation)
            #expect(!findings.isEmpty, "\(rule.id) should fire: \(example.description)", sourceLocation: sourceLocation)
            if let severity = example.severity {
                #expect(findings.contains { $0.severity == severity },
                        "\(rule.id) should be \(severity.rawValue) for: \(example.description); got \(findings.map { $0.severity.rawValue })",
                        sourceLocation: sourceLocation)
            }
        }
        for example in rule.examples.nonTriggering {
            let findings = try run(example, rule, sourceLocation: sourceLocation)
            #expect(findings.isEmpty, "\(rule.id) should not fire: \(example.description); got \(findings.map { $0.message })",
                    sourceLocation: sourceLocation)
        }
    }

    private static func run<R: Rule>(_ example: RuleExample, _ rule: R.Type, sourceLocation: Testing.SourceLocation) throws -> [Finding] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-example-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, text) in example.files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        var options = InputOptions()
        options.dataDirectory = folder.path
        let analysis = try analyze(options)
        let errors = analysis.diagnostics.items.filter { $0.severity == .error }
        #expect(errors.isEmpty, "example '\(example.description)' has input errors: \(errors.map(\.formatted))", sourceLocation: sourceLocation)
        let findings = analysis.risk.allFindings.filter { $0.rule == rule.id }
        let declared = rule.severities.map(\.severity)
        for finding in findings {
            #expect(declared.contains(finding.severity), "\(rule.id) reported \(finding.severity.rawValue), not declared", sourceLocation: sourceLocation)
        }
        return findings
    }
}
