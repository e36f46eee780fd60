import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

/// What the fuzz targets found, kept as ordinary tests, and the committed
/// fuzz corpus (seeds and every crash input, Fuzz/corpus/) replayed through
/// the same checks the targets make, without sanitizers, on every `make test`.
@Suite struct FuzzRegressionTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpus.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    static func readCSV(_ path: String, _ limits: CSVLimits) -> ([CSVRecord], [Diagnostic], Int) {
        var diagnostics = Diagnostics()
        guard let reader = CSVReader.open(path: path, limits: limits, diagnostics: &diagnostics) else { return ([], diagnostics.items, 0) }
        let records = reader.readAll(diagnostics: &diagnostics)
        return (records, diagnostics.items, reader.skippedRecords)
    }

    // MARK: - Findings

    /// fuzz-csv: the delimiter scan of a long header line stopped at "cell
    /// limit + chunk size" bytes, but only when it ran out of buffered data,
    /// so the delimiter (and every record) depended on how reads were split.
    @Test func delimiterDetectionDoesNotDependOnChunkSize() throws {
        let dir = try ProbeTempDir()
        // A header line of 140 non-delimiter bytes, then tab-separated cells.
        let bytes: [UInt8] = [10] + [UInt8](repeating: 0x8C, count: 140) + Array("\"multi\nline\"\tqa\tP\tid1\n".utf8)
        let path = try dir.write("header.csv", bytes)
        let small = Self.readCSV(path, CSVLimits(maxCellBytes: 96, maxCellsPerRecord: 8, chunkSize: 4))
        let large = Self.readCSV(path, CSVLimits(maxCellBytes: 96, maxCellsPerRecord: 8, chunkSize: 1 << 16))
        #expect(small.0 == large.0)
        #expect(small.1 == large.1)
    }

    /// fuzz-probe-logfmt: an `env` value with upper-case letters was screened
    /// for secret material only when the interner (keyed by the lower-cased
    /// bytes) missed, so a clean lower-case twin seen earlier let a
    /// mixed-case secret through: the outcome depended on earlier lines.
    @Test func probeOutcomeDoesNotDependOnEarlierLines() {
        let twin = "ts=2026-09-01T10:00:00Z client_id=abc status=200 env=pclts=2026+kkklaten-09-01t"
        let mixed = "ts=2026-09-01T10:00:00Z client_id=abc status=200 env=pclts=2026+KKKlateN-09-01T"
        var warm = ProbeLineParser()
        var fresh = ProbeLineParser()
        _ = Self.parse(twin, &warm)
        #expect(Self.parse(mixed, &warm) == Self.parse(mixed, &fresh))
        // And the crash input itself.
        let crash = "t1\u{0}1000 env=pclts=2026+KKKlateN-09-01T"
        var another = ProbeLineParser()
        _ = Self.parse(crash.lowercased(), &warm)
        #expect(Self.parse(crash, &warm) == Self.parse(crash, &another))
    }

    static func parse(_ line: String, _ parser: inout ProbeLineParser) -> ProbeLineParser.Outcome {
        parse(Array(line.utf8), &parser)
    }

    static func parse(_ bytes: [UInt8], _ parser: inout ProbeLineParser) -> ProbeLineParser.Outcome {
        bytes.withUnsafeBytes { parser.parse($0) }
    }

    // MARK: - Corpus replay

    @Test func csvCorpusReadsTheSameWhateverTheChunkSize() throws {
        let dir = try ProbeTempDir()
        let inputs = try Self.inputs("fuzz-csv")
        #expect(inputs.count >= 8)
        for (name, bytes) in inputs {
            let path = try dir.write(name, bytes)
            var diagnostics = Diagnostics()
            let inventory = InventoryLoader.load(path: path, secretTTLDays: 180, diagnostics: &diagnostics)
            _ = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
            #expect(diagnostics.items.allSatisfy { ($0.line ?? 1) >= 1 }, "\(name)")
            let knobs = bytes.first ?? 0
            let cellLimit = 16 + Int(knobs & 0x3F) * 8
            let reference = Self.readCSV(path, CSVLimits(maxCellBytes: cellLimit, maxCellsPerRecord: 8 + Int(knobs >> 6), chunkSize: 1 << 16))
            for chunk in [1, 3, 7, 64] {
                let other = Self.readCSV(path, CSVLimits(maxCellBytes: cellLimit, maxCellsPerRecord: 8 + Int(knobs >> 6), chunkSize: chunk))
                #expect(other.0 == reference.0 && other.1 == reference.1 && other.2 == reference.2, "\(name), chunk \(chunk)")
            }
        }
    }

    @Test func probeCorpusParsesTheSameWarmOrFresh() throws {
        var warm = ProbeLineParser()
        for target in ["fuzz-probe-json", "fuzz-probe-logfmt"] {
            for (name, bytes) in try Self.inputs(target) {
                var line = bytes
                if target == "fuzz-probe-json" {
                    if line.first != UInt8(ascii: "{") { line.insert(UInt8(ascii: "{"), at: 0) }
                } else if let first = line.firstIndex(where: { $0 != 32 && $0 != 9 && $0 != 13 }), line[first] == UInt8(ascii: "{") {
                    line[first] = UInt8(ascii: "x")
                }
                var fresh = ProbeLineParser()
                #expect(Self.parse(line, &warm) == Self.parse(line, &fresh), "\(target)/\(name)")
            }
        }
    }

    @Test func timestampCorpusRoundTrips() throws {
        for (name, bytes) in try Self.inputs("fuzz-rfc3339") {
            guard let millis = parseRFC3339(bytes) else { continue }
            let second = millis - ((millis % 1000) + 1000) % 1000
            #expect(parseRFC3339(formatTimestamp(millis)) == second, "\(name)")
        }
    }

    @Test func configCorpusIsDiagnosedAgainstItsFile() throws {
        for (name, bytes) in try Self.inputs("fuzz-config") {
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            var config = Config()
            var diagnostics = Diagnostics()
            ConfigLoader.parse(text, file: "credgraph.yml", into: &config, diagnostics: &diagnostics)
            #expect(diagnostics.items.allSatisfy { $0.file == "credgraph.yml" }, "\(name)")
        }
    }
}

