import Testing
import CredGraphKit
@testable import CredGraphRisk

@Suite struct NotMonitoredTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL"), F.consumer("Boomi nightly ETL", env: "qa")])

    @Test func noProbeInTheWindowIsMedium() {
        let result = F.run(NotMonitored(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        #expect(result.first?.message.contains("between 2026-08-26T12:00:00Z and as-of 2026-09-02T12:00:00Z (window_days: 7)") == true)
        #expect(result.first?.remediation.contains("from prod and qa") == true)
        #expect(result.first?.remediation.contains("/v2/token") == true)
    }

    @Test func aProbeBeforeTheWindowIsMentionedButDoesNotCount() {
        let probes = [F.probe(F.ago(hours: 24 * 7 + 1))]
        let result = F.run(NotMonitored(), inventory, probes: probes)
        #expect(result.first?.message.contains("last probe seen is from 2026-08-26T11:00:00Z, before the window") == true)
    }

    @Test func probesAfterAsOfDoNotCount() {
        #expect(F.run(NotMonitored(), inventory, probes: [F.probe(F.asOf + 1)]).count == 1)
    }

    @Test func anyProbeInTheWindowCountsEvenWithoutAConsumer() {
        #expect(F.run(NotMonitored(), inventory, probes: [F.probe(F.ago(hours: 100), env: nil)]).isEmpty)
    }

    @Test func windowFollowsConfig() {
        var config = Config()
        config.windowDays = 14
        #expect(F.run(NotMonitored(), inventory, probes: [F.probe(F.ago(hours: 24 * 10))], config: config).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(NotMonitored.self)
    }
}
