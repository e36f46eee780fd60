import Testing
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct PartialRotationTests {
    typealias F = RiskFixture
    let inventory = F.inventory([
        F.consumer("Boomi nightly ETL", rotatedOn: "2026-09-01"),
        F.consumer("Preference Center", technicalOwner: "Web Team <web@example.com>", secretLocation: .env("MC_SECRET"), rotatedOn: "2026-09-01"),
    ])

    @Test func oneConsumerFailingAfterRotationWhileAnotherSucceedsIsCritical() {
        let probes = F.healthy("Boomi nightly ETL", hours: 4) + [
            F.probe(F.ago(hours: 3), consumer: "Preference Center", status: 401, error: "invalid_client"),
            F.probe(F.ago(hours: 2), consumer: "Preference Center", status: 401, error: "invalid_client"),
        ]
        let result = F.run(PartialRotation(), inventory, probes: probes)
        #expect(result.count == 1)
        #expect(result.first?.severity == .critical)
        let message = result.first?.message ?? ""
        #expect(message.contains("After the rotation of 2026-09-01, 1 consumer authenticates: "))
        #expect(message.contains("but 1 consumer fails and still holds the old secret: "))
        #expect(message.contains("Boomi nightly ETL@prod (last success 2026-09-02T12:00:00Z)"))
        #expect(message.contains("Preference Center@prod (secret at env:MC_SECRET, technical owner Web Team <web@example.com>): 2 auth failures since the rotation"))
        #expect(result.first?.consumerIndices == [1])
        #expect(result.first?.remediation.contains("Preference Center@prod") == true)
        #expect(result.first?.remediation.contains("Web Team <web@example.com>") == true)
    }

    @Test func everyoneAuthenticatingOrEveryoneFailingIsNotPartial() {
        let allOK = F.healthy("Boomi nightly ETL") + F.healthy("Preference Center")
        #expect(F.run(PartialRotation(), inventory, probes: allOK).isEmpty)
        let allFailing = ["Boomi nightly ETL", "Preference Center"].map { F.probe(F.ago(hours: 1), consumer: $0, status: 401) }
        #expect(F.run(PartialRotation(), inventory, probes: allFailing).isEmpty)
    }

    @Test func failuresBeforeTheRotationDayDoNotCount() {
        let probes = F.healthy("Boomi nightly ETL") + [F.probe(F.ago(hours: 40), consumer: "Preference Center", status: 401)]
        #expect(F.run(PartialRotation(), inventory, probes: probes).isEmpty)
    }

    @Test func aConsumerFixedAfterItsFailureIsNoLongerBehind() {
        let probes = F.healthy("Boomi nightly ETL", hours: 1) + [
            F.probe(F.ago(hours: 3), consumer: "Preference Center", status: 401),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", status: 200),
        ]
        #expect(F.run(PartialRotation(), inventory, probes: probes).isEmpty)
    }

    @Test func withoutARotationDateTheRuleIsSilent() {
        let plain = F.inventory([F.consumer("Boomi nightly ETL"), F.consumer("Preference Center")])
        let probes = F.healthy("Boomi nightly ETL") + [F.probe(F.ago(hours: 1), consumer: "Preference Center", status: 401)]
        #expect(F.run(PartialRotation(), plain, probes: probes).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(PartialRotation.self)
    }
}