extension FuzzRegressionTests {
    /// fuzz-node-reference: a reference holding NULs, compared with a
    /// non-ASCII node name while looking for the closest matches, trapped in
    /// Foundation's `String.contains` ("String index is out of bounds").
    @Test func closestMatchesSurviveNULsAndNonASCIINames() throws {
        let dir = try ProbeTempDir()
        let inventory = try dir.write("inventory.csv", "integration,environment,installed_package,client_id\nPréférences,prod,MC Prefs,9a8b7c6d5e4f\n")
        var diagnostics = Diagnostics()
        let inv = InventoryLoader.load(path: inventory, secretTTLDays: 180, diagnostics: &diagnostics)
        let graph = DependencyGraph(inventory: inv, dependencies: DependencyLoader.fromInventory(inv))
        let crash = String(decoding: try Data(contentsOf: Self.corpus.appendingPathComponent("fuzz-node-reference/regression-nul-contains.txt")), as: UTF8.self)
        guard case .failure(let error) = graph.resolve(crash) else {
            Issue.record("a reference of NULs resolved")
            return
        }
        #expect(error.suggestions.isEmpty)
        #expect(containsRun("préférences", "éfé"))
        #expect(!containsRun("s", "s\u{0}\u{0}"))
        #expect(!containsRun("s\u{0}\u{0}", "préférences"))
    }
}

extension FuzzRegressionTests {
    /// fuzz-rfc3339: an offset carried `9999-12-31T10:05:00.999999-23:59`
    /// into year 10000, which formats as `10000-01-01T10:04:00Z` and never
    /// parses back. Instants outside years 0001-9999 (in UTC) are now refused.
    @Test func instantsStayWithinYearsOneToNineThousandNineHundredNinetyNine() {
        #expect(parseRFC3339("9999-12-31T10:05:00.999999-23:59") == nil)
        #expect(parseRFC3339("0001-01-01T00:30:00+01:00") == nil)
        #expect(parseRFC3339("0000-06-01T00:00:00Z") == nil)
        let last = parseRFC3339("9999-12-31T23:59:59.999Z")
        #expect(last != nil)
        #expect(last.map { parseRFC3339(formatTimestamp($0)) } == last.map { $0 - 999 })
        #expect(parseRFC3339("0001-01-01T00:00:00Z").map(formatTimestamp) == "0001-01-01T00:00:00Z")
    }
}
