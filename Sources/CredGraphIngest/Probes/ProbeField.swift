import CredGraphCore
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
        let other = UnsafeRawPointer(literal.utf8Start)
        // Keys are short: two overlapping loads instead of a call to memcmp.
        if count >= 8 && count <= 16 {
            return base.loadUnaligned(as: UInt64.self) == other.loadUnaligned(as: UInt64.self)
                && base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == other.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 && count < 8 {
            return base.loadUnaligned(as: UInt32.self) == other.loadUnaligned(as: UInt32.self)
                && base.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == other.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        return memcmp(base, other, count) == 0
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

/// The distinct text values of one kind (client ids, environments, error
/// texts) met in probe lines, each checked and turned into a `String` once.
///
/// A line's kept values become small integer ids, so a million lines naming
/// the same consumer cost a hash and a compare each, and the ids let later
/// stages cache per value (which credential, which consumer) without hashing
/// strings. Bounded: when it holds more than `softCap` values or
/// `maxArenaBytes` bytes at the start of a line, it starts over (ids then
/// change, which `generation` tells).
struct SymbolTable {
    static let softCap = 8192
    static let maxArenaBytes = 1 << 21

    /// What checking a value found; the meaning of non-zero codes is the owner's.
    typealias State = UInt8

    private var slots: [Int32]
    private struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
    }

    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private(set) var strings: [String] = []
    private(set) var states: [State] = []
    /// One bit of extra, per value, for the owner (for example "an OAuth auth error code").
    private(set) var flags: [Bool] = []
    /// Bumped whenever the table starts over, so caches keyed by ids know to drop them.
    private(set) var generation = 0

    init() {
        slots = Array(repeating: -1, count: 1024)
    }

    var count: Int { strings.count }

    /// Called before each line: starts over when the table is over its bounds.
    @inline(__always)
    mutating func startLine() {
        if strings.count >= SymbolTable.softCap || arena.count >= SymbolTable.maxArenaBytes { clear() }
    }

    mutating func clear() {
        for i in slots.indices { slots[i] = -1 }
        if slots.count > 1 << 14 { slots = Array(repeating: -1, count: 1 << 14) }
        entries.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: arena.count <= SymbolTable.maxArenaBytes)
        strings.removeAll(keepingCapacity: true)
        states.removeAll(keepingCapacity: true)
        flags.removeAll(keepingCapacity: true)
        generation += 1
    }

    /// The id of `bytes` (hashed with `SymbolTable.hash`), or nil when not held.
    @inline(__always)
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { table -> Int32? in
            entries.withUnsafeBufferPointer { entries -> Int32? in
                arena.withUnsafeBytes { stored -> Int32? in
                    let mask = table.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let id = table[slot]
                        if id < 0 { return nil }
                        let entry = entries[Int(id)]
                        if entry.hash == hash && entry.length == bytes.count,
                           SymbolTable.equal(UnsafeRawBufferPointer(rebasing: stored[entry.start..<(entry.start + entry.length)]), bytes) {
                            return id
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Adds a value not held yet, with what checking it found.
    mutating func insert(_ bytes: UnsafeRawBufferPointer, hash: UInt64, string: String, state: State, flag: Bool = false) -> Int32 {
        let id = Int32(truncatingIfNeeded: strings.count)
        entries.append(Entry(hash: hash, start: arena.count, length: bytes.count))
        arena.append(contentsOf: bytes)
        strings.append(string)
        states.append(state)
        flags.append(flag)
        if strings.count * 2 > slots.count {
            rehash(capacity: slots.count * 2)
        } else {
            place(Int(id))
        }
        return id
    }

    private mutating func place(_ k: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entries[k].hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: k)
    }

    private mutating func rehash(capacity: Int) {
        slots = Array(repeating: -1, count: capacity)
        for k in 0..<strings.count { place(k) }
    }

    /// A word-at-a-time hash, good enough for a table whose keys arrive from untrusted
    /// logs: collisions cost probes, never wrong answers (keys are compared in full).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(truncatingIfNeeded: n &+ 1)
        guard let base = bytes.baseAddress, n > 0 else { return h }
        @inline(__always) func mix(_ w: UInt64) {
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                mix(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            // The last word overlaps the previous one rather than assembling a tail byte by byte.
            mix(base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        } else {
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64(8 * i) }
            mix(w)
        }
        return h ^ (h >> 29)
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n > 0, let x = a.baseAddress, let y = b.baseAddress else { return true }
        if n >= 8 {
            var i = 0
            while i + 8 < n {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            return x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        return memcmp(x, y, n) == 0
    }
}

/// RFC 3339 timestamps of probe lines: `parseRFC3339(bytes:)`, with a fast
/// path for what loggers write line after line, `YYYY-MM-DDTHH:MM:SS`
/// (optionally `.fff`) and `Z`, on a date seen on the line before: the date
/// is then compared as one word instead of parsed and validated again.
/// Anything else (offsets, other fraction lengths, a new date) goes the full way,
/// so the results are the same for every input.
struct TimestampParser {
    /// The first 10 bytes of the last date parsed, and its day number.
    private var dateHead: UInt64 = 0
    private var dateTail: UInt16 = 0
    private var days: Int64 = 0
    private var hasDate = false

    @inline(__always)
    mutating func parse(_ b: UnsafeRawBufferPointer) -> Int64? {
        let n = b.count
        if hasDate && (n == 20 || n == 24), let base = b.baseAddress,
           base.loadUnaligned(as: UInt64.self) == dateHead,
           base.loadUnaligned(fromByteOffset: 8, as: UInt16.self) == dateTail {
            if let millis = time(b, base) { return millis }
        }
        guard let millis = parseRFC3339(bytes: b) else { return nil }
        remember(b)
        return millis
    }

    /// `THH:MM:SS[.fff]Z` after a known date; nil when the rest is not in that form.
    @inline(__always)
    private func time(_ b: UnsafeRawBufferPointer, _ base: UnsafeRawPointer) -> Int64? {
        let n = b.count
        let separator = b[10]
        guard separator == 84 || separator == 116 || separator == 32, b[13] == 58, b[16] == 58 else { return nil }
        let last = b[n - 1]
        guard last == 90 || last == 122 else { return nil }
        // `HH:MM:SS` as one word: the colons compared, the six digits checked and read together.
        let w = base.loadUnaligned(fromByteOffset: 11, as: UInt64.self)
        let digitBytes: UInt64 = 0xFFFF_00FF_FF00_FFFF
        guard w & ~digitBytes == 0x0000_3A00_003A_0000 else { return nil }
        let d = (w ^ 0x3030_3030_3030_3030) & digitBytes
        // Each digit byte was 0x30-0x39: now 0-9 (no high nibble, and no carry into bit 4 when 6 is added).
        guard d & 0xF0F0_F0F0_F0F0_F0F0 == 0, (d &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010 == 0 else { return nil }
        @inline(__always) func digit(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (d >> (8 * k)) & 0xFF) }
        let hour = digit(0) * 10 + digit(1), minute = digit(3) * 10 + digit(4), second = digit(6) * 10 + digit(7)
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
        var millis = 0
        if n == 24 {
            let a = b[20] &- 48, c = b[21] &- 48, d = b[22] &- 48
            guard b[19] == 46, a < 10, c < 10, d < 10 else { return nil }
            millis = Int(a) * 100 + Int(c) * 10 + Int(d)
        }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + Swift.min(second, 59))
        return seconds * 1000 + Int64(millis)
    }

    /// Keeps the date of a timestamp `parseRFC3339` accepted, for the next line.
    private mutating func remember(_ b: UnsafeRawBufferPointer) {
        guard b.count >= 10, let base = b.baseAddress, b[4] == 45, b[7] == 45 else { return }
        @inline(__always) func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for i in start..<(start + length) {
                let digit = b[i] &- 48
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let dayOfMonth = number(8, 2),
              let day = Day(year: year, month: month, day: dayOfMonth) else { return }
        dateHead = base.loadUnaligned(as: UInt64.self)
        dateTail = base.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
        days = Int64(day.daysSinceEpoch)
        hasDate = true
    }
}
