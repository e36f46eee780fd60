/// The tests' one seeded random generator (SplitMix64), so that generated
/// inputs are the same on every run and a failure reproduces from its seed.
/// The sample generator (Sources/credgraph-sample/Random.swift) has its own
/// copy because that target has no dependencies; the algorithm is the same.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    /// The state starts at `seed` as given.
    public init(seed: UInt64) { state = seed }

    /// Seeded from a name (FNV-1a of its UTF-8 bytes), mixed with a salt.
    public init(named name: String, salt: UInt64 = 0) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        state = hash ^ (salt &* 0x9E37_79B9_7F4A_7C15)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// In 0..<bound; a bound below 1 counts as 1. The tiny modulo bias does not matter here.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(Swift.max(bound, 1))) }

    /// In lo...hi.
    public mutating func between(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// In [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 }

    /// True with probability p.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}
