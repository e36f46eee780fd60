import Foundation

/// The one place every output of credgraph passes through on its way out:
/// standard output, standard error and every file written.
///
/// Ingest redacts what it recognises as secret material where it reads it
/// (inventory and dependency cells, CSV headers, probe fields, configuration
/// keys) and hands the value to the redactor instead of the model. Before
/// any byte leaves the process the redactor replaces every stretch of text
/// that shares 16 bytes or more with a remembered secret (or, for a secret
/// shorter than 16 bytes, the whole secret) by `[redacted]`. So a secret
/// that reaches an output by a path nobody foresaw (a new message, a new
/// report section, a truncated echo) is still cut out.
///
/// Secrets are remembered for the life of the process only, never written.
/// One process-wide instance (`shared`), since every output stream and file
/// writer must see the same set; a lock makes it safe from any thread.
public final class Redactor: @unchecked Sendable {
    /// What replaces secret material.
    public static let marker = "[redacted]"
    /// A secret shares no run of this many bytes with any output.
    public static let window = 16
    /// Shorter values are not remembered: they would match ordinary words.
    public static let minSecretBytes = 8

    public static let shared = Redactor()

    /// Most 16-byte windows remembered (about 50 MB). A log that flags a new
    /// token on every line (a request id that looks generated) must not grow
    /// memory without bound; past the cap values are still cut where they
    /// are read, only the second line of defence stops learning.
    public static let maxWindows = 1 << 20

    private struct Window: Hashable {
        var a: UInt64
        var b: UInt64
    }

    private let lock = NSLock()
    private var windows: Set<Window> = []
    /// Which two-byte prefixes start a window: most positions of an output
    /// are rejected by one table load instead of a hash lookup.
    private var prefixes = [Bool](repeating: false, count: 1 << 16)
    /// Secrets of 8 to 15 bytes, by their first two bytes.
    private var shortSecrets: [Int: [[UInt8]]] = [:]
    private var shortCount = 0

    public init() {}

    /// Whether any secret has been remembered (if not, redaction is free).
    public var isEmpty: Bool {
        lock.lock()
        defer { lock.unlock() }
        return windows.isEmpty && shortCount == 0
    }

    /// Remembers `secret` (trimmed of ASCII blanks). Values shorter than
    /// `minSecretBytes` are ignored.
    public func register(_ secret: String) {
        var bytes = Array(secret.utf8)
        while let last = bytes.last, last == 32 || last == 9 || last == 10 || last == 13 { bytes.removeLast() }
        let lead = bytes.prefix { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }.count
        bytes.removeFirst(lead)
        guard bytes.count >= Redactor.minSecretBytes else { return }
        lock.lock()
        defer { lock.unlock() }
        if bytes.count < Redactor.window {
            let key = Int(bytes[0]) << 8 | Int(bytes[1])
            guard shortCount < 10_000, !(shortSecrets[key]?.contains(bytes) ?? false) else { return }
            shortSecrets[key, default: []].append(bytes)
            shortCount += 1
            return
        }
        guard windows.count < Redactor.maxWindows else { return }
        bytes.withUnsafeBufferPointer { p in
            for start in 0...(p.count - Redactor.window) {
                windows.insert(Redactor.window(p, start))
                prefixes[Redactor.prefix(p, start)] = true
            }
        }
    }

    /// Remembers the secret parts of `text` (as `SecretDetector` sees them)
    /// and returns whether there were any.
    @discardableResult
    public func registerSecrets(in text: String) -> Bool {
        let parts = SecretSpans.parts(of: text)
        for part in parts { register(part) }
        return !parts.isEmpty
    }

    /// `text` with every remembered secret cut out.
    public func redact(_ text: String) -> String {
        guard !isEmpty else { return text }
        let bytes = Array(text.utf8)
        let ranges = secretRanges(in: bytes)
        guard !ranges.isEmpty else { return text }
        return String(decoding: replacing(ranges, in: bytes), as: UTF8.self)
    }

