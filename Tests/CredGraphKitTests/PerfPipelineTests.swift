import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import TestSupport
@testable import CredGraphKit
@testable import CredGraphRisk

/// The parallel probe scan must give exactly what the one-line-at-a-time scan
/// gives: the same evidence, statistics and diagnostics (order and line numbers
/// included), whatever the chunk size, line cap and number of workers.
@Suite struct PerfPipelineTests {
    typealias F = RiskFixture

    let inventory = F.inventory([
        F.consumer("Boomi nightly ETL", rotatedOn: "2026-09-01"),
        F.consumer("Boomi nightly ETL", env: "qa", rotatedOn: "2026-09-01"),
        F.consumer("Preference Center", client: "client-bbbb2222"),
        F.consumer("Mobile Gateway", env: "production", client: "client-cccc3333"),
    ])

    /// Everything a scan produced, comparable as a whole.
    struct Scan: Equatable {
        var evidence: ProbeEvidence
        var stats: ProbeScanStats
        var diagnostics: [Diagnostic]
    }

    func sequential(_ files: [String], maxLineBytes: Int, options: ProbeScanOptions = ProbeScanOptions()) -> Scan {
        var aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        var diagnostics = Diagnostics()
        var total = ProbeScanStats()
        for file in files {
            total.add(ProbeLog.scan(
                file: file, options: options, chunkBytes: 4096, maxLineBytes: maxLineBytes, diagnostics: &diagnostics
            ) { aggregator.add($0) })
        }
        return Scan(evidence: aggregator.finish(), stats: total, diagnostics: diagnostics.items)
    }

    func parallel(
        _ files: [String], workers: Int, chunkBytes: Int, maxLineBytes: Int, inFlight: Int = 4,
        options: ProbeScanOptions = ProbeScanOptions()
    ) -> Scan {
        var aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        var diagnostics = Diagnostics()
        let settings = ProbePipelineSettings(
            workers: workers, chunkBytes: chunkBytes, maxLineBytes: maxLineBytes, chunksInFlight: inFlight)
        let stats = ProbePipeline.run(
            files: files, options: options, settings: settings, sink: &aggregator, diagnostics: &diagnostics)
        return Scan(evidence: aggregator.finish(), stats: stats, diagnostics: diagnostics.items)
    }

    /// A log mixing everything the reader and parser treat specially.
    static func messyLog(lines count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        let clients = ["client-aaaa1111", "client-bbbb2222", "client-cccc3333", "stray-client", "client-aaaa1111"]
        let consumers = ["Boomi nightly ETL", "boomi NIGHTLY etl", "Preference Center", "Mobile Gateway", "Unknown Caller"]
        let envs = ["prod", "qa", "production", "PROD", "dev"]
        var out: [UInt8] = [0xEF, 0xBB, 0xBF] // a byte-order mark on line 1
        for i in 0..<count {
            let minutes = Int64(rng.below(60 * 24 * 9)) // some before the window, none after as-of
            let ts = formatTimestamp(F.ago(minutes: minutes))
            let client = clients[rng.below(clients.count)]
            let consumer = consumers[rng.below(consumers.count)]
            let env = envs[rng.below(envs.count)]
            let status = [200, 200, 200, 401, 429, 503, 0, 400][rng.below(8)]
            let error = status == 400 ? #","error":"invalid_grant""# : (status == 0 ? #","error":"timeout""# : "")
            let version = rng.below(4) == 0 ? #","secret_version":"v\#(rng.below(3))""# : ""
            let line: String
            switch rng.below(12) {
            case 0:
                line = "ts=\(ts) client_id=\(client) consumer=\"\(consumer)\" env=\(env) status=\(status) latency_ms=\(rng.below(3000)).5"
            case 1:
                line = "" // blank
            case 2:
                line = #"{"ts":"\#(ts)","client_id":"\#(client)","status":"# // malformed: cut short
            case 3:
                line = String(repeating: "x", count: 150 + rng.below(200)) // over-long with small caps, malformed otherwise
            case 4:
                line = #"{"ts":"\#(ts)","client_id":"\#(client)","consumer":"\#(consumer)","env":"\#(env)","status":\#(status)}"# + "\r"
            default:
                line = #"{"ts":"\#(ts)","env":"\#(env)","client_id":"\#(client)","consumer":"\#(consumer)","endpoint":"token","status":\#(status),"latency_ms":\#(rng.below(5000))\#(error)\#(version)}"#
            }
            out.append(contentsOf: Array(line.utf8))
            if i < count - 1 || rng.below(2) == 0 { out.append(10) } // sometimes no final newline
        }
        return out
    }

