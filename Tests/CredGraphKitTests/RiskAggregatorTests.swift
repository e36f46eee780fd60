import Testing
@testable import CredGraphIngest
@testable import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct RiskAggregatorTests {
    typealias F = RiskFixture
    let inventory = F.inventory([
        F.consumer("Boomi nightly ETL", rotatedOn: "2026-09-01"),
        F.consumer("Boomi nightly ETL", env: "qa", rotatedOn: "2026-09-01"),
        F.consumer("Preference Center", rotatedOn: "2026-09-01"),
    ])

    @Test func classifiesOutcomes() {
        #expect(ProbeOutcome(status: 200, error: nil) == .success)
        #expect(ProbeOutcome(status: 401, error: nil) == .auth)
        #expect(ProbeOutcome(status: 400, error: "invalid_grant") == .auth)
        #expect(ProbeOutcome(status: 400, error: " Invalid_Client ") == .auth)
        #expect(ProbeOutcome(status: 429, error: "invalid_client") == .throttled)
        #expect(ProbeOutcome(status: 503, error: nil) == .server)
        #expect(ProbeOutcome(status: 0, error: "timeout") == .transport)
        #expect(ProbeOutcome(status: 403, error: "insufficient_privileges") == .forbidden)
        #expect(ProbeOutcome(status: 302, error: nil) == .other)
    }

    @Test func windowCountsFirstLastAndFailureClasses() {
        let probes = [
            F.probe(F.ago(hours: 24 * 7 + 1), consumer: "Boomi nightly ETL"), // before the window
            F.probe(F.ago(hours: 100), consumer: "Boomi nightly ETL"),
            F.probe(F.ago(hours: 30), consumer: "Boomi nightly ETL", status: 401),
            F.probe(F.ago(hours: 3), consumer: "Boomi nightly ETL", status: 429),
            F.probe(F.ago(hours: 2), consumer: "Boomi nightly ETL", status: 502),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", status: 0, error: "timeout"),
            F.probe(F.ago(minutes: 10), consumer: "Boomi nightly ETL", status: 401, error: "invalid_client"),
            F.probe(F.asOf + 5, consumer: "Boomi nightly ETL"), // after as-of
        ]
        let evidence = F.evidence(inventory, probes)
        let stats = evidence.credentials[0].stats
        #expect(stats.probes == 6)
        #expect(stats.successes == 1)
        #expect(stats.first == F.ago(hours: 100))
        #expect(stats.last == F.ago(minutes: 10))
        #expect(stats.lastSuccess == F.ago(hours: 100))
        #expect(stats.failures.auth == 2)
        #expect(stats.failures.throttled == 1)
        #expect(stats.failures.server == 1)
        #expect(stats.failures.transport == 1)
        #expect(stats.failures.nonAuth == 3)
        #expect(stats.authFailuresLast24h == 1)
        #expect(evidence.ignoredAfterAsOf == 1)
        #expect(evidence.beforeWindow == 1)
        #expect(evidence.credentials[0].lastBeforeWindow == F.ago(hours: 24 * 7 + 1))
        #expect(evidence.consumers[0].stats == stats)
        #expect(evidence.consumers[1].stats.probes == 0)
    }

    @Test func matchesConsumersByNameAndEnvironmentCaseInsensitively() {
        let probes = [
            F.probe(F.ago(hours: 1), consumer: "boomi NIGHTLY etl ", env: "QA"),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", env: "production"),
            // No env and the name is ambiguous (prod and qa): the credential only.
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", env: nil),
            // No env, unique name: matched.
            F.probe(F.ago(hours: 1), consumer: "Preference Center", env: nil),
            // Unknown consumer, or an environment it does not run in: the credential only.
            F.probe(F.ago(hours: 1), consumer: "Someone else"),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", env: "dev"),
        ]
        let evidence = F.evidence(inventory, probes)
        #expect(evidence.consumers.map(\.stats.probes) == [1, 1, 1])
        #expect(evidence.credentials[0].stats.probes == 6)
        #expect(evidence.credentials[0].unattributedProbes == 3)
    }

    @Test func versionsInTheLast24HoursAndLatestVersionPerConsumer() {
        let probes = [
            F.probe(F.ago(hours: 30), consumer: "Preference Center", version: "v6"),
            F.probe(F.ago(hours: 20), consumer: "Preference Center", version: "v7"),
            F.probe(F.ago(hours: 5), consumer: "Preference Center", version: "v8"),
            F.probe(F.ago(hours: 4), consumer: "Preference Center", version: "v7"),
            F.probe(F.ago(hours: 1), consumer: "Preference Center"),
        ]
        let evidence = F.evidence(inventory, probes).consumers[2]
        #expect(evidence.versionsLast24h.ordered.map(\.version) == ["v7", "v8"])
        #expect(evidence.versionsLast24h.spans["v7"] == VersionSpan(firstSeen: F.ago(hours: 20), lastSeen: F.ago(hours: 4), probes: 2))
        #expect(evidence.versionsLast24h.newest?.version == "v8")
        #expect(evidence.latestVersion == SeenVersion(version: "v7", at: F.ago(hours: 4)))
    }

    @Test func afterRotationOutcomesPerConsumer() {
        let probes = [
            F.probe(F.ago(hours: 40), consumer: "Preference Center", status: 401), // before 2026-09-01
            F.probe(F.ago(hours: 30), consumer: "Preference Center", status: 200),
            F.probe(F.ago(hours: 2), consumer: "Preference Center", status: 401),
        ]
        let outcome = F.evidence(inventory, probes).consumers[2].afterRotation
        #expect(outcome.successes == 1)
        #expect(outcome.authFailures == 1)
        #expect(outcome.isFailing)
        #expect(!outcome.isAuthenticating)
    }

    @Test func tokenLatencyOnlyFromTokenProbes() {
        let probes = [
            F.probe(F.ago(hours: 1), consumer: "Preference Center", endpoint: .token, latency: 100),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", endpoint: .rest, latency: 9000),
            F.probe(F.ago(hours: 1), consumer: "Preference Center", endpoint: .soap, latency: 9000),
        ]
        let stats = F.evidence(inventory, probes).credentials[0].stats
        #expect(stats.tokenLatency.count == 1)
        #expect(stats.tokenLatency.p95 == 100)
    }

    @Test func resultDoesNotDependOnProbeOrder() {
        let consumers = ["Boomi nightly ETL", "Preference Center"]
        let statuses = [200, 200, 200, 401, 429, 503, 0]
        let versions = ["v1", "v2", "v3"]
        var probes: [ProbeRecord] = []
        for i in 0..<200 {
            let latency = Double(50 + i * 13 % 4000)
            probes.append(F.probe(
                F.ago(minutes: Int64(i * 7 % 500)), consumer: consumers[i % 2],
                status: statuses[i % 7], latency: latency, version: versions[i % 3]
            ))
        }
        let forward = F.evidence(inventory, probes)
        let backward = F.evidence(inventory, probes.reversed())
        #expect(forward == backward)
    }

    /// The aggregator keeps counters, not probes: however many probes arrive,
    /// the evidence stays within fixed bounds per credential and consumer.
    @Test func memoryIsBoundedByTheInventoryNotByTheProbes() {
        var aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        for i in 0..<20_000 {
            aggregator.add(F.probe(
                F.ago(minutes: Int64(i % 1400)), consumer: "Preference Center",
                latency: Double(i % 5000) * 1.37 + Double(i % 11), version: "v\(i % 100)"
            ))
            aggregator.add(F.probe(F.ago(minutes: 1), client: "stray-\(i)", consumer: "caller-\(i)", env: "env-\(i % 50)"))
        }
        let evidence = aggregator.finish()
        let consumer = evidence.consumers[2]
        #expect(consumer.stats.probes == 20_000)
        #expect(consumer.stats.tokenLatency.count == 20_000)
        #expect(consumer.stats.tokenLatency.bucketCount <= LatencyHistogram.maxBuckets)
        #expect(consumer.versionsLast24h.spans.count == VersionUsage.cap)
        #expect(consumer.versionsLast24h.overflowProbes > 0)
        #expect(evidence.uninventoried.count == ProbeEvidence.uninventoriedCap)
        #expect(evidence.uninventoried.allSatisfy { $0.consumers.names.count <= UnknownClientProbes.namesCap })
        #expect(evidence.credentials.count == inventory.credentials.count)
        #expect(evidence.consumers.count == inventory.consumers.count)
    }

    @Test func boundedNameSetKeepsTheFirstNamesWhateverTheOrder() {
        var a = BoundedNameSet(cap: 3)
        var b = BoundedNameSet(cap: 3)
        let names = ["prod", "dev", "qa", "uat", "dev", "staging"]
        for n in names { a.insert(n) }
        for n in names.reversed() { b.insert(n) }
        #expect(a.names == ["dev", "prod", "qa"])
        #expect(a == b)
        #expect(a.truncated)
    }
}

@Suite struct RiskLatencyHistogramTests {
    @Test func p95IsNearestRankAndNeverBelowTheTrueValue() {
        var h = LatencyHistogram()
        for v in 1...100 { h.add(Double(v) * 10) } // 10 … 1000
        let p95 = h.p95 ?? 0
        #expect(p95 >= 950)
        #expect(p95 <= 950 * (1 + 1.0 / 16))
        #expect(h.percentile(100) == 1000)
        #expect(h.maximum == 1000)
    }

    @Test func identicalValuesAreExact() {
        var h = LatencyHistogram()
        for _ in 0..<10 { h.add(1999) }
        #expect(h.p95 == 1999)
    }

    @Test func edgeValues() {
        var h = LatencyHistogram()
        #expect(h.p95 == nil)
        h.add(-5)
        h.add(.nan)
        h.add(.infinity)
        #expect(h.count == 0)
        h.add(0.4)
        h.add(1e12)
        #expect(h.count == 2)
        #expect(h.percentile(100) == 1e12)
        #expect(h.percentile(50) == 0.4)
    }
}
