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
        /// The smallest value seen, so a percentile can be shown as the range it lies in.
        var min: Double = 0
    }

    static let subBuckets = 16
    static let topExponent = 25
    /// Upper bound on the number of buckets a histogram can hold.
    public static let maxBuckets = 2 + (topExponent + 1) * subBuckets

    /// Buckets `low ..< low + slots.count`: exactly the range between the lowest
    /// and highest bucket that saw a value (so equal contents compare equal,
    /// whatever order the values came in). Real latencies span a few powers of
    /// two, so this is some 80 buckets, updated in place: adding a probe is an
    /// array update, not a hash-table lookup, and stays within a few cache lines.
    private var low = 0
    private var slots: [Bucket] = []
    /// Values recorded.
    public private(set) var count = 0

    public init() {}

    /// Buckets in use (at most `maxBuckets`).
    public var bucketCount: Int { slots.reduce(0) { $0 + ($1.count > 0 ? 1 : 0) } }

    @inline(__always)
    static func index(of value: Double) -> Int {
        if value < 1 { return 0 }
        let top = Double(UInt64(1) << UInt64(topExponent + 1))
        if value >= top { return maxBuckets - 1 }
        // For 1 <= value < 2^26 the top 16 bits of the IEEE 754 double are 0, the
        // biased exponent (e + 1023) and the first 4 fraction bits, which are
        // floor((value - 2^e) / 2^e * 16): exactly exponent * 16 + sub-bucket,
        // read with one shift where the formula took a conversion, a count and a multiply.
        return 1 + Int(truncatingIfNeeded: value.bitPattern >> 48) - 1023 * subBuckets
    }

    /// Bit patterns of +infinity and of -0 (literals, so the loop compares with constants).
    static let infinityBits: UInt64 = 0x7FF0_0000_0000_0000
    static let negativeZeroBits: UInt64 = 0x8000_0000_0000_0000

    /// `index(of:)` from the bit pattern of a finite value from +0 up: the same
    /// shift, clamped to the first and last bucket instead of two compares of doubles.
    @inline(__always)
    static func index(ofBits bits: UInt64) -> Int {
        // Below 1 the shifted bits are under 1023 * 16; from 2^26 up, 417 or more.
        let raw = Int(truncatingIfNeeded: bits >> 48) &- (1023 * subBuckets - 1)
        return Swift.min(Swift.max(raw, 0), maxBuckets - 1)
    }

    /// The bucket of a value `add` counts (finite, from -0 up), -1 for one it
    /// ignores: one compare of the bits where `isFinite`, `>= 0` and `index(of:)` took five.
    @inline(__always)
    static func countedIndex(_ value: Double) -> Int {
        var bits = value.bitPattern
        if bits >= infinityBits {
            guard bits == negativeZeroBits else { return -1 }
            bits = 0
        }
        return index(ofBits: bits)
    }

    /// Records one latency in milliseconds; negative or non-finite values are ignored.
    @inline(__always)
    public mutating func add(_ milliseconds: Double) {
        guard milliseconds.isFinite, milliseconds >= 0 else { return }
        record(Bucket(count: 1, max: milliseconds, min: milliseconds), at: LatencyHistogram.index(of: milliseconds))
    }

    /// Records many latencies, exactly as `add` one after another would, in
    /// one pass through the buckets' buffer while the values fall inside the
    /// buckets already held (every chunk after a histogram's first few): no
    /// growth check or uniqueness check per value. A value outside them ends
    /// the pass; the range is then grown once to cover every value left, and
    /// the pass goes on from that value.
    package mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        var next = 0
        while next < values.count {
            let rest = UnsafeBufferPointer(rebasing: values[next...])
            if !slots.isEmpty {
                let (recorded, stop) = recordInRange(rest)
                count += recorded
                next += stop
                if next == values.count { return }
            }
            // Grown to cover every value left: the pass below then reaches the end.
            guard growToCover(UnsafeBufferPointer(rebasing: values[next...])) else { return }
        }
    }

    /// Counts `values` from the first until one falls outside the buckets held
    /// (or the end): returns how many were recorded and where it stopped.
    @inline(__always)
    private mutating func recordInRange(_ values: UnsafeBufferPointer<Double>) -> (recorded: Int, stop: Int) {
        let first = low
        return slots.withUnsafeMutableBufferPointer { table in
            let size = UInt(table.count)
            var recorded = 0
            var i = 0
            while i < values.count {
                let value = values[i]
                var bits = value.bitPattern
                // One compare keeps the finite values from +0 up (their bit patterns are
                // ordered as they are); -0 counts too, in bucket 0, as `add` has it.
                if bits >= LatencyHistogram.infinityBits {
                    guard bits == LatencyHistogram.negativeZeroBits else {
                        i += 1
                        continue
                    }
                    bits = 0
                }
                let k = LatencyHistogram.index(ofBits: bits) &- first
                guard UInt(bitPattern: k) < size else { break }
                if table[k].count == 0 || value > table[k].max { table[k].max = value }
                if table[k].count == 0 || value < table[k].min { table[k].min = value }
                table[k].count &+= 1
                recorded &+= 1
                i += 1
            }
            return (recorded, i)
        }
    }

    /// Widens the buckets held to cover every value of `values` that counts;
    /// false when none does.
    private mutating func growToCover(_ values: UnsafeBufferPointer<Double>) -> Bool {
        var lo = Int.max
        var hi = Int.min
        for value in values {
            let i = LatencyHistogram.countedIndex(value)
            if i >= 0 {
                lo = Swift.min(lo, i)
                hi = Swift.max(hi, i)
            }
        }
        guard lo <= hi else { return false }
        cover(lo, hi)
        return true
    }

    /// Makes buckets `lo ... hi` part of the range held (empty ones added at either end).
    private mutating func cover(_ lo: Int, _ hi: Int) {
        if slots.isEmpty {
            low = lo
            slots = Array(repeating: Bucket(count: 0, max: 0), count: hi - lo + 1)
            return
        }
        if lo < low {
            slots.insert(contentsOf: repeatElement(Bucket(count: 0, max: 0), count: low - lo), at: 0)
            low = lo
        }
        if hi >= low + slots.count {
            slots.append(contentsOf: repeatElement(Bucket(count: 0, max: 0), count: hi - (low + slots.count) + 1))
        }
    }

    /// Adds every value recorded in `other`, as if each had been added here:
    /// the range is grown once to cover `other`'s, then its buckets are added
    /// through one buffer (bucket by bucket, growing it to the next one each
    /// time, cost some 150 instructions a bucket).
    package mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        // `other.slots` starts and ends with buckets that saw a value (see `slots`).
        cover(other.low, other.low + other.slots.count - 1)
        let offset = other.low - low
        slots.withUnsafeMutableBufferPointer { table in
            for (j, bucket) in other.slots.enumerated() where bucket.count > 0 {
                let k = offset + j
                if table[k].count == 0 || bucket.max > table[k].max { table[k].max = bucket.max }
                if table[k].count == 0 || bucket.min < table[k].min { table[k].min = bucket.min }
                table[k].count += bucket.count
            }
        }
        count += other.count
    }

    @inline(__always)
    private mutating func record(_ bucket: Bucket, at i: Int) {
        if slots.isEmpty {
            low = i
            slots = [bucket]
            count += bucket.count
            return
        }
        if i < low {
            slots.insert(contentsOf: repeatElement(Bucket(count: 0, max: 0), count: low - i), at: 0)
            low = i
        } else if i >= low + slots.count {
            slots.append(contentsOf: repeatElement(Bucket(count: 0, max: 0), count: i - (low + slots.count) + 1))
        }
        let k = i - low
        slots.withUnsafeMutableBufferPointer { table in
            if table[k].count == 0 || bucket.max > table[k].max { table[k].max = bucket.max }
            if table[k].count == 0 || bucket.min < table[k].min { table[k].min = bucket.min }
            table[k].count += bucket.count
        }
        count += bucket.count
    }

    /// The nearest-rank percentile (`percent` in 1…100), as the largest value
    /// of the bucket holding that rank; nil when empty.
    public func percentile(_ percent: Int) -> Double? {
        percentileBounds(percent)?.high
    }

    public var p95: Double? { percentile(95) }

    /// Where the true percentile lies: from the smallest to the largest value
    /// seen in the bucket holding its rank. Reports show
    /// this range, since the percentile itself is a bucket bound, not exact.
    public func percentileBounds(_ percent: Int) -> (low: Double, high: Double)? {
        guard count > 0 else { return nil }
        let p = Swift.min(Swift.max(percent, 1), 100)
        let rank = Swift.max(1, (count * p + 99) / 100)
        var seen = 0
        for bucket in slots where bucket.count > 0 {
            seen += bucket.count
            if seen >= rank { return (bucket.min, bucket.max) }
        }
        return nil
    }

    /// The largest value recorded.
    public var maximum: Double? { slots.last(where: { $0.count > 0 })?.max }
}
