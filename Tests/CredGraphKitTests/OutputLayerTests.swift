import Foundation
import Testing
import CredGraphKit

/// The output layer: one vocabulary, one client-id display, one JSON writer,
/// and formatters that say plainly what they cannot format.
@Suite struct OutputLayerTests {
    @Test func listsSayNoneOnlyWhereAsked() {
        #expect(Vocabulary.list([]) == "")
        #expect(Vocabulary.list([], empty: "none") == "none")
        #expect(Vocabulary.list(["a"]) == "a")
        #expect(Vocabulary.list(["a", "b"]) == "a and b")
        #expect(Vocabulary.list(["a", "b", "c"], empty: "none") == "a, b and c")
    }

    @Test func countsAndPlurals() {
        #expect(Vocabulary.count(0, "file") == "0 files")
        #expect(Vocabulary.count(1, "file") == "1 file")
        #expect(Vocabulary.count(2, "business unit") == "2 business units")
        #expect(Vocabulary.count(3, "child", "children") == "3 children")
        #expect(Vocabulary.noun(1, "owner") == "owner")
        #expect(Vocabulary.noun(2, "technical owner") == "technical owners")
    }

    @Test func percentagesInBothStyles() {
        #expect(Vocabulary.percent(1, of: 20) == "5%")
        #expect(Vocabulary.percent(1, of: 20, style: .table) == "5.0%")
        #expect(Vocabulary.percent(3, of: 40) == "7.5%")
        #expect(Vocabulary.percent(0, of: 0) == "0%")
        #expect(Vocabulary.percent(0, of: 0, style: .table) == "n/a")
        #expect(Vocabulary.percent(2, of: 3, style: .table) == "66.7%")
    }

    @Test func reachIsWrittenOneWay() {
        let one = BlastRadiusCounts(integrations: 1, productionIntegrations: 1, dataExtensions: 1, assets: 1, sends: 1)
        let many = BlastRadiusCounts(integrations: 3, productionIntegrations: 2, dataExtensions: 0, assets: 4, sends: 2)
        #expect(one.reach == "1 consumer (1 in prod), 1 data extension, 1 asset, 1 send")
        #expect(many.reach == "3 consumers (2 in prod), 0 data extensions, 4 assets, 2 sends")
        #expect(many.downstream == "0 data extensions, 4 assets, 2 sends")
        #expect(many.reachAbbreviated == "3 int, 0 DE, 4 assets, 2 sends")
    }

    @Test func clientIDDisplay() {
        let masked = ClientIDDisplay(masking: true, knownIDs: ["4f1c0d9e2b7a", "abc12"])
        #expect(masked.id("4f1c0d9e2b7a") == "…2b7a")
        #expect(masked.text("client 4f1c0d9e2b7a failed") == "client …2b7a failed")
        // Short ids are not looked for in general text, only where a finding names them.
        #expect(masked.text("abc12 failed") == "abc12 failed")
        #expect(masked.text("abc12 failed, abc12 again", naming: "abc12") == "…bc12 failed, …bc12 again")
        #expect(masked.text("nothing", naming: nil) == "nothing")
        let whole = ClientIDDisplay.whole
        #expect(whole.id("4f1c0d9e2b7a") == "4f1c0d9e2b7a")
        #expect(whole.text("client 4f1c0d9e2b7a", naming: "4f1c0d9e2b7a") == "client 4f1c0d9e2b7a")
    }

    /// One escaper for every document: whatever a string holds, the output
    /// parses back to it and stays one line per value.
    @Test func oneEscaperForEveryStyle() throws {
        let hostile = "quote\" back\\ nl\n cr\r tab\t bs\u{08} ff\u{0C} nul\u{00} esc\u{1B} del\u{7F} ls\u{2028} <b>&"
        for style in [JSONStyle.ordered, .htmlSafe, .sorted] {
            let text = JSONValue.object([("k", .string(hostile)), ("n", .null), ("b", .bool(true)), ("i", .int(-3))]).serialized(style)
            #expect(text.split(separator: "\n").count == 6)
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F || $0.value == 0x2028 })
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["k"] as? String == hostile)
            #expect(object["i"] as? Int == -3)
        }
        #expect(JSONValue.string("<&>").serialized(.htmlSafe) == "\"\\u003c\\u0026\\u003e\"\n")
        #expect(JSONValue.string("<&>").serialized(.ordered) == "\"<&>\"\n")
    }

    @Test func stylesKeepEachDocumentsLayout() {
        let value = JSONValue.object([("z", .array([])), ("a", .object([]))])
        #expect(value.serialized(.ordered) == "{\n  \"z\": [],\n  \"a\": {}\n}\n")
        #expect(value.serialized(.sorted) == "{\n  \"a\" : {\n\n  },\n  \"z\" : [\n\n  ]\n}\n")
    }

    @Test func formattersRefuseWhatTheyCannotShow() throws {
        let report = RiskReport(asOf: Day(year: 2026, month: 9, day: 2)!, credentials: [], globalFindings: [])
        #expect(throws: FormatError.self) { try DiagramFormatter(.svg).format(.risk(report)) }
        #expect(throws: FormatError.self) { try TextFormatter().format(.diagram(Diagram(name: "empty"))) }
        #expect(throws: FormatError.self) { try JSONFormatter().format(.diagram(Diagram(name: "empty"))) }
        // The same result in two formats, chosen by the caller, not by the result.
        let text = try standardOutputFormatter(json: false, clientIDs: .whole).text(.risk(report))
        let json = try standardOutputFormatter(json: true, clientIDs: .whole).text(.risk(report))
        #expect(text.hasPrefix("Risk as of 2026-09-02: 0 credentials"))
        #expect(json == "{\n  \"as_of\": \"2026-09-02\",\n  \"credentials\": [],\n  \"findings\": []\n}\n")
    }
}
