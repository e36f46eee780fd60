/// Latency distribution kept in log-linear buckets, so a percentile over
/// millions of probes needs a few hundred counters at most, whatever the
/// number of probes, and the result does not depend on the order they came in.
///
/// Each power-of-two range [2^e, 2^(e+1)) ms is split into 16 equal
/// buckets; below 1 ms is one bucket; from 2^25 ms (about 9 h) up is one
/// bucket. Every bucket also keeps the largest value it saw, and a percentile
/// is reported as that value: never below the true percentile and at most one
/// bucket width (1/16 of the value) above it. A threshold check therefore errs
/// towards reporting, never towards silence.
public struct LatencyHistogram: Sendable, Hashable {
    struct Bucket: Sendable, Hashable {
        var count: Int
        var max: Double
    }

    static let subBuckets = 16
    static let topExponent = 25
    /// Upper bound on the number of buckets a histogram can hold.
    public static let maxBuckets = 2 + (topExponent + 1) * subBuckets

    /// Sparse: only buckets that saw a value exist.
    private(set) var buckets: [Int: Bucket] = [:]
    /// Values recorded.
    public private(set) var count = 0

    public init() {}

    /// Buckets in use (at most `maxBuckets`).
    public var bucketCount: Int { buckets.count }

    static func index(of value: Double) -> Int {
        if value < 1 { return 0 }
        let top = Double(UInt64(1) << UInt64(topExponent + 1))
        if value >= top { return maxBuckets - 1 }
        let whole = UInt64(value)
        let exponent = 63 - whole.leadingZeroBitCount
        let base = Double(UInt64(1) << UInt64(exponent))
        let sub = Swift.min(Int((value - base) / base * Double(subBuckets)), subBuckets - 1)
        return 1 + exponent * subBuckets + sub
    }

    /// Records one latency in milliseconds; negative or non-finite values are ignored.
    public mutating func add(_ milliseconds: Double) {
        guard milliseconds.isFinite, milliseconds >= 0 else { return }
        let i = LatencyHistogram.index(of: milliseconds)
        if var bucket = buckets[i] {
            bucket.count += 1
            bucket.max = Swift.max(bucket.max, milliseconds)
            buckets[i] = bucket
        } else {
            buckets[i] = Bucket(count: 1, max: milliseconds)
        }
        count += 1
    }

    /// The nearest-rank percentile (`percent` in 1…100), as the largest value
    /// of the bucket holding that rank; nil when empty.
    public func percentile(_ percent: Int) -> Double? {
        guard count > 0 else { return nil }
        let p = Swift.min(Swift.max(percent, 1), 100)
        let rank = Swift.max(1, (count * p + 99) / 100)
        var seen = 0
        for (_, bucket) in buckets.sorted(by: { $0.key < $1.key }) {
            seen += bucket.count
            if seen >= rank { return bucket.max }
        }
        return nil
    }

    public var p95: Double? { percentile(95) }

    /// The largest value recorded.
    public var maximum: Double? { buckets.max(by: { $0.key < $1.key })?.value.max }
}
