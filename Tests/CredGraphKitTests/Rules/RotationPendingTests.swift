import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct RotationPendingTests {
    typealias F = RiskFixture
    let inventory = F.inventory([
        F.consumer("Boomi nightly ETL"),
        F.consumer("Preference Center", technicalOwner: "Web Team <web@example.com>", secretLocation: .env("MC_SECRET")),
    ])

    @Test func twoVersionsInTheLast24HoursNameTheConsumerLeftOnTheOlder() {
        let probes = [
            F.probe(F.ago(hours: 20), consumer: "Boomi nightly ETL", version: "v7"),
            F.probe(F.ago(hours: 2), consumer: "Boomi nightly ETL", version: "v8"),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", version: "v8"),
            F.probe(F.ago(hours: 19), consumer: "Preference Center", version: "v7"),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", version: "v7"),
        ]
        let result = F.run(RotationPending(), inventory, probes: probes)
        #expect(result.count == 1)
        #expect(result.first?.severity == .high)
        let message = result.first?.message ?? ""
        #expect(message.contains("2 secret versions: v7 and the newer v8, first seen 2026-09-02T10:00:00Z"))
        #expect(message.contains("Preference Center@prod (secret at env:MC_SECRET, technical owner Web Team <web@example.com>) on v7 at 2026-09-02T11:00:00Z"))
        #expect(!message.contains("Boomi nightly ETL@prod"))
        #expect(result.first?.consumerIndices == [1])
        #expect(result.first?.remediation.contains("Do not activate the staged secret") == true)
    }

    @Test func everyConsumerOnTheNewerVersionIsSafe() {
        let probes = [
            F.probe(F.ago(hours: 20), consumer: "Boomi nightly ETL", version: "v7"),
            F.probe(F.ago(hours: 2), consumer: "Boomi nightly ETL", version: "v8"),
            F.probe(F.ago(hours: 20), consumer: "Preference Center", version: "v7"),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", version: "v8"),
        ]
        #expect(F.run(RotationPending(), inventory, probes: probes).isEmpty)
    }

    @Test func oneVersionOrVersionsOutsideTheLast24HoursIsNotPending() {
        let one = F.healthy("Boomi nightly ETL", version: "v8") + F.healthy("Preference Center", version: "v8")
        #expect(F.run(RotationPending(), inventory, probes: one).isEmpty)
        let old = [F.probe(F.ago(hours: 30), consumer: "Preference Center", version: "v7")] + one
        #expect(F.run(RotationPending(), inventory, probes: old).isEmpty)
    }

    @Test func aConsumerWithoutVersionedProbesIsNamedAsUnverified() {
        let probes = [
            F.probe(F.ago(hours: 20), consumer: "Boomi nightly ETL", version: "v7"),
            F.probe(F.ago(hours: 2), consumer: "Boomi nightly ETL", version: "v8"),
        ]
        let result = F.run(RotationPending(), inventory, probes: probes)
        #expect(result.first?.message.contains("not verified: Preference Center@prod") == true)
        #expect(result.first?.consumerIndices == [1])
    }

    @Test func aLongVersionIsNeverEchoed() {
        let leaked = "Zx9" + String(repeating: "q7W", count: 15)
        let probes = [
            F.probe(F.ago(hours: 20), consumer: "Boomi nightly ETL", version: leaked),
            F.probe(F.ago(hours: 2), consumer: "Boomi nightly ETL", version: "v8"),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", version: leaked),
        ]
        let finding = F.run(RotationPending(), inventory, probes: probes).first
        #expect(finding != nil)
        #expect(finding?.message.contains(leaked) == false)
        #expect(finding?.remediation.contains(leaked) == false)
        #expect(finding?.message.contains("(a 48-character version, withheld)") == true)
    }

    @Test func unattributedProbesStillOnTheOlderVersionAreReported() {
        let probes = [
            F.probe(F.ago(hours: 3), consumer: "Boomi nightly ETL", version: "v8"),
            F.probe(F.ago(hours: 3), consumer: "Preference Center", version: "v8"),
            F.probe(F.ago(hours: 20), version: "v7"),
            F.probe(F.ago(hours: 1), version: "v7"),
        ]
        let result = F.run(RotationPending(), inventory, probes: probes)
        #expect(result.first?.message.contains("Probes naming no inventoried consumer still used v7 (2 probes, last 2026-09-02T11:00:00Z)") == true)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(RotationPending.self)
    }
}
