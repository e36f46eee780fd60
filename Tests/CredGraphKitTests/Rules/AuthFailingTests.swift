import Testing
@testable import CredGraphKit

@Suite struct AuthFailingTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL"), F.consumer("Preference Center")])

    @Test func a401InTheLast24HoursIsCriticalAndNamesTheConsumer() {
        let probes = F.healthy("Preference Center", hours: 2) + [
            F.probe(F.ago(hours: 3), consumer: "Boomi nightly ETL", status: 401, error: "invalid_client"),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", status: 401, error: "invalid_client"),
        ]
        let result = F.run(AuthFailing(), inventory, probes: probes)
        #expect(result.count == 1)
        #expect(result.first?.severity == .critical)
        let message = result.first?.message ?? ""
        #expect(message.contains("2 auth failures"))
        #expect(message.contains("Boomi nightly ETL@prod (2, last 2026-09-02T11:00:00Z, still failing)"))
        #expect(!message.contains("Preference Center"))
        #expect(result.first?.consumerIndices == [0])
        #expect(result.first?.remediation.contains("Orders Sync app user") == true)
        #expect(result.first?.remediation.contains("pager:crm-oncall") == true)
    }

    @Test func invalidGrantOnAnyEndpointCounts() {
        let probes = [F.probe(F.ago(hours: 2), consumer: "Preference Center", status: 400, endpoint: .rest, error: "invalid_grant")]
        #expect(F.run(AuthFailing(), inventory, probes: probes).count == 1)
    }

    @Test func throttlingIsNotAnAuthFailure() {
        let probes = (0..<20).map { F.probe(F.ago(minutes: Int64($0) * 5), consumer: "Boomi nightly ETL", status: 429) }
        #expect(F.run(AuthFailing(), inventory, probes: probes).isEmpty)
        let evidence = F.evidence(inventory, probes)
        #expect(evidence.credentials[0].stats.failures.throttled == 20)
        #expect(evidence.credentials[0].stats.failures.auth == 0)
    }

    @Test func failuresOlderThan24HoursOrAfterAsOfDoNotCount() {
        let probes = [
            F.probe(F.ago(hours: 25), consumer: "Boomi nightly ETL", status: 401),
            F.probe(F.asOf + F.minute, consumer: "Boomi nightly ETL", status: 401),
        ]
        #expect(F.run(AuthFailing(), inventory, probes: probes).isEmpty)
    }

    @Test func recoveryAfterTheFailureIsReported() {
        let probes = [
            F.probe(F.ago(hours: 5), consumer: "Boomi nightly ETL", status: 401),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", status: 200),
        ]
        let message = F.run(AuthFailing(), inventory, probes: probes).first?.message ?? ""
        #expect(message.contains("Boomi nightly ETL@prod (1, last 2026-09-02T07:00:00Z, succeeded since at 2026-09-02T11:00:00Z)"))
        #expect(message.contains("The newest success of the credential, at 2026-09-02T11:00:00Z, came after the last failure."))
    }

    @Test func unattributedFailuresAreCountedSeparately() {
        let probes = [F.probe(F.ago(hours: 1), status: 401, error: "invalid_client")]
        let message = F.run(AuthFailing(), inventory, probes: probes).first?.message ?? ""
        #expect(message.contains("1 from probes naming no inventoried consumer"))
        #expect(message.contains("No probe has succeeded since the last failure"))
    }
}
