/// Deterministic randomness: SplitMix64 seeded from stable names, so that the
/// same generator version always writes the same bytes and adding one
/// consumer never shifts the numbers of another.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// Seeded from a name (FNV-1a of its UTF-8 bytes), mixed with a salt.
    init(named name: String, salt: UInt64 = 0) {
        state = fnv1a(name) ^ (salt &* 0x9E37_79B9_7F4A_7C15)
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0); the tiny modulo bias does not matter here.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Uniform in lo...hi.
    mutating func between(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// True with probability p.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Positive, right-skewed latency-like value around `median` (a product
    /// of uniforms, cheap and deterministic; no Foundation math needed).
    mutating func skewed(median: Double, spread: Double) -> Double {
        // Sum of three uniforms approximates a bell; exponentiate by a cheap power series.
        let z = (unit() + unit() + unit() - 1.5) * 2.0 * spread
        return median * exp2Approx(z)
    }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// `count` characters drawn from `alphabet`.
    mutating func token(_ count: Int, alphabet: [Character]) -> String {
        var s = ""
        s.reserveCapacity(count)
        for _ in 0..<count { s.append(alphabet[below(alphabet.count)]) }
        return s
    }
}

/// 2^x for |x| up to a few units, without Foundation.
func exp2Approx(_ x: Double) -> Double {
    var whole = x.rounded(.down)
    var frac = x - whole
    var result = 1.0
    while whole > 0 { result *= 2; whole -= 1 }
    while whole < 0 { result /= 2; whole += 1 }
    // 2^frac = e^(frac ln2), Taylor series is plenty for frac in [0,1).
    frac *= 0.693_147_180_559_945_3
    var term = 1.0, sum = 1.0
    for n in 1...10 { term *= frac / Double(n); sum += term }
    return result * sum
}

func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01B3
    }
    return hash
}

let lowerAlphanumeric: [Character] = Array("abcdefghijklmnopqrstuvwxyz0123456789")
let base64ish: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

/// A Marketing Cloud-looking client id: 24 lower-case alphanumerics, derived from a stable key.
func makeClientID(for key: String) -> String {
    var rng = SplitMix64(named: "client-id:" + key)
    return rng.token(24, alphabet: lowerAlphanumeric)
}
