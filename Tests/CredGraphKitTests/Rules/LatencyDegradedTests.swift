import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk

@Suite struct LatencyDegradedTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL"), F.consumer("Preference Center")])

    private func probes(_ consumer: String, latencies: [Double], endpoint: ProbeRecord.Endpoint = .token) -> [ProbeRecord] {
        latencies.enumerated().map { F.probe(F.ago(minutes: Int64($0.offset)), consumer: consumer, endpoint: endpoint, latency: $0.element) }
    }

    @Test func p95OverTheThresholdIsMediumAndNamesTheSlowConsumer() {
        let slow = probes("Boomi nightly ETL", latencies: Array(repeating: 3100, count: 20))
        let fast = probes("Preference Center", latencies: Array(repeating: 120, count: 10))
        let result = F.run(LatencyDegraded(), inventory, probes: slow + fast)
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        #expect(result.first?.message.contains("Token p95 latency 3100 ms over 30 token probes") == true)
        #expect(result.first?.message.contains("Boomi nightly ETL@prod p95 3100 ms") == true)
        #expect(result.first?.message.contains("Preference Center") == false)
        #expect(result.first?.consumerIndices == [0])
    }

    @Test func fewSlowProbesUnderTheFifthPercentileDoNotTrigger() {
        // 2 slow out of 100: the 95th percentile is still fast.
        let latencies = Array(repeating: 200.0, count: 98) + [9000, 9000]
        #expect(F.run(LatencyDegraded(), inventory, probes: probes("Boomi nightly ETL", latencies: latencies)).isEmpty)
    }

    @Test func justUnderTheThresholdDoesNotTrigger() {
        #expect(F.run(LatencyDegraded(), inventory, probes: probes("Boomi nightly ETL", latencies: Array(repeating: 1999, count: 5))).isEmpty)
        #expect(F.run(LatencyDegraded(), inventory, probes: probes("Boomi nightly ETL", latencies: Array(repeating: 2000, count: 5))).isEmpty)
        #expect(F.run(LatencyDegraded(), inventory, probes: probes("Boomi nightly ETL", latencies: Array(repeating: 2001, count: 5))).count == 1)
    }

    @Test func onlyTokenProbesCount() {
        let rest = probes("Boomi nightly ETL", latencies: Array(repeating: 5000, count: 10), endpoint: .rest)
        #expect(F.run(LatencyDegraded(), inventory, probes: rest).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(LatencyDegraded.self)
    }
}
