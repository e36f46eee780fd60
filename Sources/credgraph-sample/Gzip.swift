/// A gzip writer (RFC 1952 around RFC 1951 deflate) with fixed Huffman codes
/// and greedy hash-chain LZ77 matching. This target has no dependencies, and
/// Foundation on Linux has no gzip, so the probe logs are compressed here.
/// Output is deterministic (mtime 0) and readable by gzip, zlib and Python.
final class GzipSink: ByteSink {
    private let file: FileSink
    private let chainLimit: Int
    private var crc = CRC32()
    private var inputSize: UInt32 = 0
    /// History (at most 32 KiB, already compressed) followed by pending input.
    private var window: [UInt8] = []
    private var historyCount = 0
    private var head = [Int32](repeating: -1, count: Deflate.hashSize)
    private var prev: [Int32] = []
    private var bits = BitWriter()
    private static let chunkSize = 1 << 20

    init(file: FileSink, chainLimit: Int) {
        self.file = file
        self.chainLimit = max(1, chainLimit)
        // ID1 ID2 CM=deflate FLG=0 MTIME=0 XFL=0 OS=unix
        bits.out.append(contentsOf: [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3])
        window.reserveCapacity(Deflate.windowSize + GzipSink.chunkSize + 65_536)
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        crc.update(bytes)
        inputSize &+= UInt32(truncatingIfNeeded: bytes.count)
        var offset = 0
        while offset < bytes.count {
            let take = min(bytes.count - offset, GzipSink.chunkSize - (window.count - historyCount))
            window.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            offset += take
            if window.count - historyCount >= GzipSink.chunkSize { try compressPending() }
        }
    }

    func finish() throws {
        try compressPending()
        // Final block: fixed Huffman, end-of-block only.
        bits.put(1, 1)
        bits.put(1, 2)
        bits.put(Deflate.litCode[256], Deflate.litLength[256])
        bits.alignToByte()
        bits.putLE32(crc.value)
        bits.putLE32(inputSize)
        try drain()
        try file.finish()
    }

    private func drain() throws {
        try bits.out.withUnsafeBufferPointer { try file.write($0) }
        bits.out.removeAll(keepingCapacity: true)
    }

    /// Compresses the pending input as one fixed-Huffman block, then keeps the
    /// last 32 KiB as history for the next block's matches.
    private func compressPending() throws {
        let n = window.count
        guard n > historyCount else { return }
        bits.put(0, 1)  // BFINAL = 0: finish() writes the final block
        bits.put(1, 2)  // BTYPE = 01, fixed codes
        if prev.count < n { prev = [Int32](repeating: -1, count: n) }
        for i in 0..<head.count { head[i] = -1 }
        let start = historyCount
        let limit = chainLimit
        window.withUnsafeBufferPointer { w in
            head.withUnsafeMutableBufferPointer { head in
                prev.withUnsafeMutableBufferPointer { prev in
                    @inline(__always) func hashAt(_ i: Int) -> Int {
                        let v = UInt32(w[i]) << 16 | UInt32(w[i + 1]) << 8 | UInt32(w[i + 2])
                        return Int((v &* 2_654_435_761) >> (32 - Deflate.hashBits))
                    }
                    @inline(__always) func insert(_ i: Int) {
                        let h = hashAt(i)
                        prev[i] = head[h]
                        head[h] = Int32(i)
                    }
                    var i = 0
                    while i + 2 < start { insert(i); i += 1 }
                    i = start
                    while i < n {
                        let maxLength = min(258, n - i)
                        var bestLength = 0
                        var bestDistance = 0
                        if maxLength >= 3 {
                            let h = hashAt(i)
                            var candidate = Int(head[h])
                            var chain = 0
                            while candidate >= 0, i - candidate <= Deflate.windowSize, chain < limit {
                                if w[candidate + bestLength] == w[i + bestLength] {
                                    var length = 0
                                    while length < maxLength, w[candidate + length] == w[i + length] { length += 1 }
                                    if length > bestLength {
                                        bestLength = length
                                        bestDistance = i - candidate
                                        if length == maxLength { break }
                                    }
                                }
                                candidate = Int(prev[candidate])
                                chain += 1
                            }
                            prev[i] = head[h]
                            head[h] = Int32(i)
                        }
                        if bestLength >= 3 {
                            let (lengthSymbol, lengthExtraBits, lengthExtra) = Deflate.lengthCode[bestLength]
                            bits.put(Deflate.litCode[Int(lengthSymbol)], Deflate.litLength[Int(lengthSymbol)])
                            if lengthExtraBits > 0 { bits.put(UInt32(lengthExtra), Int(lengthExtraBits)) }
                            let (distanceSymbol, distanceExtraBits, distanceExtra) = Deflate.distanceCode(bestDistance)
                            bits.put(Deflate.reversed(UInt32(distanceSymbol), 5), 5)
                            if distanceExtraBits > 0 { bits.put(distanceExtra, distanceExtraBits) }
                            var j = i + 1
                            let end = i + bestLength
                            while j < end {
                                if j + 2 < n { insert(j) }
                                j += 1
                            }
                            i = end
                        } else {
                            let byte = Int(w[i])
                            bits.put(Deflate.litCode[byte], Deflate.litLength[byte])
                            i += 1
                        }
                    }
                }
            }
        }
        bits.put(Deflate.litCode[256], Deflate.litLength[256])
        let keep = min(Deflate.windowSize, n)
        window.removeFirst(n - keep)
        historyCount = keep
        try drain()
    }
}

