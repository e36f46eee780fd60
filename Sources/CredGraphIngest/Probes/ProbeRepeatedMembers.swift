#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The members a producer writes byte for byte the same on every line of one
/// consumer: in `{"ts":…,"env":"prod","client_id":"…","consumer":"…","endpoint":"token","status":…}`
/// everything from `"env"` to the comma before `"status"` repeats, and it is
/// most of the line.
///
/// After a JSON line is parsed in full, the run of identity members that
/// follows its first member (env, client_id, consumer, endpoint,
/// secret_version; up to and including the comma after the last one) is kept
/// here with what parsing it gave. A later line whose bytes at the same place
/// are equal to a kept run takes those fields without looking at them again:
/// equal bytes, read from the same parser state, parse to equal fields, so the
/// result is the same as reading them. Anything else (other bytes, another
/// member order, a field already given on the line) is simply read as usual.
///
/// Bounded: when it holds `maxEntries` runs or `maxArenaBytes` bytes it starts over.
struct RepeatedMembers {
    /// Bytes hashed to find candidate runs; shorter runs are not kept.
    static let windowBytes = 32
    static let maxEntries = 4096
    static let maxArenaBytes = 1 << 20

    static let environmentBit: UInt16 = 1 << ProbeLineParser.bitIndex(.environment)
    static let clientIDBit: UInt16 = 1 << ProbeLineParser.bitIndex(.clientID)
    static let consumerBit: UInt16 = 1 << ProbeLineParser.bitIndex(.consumer)
    static let secretVersionBit: UInt16 = 1 << ProbeLineParser.bitIndex(.secretVersion)
    static let endpointBit: UInt16 = 1 << ProbeLineParser.bitIndex(.endpoint)

    struct Entry {
        var hash: UInt64
        var start: Int
        var length: Int
        /// Members in the run, and the fields they give (`Fields.given` bits).
        var members: Int
        var given: UInt16
        var environment: Int32
        var clientID: Int32
        var consumer: Int32
        var secretVersion: Int32
        var endpoint: ProbeRecord.Endpoint
        /// The run met on the line after this one last time (-1: none yet).
        var next: Int32 = -1
    }

    /// The member index the kept runs start at (-1: none kept yet).
    private(set) var startMember = -1
    /// The symbol tables' generation the kept ids belong to.
    private var generation = 0
    /// Open addressing over `entries`, kept at most half full; small while few runs are kept, so it stays in cache.
    private var slots: [Int32] = Array(repeating: -1, count: 256)
    private(set) var entries: [Entry] = []
    private var arena: [UInt8] = []

    var isEmpty: Bool { entries.isEmpty }

    /// Drops everything kept when the symbol tables have started over (their ids are reused).
    @inline(__always)
    mutating func check(generation current: Int) {
        if current != generation {
            if !entries.isEmpty { clear() }
            generation = current
        }
    }

    mutating func clear() {
        for i in slots.indices { slots[i] = -1 }
        entries.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        startMember = -1
        previous = -1
        epoch += 1
    }

    @inline(__always)
    static func hashWindow(_ base: UnsafeRawPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for k in 0..<(windowBytes / 8) {
            h = (h ^ base.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
        }
        return h
    }

    /// The run met on the line before (-1: none): see `RunMatcher.previous`.
    private var previous: Int32 = -1

    /// Bumped whenever the kept runs are dropped, so caches keyed by run index know to drop theirs.
    private(set) var epoch = 0

    /// The index of the kept run whose bytes start `p` at `i`, or -1.
    @inline(__always)
    mutating func match(_ p: UnsafeRawBufferPointer, at i: Int) -> Int32 {
        withMatcher { $0.match(p, at: i) }
    }

    /// Runs `body` with a `RunMatcher` over the kept runs, for as many lines
    /// as it likes (the line template reads a run of lines with one); what
    /// the matcher learns about the order of runs is kept afterwards.
    @inline(__always)
    mutating func withMatcher<R>(_ body: (inout RunMatcher) -> R) -> R {
        guard !entries.isEmpty else {
            var none = RunMatcher(entries: UnsafeMutableBufferPointer(start: nil, count: 0), arena: nil, slots: UnsafeBufferPointer(start: nil, count: 0), previous: -1)
            return body(&none)
        }
        let start = previous
        var learned = start
        let result = arena.withUnsafeBytes { arena in
            slots.withUnsafeBufferPointer { slots in
                entries.withUnsafeMutableBufferPointer { entries in
                    var matcher = RunMatcher(entries: entries, arena: arena.baseAddress, slots: slots, previous: start)
                    defer { learned = matcher.previous }
                    return body(&matcher)
                }
            }
        }
        previous = learned
        return result
    }

    /// An empty value to swap in while a parser reads lines with the real one moved out: allocates nothing.
    static var placeholder: RepeatedMembers {
        var empty = RepeatedMembers()
        empty.slots = []
        return empty
    }

    /// Keeps the run `p[from..<to]` (member `member` onwards, `members` of
    /// them, which gave `given` and the fields' values in `fields`).
    mutating func keep(
        _ p: UnsafeRawBufferPointer, from: Int, to: Int, member: Int, members: Int, given: UInt16,
        fields: ProbeLineParser.Fields
    ) {
        let length = to - from
        guard length >= RepeatedMembers.windowBytes, length <= 4096, let base = p.baseAddress else { return }
        if startMember >= 0 && member != startMember { return }
        if entries.count >= RepeatedMembers.maxEntries || arena.count + length > RepeatedMembers.maxArenaBytes { clear() }
        startMember = member
        let hash = RepeatedMembers.hashWindow(base + from)
        let id = Int32(truncatingIfNeeded: entries.count)
        entries.append(Entry(
            hash: hash, start: arena.count, length: length, members: members, given: given,
            environment: fields.environment, clientID: fields.clientID, consumer: fields.consumer,
            secretVersion: fields.secretVersion, endpoint: fields.endpoint))
        arena.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[from..<to]))
        if previous >= 0 { entries[Int(previous)].next = id }
        previous = id
        if entries.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            for k in entries.indices { place(Int32(truncatingIfNeeded: k)) }
        } else {
            place(id)
        }
    }

    private mutating func place(_ id: Int32) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: entries[Int(id)].hash >> 7) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = id
    }

    /// Whether a field belongs to the identity of a probe line (the same on every line of a consumer).
    @inline(__always)
    static func isIdentity(_ field: ProbeField) -> Bool {
        switch field {
        case .environment, .clientID, .consumer, .endpoint, .secretVersion: true
        case .timestamp, .status, .latency, .error: false
        }
    }
}

