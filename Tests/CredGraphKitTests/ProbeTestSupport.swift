import CZlib
import Foundation
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport

/// A temporary folder for one test, removed when the test ends.
final class ProbeTempDir {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-probes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path + "/" + name
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }
}

/// Everything one scan produced.
struct ProbeScanResult {
    var records: [ProbeRecord] = []
    var stats = ProbeScanStats()
    var diagnostics: [Diagnostic] = []
}

func scanProbes(
    _ file: String, options: ProbeScanOptions = ProbeScanOptions(),
    chunkBytes: Int? = nil, maxLineBytes: Int? = nil
) -> ProbeScanResult {
    var result = ProbeScanResult()
    var diagnostics = Diagnostics()
    if chunkBytes != nil || maxLineBytes != nil {
        result.stats = ProbeLog.scan(
            file: file, options: options, chunkBytes: chunkBytes ?? LineSplitter.defaultChunkBytes,
            maxLineBytes: maxLineBytes ?? LineSplitter.defaultMaxLineBytes, diagnostics: &diagnostics
        ) { result.records.append($0) }
    } else {
        result.stats = ProbeLog.scan(file: file, options: options, diagnostics: &diagnostics) { result.records.append($0) }
    }
    result.diagnostics = diagnostics.items
    return result
}

/// Parses one line with a fresh parser.
func parseProbeLine(_ text: String) -> ProbeLineParser.Outcome {
    parseProbeLine(Array(text.utf8))
}

func parseProbeLine(_ bytes: [UInt8]) -> ProbeLineParser.Outcome {
    var parser = ProbeLineParser()
    return bytes.withUnsafeBytes { parser.parse($0) }
}

extension ProbeLineParser.Outcome {
    var record: ProbeRecord? {
        if case .record(let record) = self { return record }
        return nil
    }

    var problem: String? {
        if case .malformed(let message) = self { return message }
        return nil
    }
}

/// One gzip member holding `bytes`, made with zlib as gzip(1) would.
func gzipMember(_ bytes: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) -> [UInt8] {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer { stream.deinitialize(count: 1); stream.deallocate() }
    guard deflateInit2_(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                        Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
    defer { deflateEnd(stream) }
    var input = bytes
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    input.withUnsafeMutableBufferPointer { inBuf in
        stream.pointee.next_in = inBuf.baseAddress
        stream.pointee.avail_in = UInt32(inBuf.count)
        var status: Int32 = Z_OK
        while status != Z_STREAM_END {
            chunk.withUnsafeMutableBufferPointer { outBuf in
                stream.pointee.next_out = outBuf.baseAddress
                stream.pointee.avail_out = UInt32(outBuf.count)
                status = deflate(stream, Z_FINISH)
                output.append(contentsOf: outBuf[0..<(outBuf.count - Int(stream.pointee.avail_out))])
            }
            if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR { return }
        }
    }
    return output
}

let probeBaseMillis: Int64 = parseRFC3339("2026-09-01T10:05:00Z")!