/// Deflate's fixed tables (RFC 1951 section 3.2.6).
enum Deflate {
    static let windowSize = 32_768
    static let hashBits = 15
    static let hashSize = 1 << hashBits

    static func reversed(_ code: UInt32, _ length: Int) -> UInt32 {
        var result: UInt32 = 0
        var c = code
        for _ in 0..<length {
            result = (result << 1) | (c & 1)
            c >>= 1
        }
        return result
    }

    /// Bit-reversed fixed literal/length codes, ready for an LSB-first writer.
    static let litCode: [UInt32] = (0..<288).map { symbol -> UInt32 in
        switch symbol {
        case 0...143: reversed(UInt32(0x30 + symbol), 8)
        case 144...255: reversed(UInt32(0x190 + symbol - 144), 9)
        case 256...279: reversed(UInt32(symbol - 256), 7)
        default: reversed(UInt32(0xC0 + symbol - 280), 8)
        }
    }

    static let litLength: [Int] = (0..<288).map { symbol in
        switch symbol {
        case 0...143: 8
        case 144...255: 9
        case 256...279: 7
        default: 8
        }
    }

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]

    /// For each match length 0...258: (symbol, extra bit count, extra value).
    static let lengthCode: [(UInt16, UInt8, UInt16)] = {
        var table = [(UInt16, UInt8, UInt16)](repeating: (0, 0, 0), count: 259)
        for code in 0..<28 {
            let base = lengthBase[code]
            for extra in 0..<(1 << lengthExtra[code]) where base + extra <= 257 {
                table[base + extra] = (UInt16(257 + code), UInt8(lengthExtra[code]), UInt16(extra))
            }
        }
        table[258] = (285, 0, 0)
        return table
    }()

    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                      1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]

    static let distanceSymbolTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: windowSize + 1)
        for code in 0..<30 {
            let end = code + 1 < 30 ? distanceBase[code + 1] : windowSize + 1
            for d in distanceBase[code]..<end { table[d] = UInt8(code) }
        }
        return table
    }()

    @inline(__always)
    static func distanceCode(_ distance: Int) -> (Int, Int, UInt32) {
        let code = Int(distanceSymbolTable[distance])
        let extraBits = code < 4 ? 0 : (code >> 1) - 1
        return (code, extraBits, UInt32(distance - distanceBase[code]))
    }
}

/// Packs bits least-significant first, as deflate requires.
struct BitWriter {
    var out: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    @inline(__always)
    mutating func put(_ value: UInt32, _ length: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += length
        if count >= 32 {
            out.append(UInt8(truncatingIfNeeded: buffer))
            out.append(UInt8(truncatingIfNeeded: buffer >> 8))
            out.append(UInt8(truncatingIfNeeded: buffer >> 16))
            out.append(UInt8(truncatingIfNeeded: buffer >> 24))
            buffer >>= 32
            count -= 32
        }
    }

    mutating func alignToByte() {
        while count > 0 {
            out.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count = max(0, count - 8)
        }
        buffer = 0
        count = 0
    }

    mutating func putLE32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}

struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    private var state: UInt32 = 0xFFFF_FFFF

    var value: UInt32 { state ^ 0xFFFF_FFFF }

    mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        var c = state
        CRC32.table.withUnsafeBufferPointer { table in
            for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        }
        state = c
    }
}
