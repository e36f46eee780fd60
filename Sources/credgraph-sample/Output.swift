import Foundation

enum OutputError: Error, CustomStringConvertible {
    case cannotOpen(String)
    case writeFailed(String)

    var description: String {
        switch self {
        case .cannotOpen(let path): "cannot open \(path) for writing"
        case .writeFailed(let path): "write to \(path) failed"
        }
    }
}

/// Where bytes end up: a plain file or a gzip stream around one.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws
    func finish() throws
}

/// A file written through stdio; the caller buffers, so this just forwards.
final class FileSink: ByteSink {
    let path: String
    private var handle: UnsafeMutablePointer<FILE>?

    init(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        guard let handle = fopen(path, "wb") else { throw OutputError.cannotOpen(path) }
        self.path = path
        self.handle = handle
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let handle, let base = bytes.baseAddress, bytes.count > 0 else { return }
        if fwrite(base, 1, bytes.count, handle) != bytes.count { throw OutputError.writeFailed(path) }
    }

    func finish() throws {
        guard let handle else { return }
        self.handle = nil
        if fclose(handle) != 0 { throw OutputError.writeFailed(path) }
    }

    deinit { if let handle { fclose(handle) } }
}

/// Collects bytes in a large buffer and hands them to a sink in big slices,
/// so that writing millions of lines costs a few thousand system calls and
/// memory stays bounded by the buffer size.
final class BufferedWriter {
    private let sink: ByteSink
    private let capacity: Int
    var buffer: [UInt8]

    init(sink: ByteSink, capacity: Int = 4 << 20) {
        self.sink = sink
        self.capacity = capacity
        buffer = []
        buffer.reserveCapacity(capacity + 4096)
    }

    /// Call after appending to `buffer` directly.
    func flushIfFull() throws {
        if buffer.count >= capacity { try flush() }
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        try flushIfFull()
    }

    func flush() throws {
        try buffer.withUnsafeBufferPointer { try sink.write($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try sink.finish()
    }
}

/// Opens `path` for writing, gzip-compressed when it ends in `.gz`.
func openWriter(_ path: String, chainLimit: Int = 32) throws -> BufferedWriter {
    let file = try FileSink(path: path)
    if path.hasSuffix(".gz") { return BufferedWriter(sink: GzipSink(file: file, chainLimit: chainLimit)) }
    return BufferedWriter(sink: file)
}

/// Writes a small text file whole.
func writeTextFile(_ path: String, _ text: String) throws {
    let writer = try openWriter(path)
    try writer.write(text)
    try writer.close()
}
