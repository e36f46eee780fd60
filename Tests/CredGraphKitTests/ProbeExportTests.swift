import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
@testable import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

/// Probe exports as log platforms write them: nested fields read through
/// `probes.fields`, JSON array files, epoch and local times, URL endpoints,
/// and the loud failures when a file's probes cannot be used.
@Suite struct ProbeExportTests {
    static let datadogSettings: ProbeSettings = {
        var s = ProbeSettings()
        s.fields = [
            "ts": "content.timestamp",
            "client_id": "content.attributes.client_id",
            "status": "content.attributes.http.status_code",
            "endpoint": "content.attributes.http.url",
            "error": "content.attributes.error",
            "env": "content.attributes.env",
            "consumer": "content.attributes.consumer",
            "latency_ms": "content.attributes.duration_ms",
        ]
        return s
    }()

    func datadogLine(ms: Int64, status: Any, url: String = "https://acme.auth.marketingcloudapis.com/v2/token") -> String {
        let statusText = status is String ? "\"\(status)\"" : "\(status)"
        return #"{"content":{"timestamp":\#(ms),"attributes":{"client_id":"c1","env":"PRD","consumer":"Sync","duration_ms":120,"http":{"status_code":\#(statusText),"url":"\#(url)"},"error":"invalid_client"}},"status":"info"}"#
    }

