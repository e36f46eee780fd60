import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import TestSupport
@testable import CredGraphKit
@testable import CredGraphRisk

/// The parallel scan's workers fold the probes that need no order into
/// tallies of their own, merged at the end (`ProbeTally`). The merge must be
/// exact: tallies of any split of the probes, merged in any order, next to the
/// probes that stay ordered (secret versions, unknown client ids, consumer
/// names the inventory lacks), give the evidence of one aggregator fed every
/// probe in order.
@Suite struct ProbeTallyTests {
    typealias F = RiskFixture

    /// The inventory of `PerfPipelineTests`: Boomi (prod and qa) rotated on 2026-09-01.
    let scan = PerfPipelineTests()
    var inventory: Inventory { scan.inventory }
    static let windowStart = F.asOf - 7 * 86_400_000
    static let dayStart = F.asOf - 86_400_000
    static let rotated = F.day("2026-09-01").startMillis
    static let second: Int64 = 1000

    /// Probes on every edge the aggregator treats apart (as-of, the window
    /// start, the last 24 hours, the rotation day; each exactly and one
    /// `step` off), failure runs cut by successes, and probes that must stay
    /// ordered. Newer than `random`'s, so the runs at the end are these.
    static func edgeProbes(step: Int64) -> [ProbeRecord] {
        let boomi = "Boomi nightly ETL"
        var probes: [ProbeRecord] = []
        for ts in [F.asOf, F.asOf + step, windowStart, windowStart - step, dayStart, dayStart - step, rotated, rotated - step] {
            probes.append(F.probe(ts, consumer: boomi, status: 200, env: "qa", latency: nil))
            probes.append(F.probe(ts, consumer: boomi, status: 401, env: "qa", latency: nil))
            probes.append(F.probe(ts, client: "client-bbbb2222", status: 403, latency: nil)) // no consumer: unattributed
            probes.append(F.probe(ts, client: "client-cccc3333", consumer: "Mobile Gateway", status: 503, env: "production", latency: nil))
        }
        // Boomi prod: a run of three refused probes (one 403) after its newest success, older ones cut off.
        for (minutes, status) in [(50, 401), (45, 403), (40, 200), (30, 401), (20, 403), (10, 401)] {
            probes.append(F.probe(F.ago(minutes: Int64(minutes)), consumer: boomi, status: status, latency: nil))
        }
        // Preference Center's unattributed probes: failing since 15 minutes ago.
        for (minutes, status) in [(25, 200), (15, 401), (5, 403)] {
            probes.append(F.probe(F.ago(minutes: Int64(minutes)), client: "client-bbbb2222", status: status, latency: nil))
        }
        // Ordered: versions, an unknown client id, a consumer name the inventory lacks.
        probes.append(F.probe(F.ago(minutes: 35), consumer: boomi, status: 200, latency: nil, version: "v2"))
        probes.append(F.probe(F.ago(hours: 30), consumer: boomi, status: 401, env: "qa", latency: nil, version: "v1"))
        probes.append(F.probe(F.ago(minutes: 12), client: "client-bbbb2222", status: 200, latency: nil, version: "v3"))
        probes.append(F.probe(F.ago(minutes: 8), client: "stray-client", consumer: "Shadow ETL", status: 200, latency: nil))
        probes.append(F.probe(F.ago(minutes: 7), client: "client-cccc3333", consumer: "Unknown Caller", status: 401, latency: nil))
        return probes
    }

    /// Random probes of every kind, older than the edge scenario's runs.
    static func randomProbes(_ count: Int, seed: UInt64, step: Int64) -> [ProbeRecord] {
        var rng = SplitMix64(seed: seed)
        let clients = ["client-aaaa1111", "client-bbbb2222", "client-cccc3333", "stray-client"]
        let consumers: [String?] = ["Boomi nightly ETL", "boomi NIGHTLY etl", "Preference Center", "Mobile Gateway", "Unknown Caller", nil]
        let envs = ["prod", "qa", "production", "dev"]
        return (0..<count).map { _ in
            // Nine days back to an hour before as-of, in whole `step`s.
            let back = (Int64(rng.below(9 * 24 * 3600 - 3600)) + 3600) * 1000 / step * step
            let status = [200, 200, 200, 401, 403, 429, 503, 0, 400][rng.below(9)]
            let endpoint: ProbeRecord.Endpoint = [.token, .token, .rest, .soap][rng.below(4)]
            return F.probe(
                F.asOf - back, client: clients[rng.below(clients.count)], consumer: consumers[rng.below(consumers.count)],
                status: status, env: envs[rng.below(envs.count)], endpoint: endpoint, latency: nil,
                error: status == 400 && rng.below(2) == 0 ? "invalid_grant" : nil,
                version: rng.below(6) == 0 ? "v\(rng.below(3))" : nil)
        }
    }

    /// The probe as a worker folds it, or nil when it stays on the ordered
    /// path (the rule of `ProbeChunkParser`).
    static func foldable(_ record: ProbeRecord, _ matcher: ProbeMatcher) -> ProbeFact? {
        guard let credential = matcher.credential(clientID: record.clientID), record.secretVersion == nil else { return nil }
        let consumer = matcher.consumer(of: record)
        if consumer == nil, let name = record.consumer, !name.isEmpty { return nil }
        return ProbeFact(
            timestamp: record.timestamp, credential: Int32(credential), consumer: Int32(consumer ?? -1), extra: -1,
            outcome: ProbeOutcome(status: record.status, error: record.error), endpoint: record.endpoint)
    }