    @Test func parallelScanEqualsSequentialScan() throws {
        let dir = try ProbeTempDir()
        var files: [String] = []
        files.append(try dir.write("a.jsonl", Self.messyLog(lines: 3000, seed: 1)))
        files.append(try dir.write("b.log", Self.messyLog(lines: 500, seed: 2)))
        files.append(try dir.write("c.jsonl.gz", gzipMember(Self.messyLog(lines: 2000, seed: 3))))
        let broken = gzipMember(Self.messyLog(lines: 800, seed: 4))
        files.append(try dir.write("d.jsonl.gz", Array(broken.prefix(broken.count * 2 / 3)))) // truncated gzip
        files.append(try dir.write("e.jsonl", "")) // empty
        files.append(dir.path) // a folder named as a file
        files.append(dir.path + "/missing.jsonl")
        for maxLine in [120, 400, 1 << 20] {
            let expected = sequential(files, maxLineBytes: maxLine)
            #expect(expected.stats.records > 500)
            #expect(expected.diagnostics.count > 10)
            for (workers, chunk) in [(1, 1), (2, 7), (3, 100), (2, 4096), (2, 1 << 20)] {
                let got = parallel(files, workers: workers, chunkBytes: chunk, maxLineBytes: maxLine)
                #expect(got.stats == expected.stats, "workers \(workers), chunk \(chunk), cap \(maxLine)")
                #expect(got.diagnostics == expected.diagnostics, "workers \(workers), chunk \(chunk), cap \(maxLine)")
                #expect(got.evidence == expected.evidence, "workers \(workers), chunk \(chunk), cap \(maxLine)")
            }
        }
    }