    @Test func nestedFieldsEpochMillisAndURLEndpointThroughTheMapping() throws {
        let dir = try ProbeTempDir()
        let file = try dir.write("dd.jsonl", datadogLine(ms: probeBaseMillis, status: 401) + "\n"
            + datadogLine(ms: probeBaseMillis + 1000, status: "200", url: "/services/Service.asmx") + "\n"
            + datadogLine(ms: probeBaseMillis + 2000, status: 200, url: "https://acme.rest.marketingcloudapis.com/data/v1/async?x=1") + "\n")
        let result = scanProbes(file, options: ProbeScanOptions(settings: Self.datadogSettings))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.records.map(\.status) == [401, 200, 200])
        #expect(result.records.map(\.endpoint) == [.token, .soap, .rest])
        let first = try #require(result.records.first)
        #expect(first.timestamp == probeBaseMillis)
        #expect(first.clientID == "c1")
        #expect(first.environment == "prd")
        #expect(first.consumer == "Sync")
        #expect(first.error == "invalid_client")
        #expect(first.latencyMs == 120)
    }

    @Test func withoutAMappingNestedLinesAreRejectedWithAHint() throws {
        let dir = try ProbeTempDir()
        let file = try dir.write("dd.jsonl", datadogLine(ms: probeBaseMillis, status: 401) + "\n")
        let result = scanProbes(file)
        #expect(result.records.isEmpty)
        let warning = try #require(result.diagnostics.first)
        #expect(warning.line == 1)
        #expect(warning.message.contains("missing ts, client_id"))
        #expect(warning.message.contains("probes.fields"))
        // No usable record: the file as a whole is an error.
        #expect(result.diagnostics.contains { $0.severity == .error && $0.line == nil && $0.message.contains("no usable probe record") })
    }

    @Test func everyTimeFormat() throws {
        var settings = ProbeSettings()
        settings.timezone = "Europe/Berlin"
        let parser = MappedProbeParser(settings: settings)
        func ts(_ value: String) -> Int64? {
            let line = #"{"ts":\#(value),"client_id":"c1","status":200}"#
            return Array(line.utf8).withUnsafeBytes { parser.parse(line: $0) }.record?.timestamp
        }
        #expect(ts(#""2026-09-01T10:05:00Z""#) == probeBaseMillis)
        #expect(ts(#""2026-09-01T12:05:00.000+02:00""#) == probeBaseMillis)
        #expect(ts("1788257100") == probeBaseMillis)          // epoch seconds
        #expect(ts(#""1788257100""#) == probeBaseMillis)       // as text
        #expect(ts("1788257100000") == probeBaseMillis)       // epoch milliseconds
        #expect(ts("1788257100.5") == probeBaseMillis + 500)  // fractional seconds
        // Berlin is at +02:00 in September, +01:00 in January.
        #expect(ts(#""2026-09-01 12:05:00""#) == probeBaseMillis)
        #expect(ts(#""2026-09-01 12:05:00.250""#) == probeBaseMillis + 250)
        #expect(ts(#""2026-01-15 11:00:00""#) == parseRFC3339("2026-01-15T10:00:00Z"))
        #expect(ts(#""30/09/2026""#) == nil)

        // A fixed time format accepts only that format.
        var millisOnly = ProbeSettings()
        millisOnly.timeFormat = .epochMillis
        let strict = MappedProbeParser(settings: millisOnly)
        let seconds = Array(#"{"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}"#.utf8).withUnsafeBytes { strict.parse(line: $0) }
        #expect(seconds.problem?.contains("epoch_ms") == true)
    }

    @Test func theNativeFastPathHandsItsRejectsToTheGeneralParser() throws {
        // No configuration at all: epoch times, local times and URL endpoints in a native file still count.
        let dir = try ProbeTempDir()
        let file = try dir.write("native.log", """
            {"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}
            {"ts":1788257100000,"client_id":"c1","status":401,"endpoint":"/v2/token","error":"invalid_client"}
            ts="2026-09-01 10:05:00" client_id=c1 status=200 endpoint=https://x.soap.marketingcloudapis.com/Service.asmx
            {"ts":"01.09.2026","client_id":"c1","status":200}
            """)
        let result = scanProbes(file, options: ProbeScanOptions(settings: ProbeSettings()))
        #expect(result.records.count == 3)
        #expect(result.records.allSatisfy { $0.timestamp == probeBaseMillis })
        #expect(result.records.map(\.endpoint) == [.token, .token, .soap])
        // The warning shows the offending value and what is accepted.
        let warning = try #require(result.diagnostics.first { $0.line == 4 })
        #expect(warning.message.contains("'01.09.2026'"))
        #expect(warning.message.contains("accepted: RFC 3339"))
        // 1 of 4 is over the default 5% share: an error naming the file, the share and the first bad line.
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.file == file)
        #expect(error.message.contains("1 of 4 probe lines malformed (25%)"))
        #expect(error.message.contains("First bad line 4"))
    }

    @Test func warningsScreenSecretsAndControlCharacters() throws {
        let dir = try ProbeTempDir()
        let secret = "Zq8vN3xK5rT1wY7pL2mB9cF4hJ6dS0aE"
        let file = try dir.write("bad.jsonl", """
            {"ts":"\(secret)","client_id":"c1","status":200}
            {"ts":"bad\\u001b[31mred","client_id":"c1","status":200}
            """)
        let result = scanProbes(file)
        let text = result.diagnostics.map(\.message).joined(separator: "\n")
        #expect(!text.contains(secret))
        #expect(text.contains("withheld"))
        #expect(!text.contains("\u{1B}"))
    }

    @Test func jsonArrayFilesAreStreamedElementByElement() throws {
        let dir = try ProbeTempDir()
        let file = try dir.write("export.json", """
            [
              {"ts": "2026-09-01T10:05:00Z", "client_id": "c1", "status": 200,
               "note": "a ] and a } in a string"},
              {"ts": 1788257100000, "client_id": "c1", "status": 401},
              {"ts": "nope", "client_id": "c1", "status": 200},
              {"ts": "2026-09-01T10:05:00Z", "client_id": "c2", "status": 200}
            ]
            """)
        let result = scanProbes(file, options: ProbeScanOptions(settings: { var s = ProbeSettings(); s.maxMalformedShare = 0.5; return s }()))
        #expect(result.records.map(\.status) == [200, 401, 200])
        #expect(result.stats.records == 3)
        #expect(result.stats.malformed == 1)
        // Numbered by the line the element starts on.
        #expect(result.diagnostics.map(\.line) == [5])

        let gz = try dir.write("export.json.gz", gzipMember(Array(#"[{"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}]"#.utf8)))
        #expect(scanProbes(gz).records.count == 1)

        let cut = try dir.write("cut.json", #"[{"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200},{"ts":"#)
        let truncated = scanProbes(cut)
        #expect(truncated.records.count == 1)
        #expect(truncated.diagnostics.contains { $0.severity == .error && $0.message.contains("unterminated JSON array") })
    }

    @Test func aMappedPathIsTriedFirstThenTheNames() throws {
        let dir = try ProbeTempDir()
        // Top-level `status` is a log level; the mapped path holds the HTTP status.
        let file = try dir.write("mixed.jsonl", """
            {"status":"info","ts":"2026-09-01T10:05:00Z","client_id":"c1","http":{"status_code":503}}
            {"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}
            """)
        var settings = ProbeSettings()
        settings.fields = ["status": "http.status_code"]
        let result = scanProbes(file, options: ProbeScanOptions(settings: settings))
        #expect(result.records.map(\.status) == [503, 200])
        #expect(result.diagnostics.isEmpty)
    }

    @Test func strictListsEveryBadLine() throws {
        let dir = try ProbeTempDir()
        let good = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}"#
        let lines = (0..<8).map { _ in "garbage" } + (0..<200).map { _ in good }
        let file = try dir.write("many.log", lines.joined(separator: "\n"))
        let normal = scanProbes(file)
        #expect(normal.diagnostics.filter { $0.line != nil }.count == 5)
        #expect(normal.diagnostics.contains { $0.message.contains("3 more malformed probe lines not shown") })
        let strict = scanProbes(file, options: ProbeScanOptions(strict: true))
        #expect(strict.diagnostics.filter { $0.line != nil }.count == 8)
        #expect(strict.diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func hostileExportsEndOrderly() throws {
        let dir = try ProbeTempDir()
        let good = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c1","status":200}"#
        // Deep nesting in a line the general parser reads (a mapped root key), and in array elements.
        let deep = #"{"content":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        let nested = #"{"content":"# + String(repeating: #"{"a":"#, count: 500) + "1" + String(repeating: "}", count: 500) + "}"
        var settings = ProbeSettings()
        settings.fields = ["ts": "content.timestamp"]
        settings.maxMalformedShare = 1
        let lines = try dir.write("deep.jsonl", [good, deep, nested, good].joined(separator: "\n"))
        var diagnostics = Diagnostics()
        var statuses: [Int] = []
        let stats = ProbeLog.scan(file: lines, options: ProbeScanOptions(settings: settings), diagnostics: &diagnostics) { statuses.append($0.status) }
        #expect(statuses == [200, 200])
        #expect(stats.malformed == 2)
        #expect(diagnostics.items.contains { $0.line == 2 && $0.message.contains("nested deeper than 512") })

        let array = try dir.write("deep.json", "[" + [good, deep, nested, "42", #""text""#, good].joined(separator: ",") + "]")
        let result = scanProbes(array, options: ProbeScanOptions(settings: settings))
        #expect(result.records.count == 2)
        #expect(result.stats.malformed == 4)

        // Not an array after all, or cut inside a string: an error naming the file, never a hang.
        for text in ["[1,,2]", #"[{"ts":"2026"#, "[{}] trailing", "[" + String(repeating: "[", count: 600)] {
            let file = try dir.write("bad.json", text)
            let bad = scanProbes(file)
            #expect(bad.diagnostics.contains { $0.severity == .error && $0.file == file }, "\(text.prefix(20))")
        }
    }

    @Test func endpointURLsAreReadByTheirPath() {
        #expect(MappedProbeParser.endpoint(url: "https://mc123.auth.marketingcloudapis.com/v2/token") == .token)
        #expect(MappedProbeParser.endpoint(url: "/v2/token/") == .token)
        #expect(MappedProbeParser.endpoint(url: "https://mc123.soap.marketingcloudapis.com/Service.asmx") == .soap)
        #expect(MappedProbeParser.endpoint(url: "https://mc123.rest.marketingcloudapis.com/hub/v1/dataevents") == .rest)
        #expect(MappedProbeParser.endpoint(url: "token please") == nil)
    }

    @Test func theParallelPipelineReadsExportsAsTheSequentialScanDoes() throws {
        let dir = try ProbeTempDir()
        try dir.write("probes/a.jsonl", (0..<50).map { datadogLine(ms: probeBaseMillis + Int64($0) * 1000, status: $0 % 5 == 0 ? 401 : 200) }.joined(separator: "\n"))
        try dir.write("probes/b.json", "[" + (0..<20).map { #"{"ts":\#(1788257100 + $0),"client_id":"c1","status":200}"# }.joined(separator: ",\n") + "]")
        try dir.write("inventory.csv", "integration,environment,installed_package,client_id\nSync,prod,P,c1\n")
        try dir.write("credgraph.yml", """
            as_of: 2026-09-02T00:00:00Z
            probes:
              fields:
                ts: content.timestamp
                client_id: content.attributes.client_id
                status: content.attributes.http.status_code
                endpoint: content.attributes.http.url
                env: content.attributes.env
                consumer: content.attributes.consumer
            """)
        var options = InputOptions()
        options.dataDirectory = dir.path
        let sequential = try ingest(options)
        let (parallel, evidence) = try ingestProbeEvidence(options, workers: 2)
        #expect(sequential.probeStats == parallel.probeStats)
        #expect(parallel.probeStats.records == 70)
        #expect(sequential.diagnostics.items == parallel.diagnostics.items)
        #expect(parallel.probeFileStats.map(\.stats.records) == [50, 20])
        #expect(evidence.credentials[0].stats.failures.auth == 10)
        #expect(evidence.credentials[0].stats.probes == 70)
        // `PRD` is not the inventory's `prod`: the probes' pair is kept to be named.
        #expect(evidence.credentials[0].unmatchedConsumers.map(\.label) == ["Sync@prd"])
    }
}