    /// UTF-8 text bytes with every remembered secret cut out.
    public func redact(bytes: [UInt8]) -> [UInt8] {
        guard !isEmpty else { return bytes }
        let ranges = secretRanges(in: bytes)
        return ranges.isEmpty ? bytes : replacing(ranges, in: bytes)
    }

    /// Whether `bytes` holds any remembered secret (for binary output, which
    /// cannot be edited: the writer refuses it instead).
    public func containsSecret(_ bytes: [UInt8]) -> Bool {
        guard !isEmpty else { return false }
        return !secretRanges(in: bytes).isEmpty
    }

    // MARK: - Matching

    /// Byte ranges to cut, merged and sorted: matches on the bytes as they
    /// are, and on their unescaped form (see `Unescaped`), so an escaper on
    /// the way out (Markdown `\_`, JSON `\\` or `\u005f`, SVG `&#45;`) cannot
    /// split a secret into pieces the windows no longer see.
    private func secretRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges = rawSecretRanges(in: bytes)
        // Backslash escapes, character references, and both (Markdown uses
        // both); each alone too, since a literal backslash in SVG or an `&`
        // in JSON is not an escape there.
        var undone = false
        for (backslashes, entities) in [(true, false), (false, true), (true, true)] {
            guard let unescaped = Unescaped(bytes, backslashes: backslashes, entities: entities) else { continue }
            for range in rawSecretRanges(in: unescaped.bytes) {
                ranges.append(unescaped.original(range))
            }
            undone = true
        }
        return undone ? Redactor.merged(ranges) : ranges
    }

    private static func merged(_ input: [Range<Int>]) -> [Range<Int>] {
        let ranges = input.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    private func rawSecretRanges(in bytes: [UInt8]) -> [Range<Int>] {
        lock.lock()
        defer { lock.unlock() }
        var ranges: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { p in
            let n = p.count
            if n >= Redactor.window, !windows.isEmpty {
                for start in 0...(n - Redactor.window) where prefixes[Redactor.prefix(p, start)] {
                    if windows.contains(Redactor.window(p, start)) {
                        Redactor.add(start..<(start + Redactor.window), to: &ranges)
                    }
                }
            }
            if shortCount > 0, n >= Redactor.minSecretBytes {
                for start in 0...(n - Redactor.minSecretBytes) {
                    guard let candidates = shortSecrets[Redactor.prefix(p, start)] else { continue }
                    for secret in candidates where start + secret.count <= n {
                        if p[start..<(start + secret.count)].elementsEqual(secret) {
                            Redactor.add(start..<(start + secret.count), to: &ranges)
                        }
                    }
                }
            }
        }
        return Redactor.merged(ranges)
    }

    /// Appends `range`, extending the last one when they touch (windows come in order).
    private static func add(_ range: Range<Int>, to ranges: inout [Range<Int>]) {
        if let last = ranges.last, range.lowerBound <= last.upperBound, range.lowerBound >= last.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
        } else {
            ranges.append(range)
        }
    }

    /// The bytes with each range replaced by the marker, widened to whole
    /// UTF-8 characters so the result stays valid text.
    private func replacing(_ ranges: [Range<Int>], in bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for range in ranges {
            var lower = range.lowerBound
            var upper = range.upperBound
            while lower > position, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
            while upper < bytes.count, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
            if upper <= position { continue }
            if lower <= position, !out.isEmpty || position > 0 {
                // Touches the stretch already cut (after widening): extend it.
                position = upper
                continue
            }
            out.append(contentsOf: bytes[position..<lower])
            out.append(contentsOf: Redactor.marker.utf8)
            position = upper
        }
        out.append(contentsOf: bytes[position...])
        return out
    }

    /// The 16 bytes at `start` (the caller guarantees they are there).
    @inline(__always)
    private static func window(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Window {
        let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(p)[start..<(start + window)])
        return Window(a: raw.loadUnaligned(as: UInt64.self), b: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }

    @inline(__always)
    private static func prefix(_ p: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        Int(p[start]) << 8 | Int(p[start + 1])
    }
}

