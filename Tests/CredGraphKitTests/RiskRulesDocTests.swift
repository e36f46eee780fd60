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
        #expect(Set(ids.map(\.rawValue)) == [
            "secret-expired", "secret-expiring", "expiry-unknown", "auth-failing", "partial-rotation", "rotation-pending",
            "probe-stale", "not-monitored", "latency-degraded", "probe-errors", "hardcoded-secret", "secret-location-unknown",
            "secret-in-inventory", "owner-missing", "no-alerting", "no-retry", "uninventoried-client", "shared-secret",
            "secret-in-code", "rehearsal-unverified", "version-unreported", "expiry-cluster", "no-rotation-slot",
        ])
    }

    @Test func eachRuleHasItsFileItsTestsAndItsDeclarations() {
        for rule in RiskRules.all {
            let type = Swift.type(of: rule)
            let name = type.id.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            let source = root.appendingPathComponent("Sources/CredGraphRisk/Rules/\(name).swift").path
            let tests = root.appendingPathComponent("Tests/CredGraphKitTests/Rules/\(name)Tests.swift").path
            #expect(FileManager.default.fileExists(atPath: source), "\(source)")
            #expect(FileManager.default.fileExists(atPath: tests), "\(tests)")
            #expect(!type.summary.isEmpty && !type.thresholdDescription.isEmpty && !type.documentation.isEmpty)
            #expect(type.severities.first?.severity == type.defaultSeverity, "\(type.id): the default severity leads its severities")
            #expect(!type.examples.triggering.isEmpty && !type.examples.nonTriggering.isEmpty, "\(type.id) needs examples both ways")
            // The test file runs the examples: it names the rule's examples check.
            let testText = (try? String(contentsOfFile: tests, encoding: .utf8)) ?? ""
            #expect(testText.contains("RuleExampleRunner.check(\(name).self)"), "\(tests) does not run the examples of \(type.id)")
        }
    }

    /// A rule file whose rule is missing from `RiskRules.all` would never run
    /// and never reach the docs: every file under Rules/ must be registered.
    @Test func everyRuleFileIsRegistered() throws {
        let folder = root.appendingPathComponent("Sources/CredGraphRisk/Rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        let registered = Set(RiskRules.ids.map { $0.rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + ".swift" })
        for file in files.sorted() {
            #expect(registered.contains(file), "Rules/\(file) is not in RiskRules.all (Sources/CredGraphRisk/Rule.swift): add its rule there")
        }
        #expect(files.count == RiskRules.all.count)
    }

    /// docs/rules.md is generated (`rulesMarkdown()`); the committed page must match.
    @Test func committedRulesPageIsCurrent() throws {
        let path = root.appendingPathComponent("docs/rules.md")
        let committed = try String(contentsOf: path, encoding: .utf8)
        let generated = rulesMarkdown()
        let firstDifference = zip(committed.split(separator: "\n", omittingEmptySubsequences: false),
                                  generated.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }.map { "line \($0.offset + 1)" } ?? "length"
        #expect(committed == generated,
                "docs/rules.md is stale (first difference: \(firstDifference)): regenerate it with `make rules-doc`")
    }

    @Test func pageHasEveryRuleOnceInTableAndSections() {
        let page = rulesMarkdown()
        for type in RiskRules.documentationOrder {
            #expect(page.components(separatedBy: "\n## `\(type.id)` — \(type.severityText)\n").count == 2, "\(type.id)")
            #expect(page.components(separatedBy: "\n| `\(type.id)` | \(type.severityText) |").count == 2, "\(type.id)")
        }
    }
}
