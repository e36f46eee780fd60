import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct RiskRankingTests {
    typealias F = RiskFixture

    /// A consumer with everything in order, so only the expiry decides its findings.
    private func tidy(_ name: String, client: String, package: String, expiresOn: String?) -> Consumer {
        F.consumer(name, client: client, package: package, expiresOn: expiresOn)
    }

    private func report(_ rows: [Consumer], blast: [String: BlastRadiusCounts] = [:], probes: [ProbeRecord]? = nil) -> RiskReport {
        let inventory = F.inventory(rows)
        // Every credential probed healthily unless told otherwise, so not-monitored stays out of the way.
        let all = probes ?? rows.flatMap { F.healthy($0.integration, hours: 1, client: $0.clientID) }
        return assessRisk(inventory: inventory, evidence: F.evidence(inventory, all), config: Config(), clock: F.clock, blastRadius: blast)
    }

    @Test func worstSeverityFirstThenBlastRadiusThenDaysLeft() {
        let r = report([
            tidy("A", client: "c-medium", package: "P1", expiresOn: "2026-10-20"),   // 48 days: medium
            tidy("B", client: "c-critical", package: "P2", expiresOn: "2026-09-05"), // 3 days: critical
            tidy("C", client: "c-high-small", package: "P3", expiresOn: "2026-09-20"),
            tidy("D", client: "c-high-big", package: "P4", expiresOn: "2026-09-30"),
            tidy("E", client: "c-none", package: "P5", expiresOn: "2027-06-01"),
        ], blast: [
            "c-high-big": BlastRadiusCounts(integrations: 4, dataExtensions: 2),
            "c-high-small": BlastRadiusCounts(integrations: 1),
        ])
        #expect(r.credentials.map(\.clientID) == ["c-critical", "c-high-big", "c-high-small", "c-medium", "c-none"])
        #expect(r.credentials.map(\.rank) == [1, 2, 3, 4, 5])
        #expect(r.credentials.map(\.severity) == [.critical, .high, .high, .medium, .info])
        #expect(r.credentials[0].rankReason == SecretExpiring.id)
        #expect(r.credentials[4].findings.isEmpty)
        #expect(r.credentials[4].rankReason == nil)
    }

    @Test func equalSeverityAndReachFallBackToDaysLeftWithUnknownLast() {
        let r = report([
            tidy("A", client: "c-unknown", package: "P1", expiresOn: nil),      // expiry-unknown: high
            tidy("B", client: "c-25", package: "P2", expiresOn: "2026-09-27"),  // high, 25 days
            tidy("C", client: "c-10", package: "P3", expiresOn: "2026-09-12"),  // high, 10 days
        ])
        #expect(r.credentials.map(\.clientID) == ["c-10", "c-25", "c-unknown"])
        #expect(r.credentials.map(\.daysLeft) == [10, 25, nil])
    }

    @Test func fullTiesBreakByPackageThenClientID() {
        let r = report([
            tidy("A", client: "c-2", package: "Beta", expiresOn: "2026-09-20"),
            tidy("B", client: "c-1", package: "Beta", expiresOn: "2026-09-20"),
            tidy("C", client: "c-0", package: "Alpha", expiresOn: "2026-09-20"),
        ])
        #expect(r.credentials.map(\.clientID) == ["c-0", "c-1", "c-2"])
    }

    @Test func blastRadiusOrdersByConsumersBeforeDataExtensions() {
        let r = report([
            tidy("A", client: "c-wide", package: "P1", expiresOn: "2026-09-20"),
            tidy("B", client: "c-deep", package: "P2", expiresOn: "2026-09-20"),
        ], blast: [
            "c-wide": BlastRadiusCounts(integrations: 3),
            "c-deep": BlastRadiusCounts(integrations: 2, dataExtensions: 40, assets: 100),
        ])
        #expect(r.credentials.map(\.clientID) == ["c-wide", "c-deep"])
        #expect(r.credentials[1].blastRadius.assets == 100)
    }

    @Test func productionReachComesBeforeRawConsumerCountsAndDaysLeft() {
        // The case: a QA-only secret with 4 days left and two consumers must not
        // outrank an expired production secret with one consumer.
        let r = report([
            F.consumer("Store Feed", env: "qa", client: "c-sandbox", package: "Boomi Sandbox", expiresOn: "2026-09-06"),
            F.consumer("Store Feed 2", env: "qa", client: "c-sandbox", package: "Boomi Sandbox", expiresOn: "2026-09-06"),
            F.consumer("Loyalty Export", client: "c-prod", package: "Loyalty", expiresOn: "2026-08-28"),
        ], blast: [
            "c-sandbox": BlastRadiusCounts(integrations: 2, dataExtensions: 4, assets: 6, criticalityScore: 20),
            "c-prod": BlastRadiusCounts(integrations: 1, productionIntegrations: 1, dataExtensions: 1, criticalityScore: 4),
        ])
        #expect(r.credentials.map(\.clientID) == ["c-prod", "c-sandbox"])
    }

    @Test func withEqualProductionConsumersCriticalityDecidesBeforeTheRestOfTheReach() {
        let r = report([
            tidy("A", client: "c-wide", package: "P1", expiresOn: "2026-09-20"),
            tidy("B", client: "c-critical", package: "P2", expiresOn: "2026-09-25"),
        ], blast: [
            "c-wide": BlastRadiusCounts(integrations: 3, productionIntegrations: 1, dataExtensions: 9, criticalityScore: 5),
            "c-critical": BlastRadiusCounts(integrations: 1, productionIntegrations: 1, criticalityScore: 12),
        ])
        #expect(r.credentials.map(\.clientID) == ["c-critical", "c-wide"])
    }

    @Test func dueByIsTheExpiryOrTheDeadline() {
        let deadline = F.day("2026-09-30")
        #expect(dueBy(expiresOn: F.day("2026-10-17"), source: .explicit, deadline: deadline) == F.day("2026-10-17"))
        #expect(dueBy(expiresOn: F.day("2026-10-17"), source: .derivedFromGeneration, deadline: deadline) == deadline)
        #expect(dueBy(expiresOn: F.day("2026-09-10"), source: .derivedFromGeneration, deadline: deadline) == F.day("2026-09-10"))
        #expect(dueBy(expiresOn: nil, source: .unknown, deadline: deadline) == deadline)
        #expect(dueBy(expiresOn: nil, source: .unknown, deadline: nil) == nil)
        #expect(dueBy(expiresOn: F.day("2026-10-17"), source: .derivedFromGeneration, deadline: nil) == F.day("2026-10-17"))
    }

    @Test func findingsAreSortedBySeverityThenRule() {
        let rows = [F.consumer("A", technicalOwner: nil, expiresOn: "2026-09-05", retry: "none", alerting: nil), F.consumer("B")]
        let r = report(rows, probes: [])
        let findings = r.credentials[0].findings
        // Expiring on 2026-09-05, 3 days after as-of: no rotation slot 14 days ahead either.
        #expect(findings.map(\.rule.rawValue) == [
            "secret-expiring", "no-rotation-slot", "owner-missing", "no-alerting", "not-monitored", "no-retry", "shared-secret",
        ])
        #expect(zip(findings, findings.dropFirst()).allSatisfy { $0.severity >= $1.severity })
        #expect(r.credentials[0].severity == .critical)
    }

    @Test func failOnGateIsAtOrAbove() {
        let r = report([tidy("A", client: "c", package: "P", expiresOn: "2026-09-30")]) // 28 days: high
        #expect(r.worstSeverity == .high)
        #expect(r.exceeds(.high))
        #expect(r.exceeds(.medium))
        #expect(!r.exceeds(.critical))
        let clean = report([tidy("A", client: "c", package: "P", expiresOn: "2027-09-30")])
        #expect(clean.worstSeverity == nil)
        #expect(!clean.exceeds(.info))
        #expect(Severity(parsing: " High ") == .high)
        #expect(Severity(parsing: "severe") == nil)
    }

    @Test func globalFindingsCountForTheGate() {
        let inventory = F.inventory([tidy("A", client: "c", package: "P", expiresOn: "2027-09-30")])
        let probes = F.healthy("A", hours: 1, client: "c") + [F.probe(F.ago(hours: 1), client: "ghost")]
        let r = assessRisk(inventory: inventory, evidence: F.evidence(inventory, probes), config: Config(), clock: F.clock, blastRadius: [:])
        #expect(r.credentials[0].findings.isEmpty)
        #expect(r.globalFindings.count == 1)
        #expect(r.exceeds(.high))
    }
}
