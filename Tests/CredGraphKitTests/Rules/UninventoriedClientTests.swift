import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct UninventoriedClientTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("A")])

    @Test func probesOfAnUnknownClientIdGiveATopLevelFindingWithTheFullId() {
        let probes = [
            F.probe(F.ago(hours: 24 * 30), client: "9f8e7d6c5b4a", consumer: "Shadow sync", env: "prod"),
            F.probe(F.ago(hours: 2), client: "9f8e7d6c5b4a", consumer: "Shadow sync", env: "production"),
            F.probe(F.ago(hours: 1), client: "9f8e7d6c5b4a", consumer: nil, env: "dev"),
            F.probe(F.asOf + 1, client: "9f8e7d6c5b4a"),
        ]
        let result = F.run(UninventoriedClient(), inventory, probes: probes)
        #expect(result.count == 1)
        let finding = result.first
        #expect(finding?.severity == .high)
        #expect(finding?.clientID == "9f8e7d6c5b4a")
        #expect(finding?.message.contains("client id 9f8e7d6c5b4a") == true)
        #expect(finding?.message.contains("3 probes from 2026-08-03T12:00:00Z to 2026-09-02T11:00:00Z, environments dev and prod, consumers Shadow sync") == true)
        #expect(finding?.remediation.contains("Installed Packages") == true)

        let report = assessRisk(inventory: inventory, evidence: F.evidence(inventory, probes), config: Config(), clock: F.clock, blastRadius: [:])
        #expect(report.globalFindings.map(\.rule.rawValue) == ["uninventoried-client"])
        #expect(report.credentials.allSatisfy { !$0.findings.contains { $0.rule == UninventoriedClient.id } })
    }

    @Test func aSingleProbeIsDatedOnce() {
        let result = F.run(UninventoriedClient(), inventory, probes: [F.probe(F.ago(hours: 1), client: "ghost")])
        #expect(result.first?.message.contains("1 probe at 2026-09-02T11:00:00Z, environments prod.") == true)
    }

    @Test func inventoriedClientsAreNotReported() {
        #expect(F.run(UninventoriedClient(), inventory, probes: F.healthy("A")).isEmpty)
    }

    @Test func unknownIdsAreCappedAndTheRestCounted() {
        let count = ProbeEvidence.uninventoriedCap + 5
        let probes = (0..<count).map { F.probe(F.ago(minutes: 1), client: "unknown-\($0)") }
        let evidence = F.evidence(inventory, probes)
        #expect(evidence.uninventoried.count == ProbeEvidence.uninventoriedCap)
        #expect(evidence.uninventoriedOverflowProbes == 5)
        let findings = UninventoriedClient().evaluate(RiskContext(inventory: inventory, evidence: evidence, config: Config(), clock: F.clock))
        #expect(findings.count == ProbeEvidence.uninventoriedCap + 1)
        #expect(findings.last?.message.hasPrefix("5 more probes named further client ids") == true)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(UninventoriedClient.self)
    }
}
