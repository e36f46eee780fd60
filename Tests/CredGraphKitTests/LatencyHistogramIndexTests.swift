import Testing
@testable import CredGraphIngest
import TestSupport

/// `LatencyHistogram.index(of:)` reads the bucket from the bits of the
/// double where it once divided by a power of two; the bucket must be the
/// same for every value.
@Suite struct LatencyHistogramIndexTests {
    static func divided(_ value: Double) -> Int {
        if value < 1 { return 0 }
        let top = Double(UInt64(1) << UInt64(LatencyHistogram.topExponent + 1))
        if value >= top { return LatencyHistogram.maxBuckets - 1 }
        let exponent = 63 - UInt64(value).leadingZeroBitCount
        let base = Double(UInt64(1) << UInt64(exponent))
        let sub = Swift.min(Int((value - base) / base * Double(LatencyHistogram.subBuckets)), LatencyHistogram.subBuckets - 1)
        return 1 + exponent * LatencyHistogram.subBuckets + sub
    }

    @Test func bucketsEqualTheDividingFormula() {
        var rng = SplitMix64(named: "latency-index")
        var values: [Double] = [0, 0.5, 1, 1.0625, 2, 3, 90, 182, 1_000, 1_900, 10_000, 86_400_000, 33_554_431.999, 33_554_432, 67_108_863, 67_108_864, 1e18]
        for e in 0...27 {
            let base = Double(UInt64(1) << UInt64(e))
            values += [base, base.nextDown, base.nextUp, base * 1.0625, (base * 1.0625).nextDown, base * 1.9999999]
        }
        for _ in 0..<100_000 {
            let value: Double
            switch rng.below(3) {
            case 0: value = Double(rng.below(5_000))
            case 1: value = rng.unit() * 100_000
            default: value = Double(bitPattern: rng.next() & 0x41FF_FFFF_FFFF_FFFF) // up to about 2^32
            }
            values.append(value)
        }
        let specials: [Double] = [-0.0, -1, -.leastNonzeroMagnitude, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan, -.nan]
        for value in values + specials {
            #expect(LatencyHistogram.countedIndex(value) == (value.isFinite && value >= 0 ? Self.divided(value) : -1), "\(value)")
        }
        for value in values where value.isFinite && value >= 0 {
            #expect(LatencyHistogram.index(of: value) == Self.divided(value), "\(value)")
            // The batch path reads the bits of values from +0 up (-0 as +0).
            #expect(LatencyHistogram.index(ofBits: value == 0 ? 0 : value.bitPattern) == Self.divided(value), "\(value)")
        }
    }

    /// Values added in batches give the very histogram that adding them one by one gives.
    @Test func batchesEqualOneByOne() {
        var rng = SplitMix64(named: "latency-batches")
        for round in 0..<300 {
            var single = LatencyHistogram()
            var batched = LatencyHistogram()
            for _ in 0..<rng.between(1, 6) {
                var values: [Double] = []
                for _ in 0..<rng.below(200) {
                    switch rng.below(12) {
                    case 0: values.append(-1)
                    case 1: values.append(.nan)
                    case 2: values.append(.infinity)
                    case 3: values.append([rng.unit(), -0.0, 0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.infinity][rng.below(6)])
                    case 4: values.append(Double(rng.below(100_000_000)))
                    default: values.append(Double(rng.between(1, 3_000)) + (rng.chance(0.3) ? 0.5 : 0))
                    }
                }
                for value in values { single.add(value) }
                values.withUnsafeBufferPointer { batched.add(contentsOf: $0) }
                #expect(batched == single, "round \(round)")
            }
        }
    }

    /// Merged histograms (grown once, then added through one buffer) equal one
    /// histogram of every value, whichever side's range is wider or lower.
    @Test func mergeEqualsOneByOne() {
        var rng = SplitMix64(named: "latency-merge")
        for round in 0..<300 {
            var single = LatencyHistogram()
            var merged = LatencyHistogram()
            for _ in 0..<rng.between(1, 5) {
                var part = LatencyHistogram()
                let scale = [1.0, 100, 10_000, 1e8][rng.below(4)]
                for _ in 0..<rng.below(100) {
                    let value = rng.chance(0.05) ? -1 : rng.unit() * scale
                    single.add(value)
                    part.add(value)
                }
                merged.merge(part)
                #expect(merged == single, "round \(round)")
            }
            #expect(merged.percentileBounds(95)?.high == single.percentileBounds(95)?.high && merged.maximum == single.maximum)
        }
    }
}