    /// A log where most lines repeat one layout (what a producer writes), read
    /// by the workers against the template without splitting the line off
    /// first, with the departures that must go the usual way between them:
    /// blanks around the object, CRLF and a lone CR, values that are not the
    /// template's, an empty or missing field, an over-long line of the same
    /// layout, a CR inside a string, and no final newline.
    static func templateLog(lines count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        let callers = [
            (#""env":"prod","client_id":"client-aaaa1111","consumer":"Boomi nightly ETL","endpoint":"token","#),
            (#""env":"qa","client_id":"client-aaaa1111","consumer":"Boomi nightly ETL","endpoint":"token","#),
            (#""env":"production","client_id":"client-cccc3333","consumer":"Mobile Gateway","endpoint":"token","#),
            (#""env":"prod","client_id":"stray-client","consumer":"Unknown Caller","endpoint":"token","#),
        ]
        var out: [UInt8] = [0xEF, 0xBB, 0xBF] // a byte-order mark on line 1
        for i in 0..<count {
            let ts = formatTimestamp(F.ago(minutes: Int64(rng.below(60 * 24 * 8))))
            let caller = callers[i % callers.count]
            let status = [200, 200, 200, 200, 401, 503][rng.below(6)]
            let latency = rng.below(4000)
            var line = #"{"ts":"\#(ts)",\#(caller)"status":\#(status),"latency_ms":\#(latency)}"#
            var end = "\n"
            switch rng.below(40) {
            case 0: line = " " + line
            case 1: line += " "
            case 2: end = "\r\n"
            case 3: end = "\r"
            case 4: line = line.replacingOccurrences(of: #""status":\#(status)"#, with: #""status":"\#(status)""#)
            case 5: line = line.replacingOccurrences(of: ts, with: "")
            case 6: line = line.replacingOccurrences(of: #","latency_ms":\#(latency)"#, with: "")
            case 7: line = line.replacingOccurrences(of: "Boomi nightly ETL", with: String(repeating: "Boomi ", count: 40))
            case 8: line = line.replacingOccurrences(of: "Mobile Gateway", with: "Mobile\rGateway")
            case 9: line = line.replacingOccurrences(of: #""latency_ms":\#(latency)"#, with: #""latency_ms":\#(latency).25e1"#)
            case 10: end = "\n\n"
            default: break
            }
            out.append(contentsOf: Array(line.utf8))
            if i < count - 1 || rng.below(2) == 0 { out.append(contentsOf: Array(end.utf8)) }
        }
        return out
    }

    @Test func templateLinesReadInChunksEqualTheSequentialScan() throws {
        let dir = try ProbeTempDir()
        var files: [String] = []
        for seed in 1...4 { files.append(try dir.write("t\(seed).jsonl", Self.templateLog(lines: 1500, seed: UInt64(seed)))) }
        // Caps at the length of the usual line, and of the long one: over-long lines of the template's layout.
        for maxLine in [172, 420, 1 << 20] {
            let expected = sequential(files, maxLineBytes: maxLine)
            #expect(expected.stats.records > (maxLine > 400 ? 5000 : 1000))
            #expect(expected.diagnostics.contains { $0.line != nil })
            for (workers, chunk) in [(1, 1), (2, 97), (2, 4096), (3, 1 << 20)] {
                let got = parallel(files, workers: workers, chunkBytes: chunk, maxLineBytes: maxLine)
                #expect(got.stats == expected.stats, "workers \(workers), chunk \(chunk), cap \(maxLine)")
                #expect(got.diagnostics == expected.diagnostics, "workers \(workers), chunk \(chunk), cap \(maxLine)")
                #expect(got.evidence == expected.evidence, "workers \(workers), chunk \(chunk), cap \(maxLine)")
            }
        }
    }

    /// A consumer's probes count for its credential once, at the end (its
    /// stats are merged into the credential's by `finish`): the credential's
    /// figures must be those of adding every one of its probes to it as it
    /// comes, unattributed ones included, on both scans.
    @Test func credentialStatsAreEveryProbeOfTheCredential() throws {
        let dir = try ProbeTempDir()
        let files = [try dir.write("a.jsonl", Self.messyLog(lines: 4000, seed: 11))]
        var records: [ProbeRecord] = []
        var diagnostics = Diagnostics()
        _ = ProbeLog.scan(file: files[0], options: ProbeScanOptions(), chunkBytes: 4096, maxLineBytes: 1 << 20, diagnostics: &diagnostics) {
            records.append($0)
        }
        let aggregator = ProbeAggregator(inventory: inventory, config: Config(), clock: F.clock)
        var expected = Array(repeating: ProbeStats(), count: inventory.credentials.count)
        for record in records where record.timestamp >= aggregator.windowStart && record.timestamp <= F.asOf {
            guard let c = aggregator.matcher.credential(clientID: record.clientID) else { continue }
            expected[c].add(
                timestamp: record.timestamp, outcome: ProbeOutcome(status: record.status, error: record.error),
                endpoint: record.endpoint, latencyMs: record.latencyMs, inLast24h: record.timestamp >= F.asOf - 86_400_000)
        }
        #expect(expected.filter { $0.probes > 100 && $0.tokenLatency.count > 0 && $0.failures.total > 0 }.count >= 2)
        let sequentialStats = sequential(files, maxLineBytes: 1 << 20).evidence.credentials.map(\.stats)
        #expect(sequentialStats == expected)
        for (workers, chunk) in [(1, 100), (2, 4096)] {
            let got = parallel(files, workers: workers, chunkBytes: chunk, maxLineBytes: 1 << 20).evidence.credentials.map(\.stats)
            #expect(got == expected, "workers \(workers), chunk \(chunk)")
        }
    }

    @Test func strictModeAndReportLimitsAreKept() throws {
        let dir = try ProbeTempDir()
        let files = [try dir.write("a.jsonl", Self.messyLog(lines: 1500, seed: 9))]
        let options = ProbeScanOptions(strict: true, maxReportedPerFile: 2)
        let expected = sequential(files, maxLineBytes: 200, options: options)
        let got = parallel(files, workers: 2, chunkBytes: 333, maxLineBytes: 200, options: options)
        #expect(got == expected)
        #expect(got.diagnostics.filter { $0.line != nil }.count == 2)
        #expect(got.diagnostics.allSatisfy { $0.severity == .error })
    }

    /// Lines longer than a whole chunk, and a file that ends inside one.
    @Test func overLongLinesAcrossChunks() throws {
        let dir = try ProbeTempDir()
        let good = #"{"ts":"2026-09-02T11:00:00Z","client_id":"client-aaaa1111","consumer":"Boomi nightly ETL","env":"prod","status":200}"#
        var text = ""
        for i in 0..<50 {
            text += good + "\n"
            if i % 7 == 0 { text += String(repeating: "z", count: 5000 + i) + "\n" }
            if i % 11 == 0 { text += String(repeating: "y", count: 700) + "\r\n" }
        }
        let files = [
            try dir.write("a.jsonl", text),
            try dir.write("b.jsonl", text + String(repeating: "q", count: 3000)), // ends inside an over-long line
            // A byte-order mark is skipped on line 1 only, even when line 1 was dropped as over-long.
            try dir.write("c.jsonl", String(repeating: "w", count: 9000) + "\n\u{FEFF}" + good + "\n\u{FEFF}" + good),
        ]
        for cap in [600, 1000, 6000] {
            let expected = sequential(files, maxLineBytes: cap)
            for chunk in [1, 64, 999, 8192] {
                #expect(parallel(files, workers: 2, chunkBytes: chunk, maxLineBytes: cap) == expected, "cap \(cap), chunk \(chunk)")
            }
        }
    }

    /// More distinct names than a symbol table keeps: the tables start over
    /// mid-scan and the worker's match cache must follow.
    @Test func symbolTablesStartingOverKeepResultsExact() throws {
        let dir = try ProbeTempDir()
        var text = ""
        let count = SymbolTable.softCap + 1500
        for i in 0..<count {
            let client = i % 3 == 0 ? "client-aaaa1111" : "stray-\(i)"
            let consumer = i % 2 == 0 ? "Boomi nightly ETL" : "caller \(i)"
            text += #"{"ts":"2026-09-02T1\#(i % 10):00:00Z","client_id":"\#(client)","consumer":"\#(consumer)","env":"env-\#(i % 40)","status":200,"error":"e\#(i)"}"# + "\n"
        }
        let files = [try dir.write("many.jsonl", text)]
        let expected = sequential(files, maxLineBytes: 1 << 20)
        #expect(expected.stats.records == count)
        #expect(parallel(files, workers: 2, chunkBytes: 10_000, maxLineBytes: 1 << 20) == expected)
    }

    /// The whole ingest on the committed sample data, against the sink-based ingest.
    @Test func ingestProbeEvidenceEqualsTheAggregatorSink() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var options = InputOptions()
        options.dataDirectory = root.appendingPathComponent("data").path
        let (reference, aggregator) = try ingest(
            options, makeProbeSink: { config, clock, inventory in ProbeAggregator(inventory: inventory, config: config, clock: clock) },
            onProbe: { aggregator, record in aggregator.add(record) })
        let expected = aggregator.finish()
        #expect(reference.probeStats.records > 0)
        for workers in [1, 2, 4] {
            let (result, evidence) = try ingestProbeEvidence(options, workers: workers)
            #expect(evidence == expected)
            #expect(result.probeStats == reference.probeStats)
            #expect(result.diagnostics.items == reference.diagnostics.items)
            #expect(result.probeFiles == reference.probeFiles)
        }
        var small = ProbePipelineSettings.standard(workers: 2)
        small.chunkBytes = 512
        let (result, evidence) = try ingestProbeEvidence(options, settings: small, progress: nil)
        #expect(evidence == expected)
        #expect(result.diagnostics.items == reference.diagnostics.items)
    }
}
