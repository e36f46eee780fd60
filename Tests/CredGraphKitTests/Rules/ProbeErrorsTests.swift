import Testing
import CredGraphKit
@testable import CredGraphRisk

@Suite struct ProbeErrorsTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL")])

    private func probes(ok: Int, statuses: [Int]) -> [ProbeRecord] {
        (0..<ok).map { F.probe(F.ago(minutes: Int64($0)), consumer: "Boomi nightly ETL") }
            + statuses.enumerated().map { F.probe(F.ago(hours: 1, minutes: Int64($0.offset)), consumer: "Boomi nightly ETL", status: $0.element) }
    }

    @Test func overFivePercentIsMediumWithABreakdownByClass() {
        let result = F.run(ProbeErrors(), inventory, probes: probes(ok: 92, statuses: [503, 500, 429, 429, 429, 0, 0, 401]))
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        let message = result.first?.message ?? ""
        #expect(message.contains("7 of 100 probes in the window (7%) failed for non-auth reasons"))
        #expect(message.contains("server 5xx 2, throttled 429 3 and timeout / no response 2"))
        let remediation = result.first?.remediation ?? ""
        #expect(remediation.contains("Retry-After"))
        #expect(remediation.contains("trust.salesforce.com"))
        #expect(remediation.contains("DNS"))
    }

    @Test func exactlyFivePercentDoesNotTrigger() {
        #expect(F.run(ProbeErrors(), inventory, probes: probes(ok: 95, statuses: [500, 500, 429, 0, 0])).isEmpty)
        #expect(F.run(ProbeErrors(), inventory, probes: probes(ok: 94, statuses: [500, 500, 429, 0, 0, 0])).count == 1)
    }

    @Test func authFailuresAreNotProbeErrors() {
        #expect(F.run(ProbeErrors(), inventory, probes: probes(ok: 10, statuses: Array(repeating: 401, count: 10))).isEmpty)
    }

    @Test func throttlingAloneGivesOnlyTheThrottlingAdvice() {
        let result = F.run(ProbeErrors(), inventory, probes: probes(ok: 10, statuses: [429, 429]))
        #expect(result.first?.message.contains("throttled 429 2.") == true)
        #expect(result.first?.remediation.contains("trust.salesforce.com") == false)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(ProbeErrors.self)
    }
}
