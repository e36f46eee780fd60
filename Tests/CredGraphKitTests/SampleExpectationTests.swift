import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport
@testable import CredGraphRisk

/// The committed sample in data/ against what its plan says it plants
/// (docs/sample-data.md, Fixtures/sample-expectations.tsv): every planted rule
/// fires on its credential, and nothing else fires anywhere.
@Suite struct SampleExpectationTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One line of sample-expectations.tsv.
    struct Expectation {
        var clientID: String
        var installedPackage: String
        var rules: Set<String>
    }

    static func expectations() throws -> [Expectation] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("sample-expectations.tsv")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.first == "client_id\tinstalled_package\trules")
        return lines.dropFirst().map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let rules = cells.count > 2 ? cells[2].split(separator: ",").map(String.init) : []
            return Expectation(clientID: cells[0], installedPackage: cells.count > 1 ? cells[1] : "", rules: Set(rules))
        }
    }

    /// One analysis of data/, shared by the tests (it reads ~85,000 probe lines).
    static let sample: Result<Analysis, UsageError> = {
        var options = InputOptions()
        options.dataDirectory = packageRoot.appendingPathComponent("data").path
        return Result { () throws(UsageError) in try analyze(options) }
    }()

    static func analysis() throws -> Analysis { try sample.get() }

    @Test func sampleHasNoInputErrors() throws {
        let analysis = try Self.analysis()
        #expect(analysis.diagnostics.errorCount == 0, "\(analysis.diagnostics.items.map(\.formatted))")
        // docs/sample-data.md: two warnings, the expiry disagreement at line 16
        // and the redacted secret at line 31 (and maybe the uninventoried probes).
        let warnings = analysis.diagnostics.items.filter { $0.severity == .warning }
        #expect(warnings.contains { $0.file.hasSuffix("inventory.csv") && $0.line == 16 })
        #expect(warnings.contains { $0.file.hasSuffix("inventory.csv") && $0.line == 31 })
    }

    @Test func everyCredentialCarriesExactlyItsPlantedRules() throws {
        let analysis = try Self.analysis()
        let expected = try Self.expectations().filter { !$0.installedPackage.isEmpty }
        #expect(expected.count == 24)
        let byClient = Dictionary(uniqueKeysWithValues: analysis.risk.credentials.map { ($0.clientID, $0) })
        #expect(Set(byClient.keys) == Set(expected.map(\.clientID)), "the inventory's credentials are the planned ones")
        for expectation in expected {
            guard let assessment = byClient[expectation.clientID] else {
                Issue.record("credential \(expectation.clientID) (\(expectation.installedPackage)) missing from the risk report")
                continue
            }
            #expect(assessment.installedPackage == expectation.installedPackage)
            let fired = Set(assessment.findings.map(\.rule.rawValue))
            let missing = expectation.rules.subtracting(fired).sorted()
            let unexpected = fired.subtracting(expectation.rules).sorted()
            #expect(missing.isEmpty, "\(expectation.installedPackage): planted but not fired: \(missing)")
            #expect(unexpected.isEmpty, "\(expectation.installedPackage): fired but not planted: \(unexpected)")
            if expectation.rules.isEmpty {
                #expect(assessment.severity == .info, "\(expectation.installedPackage) is clean")
            }
        }
    }

    @Test func uninventoriedClientIsTheOnlyTopLevelFinding() throws {
        let analysis = try Self.analysis()
        let global = try Self.expectations().filter { $0.installedPackage.isEmpty }
        #expect(global.count == 1)
        let findings = analysis.risk.globalFindings
        #expect(Set(findings.map(\.rule.rawValue)) == Set(global.flatMap(\.rules)))
        #expect(findings.count == global.count)
        for expectation in global {
            let finding = findings.first { $0.clientID == expectation.clientID }
            #expect(finding?.rule == UninventoriedClient.id)
            #expect(finding?.severity == .high)
            #expect(finding?.message.contains("Agency Dashboard Connector") == true)
        }
    }

    /// docs/sample-data.md rows 4, 6, 9 and 11: the thresholds 7 / 30 / 60 days,
    /// the earliest of two disagreeing dates, and generated + TTL.
    @Test(arguments: [
        ("ye3kk18ye3rs2ryn5wp47v6u", Severity.critical, 4, "2026-09-06"),
        ("7bkxersutzi20dlhmdogg47j", Severity.high, 18, "2026-09-20"),
        ("9bml4pf30bml18t3n8jvam66", Severity.medium, 49, "2026-10-21"),
        ("qkhgvdjt87hdugwzgggy2n6p", Severity.medium, 45, "2026-10-17"),
    ])
    func secretExpiringSeverityFollowsTheThresholds(clientID: String, severity: Severity, daysLeft: Int, expiresOn: String) throws {
        let analysis = try Self.analysis()
        let assessment = try #require(analysis.risk.credentials.first { $0.clientID == clientID })
        #expect(assessment.daysLeft == daysLeft)
        #expect(assessment.expiresOn?.description == expiresOn)
        let finding = try #require(assessment.findings.first { $0.rule == SecretExpiring.id })
        #expect(finding.severity == severity)
    }

    @Test func expiryDerivedFromTheTTLIsSaidSo() throws {
        let analysis = try Self.analysis()
        // Triggered Messaging Service Sandbox: no expiry date, generated 2026-04-20 + 180 days.
        let derived = try #require(analysis.risk.credentials.first { $0.clientID == "qkhgvdjt87hdugwzgggy2n6p" })
        #expect(derived.expirySource == .derivedFromGeneration)
        // Loyalty Points Export: generated 2026-03-01 + 180 days = 2026-08-28, 5 days past.
        let expired = try #require(analysis.risk.credentials.first { $0.clientID == "9xggbv5b1zdeyayfu4534546" })
        #expect(expired.expiresOn?.description == "2026-08-28")
        #expect(expired.daysLeft == -5)
        #expect(!expired.findings.contains { $0.rule == SecretExpiring.id }, "expired is not also expiring")
        // Web Analytics Bridge: neither date, so unknown and not derived.
        let unknown = try #require(analysis.risk.credentials.first { $0.clientID == "9y7c5dyk8py44i4cfif6rr5l" })
        #expect(unknown.expiresOn == nil)
        #expect(unknown.daysLeft == nil)
    }

    /// The other rules with two severities, and the planted evidence the
    /// messages must name.
    @Test func plantedEvidenceIsNamed() throws {
        let analysis = try Self.analysis()
        func findings(_ clientID: String, _ rule: String) -> [Finding] {
            analysis.risk.credentials.first { $0.clientID == clientID }?.findings.filter { $0.rule.rawValue == rule } ?? []
        }
        // Customer Care Console lacks a business owner (medium); Data Platform
        // ETL's prod row lacks a technical owner (high).
        #expect(findings("piszh1cmhb9xya9glbts1a3x", "owner-missing").map(\.severity) == [.medium])
        #expect(findings("fo2snw8szsrb1ounk2tp7t5w", "owner-missing").map(\.severity) == [.high])

        // Partial rotation names the consumer left on the old secret.
        let partial = try #require(findings("4x3a8ns990hidghbzj92h9jo", "partial-rotation").first)
        #expect(partial.severity == .critical)
        #expect(partial.message.contains("Boomi Store Inventory Feed"))

        // Rotation pending names the one consumer still on v3.
        let pending = try #require(findings("ik5tdm4vazl1v93eanh1pwts", "rotation-pending").first)
        #expect(pending.severity == .high)
        #expect(pending.message.contains("MuleSoft Order Events@dev"))
        #expect(!pending.message.contains("Customer Master Sync@dev"), "consumers already on v4 are not named: \(pending.message)")

        // Probe errors: 429 is throttling, and no auth failure comes of it.
        let errors = try #require(findings("kkmuy8v7yulygohyjjwp5pgt", "probe-errors").first)
        #expect(errors.message.contains("throttl"))
        #expect(findings("kkmuy8v7yulygohyjjwp5pgt", "auth-failing").isEmpty)

        // The stale probe runner: high.
        #expect(findings("e8gw155ipopmwmfxl38937xi", "probe-stale").map(\.severity) == [.high])
    }

    /// The secret pasted in the notes at inventory.csv:31 never reaches any
    /// output: findings, diagnostics, JSON.
    @Test func pastedSecretNeverLeaks() throws {
        let analysis = try Self.analysis()
        let inventory = try String(contentsOf: Self.packageRoot.appendingPathComponent("data/inventory.csv"), encoding: .utf8)
        let marker = try #require(inventory.range(of: "client_secret="))
        let secret = String(inventory[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || "+/=".contains($0) })
        #expect(secret.count >= 40)
        let outputs = [analysis.risk.jsonText(), analysis.risk.tableText(maskClientIDs: false)]
            + analysis.diagnostics.items.map(\.formatted)
        for text in outputs { #expect(!text.contains(secret)) }
        let sighting = try #require(analysis.risk.credentials.first { $0.clientID == "piszh1cmhb9xya9glbts1a3x" }?
            .findings.first { $0.rule == SecretInInventory.id })
        #expect(sighting.severity == .critical)
        #expect(sighting.message.contains("31"))
    }
}
