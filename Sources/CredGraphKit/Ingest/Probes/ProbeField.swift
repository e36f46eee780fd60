#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The probe-log fields credgraph keeps; every other key is ignored.
enum ProbeField: Sendable {
    case timestamp, clientID, status, environment, consumer, endpoint, latency, error, secretVersion

    /// The field a key names (exact, case-sensitive, as loggers write them),
    /// with the name as written for messages. Compares bytes; allocates nothing.
    static func identify(_ key: UnsafeRawBufferPointer) -> (field: ProbeField, name: StaticString)? {
        switch key.count {
        case 2:
            if key.equals("ts") { return (.timestamp, "ts") }
        case 3:
            if key.equals("env") { return (.environment, "env") }
        case 4:
            if key.equals("time") { return (.timestamp, "time") }
        case 5:
            if key.equals("error") { return (.error, "error") }
        case 6:
            if key.equals("status") { return (.status, "status") }
        case 8:
            if key.equals("consumer") { return (.consumer, "consumer") }
            if key.equals("endpoint") { return (.endpoint, "endpoint") }
        case 9:
            if key.equals("client_id") { return (.clientID, "client_id") }
            if key.equals("timestamp") { return (.timestamp, "timestamp") }
        case 10:
            if key.equals("@timestamp") { return (.timestamp, "@timestamp") }
            if key.equals("latency_ms") { return (.latency, "latency_ms") }
        case 11:
            if key.equals("environment") { return (.environment, "environment") }
            if key.equals("http_status") { return (.status, "http_status") }
            if key.equals("integration") { return (.consumer, "integration") }
            if key.equals("duration_ms") { return (.latency, "duration_ms") }
        case 14:
            if key.equals("secret_version") { return (.secretVersion, "secret_version") }
        default:
            break
        }
        return nil
    }
}

extension UnsafeRawBufferPointer {
    /// Byte equality with an ASCII literal.
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        guard count > 0, let base = baseAddress else { return true }
        return memcmp(base, literal.utf8Start, count) == 0
    }

    /// Byte equality with an ASCII literal, ignoring ASCII case (the literal is lower-case).
    @inline(__always)
    func equalsIgnoringCase(_ literal: StaticString) -> Bool {
        guard count == literal.utf8CodeUnitCount else { return false }
        let expected = literal.utf8Start
        for i in 0..<count {
            var c = self[i]
            if c >= 65 && c <= 90 { c |= 0x20 }
            if c != expected[i] { return false }
        }
        return true
    }

    /// Without leading and trailing ASCII spaces, tabs, CR and LF.
    @inline(__always)
    func trimmingASCIIWhitespace() -> UnsafeRawBufferPointer {
        var from = 0
        var to = count
        while from < to, isASCIIWhitespace(self[from]) { from += 1 }
        while to > from, isASCIIWhitespace(self[to - 1]) { to -= 1 }
        if from == 0 && to == count { return self }
        return UnsafeRawBufferPointer(rebasing: self[from..<to])
    }
}

@inline(__always)
func isASCIIWhitespace(_ c: UInt8) -> Bool {
    c == 32 || c == 9 || c == 13 || c == 10
}

/// One pass over a text value, a word at a time: its hash (for the
/// interner) and whether it holds control characters or non-ASCII bytes.
struct TextScan {
    var hash: UInt64
    /// A byte below 0x20 or 0x7F.
    var hasControl: Bool
    var isASCII: Bool

    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: n)
        var control: UInt64 = 0
        var high: UInt64 = 0
        var i = 0
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let tops: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                high |= w
                // Exact "any byte below 0x20" and "any byte equal to 0x7F" tests (Bit Twiddling Hacks' hasless).
                let del = w ^ (ones &* 0x7F)
                control |= ((w &- ones &* 0x20) & ~w) | ((del &- ones) & ~del)
                h = (h ^ w) &* 0x100_0000_01b3
                h ^= h >> 32
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                let c = base.load(fromByteOffset: i, as: UInt8.self)
                if c < 0x20 || c == 0x7F { control |= tops }
                high |= UInt64(c)
                tail |= UInt64(c) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x100_0000_01b3
            high &= tops
            control &= tops
        }
        hash = h ^ (h >> 29)
        hasControl = control != 0
        isASCII = high & 0x8080_8080_8080_8080 == 0
    }
}

/// Reuses the `String` made for a byte sequence seen before, so the client
/// ids, consumers and environments that repeat on millions of probe lines
/// cost a hash and a compare instead of an allocation each.
/// Direct-mapped and fixed in size: it never holds more than `slotCount` strings.
struct StringInterner {
    static let slotCount = 4096
    static let maxInternedBytes = 128
    private var slots: [String?] = Array(repeating: nil, count: StringInterner.slotCount)

    /// The string for `bytes` (hashed by `TextScan`); `make` builds it on a miss.
    @inline(__always)
    mutating func string(for bytes: UnsafeRawBufferPointer, hash: UInt64, make: (UnsafeRawBufferPointer) -> String) -> String {
        guard bytes.count <= StringInterner.maxInternedBytes else { return make(bytes) }
        let slot = Int(truncatingIfNeeded: hash) & (StringInterner.slotCount - 1)
        return slots.withUnsafeMutableBufferPointer { table in
            if let cached = table[slot], StringInterner.same(cached, bytes) { return cached }
            let made = make(bytes)
            table[slot] = made
            return made
        }
    }

    mutating func string(for bytes: UnsafeRawBufferPointer, make: (UnsafeRawBufferPointer) -> String) -> String {
        string(for: bytes, hash: TextScan(bytes).hash, make: make)
    }

    @inline(__always)
    private static func same(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            guard let a = utf8.baseAddress, let b = bytes.baseAddress else { return true }
            return memcmp(a, b, bytes.count) == 0
        }
    }
}
