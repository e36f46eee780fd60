import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
@testable import CredGraphRisk

/// Temporary files for the CSV and loader tests; removed when the value goes away.
final class CSVTestFiles {
    let directory: URL

    init() {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("credgraph-csv-tests-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    func write(_ name: String, bytes: [UInt8]) -> String {
        let url = directory.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return url.path
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// Reads every record of `bytes` written to a temp file.
private func parse(
    _ bytes: [UInt8], limits: CSVLimits = CSVLimits()
) -> (records: [CSVRecord], diagnostics: [Diagnostic], delimiter: UInt8?) {
    let files = CSVTestFiles()
    let path = files.write("t.csv", bytes: bytes)
    var diagnostics = Diagnostics()
    guard let reader = CSVReader.open(path: path, limits: limits, diagnostics: &diagnostics) else {
        return ([], diagnostics.items, nil)
    }
    let records = reader.readAll(diagnostics: &diagnostics)
    return (records, diagnostics.items, reader.delimiter)
}

private func parse(_ text: String, limits: CSVLimits = CSVLimits()) -> (records: [CSVRecord], diagnostics: [Diagnostic], delimiter: UInt8?) {
    parse(Array(text.utf8), limits: limits)
}

private func cells(_ records: [CSVRecord]) -> [[String]] { records.map(\.cells) }
private func lines(_ records: [CSVRecord]) -> [Int] { records.map(\.line) }

@Suite struct CSVReaderTests {
    @Test func plainRecordsWithLineNumbers() {
        let r = parse("a,b,c\n1,2,3\n4,5,6\n")
        #expect(cells(r.records) == [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]])
        #expect(lines(r.records) == [1, 2, 3])
        #expect(r.diagnostics.isEmpty)
        #expect(r.delimiter == UInt8(ascii: ","))
    }

    @Test func noTrailingNewline() {
        let r = parse("a,b\n1,2")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
    }

    @Test func quotedDelimiterAndDoubledQuotes() {
        let r = parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\"\n")
        #expect(cells(r.records) == [["a", "b"], ["x, y", "say \"hi\""], ["", "\""]])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func lineBreakInsideQuotesKeepsLaterLineNumbers() {
        let r = parse("a,b\n\"one\ntwo\nthree\",x\nnext,y\n")
        #expect(cells(r.records) == [["a", "b"], ["one\ntwo\nthree", "x"], ["next", "y"]])
        #expect(lines(r.records) == [1, 2, 5])
    }

    @Test func crlfInsideQuotesCountsAsOneLine() {
        let r = parse("a,b\r\n\"one\r\ntwo\",x\r\nnext,y\r\n")
        #expect(cells(r.records) == [["a", "b"], ["one\r\ntwo", "x"], ["next", "y"]])
        #expect(lines(r.records) == [1, 2, 4])
    }

    @Test func byteOrderMarkIsSkipped() {
        let r = parse([0xEF, 0xBB, 0xBF] + Array("client_id,env\nabc,prod\n".utf8))
        #expect(cells(r.records) == [["client_id", "env"], ["abc", "prod"]])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func crlfLineEnds() {
        let r = parse("a,b\r\n1,2\r\n\r\n3,4\r\n")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(lines(r.records) == [1, 2, 4])
    }

    @Test func loneCRLineEnds() {
        let r = parse("a,b\r1,2\r\r3,4")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(lines(r.records) == [1, 2, 4])
    }

    @Test func semicolonHeaderChoosesSemicolon() {
        let r = parse("integration;env;notes\nBoomi;prod;\"a, b; c\"\n")
        #expect(r.delimiter == UInt8(ascii: ";"))
        #expect(cells(r.records) == [["integration", "env", "notes"], ["Boomi", "prod", "a, b; c"]])
    }

    @Test func tabHeaderChoosesTab() {
        let r = parse("integration\tenv\tnotes\nBoomi, Inc\tprod\t x \n")
        #expect(r.delimiter == UInt8(ascii: "\t"))
        #expect(cells(r.records) == [["integration", "env", "notes"], ["Boomi, Inc", "prod", "x"]])
    }

    @Test func delimiterCountsIgnoreQuotedTextAndTiesGoToComma() {
        // Two semicolons inside quotes do not count; one comma outside does.
        #expect(parse("\"a;b;c\",d\n1,2\n").delimiter == UInt8(ascii: ","))
        // One comma, one semicolon: comma wins the tie.
        #expect(parse("a,b;c\n").delimiter == UInt8(ascii: ","))
        #expect(parse("a;b;c,d\n").delimiter == UInt8(ascii: ";"))
        // The header is the first non-blank line.
        let r = parse("\n\n a;b \n1;2\n")
        #expect(r.delimiter == UInt8(ascii: ";"))
        #expect(lines(r.records) == [3, 4])
    }

    @Test func blankLinesAndEmptyRowsAreSkipped() {
        let r = parse("a,b\n\n   \n,\n , \n1,2\n\n")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
        #expect(lines(r.records) == [1, 6])
    }

    @Test func cellsAreTrimmed() {
        let r = parse("  a ,  b  \n  1  ,\t \" 2 \"  \n")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
        #expect(r.diagnostics.isEmpty)
    }

    @Test func unicodeSpacesAreTrimmedToo() {
        let r = parse("a,b\n\u{00A0}Zoë\u{00A0},\u{2003}x y\n")
        #expect(cells(r.records) == [["a", "b"], ["Zoë", "x y"]])
    }

    @Test func textAfterClosingQuoteIsKeptWithWarning() {
        let r = parse("a,b\n\"x\"y,2\n")
        #expect(cells(r.records) == [["a", "b"], ["xy", "2"]])
        #expect(r.diagnostics.map(\.severity) == [.warning])
        #expect(r.diagnostics.first?.line == 2)
    }

    @Test func quoteInsideUnquotedCellIsLiteral() {
        let r = parse("a,b\n5\" disk,2\n")
        #expect(cells(r.records) == [["a", "b"], ["5\" disk", "2"]])
    }

    @Test func unterminatedQuoteIsAnErrorAtTheRecordStart() {
        let r = parse("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n")
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
        let errors = r.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        #expect(errors.first?.line == 3)
        #expect(errors.first?.message.contains("unterminated") == true)
    }

    @Test func invalidUTF8IsReplacedWithAWarning() {
        var bytes = Array("a,b\nok,".utf8)
        bytes += [0x66, 0xFF, 0xFE, 0x67]
        bytes += Array("\nnext,1\n".utf8)
        let r = parse(bytes)
        #expect(cells(r.records) == [["a", "b"], ["ok", "f\u{FFFD}\u{FFFD}g"], ["next", "1"]])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.severity == .warning)
        #expect(r.diagnostics.first?.line == 2)
    }

    @Test func emptyFileIsAnError() {
        let r = parse("")
        #expect(r.delimiter == nil)
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.severity == .error)
        #expect(r.diagnostics.first?.message.contains("empty") == true)
        #expect(r.diagnostics.first?.file.hasSuffix("t.csv") == true)
    }

    @Test func onlyBlankLinesIsAnEmptyFile() {
        let r = parse("\n \r\n\n")
        #expect(r.delimiter == nil)
        #expect(r.diagnostics.first?.message.contains("empty") == true)
    }

    @Test func bomOnlyIsAnEmptyFile() {
        let r = parse([0xEF, 0xBB, 0xBF])
        #expect(r.delimiter == nil)
        #expect(r.diagnostics.first?.message.contains("empty") == true)
    }

    @Test func utf16IsRejected() {
        let r = parse([0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00])
        #expect(r.delimiter == nil)
        #expect(r.diagnostics.first?.message.contains("UTF-16") == true)
    }

    @Test func missingFileAndDirectoryNameTheFile() {
        let files = CSVTestFiles()
        var diagnostics = Diagnostics()
        let missing = files.path("nope.csv")
        #expect(CSVReader.open(path: missing, diagnostics: &diagnostics) == nil)
        #expect(CSVReader.open(path: files.directory.path, diagnostics: &diagnostics) == nil)
        #expect(diagnostics.items.count == 2)
        #expect(diagnostics.items[0].file == missing)
        #expect(diagnostics.items[0].severity == .error)
        #expect(diagnostics.items[0].message.contains("no such file"))
        #expect(diagnostics.items[1].file == files.directory.path)
        #expect(diagnostics.items[1].message.contains("directory"))
    }

    @Test func oversizedCellIsAnErrorAndReadingGoesOn() {
        // The default cap is 1 MiB.
        let big = String(repeating: "x", count: (1 << 20) + 10)
        let r = parse("a,b\n1,\(big)\n2,3\n")
        #expect(cells(r.records) == [["a", "b"], ["2", "3"]])
        #expect(lines(r.records) == [1, 3])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.severity == .error)
        #expect(r.diagnostics.first?.line == 2)
    }

    @Test func oversizedQuotedCellThenUnterminated() {
        let r = parse("a,b\n1,2\n3,\"" + String(repeating: "y", count: 100), limits: CSVLimits(maxCellBytes: 16))
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.allSatisfy { $0.severity == .error && $0.line == 3 })
    }

