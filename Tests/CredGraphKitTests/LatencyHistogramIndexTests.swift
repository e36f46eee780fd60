import Testing
@testable import CredGraphIngest
import TestSupport

/// `LatencyHistogram.index(of:)` multiplies by a power of two where it
/// divided by one; the bucket must be the same for every value.
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
        for value in values where value.isFinite && value >= 0 {
            #expect(LatencyHistogram.index(of: value) == Self.divided(value), "\(value)")
        }
    }
}
