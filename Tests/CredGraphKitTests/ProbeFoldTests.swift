import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import TestSupport
@testable import CredGraphRisk

/// The workers' `ProbeAggregator.fold` runs its own loop (tables through
/// buffers, the day slot by an unsigned division, a success on one branch,
/// extremes as plain integers): it must count exactly what `add` counts, probe
/// by probe, on every edge: as-of, the window start, the last 24 hours, whole
/// days before as-of and the rotation day.
@Suite struct ProbeFoldTests {
    typealias F = RiskFixture
    static let day: Int64 = 86_400_000
    var inventory: Inventory { PerfPipelineTests().inventory }

    /// The slot as first written: a signed division, and no slot without window days.
    static func plainSlot(_ ts: Int64, asOf: Int64, credential c: Int, slots: Int) -> Int {
        guard slots > 0 else { return -1 }
        let back = Int((asOf - ts) / day)
        return back < slots ? c * slots + slots - 1 - back : -1
    }

    @Test func dailySlotIsThePlainFormula() {
        var rng = SplitMix64(named: "daily-slot")
        for windowDays in [0, 1, 2, 7, 30, 400] {
            var config = Config()
            config.windowDays = windowDays
            for asOf in [F.asOf, F.asOf + 1, F.asOf - 1, F.day("2026-09-02").startMillis, 0] {
                let aggregator = ProbeAggregator(inventory: inventory, config: config, clock: Clock(asOf: asOf))
                let start = aggregator.windowStart
                var times: [Int64] = [asOf, asOf - 1, start, start + 1, asOf - Self.day, asOf - Self.day + 1, asOf - Self.day - 1]
                for n in 0...Int64(windowDays + 1) {
                    times += [asOf - n * Self.day, asOf - n * Self.day + 1, asOf - n * Self.day - 1]
                }
                for _ in 0..<200 { times.append(start + Int64(rng.below(Int(asOf - start) + 1))) }
                for ts in times where ts >= start && ts <= asOf {
                    for c in [0, 1, 2] {
                        #expect(
                            aggregator.dailySlot(ts, credential: c) == Self.plainSlot(ts, asOf: asOf, credential: c, slots: windowDays),
                            "window \(windowDays), as-of \(asOf), ts \(ts), credential \(c)")
                    }
                }
            }
        }
    }

    /// `fold` on the probes a worker would fold equals `add` on the same probes.
    func foldEqualsAdd(_ probes: [ProbeRecord], clock: Clock, config: Config = Config()) -> (folded: ProbeEvidence, added: ProbeEvidence) {
        let matcher = ProbeMatcher(inventory: inventory)
        var added = ProbeAggregator(inventory: inventory, config: config, clock: clock)
        var facts: [ProbeFact] = []
        for probe in probes {
            guard let fact = ProbeTallyTests.foldable(probe, matcher) else { continue }
            facts.append(fact)
            added.add(probe)
        }
        var tally = ProbeAggregator(inventory: inventory, config: config, clock: clock).makeTally()
        var start = 0
        var rng = SplitMix64(seed: UInt64(facts.count))
        while start < facts.count { // a few facts at a time, like chunks
            let end = min(facts.count, start + 1 + rng.below(300))
            facts[start..<end].withUnsafeBufferPointer { tally.fold($0) }
            start = end
        }
        return (tally.finish(), added.finish())
    }

    @Test func foldCountsWhatAddCounts() {
        // Steps of a second, an hour and a day put probes exactly on the day slices' bounds.
        for (seed, step) in [(1, Int64(1)), (2, 1000), (3, 3_600_000), (4, Self.day)] as [(UInt64, Int64)] {
            let probes = ProbeTallyTests.randomProbes(3000, seed: seed, step: step) + ProbeTallyTests.edgeProbes(step: step)
            let (folded, added) = foldEqualsAdd(probes, clock: F.clock)
            #expect(folded == added, "step \(step)")
            // Every kind of figure is reached.
            let boomi = added.consumers[0]
            #expect(boomi.stats.first != nil && boomi.stats.lastSuccess != nil && boomi.stats.lastAuthFailure != nil)
            #expect(boomi.afterRotation.lastSuccess != nil && boomi.afterRotation.lastAuthFailure != nil && boomi.failureRun.lastSuccess != nil)
            #expect(added.credentials.allSatisfy { $0.daily.probes.reduce(0, +) > 0 } && added.beforeWindow > 0 && added.ignoredAfterAsOf > 0)
            #expect(added.credentials.contains { $0.unattributedProbes > 0 && $0.unattributedFailureRun.lastSuccess != nil })
        }
    }

    /// Figures of no probe read as nil, whatever is kept behind them.
    @Test func emptyFiguresAreNil() {
        let (folded, _) = foldEqualsAdd([], clock: F.clock)
        for stats in folded.consumers.map(\.stats) + folded.credentials.map(\.stats) {
            #expect(stats.first == nil && stats.last == nil && stats.lastSuccess == nil && stats.lastAuthFailure == nil)
            #expect(stats == ProbeStats())
        }
        #expect(folded.consumers.allSatisfy { $0.afterRotation.lastSuccess == nil && $0.failureRun.lastSuccess == nil })
        // A success at the smallest time is not after "none" (as when it was an Optional).
        var run = FailureRun()
        run.success(at: Int64.min)
        #expect(run.lastSuccess == nil && run == FailureRun())
    }

    /// With as-of at the largest time, a probe may be dated `noRotation`:
    /// `fold` then counts through `addMatched`, and still agrees with `add`.
    @Test func asOfAtTheLargestTime() {
        let asOf = Int64.max
        let probes = [asOf, asOf - 1, asOf - Self.day, asOf - 3 * Self.day + 1].flatMap { ts in
            [200, 401, 403, 503].map { F.probe(ts, consumer: "Boomi nightly ETL", status: $0, latency: nil) }
        }
        let (folded, added) = foldEqualsAdd(probes, clock: Clock(asOf: asOf))
        #expect(folded == added)
        #expect(added.consumers[0].stats.probes == 16 && added.consumers[0].stats.last == asOf)
        #expect(added.consumers[0].afterRotation.lastSuccess == asOf)
    }
}