    func sequential(_ probes: [ProbeRecord]) -> ProbeEvidence {
        var aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        for probe in probes { aggregator.add(probe) }
        return aggregator.finish()
    }

    @Test func talliesMergedInAnyOrderEqualOneAggregator() {
        let probes = Self.randomProbes(3000, seed: 5, step: 1) + Self.edgeProbes(step: 1)
        let expected = sequential(probes)
        // The probes reach every figure the merge has to get right.
        let boomi = expected.consumers[0]
        #expect(boomi.failureRun.count == 3 && boomi.failureRun.forbiddenCount == 1 && boomi.failureRun.since == F.ago(minutes: 30))
        #expect(boomi.afterRotation.successes > 0 && boomi.afterRotation.authFailures > 0)
        #expect(expected.credentials[1].unattributedFailureRun.isFailing && expected.credentials[1].unattributedFailureRun.count >= 2)
        #expect(expected.credentials.allSatisfy { $0.lastBeforeWindow != nil && $0.daily.probes.reduce(0, +) > 0 })
        #expect(expected.beforeWindow > 0 && expected.ignoredAfterAsOf > 0)
        #expect(!expected.uninventoried.isEmpty && !boomi.versionsInWindow.spans.isEmpty && boomi.latestVersion != nil)
        #expect(!expected.credentials[2].unmatchedConsumers.isEmpty)

        let matcher = ProbeMatcher(inventory: inventory)
        let folded = probes.filter { Self.foldable($0, matcher) != nil }.count
        #expect(folded > probes.count / 10 && folded < probes.count, "\(folded) of \(probes.count) folded")
        for seed in UInt64(1)...8 {
            var rng = SplitMix64(seed: seed)
            let workers = 1 + rng.below(4)
            var main = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
            var parts = Array(repeating: [ProbeFact](), count: workers)
            for probe in probes {
                if let fact = Self.foldable(probe, matcher) {
                    parts[rng.below(workers)].append(fact)
                } else {
                    main.add(probe) // in reading order, as the scan applies them
                }
            }
            var tallies: [ProbeAggregator] = []
            for var part in parts {
                part.shuffle(using: &rng)
                // A tally made from a sink that has seen probes starts empty all the same.
                var tally = main.makeTally()
                var start = 0
                while start < part.count { // a few facts at a time, like chunks
                    let end = min(part.count, start + 1 + rng.below(200))
                    part[start..<end].withUnsafeBufferPointer { tally.fold($0) }
                    start = end
                }
                tallies.append(tally)
            }
            tallies.shuffle(using: &rng)
            for tally in tallies { main.merge(tally) }
            let got = main.finish()
            #expect(got == expected, "seed \(seed), \(workers) tallies")
        }
    }

    /// Merging a tally of nothing changes nothing.
    @Test func anEmptyTallyMergesToNothing() {
        let probes = Self.randomProbes(500, seed: 3, step: 1) + Self.edgeProbes(step: 1)
        var aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        for probe in probes { aggregator.add(probe) }
        let before = aggregator.finish()
        aggregator.merge(aggregator.makeTally())
        #expect(aggregator.finish() == before)
    }

    static func jsonLine(_ probe: ProbeRecord) -> String {
        var fields = [#""ts":"\#(formatTimestamp(probe.timestamp))""#, #""client_id":"\#(probe.clientID)""#]
        if let consumer = probe.consumer { fields.append(#""consumer":"\#(consumer)""#) }
        if let env = probe.environment { fields.append(#""env":"\#(env)""#) }
        fields.append(#""endpoint":"\#(probe.endpoint.rawValue)""#)
        fields.append(#""status":\#(probe.status)"#)
        if let error = probe.error { fields.append(#""error":"\#(error)""#) }
        if let version = probe.secretVersion { fields.append(#""secret_version":"\#(version)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// The whole parallel scan (several workers, chunks down to a byte) on
    /// written logs with every case above, malformed lines and latencies
    /// among them, against the one-line-at-a-time scan.
    @Test func parallelScanWithTalliesEqualsSequentialScan() throws {
        let dir = try ProbeTempDir()
        var rng = SplitMix64(seed: 17)
        var lines: [String] = []
        let probes = Self.randomProbes(2500, seed: 9, step: Self.second) + Self.edgeProbes(step: Self.second)
        for probe in probes {
            var line = Self.jsonLine(probe)
            if probe.endpoint == .token, rng.below(2) == 0 { line = String(line.dropLast()) + #","latency_ms":\#(rng.below(4000))}"# }
            lines.append(line)
            if rng.below(40) == 0 { lines.append(#"{"ts":"not a time","client_id":"client-aaaa1111","status":200}"#) }
            if rng.below(60) == 0 { lines.append("") }
        }
        let half = lines.count / 2
        let files = [
            try dir.write("a.jsonl", lines[..<half].joined(separator: "\n") + "\n"),
            try dir.write("b.jsonl.gz", gzipMember(Array(lines[half...].joined(separator: "\n").utf8))),
        ]
        let expected = scan.sequential(files, maxLineBytes: 1 << 20)
        #expect(expected.stats.records == probes.count)
        #expect(expected.diagnostics.contains { $0.line != nil })
        #expect(expected.evidence.consumers[0].failureRun.count == 3)
        #expect(expected.evidence.consumers.contains { $0.stats.tokenLatency.count > 0 })
        for (workers, chunk) in [(1, 1), (2, 97), (3, 1000), (4, 4096), (2, 1 << 16)] {
            let got = scan.parallel(files, workers: workers, chunkBytes: chunk, maxLineBytes: 1 << 20)
            #expect(got == expected, "workers \(workers), chunk \(chunk)")
        }
    }
}