/// Output bytes with the escapes of the output formats undone, and where
/// each byte came from: a backslash escape (`\_`, `\\`, `\"`, JSON
/// `\uXXXX`) or an XML/HTML character reference (`&#45;`, `&#x2D;`, `&amp;`,
/// `&lt;`, `&gt;`, `&quot;`, `&apos;`) becomes the character it stands for.
/// nil when the bytes hold no backslash or ampersand (nothing to undo).
struct Unescaped {
    var bytes: [UInt8] = []
    /// For each byte of `bytes`: the range of the original it came from.
    private var starts: [Int] = []
    private var ends: [Int] = []

    init?(_ original: [UInt8], backslashes: Bool = true, entities: Bool = true) {
        guard original.contains(where: { (backslashes && $0 == 0x5C) || (entities && $0 == 0x26) }) else { return nil }
        bytes.reserveCapacity(original.count)
        starts.reserveCapacity(original.count)
        ends.reserveCapacity(original.count)
        let n = original.count
        var i = 0
        while i < n {
            let b = original[i]
            if backslashes, b == 0x5C, i + 1 < n {
                if original[i + 1] == 0x75, i + 6 <= n, let scalar = Unescaped.hex(original[(i + 2)..<(i + 6)]) {
                    append(scalar, from: i, to: i + 6)
                    i += 6
                } else {
                    append(original[i + 1], from: i, to: i + 2)
                    i += 2
                }
                continue
            }
            if entities, b == 0x26, let (scalar, length) = Unescaped.reference(original, at: i) {
                append(scalar, from: i, to: i + length)
                i += length
                continue
            }
            append(b, from: i, to: i + 1)
            i += 1
        }
    }

    /// The range of the original that `range` of `bytes` came from.
    func original(_ range: Range<Int>) -> Range<Int> {
        starts[range.lowerBound]..<ends[range.upperBound - 1]
    }

    private mutating func append(_ byte: UInt8, from start: Int, to end: Int) {
        bytes.append(byte)
        starts.append(start)
        ends.append(end)
    }

    private mutating func append(_ value: UInt32, from start: Int, to end: Int) {
        guard let scalar = Unicode.Scalar(value) else {
            append(UInt8(ascii: "?"), from: start, to: end)
            return
        }
        for byte in String(Character(scalar)).utf8 { append(byte, from: start, to: end) }
    }

    private static func hex<C: Collection>(_ digits: C) -> UInt32? where C.Element == UInt8 {
        var value: UInt32 = 0
        for d in digits {
            switch d {
            case 0x30...0x39: value = value * 16 + UInt32(d - 0x30)
            case 0x41...0x46: value = value * 16 + UInt32(d - 0x41 + 10)
            case 0x61...0x66: value = value * 16 + UInt32(d - 0x61 + 10)
            default: return nil
            }
        }
        return value
    }

    private static let named: [(name: [UInt8], value: UInt32)] = [
        (Array("amp;".utf8), 0x26), (Array("lt;".utf8), 0x3C), (Array("gt;".utf8), 0x3E),
        (Array("quot;".utf8), 0x22), (Array("apos;".utf8), 0x27),
    ]

    /// A character reference at `i` (which holds `&`): its value and length.
    private static func reference(_ b: [UInt8], at i: Int) -> (UInt32, Int)? {
        let n = b.count
        guard i + 2 < n else { return nil }
        if b[i + 1] == 0x23 { // &#
            var j = i + 2
            let isHex = j < n && (b[j] == 0x78 || b[j] == 0x58)
            if isHex { j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < n, j - digitsStart < 8 {
                let d = b[j]
                if d >= 0x30 && d <= 0x39 {
                    value = value * (isHex ? 16 : 10) + UInt32(d - 0x30)
                } else if isHex, let h = hex([d]) {
                    value = value * 16 + h
                } else {
                    break
                }
                j += 1
            }
            guard j > digitsStart, j < n, b[j] == 0x3B else { return nil }
            return (value, j + 1 - i)
        }
        for (name, value) in named where i + 1 + name.count <= n {
            if b[(i + 1)..<(i + 1 + name.count)].elementsEqual(name) { return (value, 1 + name.count) }
        }
        return nil
    }
}