    @Test func tooManyCellsIsAnError() {
        let wide = Array(repeating: "x", count: 12).joined(separator: ",")
        let r = parse("a,b\n\(wide)\n1,2\n", limits: CSVLimits(maxCellsPerRecord: 10))
        #expect(cells(r.records) == [["a", "b"], ["1", "2"]])
        #expect(r.diagnostics.count == 1)
        #expect(r.diagnostics.first?.line == 2)
        #expect(r.diagnostics.first?.message.contains("10") == true)
    }

    @Test func skippedRecordsAreCounted() {
        let files = CSVTestFiles()
        let path = files.write("s.csv", "a,b\n1,\(String(repeating: "z", count: 40))\n2,3\n4,\"open\n")
        var diagnostics = Diagnostics()
        let reader = CSVReader.open(path: path, limits: CSVLimits(maxCellBytes: 8), diagnostics: &diagnostics)
        let records = reader?.readAll(diagnostics: &diagnostics) ?? []
        #expect(records.count == 2)
        #expect(reader?.skippedRecords == 2)
    }

    /// Every chunk boundary (inside CRLF, a doubled quote, a BOM, a multi-byte
    /// character) must give the same records as reading in one go.
    @Test func chunkBoundariesDoNotChangeTheResult() {
        let text = "\u{FEFF}name;note\r\n\"Zoë \"\"Z\"\" Ångström\";\"a;b\r\nc\"\r\n\r\nplain ; ü \rlast;\"\"\n"
        let expected = parse(text)
        #expect(expected.records.count == 4)
        #expect(expected.records[1].cells == ["Zoë \"Z\" Ångström", "a;b\r\nc"])
        #expect(lines(expected.records) == [1, 2, 5, 6])
        for size in 1...9 {
            let r = parse(text, limits: CSVLimits(chunkSize: size))
            #expect(r.records == expected.records, "chunk size \(size)")
            #expect(r.delimiter == expected.delimiter)
            #expect(r.diagnostics.isEmpty)
        }
    }
}

