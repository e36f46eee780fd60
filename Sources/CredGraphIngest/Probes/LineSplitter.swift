#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines inside one fixed buffer.
///
/// Lines are handed out as views into the buffer (valid only during the
/// callback), so a scan allocates nothing per line and holds at most
/// `maxLineBytes + chunkBytes` bytes however long the file or its lines are.
/// A line longer than `maxLineBytes` is reported once and skipped to its end.
enum LineSplitter {
    static let defaultChunkBytes = 1 << 20
    static let defaultMaxLineBytes = 1 << 20

    struct Outcome: Equatable {
        /// Physical lines seen, including blank, over-long and a final line without a newline.
        var lines = 0
        var bytes = 0
        /// Why reading stopped early; an incomplete last line before it is dropped, not parsed.
        var failure: String?
    }

    /// Calls `line` with each line (without its LF or CRLF) and its 1-based
    /// number, and `overlong` with the number of each line over the cap.
    static func forEachLine<Source: ByteSource>(
        from source: inout Source,
        chunkBytes: Int = defaultChunkBytes,
        maxLineBytes: Int = defaultMaxLineBytes,
        line: (UnsafeRawBufferPointer, Int) -> Void,
        overlong: (Int) -> Void
    ) -> Outcome {
        let chunk = max(chunkBytes, 1)
        let cap = max(maxLineBytes, 1)
        // After compaction at most `cap` bytes of a pending line remain, so a read always has `chunk` bytes of room.
        let capacity = cap + chunk
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        guard let base = buffer.baseAddress else { return Outcome() }

        var outcome = Outcome()
        var start = 0
        var end = 0
        var skipping = false

        @inline(__always) func emit(_ from: Int, _ to: Int) {
            var stop = to
            if stop > from && base.load(fromByteOffset: stop - 1, as: UInt8.self) == 13 { stop -= 1 }
            line(UnsafeRawBufferPointer(start: base + from, count: stop - from), outcome.lines)
        }

        while true {
            // Every complete line in the buffer.
            while start < end, let found = memchr(base + start, 10, end - start) {
                let lineEnd = base.distance(to: found)
                outcome.lines += 1
                if skipping {
                    skipping = false
                } else if lineEnd - start > cap {
                    overlong(outcome.lines)
                } else {
                    emit(start, lineEnd)
                }
                start = lineEnd + 1
            }
            // The rest is part of one line; too long a part is dropped as it arrives.
            if skipping {
                start = end
            } else if end - start > cap {
                overlong(outcome.lines + 1)
                skipping = true
                start = end
            }
            if start > 0 {
                if end > start { memmove(base, base + start, end - start) }
                end -= start
                start = 0
            }
            switch source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end)) {
            case .bytes(let count):
                end += count
                outcome.bytes += count
            case .end:
                if skipping {
                    outcome.lines += 1
                } else if end > start {
                    outcome.lines += 1
                    emit(start, end)
                }
                return outcome
            case .failure(let text):
                outcome.failure = text
                return outcome
            }
        }
    }
}
