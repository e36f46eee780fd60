import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

/// The rule registry, the rule files and docs/rules.md stay in step.
@Suite struct RiskRulesDocTests {
    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func everyOutputsContractRuleIsRegisteredOnce() {
        let ids = RiskRules.ids
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == [
            "secret-expired", "secret-expiring", "expiry-unknown", "auth-failing", "partial-rotation", "rotation-pending",
            "probe-stale", "not-monitored", "latency-degraded", "probe-errors", "hardcoded-secret", "secret-location-unknown",
            "secret-in-inventory", "owner-missing", "no-alerting", "no-retry", "uninventoried-client", "shared-secret",
            "secret-in-code", "rehearsal-unverified", "version-unreported", "expiry-cluster", "no-rotation-slot",
        ])
    }

    @Test func eachRuleHasItsFileItsTestsAndItsDocSection() throws {
        let docs = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        for rule in RiskRules.all {
            let type = Swift.type(of: rule)
            let name = type.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            let source = root.appendingPathComponent("Sources/CredGraphRisk/Rules/\(name).swift").path
            let tests = root.appendingPathComponent("Tests/CredGraphKitTests/Rules/\(name)Tests.swift").path
            #expect(FileManager.default.fileExists(atPath: source), "\(source)")
            #expect(FileManager.default.fileExists(atPath: tests), "\(tests)")
            #expect(docs.contains("## `\(type.id)` — \(type.defaultSeverity.rawValue)"), "docs/rules.md lacks a section for \(type.id)")
            #expect(docs.contains("| `\(type.id)` | \(type.defaultSeverity.rawValue)"), "docs/rules.md table lacks \(type.id)")
            #expect(!type.summary.isEmpty && !type.thresholdDescription.isEmpty)
        }
    }
}
