import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk

@Suite struct ProbeStaleTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL")])

    @Test func newestProbeOlderThanTheThresholdIsStale() {
        let probes = [F.probe(F.ago(hours: 5), consumer: "Boomi nightly ETL"), F.probe(F.ago(minutes: 31), consumer: "Boomi nightly ETL")]
        let result = F.run(ProbeStale(), inventory, probes: probes)
        #expect(result.count == 1)
        #expect(result.first?.severity == .high)
        #expect(result.first?.message.contains("from 2026-09-02T11:29:00Z, 31 min before as-of (probe_stale_minutes: 30)") == true)
        #expect(result.first?.remediation.contains("from prod") == true)
        #expect(result.first?.message.contains("Newest probe per consumer: Boomi nightly ETL@prod 2026-09-02T11:29:00Z.") == true)
    }

    @Test func aProbeWithinTheThresholdIsFresh() {
        #expect(F.run(ProbeStale(), inventory, probes: [F.probe(F.ago(minutes: 30))]).isEmpty)
    }

    @Test func missingProbesAreNotMonitoredRatherThanStale() {
        #expect(F.run(ProbeStale(), inventory).isEmpty)
        #expect(F.run(NotMonitored(), inventory).count == 1)
        // Only probes before the window: not monitored either, not stale.
        let old = [F.probe(F.ago(hours: 24 * 8))]
        #expect(F.run(ProbeStale(), inventory, probes: old).isEmpty)
    }

    @Test func thresholdComesFromConfig() {
        var config = Config()
        config.thresholds.probeStaleMinutes = 120
        #expect(F.run(ProbeStale(), inventory, probes: [F.probe(F.ago(minutes: 90))], config: config).isEmpty)
        #expect(F.run(ProbeStale(), inventory, probes: [F.probe(F.ago(minutes: 121))], config: config).count == 1)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(ProbeStale.self)
    }
}