@Suite struct CSVHeaderTests {
    private let columns = [
        CSVColumn("client_id", required: true, aliases: ["clientid"]),
        CSVColumn("integration", required: true, aliases: ["consumer"]),
        CSVColumn("notes"),
    ]

    private func resolve(_ cells: [String]) -> (CSVHeader?, [Diagnostic]) {
        var diagnostics = Diagnostics()
        let header = CSVHeader.resolve(CSVRecord(line: 1, cells: cells), columns: columns, file: "inv.csv", diagnostics: &diagnostics)
        return (header, diagnostics.items)
    }

    @Test func normalisation() {
        #expect(CSVHeader.normalize("Client ID") == "client_id")
        #expect(CSVHeader.normalize(" client-id ") == "client_id")
        #expect(CSVHeader.normalize("CLIENT_ID") == "client_id")
        #expect(CSVHeader.normalize("Client  -  ID") == "client_id")
        #expect(CSVHeader.normalize("e2e tested on") == "e2e_tested_on")
    }

    @Test func spellingsAndAliasesMapToOneColumn() {
        let (header, diagnostics) = resolve(["ClientID", "Consumer", "Notes"])
        #expect(diagnostics.isEmpty)
        #expect(header?.value("client_id", in: ["c1", "Boomi", "n"]) == "c1")
        #expect(header?.value("integration", in: ["c1", "Boomi", "n"]) == "Boomi")
        #expect(header?.columnNames == ["client_id", "integration", "notes"])
        let (other, _) = resolve(["Client-ID", "integration"])
        #expect(other?.has("client_id") == true)
        #expect(other?.has("notes") == false)
        #expect(other?.value("notes", in: ["a", "b"]) == "")
    }

    @Test func unknownColumnIsAWarningNamingIt() {
        let (header, diagnostics) = resolve(["client_id", "integration", "Colour"])
        #expect(header != nil)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .warning)
        #expect(diagnostics[0].formatted == "inv.csv:1: warning: unknown column 'Colour' is ignored")
    }

    @Test func missingRequiredColumnIsAnErrorNamingIt() {
        let (header, diagnostics) = resolve(["client_id", "notes"])
        #expect(header == nil)
        #expect(diagnostics.map(\.severity) == [.error])
        #expect(diagnostics[0].file == "inv.csv")
        #expect(diagnostics[0].message.contains("'integration'"))
    }

    @Test func duplicateColumnIsAnError() {
        let (header, diagnostics) = resolve(["client_id", "integration", "ClientID"])
        #expect(header?.value("client_id", in: ["first", "i", "second"]) == "first")
        #expect(diagnostics.map(\.severity) == [.error])
        #expect(diagnostics[0].message.contains("duplicate"))
    }

    @Test func secretLookingHeaderIsNotEchoed() {
        let secret = "Zk3Qp9LmX7vB2nR8tYc4HdFa"
        let (_, diagnostics) = resolve(["client_id", "integration", secret])
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { !$0.formatted.contains(secret) })
    }

    @Test func editDistanceIsCapped() {
        #expect(editDistance("boomi", "boomi", limit: 3) == 0)
        #expect(editDistance("boomi nightly etl", "boomi nightly elt", limit: 3) == 2)
        #expect(editDistance("kitten", "sitting", limit: 3) == 3)
        #expect(editDistance("short", "a much longer name", limit: 3) == nil)
        #expect(editDistance("", "abc", limit: 3) == 3)
    }
}
