import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender

@Suite struct ProbeGzipTests {
    static let text = ProbeLogTests.mixed.joined(separator: "\n") + "\n"

    @Test func readsGzipOnTheFly() throws {
        let dir = try ProbeTempDir()
        let plain = scanProbes(try dir.write("p.log", Self.text))
        for name in ["p.log.gz", "P.LOG.GZ"] {
            let zipped = scanProbes(try dir.write(name, gzipMember(Array(Self.text.utf8))))
            #expect(zipped.diagnostics.isEmpty, "\(zipped.diagnostics)")
            #expect(zipped.records == plain.records)
            #expect(zipped.stats == plain.stats) // bytes are the decompressed text
        }
    }

    @Test func concatenatedMembersAndZeroPadding() throws {
        let dir = try ProbeTempDir()
        let first = ProbeLogTests.mixed[0] + "\n"
        // A member boundary inside a line must not split it.
        let second = ProbeLogTests.mixed[2].prefix(30) + ""
        let third = ProbeLogTests.mixed[2].dropFirst(30) + "\n" + ProbeLogTests.mixed[4]
        let bytes = gzipMember(Array(first.utf8)) + gzipMember(Array(second.utf8)) + gzipMember([])
            + gzipMember(Array(third.utf8), level: 0) + [UInt8](repeating: 0, count: 512)
        let file = try dir.write("cat.gz", bytes)
        let result = scanProbes(file)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.records.map(\.status) == [200, 401, 429])
        let tiny = scanProbes(file, chunkBytes: 5, maxLineBytes: 300)
        #expect(tiny.records == result.records)
    }

    @Test func largeGzipStreamsThroughSmallBuffers() throws {
        let dir = try ProbeTempDir()
        var text = ""
        for i in 0..<20_000 {
            text += "ts=2026-09-01T10:05:00Z client_id=c\(i % 97) status=\(i % 1000) consumer=\"integration \(i % 31)\"\n"
        }
        let file = try dir.write("big.log.gz", gzipMember(Array(text.utf8)))
        let result = scanProbes(file)
        #expect(result.diagnostics.isEmpty)
        #expect(result.records.count == 20_000)
        #expect(result.stats.bytes == text.utf8.count)
        let small = scanProbes(file, chunkBytes: 333, maxLineBytes: 200)
        #expect(small.records == result.records)
    }

    @Test func corruptGzipIsAnErrorNamingTheFile() throws {
        let dir = try ProbeTempDir()
        var text = ""
        for i in 0..<5000 { text += "ts=2026-09-01T10:05:00Z client_id=c\(i) status=200\n" }
        var bytes = gzipMember(Array(text.utf8))
        for k in stride(from: bytes.count / 2, to: bytes.count / 2 + 40, by: 1) { bytes[k] ^= 0x5A }
        let file = try dir.write("corrupt.log.gz", bytes)
        let result = scanProbes(file)
        let error = try #require(result.diagnostics.last)
        #expect(error.file == file)
        #expect(error.severity == .error)
        #expect(error.line == nil)
        #expect(error.message.hasPrefix("cannot read probe log"))
        #expect(error.message.contains("corrupt gzip data") || error.message.contains("truncated"))
        #expect(result.records.count < 5000)
    }

    @Test func truncatedGzipIsAnError() throws {
        let dir = try ProbeTempDir()
        let bytes = gzipMember(Array(Self.text.utf8))
        let file = try dir.write("cut.gz", Array(bytes.dropLast(12)))
        let result = scanProbes(file)
        #expect(result.diagnostics.last?.message.hasSuffix("truncated gzip data (unexpected end of file)") == true)
        #expect(result.diagnostics.last?.file == file)
        // The incomplete last line is dropped, not parsed as if it were whole.
        #expect(result.records.count <= 3)
    }

    @Test func notGzipAtAll() throws {
        let dir = try ProbeTempDir()
        let plain = try dir.write("plain.log.gz", Self.text)
        let result = scanProbes(plain)
        #expect(result.records.isEmpty)
        #expect(result.diagnostics == [Diagnostic(
            file: plain, line: nil, severity: .error,
            message: "cannot read probe log: corrupt gzip data (zlib: incorrect header check)")])

        let empty = try dir.write("empty.gz", [])
        #expect(scanProbes(empty).diagnostics.map(\.message) == ["cannot read probe log: not gzip data (the file is empty)"])

        // Garbage after a good member: the good records count, the garbage is an error.
        let trailing = try dir.write("trailing.gz", gzipMember(Array(Self.text.utf8)) + Array("junk".utf8))
        let mixed = scanProbes(trailing)
        #expect(mixed.records.count == 3)
        #expect(mixed.diagnostics.map(\.message) == ["cannot read probe log after line 5: corrupt gzip data in member 2 (zlib: incorrect header check)"])
    }
}
