import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport
@testable import CredGraphRisk

@Suite struct ProbeLogTests {
    static let mixed = [
        #"{"ts":"2026-09-01T10:05:00Z","env":"prod","client_id":"4f1c0d9e2b7a","consumer":"Boomi nightly ETL","endpoint":"token","status":200,"latency_ms":182}"#,
        "",
        "ts=2026-09-01T10:10:00.250+02:00 env=prod client_id=4f1c0d9e2b7a endpoint=token status=401 latency_ms=95 error=invalid_client",
        "   ",
        #"  {"time":"2026-09-01T10:15:00Z","client_id":"aa","http_status":"429"}"#,
    ]

    @Test func bothFormsBlankLinesAndCRLF() throws {
        let dir = try ProbeTempDir()
        for (name, separator) in [("lf.log", "\n"), ("crlf.log", "\r\n")] {
            let file = try dir.write(name, Self.mixed.joined(separator: separator) + separator)
            let result = scanProbes(file)
            #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
            #expect(result.records.map(\.status) == [200, 401, 429])
            #expect(result.records.map(\.clientID) == ["4f1c0d9e2b7a", "4f1c0d9e2b7a", "aa"])
            #expect(result.records[1].error == "invalid_client")
            #expect(result.records[1].timestamp == probeBaseMillis - 2 * 3_600_000 + 5 * 60_000 + 250)
            #expect(result.stats == ProbeScanStats(
                lines: 5, records: 3, malformed: 0, bytes: Int(try FileManager.default.attributesOfItem(atPath: file)[.size] as! UInt64)))
        }
    }

    @Test func lastLineWithoutNewlineAndByteOrderMark() throws {
        let dir = try ProbeTempDir()
        let file = try dir.write("bom.log", [0xEF, 0xBB, 0xBF] + Array((Self.mixed[0] + "\n" + Self.mixed[2]).utf8))
        let result = scanProbes(file)
        #expect(result.diagnostics.isEmpty)
        #expect(result.records.count == 2)
        #expect(result.stats.lines == 2)
    }

    @Test func firstMalformedLinesInFullThenACount() throws {
        let dir = try ProbeTempDir()
        var lines = [Self.mixed[0]]
        for _ in 0..<8 { lines.append("ts=2026-09-01T10:05:00Z status=200 client_secret=hunter2") }
        lines.append(Self.mixed[2])
        let file = try dir.write("bad.log", lines.joined(separator: "\n"))

        // Any share of bad lines tolerated, so only the line reports are seen here (ProbeExportTests covers the share).
        var tolerant = ProbeSettings()
        tolerant.maxMalformedShare = 1
        let lenient = scanProbes(file, options: ProbeScanOptions(settings: tolerant))
        #expect(lenient.stats == ProbeScanStats(lines: 10, records: 2, malformed: 8, bytes: lenient.stats.bytes))
        #expect(lenient.diagnostics.count == 6)
        #expect(lenient.diagnostics.prefix(5).map(\.line) == [2, 3, 4, 5, 6])
        #expect(lenient.diagnostics.prefix(5).allSatisfy {
            $0.file == file && $0.severity == .warning && $0.message == "malformed probe line: missing client_id (keys found: ts, status, client_secret)"
        })
        #expect(lenient.diagnostics[5] == Diagnostic(
            file: file, line: nil, severity: .warning, message: "3 more malformed probe lines not shown (--strict lists every one)"))
        #expect(lenient.diagnostics[0].formatted == "\(file):2: warning: malformed probe line: missing client_id (keys found: ts, status, client_secret)")
        #expect(!lenient.diagnostics.contains { $0.message.contains("hunter2") })

        let strict = scanProbes(file, options: ProbeScanOptions(strict: true, maxReportedPerFile: 2, settings: tolerant))
        #expect(strict.records.count == 2)
        #expect(strict.diagnostics.map(\.severity) == [.error, .error, .error])
        #expect(strict.diagnostics.map(\.line) == [2, 3, nil])
        #expect(strict.diagnostics.last?.message == "6 more malformed probe lines not shown (--strict lists every one)")

        let silent = scanProbes(file, options: ProbeScanOptions(maxReportedPerFile: 0, settings: tolerant))
        #expect(silent.diagnostics.map(\.message) == ["8 more malformed probe lines not shown (--strict lists every one)"])

        let one = scanProbes(file, options: ProbeScanOptions(maxReportedPerFile: 7, settings: tolerant))
        #expect(one.diagnostics.last?.message == "1 more malformed probe line not shown (--strict lists every one)")

        // With the default share (5%), 8 of 10 bad lines make the file an error naming the first one.
        let shared = scanProbes(file)
        #expect(shared.diagnostics.last?.severity == .error)
        #expect(shared.diagnostics.last?.message.hasPrefix("8 of 10 probe lines malformed (80%), more than probes.max_malformed_share (5%)") == true)
        #expect(shared.diagnostics.last?.message.contains("First bad line 2: missing client_id") == true)
    }

    @Test func fiveMegabyteLineIsSkippedNotHeld() throws {
        let dir = try ProbeTempDir()
        let huge = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"pad":""# + String(repeating: "x", count: 5 << 20) + #""}"#
        let file = try dir.write("huge.log", [Self.mixed[0], huge, Self.mixed[2], huge].joined(separator: "\r\n"))
        let result = scanProbes(file)
        #expect(result.records.map(\.status) == [200, 401])
        #expect(result.stats.lines == 4)
        #expect(result.stats.malformed == 2)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.line) == [2, 4])
        #expect(result.diagnostics.filter { $0.severity == .warning }.allSatisfy { $0.message == "malformed probe line: longer than 1048576 bytes" })
        // Half the lines lost: the file is an error too.
        #expect(result.diagnostics.last?.message.hasPrefix("2 of 4 probe lines malformed (50%)") == true)
    }

    @Test func lineAtTheCapIsRead() throws {
        let dir = try ProbeTempDir()
        let head = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"pad":""#
        let fits = head + String(repeating: "y", count: 1000 - head.utf8.count - 2) + #""}"#
        #expect(fits.utf8.count == 1000)
        let file = try dir.write("cap.log", fits + "\r\n" + fits + "x\n" + fits)
        let result = scanProbes(file, chunkBytes: 64, maxLineBytes: 1001)
        #expect(result.records.count == 2)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.line) == [2])
    }

    /// Tiny buffers put a chunk boundary everywhere a line can break; the result must not change.
    @Test func smallBuffersGiveTheSameResult() throws {
        let dir = try ProbeTempDir()
        var lines: [String] = []
        for i in 0..<3000 {
            switch i % 7 {
            case 0: lines.append(#"{"ts":"2026-09-01T10:05:0\#(i % 10)Z","client_id":"client-\#(i % 13)","status":\#(200 + i % 300),"consumer":"C \"\#(i)\""}"#)
            case 1: lines.append("ts=2026-09-01T10:05:00.\(i % 1000)Z client_id=c\(i % 5) status=\(i % 600) consumer=\"c \(i)\" latency_ms=\(i).5")
            case 2: lines.append("")
            case 3: lines.append("not a probe \(i)")
            case 4: lines.append(String(repeating: "z", count: 150 + i % 50))
            case 5: lines.append(#"{"ts":"2026-09-01T10:05:00Z","client_id":"x\#(i)","status":"\#(i % 1000)","env":"PRODUCTION","nested":[{"a":[]}]}"#)
            default: lines.append("   ts=2026-09-01T10:05:00Z   client_id=y status=0 endpoint=soap   ")
            }
        }
        let file = try dir.write("many.log", lines.joined(separator: "\r\n") + "\n")
        let reference = scanProbes(file, options: ProbeScanOptions(maxReportedPerFile: 10_000), maxLineBytes: 160)
        #expect(reference.records.count == 3000 / 7 * 4 + 2)
        #expect(reference.stats.lines == 3000)
        for chunk in [1, 2, 3, 7, 64, 161, 4096] {
            let small = scanProbes(file, options: ProbeScanOptions(maxReportedPerFile: 10_000), chunkBytes: chunk, maxLineBytes: 160)
            #expect(small.records == reference.records, "chunk \(chunk)")
            #expect(small.stats == reference.stats, "chunk \(chunk)")
            #expect(small.diagnostics == reference.diagnostics, "chunk \(chunk)")
        }
        // Over-long lines (case 4 at 160+ bytes) are reported with their own line numbers.
        let overlong = reference.diagnostics.filter { $0.message.contains("longer than 160 bytes") }.compactMap(\.line)
        let expected = lines.indices.filter { lines[$0].utf8.count + 1 > 160 && $0 % 7 == 4 }.map { $0 + 1 }
        #expect(!expected.isEmpty)
        #expect(overlong == expected)
    }

    @Test func missingFolderAndUnreadablePaths() throws {
        let dir = try ProbeTempDir()
        let missing = dir.path + "/nope.log"
        let result = scanProbes(missing)
        #expect(result.diagnostics == [Diagnostic(file: missing, line: nil, severity: .error, message: "cannot open probe log: no such file or directory")])
        #expect(result.stats == ProbeScanStats())

        let folder = scanProbes(dir.path)
        #expect(folder.diagnostics == [Diagnostic(file: dir.path, line: nil, severity: .error, message: "cannot read probe log: is a directory")])

        if getuid() != 0 { // root reads anything
            let locked = try dir.write("locked.log", Self.mixed[0])
            chmod(locked, 0)
            let unreadable = scanProbes(locked)
            #expect(unreadable.diagnostics.count == 1)
            #expect(unreadable.diagnostics.first?.severity == .error)
            #expect(unreadable.diagnostics.first?.file == locked)
        }
    }

    @Test func emptyFile() throws {
        let dir = try ProbeTempDir()
        let result = scanProbes(try dir.write("empty.log", ""))
        // Not an error (a log may be freshly rotated), but not silent either.
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.message.contains("no probe records") == true)
        #expect(result.stats == ProbeScanStats())
    }

    @Test func nulBytesInAFileDoNotStopTheScan() throws {
        let dir = try ProbeTempDir()
        let bytes = Array((Self.mixed[0] + "\n").utf8) + [UInt8](repeating: 0, count: 10_000) + [10]
            + Array("ts=2026-09-01T10:05:00Z status=200 client_id=a".utf8) + [0x00, 10, 0xFF, 0xFE, 10]
            + Array(Self.mixed[2].utf8) + [0x00, 10] + Array(Self.mixed[4].utf8)
        let result = scanProbes(try dir.write("nul.log", bytes))
        // A NUL in the free-text `error` is kept for classification; in a client id it is malformed.
        #expect(result.records.map(\.status) == [200, 401, 429])
        #expect(result.records[1].error == "invalid_client\u{0}")
        #expect(result.stats.malformed == 3)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.line) == [2, 3, 4])
    }
}
