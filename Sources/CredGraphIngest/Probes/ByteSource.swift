#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CZlib

/// What one read from a byte source produced.
enum ByteReadResult: Equatable {
    /// At least one byte was written to the start of the buffer.
    case bytes(Int)
    /// The stream ended cleanly.
    case end
    /// The stream cannot be read further; the text names the cause, never the content.
    case failure(String)
}

/// A forward-only stream of bytes that fills caller-owned buffers, so the
/// line splitter above it decides how much memory a scan holds.
protocol ByteSource {
    /// Fills the start of `buffer` (which is never empty).
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> ByteReadResult
}

/// The text of a POSIX error number, for diagnostics.
func systemErrorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// Plain reads from an open file descriptor (owned by the caller).
struct FileDescriptorSource: ByteSource {
    let fd: Int32

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> ByteReadResult {
        while true {
            let count = systemRead(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .end }
            let code = errno
            if code == EINTR { continue }
            return .failure(systemErrorText(code))
        }
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, base, count)
    #else
    return Darwin.read(fd, base, count)
    #endif
}

/// Gzip (or zlib) decompression on the fly over a file descriptor.
///
/// Handles concatenated members (what `cat a.gz b.gz` and log rotators
/// produce) and zero padding after the last member. A corrupt or truncated
/// stream is a failure, reported after the bytes decoded before it.
/// A class because zlib keeps a back pointer to its `z_stream`, which must
/// therefore never move.
final class GzipSource: ByteSource {
    private var file: FileDescriptorSource
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var initialised = false
    private var inputEnded = false
    private var inMember = false
    private var members = 0
    private var pendingFailure: String?
    /// Bytes read from the file and bytes handed out, for the ratio bound.
    private var compressedBytes = 0
    private var decompressedBytes = 0

    /// Deflate expands at most about 1,032 times; real probe logs about 10 to
    /// 50 times. Past this ratio (checked once `bombFloorBytes` were
    /// produced) the file is refused as a decompression bomb, instead of
    /// spending minutes on gigabytes of blank lines.
    static let maxExpansionRatio = 200
    static let bombFloorBytes = 64 << 20

    init(fd: Int32, inputBytes: Int = 256 * 1024) {
        file = FileDescriptorSource(fd: fd)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: max(inputBytes, 1), alignment: 16)
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) -> ByteReadResult {
        if let pendingFailure { return .failure(pendingFailure) }
        if !initialised {
            let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else { return fail("cannot initialise zlib (code \(status))") }
            initialised = true
        }
        guard let out = buffer.baseAddress else { return .bytes(0) }
        let capacity = UInt32(min(buffer.count, Int(UInt32.max)))
        stream.pointee.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = capacity

        while stream.pointee.avail_out == capacity {
            if stream.pointee.avail_in == 0 && !inputEnded {
                switch file.read(into: input) {
                case .bytes(let count):
                    compressedBytes += count
                    stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = UInt32(count)
                case .end:
                    inputEnded = true
                case .failure(let text):
                    return fail(text)
                }
            }
            if !inMember {
                // Zero padding after a member is tolerated, as gzip(1) does.
                while stream.pointee.avail_in > 0 && stream.pointee.next_in.pointee == 0 {
                    stream.pointee.next_in += 1
                    stream.pointee.avail_in -= 1
                }
                if stream.pointee.avail_in == 0 {
                    if !inputEnded { continue }
                    return members == 0 ? fail("not gzip data (the file is empty)") : .end
                }
                if members > 0 {
                    guard inflateReset(stream) == Z_OK else { return fail("cannot reset zlib") }
                }
                inMember = true
            }
            let availableBefore = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                inMember = false
                members += 1
            case Z_OK:
                break
            case Z_BUF_ERROR:
                // No progress was possible: either more input is needed (read on), or the
                // file ended inside a member, or (with input left) zlib is stuck.
                guard stream.pointee.avail_out == capacity else { break }
                if stream.pointee.avail_in == 0 && inputEnded {
                    return produced(capacity, orFail: "truncated gzip data (unexpected end of file)")
                }
                if availableBefore > 0 && stream.pointee.avail_in == availableBefore {
                    return produced(capacity, orFail: "corrupt gzip data (no progress)")
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
                let place = members > 0 ? " in member \(members + 1)" : ""
                return produced(capacity, orFail: "corrupt gzip data\(place) (zlib: \(detail))")
            }
        }
        let count = Int(capacity - stream.pointee.avail_out)
        decompressedBytes += count
        if decompressedBytes > GzipSource.bombFloorBytes,
           decompressedBytes / GzipSource.maxExpansionRatio > compressedBytes {
            pendingFailure = "gzip data expands more than \(GzipSource.maxExpansionRatio) times "
                + "(\(compressedBytes) bytes to over \(decompressedBytes)): refused as a decompression bomb"
        }
        return .bytes(count)
    }

    /// Hands out what was decoded before a failure first; the failure follows on the next read.
    private func produced(_ capacity: UInt32, orFail text: String) -> ByteReadResult {
        let count = Int(capacity - stream.pointee.avail_out)
        pendingFailure = text
        return count > 0 ? .bytes(count) : .failure(text)
    }

    private func fail(_ text: String) -> ByteReadResult {
        pendingFailure = text
        return .failure(text)
    }
}
