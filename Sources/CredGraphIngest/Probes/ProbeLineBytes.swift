/// Eight bytes at a time: skipping runs of ordinary bytes in a line.
enum Swar {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let tops: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `"`, `\\` or control byte from `start`, or where the
    /// last whole word ends (the caller's byte loop goes on from there).
    /// The lowest flagged byte of these tests is exact (borrows only run upwards),
    /// so the trailing zero count lands on it directly.
    @inline(__always)
    static func firstSpecialInString(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        let n = p.count
        while i + 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ (ones &* 34)
            let b = w ^ (ones &* 92)
            let mask = (((q &- ones) & ~q) | ((b &- ones) & ~b) | ((w &- ones &* 0x20) & ~w)) & tops
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// Flags (in the top bit of its byte) every byte of `w` equal to `byte`; the lowest flag is exact.
    @inline(__always)
    static func equalBytes(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & tops
    }

    /// The first space, tab, `=` or `"` from `start` (the end of a logfmt key), or where the last whole word ends.
    @inline(__always)
    static func firstLogfmtKeyEnd(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        while i + 8 <= p.count {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let mask = equalBytes(w, 32) | equalBytes(w, 9) | equalBytes(w, 61) | equalBytes(w, 34)
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// The first space or tab from `start` (the end of an unquoted logfmt value), or where the last whole word ends.
    @inline(__always)
    static func firstBlank(_ p: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = p.baseAddress else { return start }
        var i = start
        while i + 8 <= p.count {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let mask = equalBytes(w, 32) | equalBytes(w, 9)
            if mask != 0 { return i + mask.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }
}