/// The kept runs seen through plain pointers: `RepeatedMembers.match`
/// without an array access per probe, for a run of lines read against the
/// template. Only the guess chain (`next`, `previous`) changes through it.
struct RunMatcher {
    let entries: UnsafeMutableBufferPointer<RepeatedMembers.Entry>
    let arena: UnsafeRawPointer?
    let slots: UnsafeBufferPointer<Int32>
    /// The run met on the line before (-1: none), whose `next` is tried first:
    /// producers probe their consumers in a fixed cycle, so lines follow each
    /// other in the same order, and the guess saves the hash and the table.
    var previous: Int32

    /// The index of the kept run whose bytes start `p` at `i`, or -1.
    @inline(__always)
    mutating func match(_ p: UnsafeRawBufferPointer, at i: Int) -> Int32 {
        let n = p.count
        guard i + RepeatedMembers.windowBytes <= n, let base = p.baseAddress, let stored = arena, !slots.isEmpty else { return -1 }
        let at = base + i
        let guess = previous >= 0 ? entries[Int(previous)].next : -1
        var found: Int32 = -1
        if guess >= 0 {
            let entry = entries[Int(guess)]
            if i + entry.length <= n && memcmp(at, stored + entry.start, entry.length) == 0 { found = guess }
        }
        if found < 0 {
            let hash = RepeatedMembers.hashWindow(at)
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash >> 7) & mask
            while true {
                let id = slots[slot]
                if id < 0 { break }
                let entry = entries[Int(id)]
                if entry.hash == hash && i + entry.length <= n && memcmp(at, stored + entry.start, entry.length) == 0 {
                    found = id
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        // On a miss `previous` stays: the run this line gets kept as (if any) follows it.
        guard found >= 0 else { return -1 }
        if found != guess && previous >= 0 { entries[Int(previous)].next = found }
        previous = found
        return found
    }
}

/// The keys of the last JSON line by member position, each as written up to
/// its colon (`"status":`): a key whose bytes equal the one at the same
/// position on the line before is known without scanning and identifying it
/// again. Equal bytes scan to the same key, so the outcome is the same.
struct RepeatedKeys {
    static let positions = 12
    static let maxBytes = 32

    private var bytes = [UInt8](repeating: 0, count: RepeatedKeys.positions * RepeatedKeys.maxBytes)
    /// Bytes kept per position (0: none).
    private var lengths = [Int](repeating: 0, count: RepeatedKeys.positions)
    private var known = [(field: ProbeField, name: StaticString)?](repeating: nil, count: RepeatedKeys.positions)

    /// The length of the kept key at `member` when `p` repeats it at `i` (0: no), and what it names.
    @inline(__always)
    func match(_ p: UnsafeRawBufferPointer, at i: Int, member: Int) -> (length: Int, known: (field: ProbeField, name: StaticString)?) {
        guard member < RepeatedKeys.positions else { return (0, nil) }
        let length = lengths[member]
        guard length > 0, i + length <= p.count, let base = p.baseAddress else { return (0, nil) }
        let equal = bytes.withUnsafeBytes { stored -> Bool in
            RepeatedKeys.equal(base + i, stored.baseAddress! + member * RepeatedKeys.maxBytes, length)
        }
        return equal ? (length, known[member]) : (0, nil)
    }

    /// Keeps the key `p[from..<to]` (from its opening quote to its colon) for `member`.
    @inline(__always)
    mutating func keep(_ p: UnsafeRawBufferPointer, from: Int, to: Int, member: Int, known: (field: ProbeField, name: StaticString)?) {
        guard member < RepeatedKeys.positions else { return }
        let length = to - from
        guard length <= RepeatedKeys.maxBytes, let base = p.baseAddress else {
            lengths[member] = 0
            return
        }
        bytes.withUnsafeMutableBytes { stored in
            _ = memcpy(stored.baseAddress! + member * RepeatedKeys.maxBytes, base + from, length)
        }
        lengths[member] = length
        self.known[member] = known
    }

    /// Byte equality for short runs: overlapping word loads, no call.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 8 && n <= 16 {
            return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                && a.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 && n < 8 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == b.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        if n < 4 {
            // Separators such as `",` and `}`: no call for a byte or two.
            for k in 0..<n where a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) { return false }
            return true
        }
        return memcmp(a, b, n) == 0
    }
}
