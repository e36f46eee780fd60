import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
@testable import CredGraphKit
@testable import CredGraphReport
import TestSupport

/// Pins the fast paths of probe parsing against the plain code they shortcut:
/// the cached-date timestamp parser, the word-at-a-time string scans, the
/// symbol tables that check each distinct value once, and the newline search
/// the parallel reader cuts chunks with.
@Suite struct ProbeFastPathTests {
    // MARK: - Timestamps

    /// Every case goes through a parser whose date cache is warm (the previous
    /// line had the same date), and must equal `parseRFC3339`.
    @Test func cachedDateTimestampsEqualTheFullParser() {
        let date = "2026-09-01"
        let times = [
            "T10:05:00Z", "t10:05:00z", " 10:05:00Z", "T23:59:60Z", "T00:00:00Z",
            "T10:05:00.250Z", "T10:05:00.5Z", "T10:05:00.25Z", "T10:05:00.1234Z", "T10:05:00.123456789Z",
            "T10:05:00.999Z", "T10:05:00.000z",
            "T10:05:00+02:00", "T10:05:00-05:30", "T10:05:00.250+02:00", "T10:05:00.25+0200",
            "T24:00:00Z", "T10:60:00Z", "T10:05:61Z", "T1a:05:00Z", "T10-05:00Z", "T10:05:00", "T10:05:00.Z",
            "T10:05:00.25aZ", "X10:05:00Z", "T10:05:00ZZ", "T10:05:00.123X", "T10:05:00.1a3Z", "T10:05:00 Z",
        ]
        for time in times {
            var parser = TimestampParser()
            let warm = Array((date + "T00:00:00Z").utf8)
            _ = warm.withUnsafeBytes { parser.parse($0) }
            let text = date + time
            let got = Array(text.utf8).withUnsafeBytes { parser.parse($0) }
            #expect(got == parseRFC3339(text), "\(text)")
        }
    }

    @Test func dateChangesAndInvalidDatesAreNeverServedFromTheCache() {
        var parser = TimestampParser()
        let sequence = [
            "2026-09-01T10:00:00Z", "2026-09-02T10:00:00Z", "2026-09-01T10:00:00Z",
            "2026-02-29T10:00:00Z", "2026-02-28T10:00:00Z", "2024-02-29T10:00:00Z", "2024-02-29T10:00:00.001Z",
            "2026-13-01T10:00:00Z", "2026-09-31T10:00:00Z", "0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "2026-09-01T10:00:00Z", "2026-09-01T10:00:00+01:00", "2026-09-01T10:00:00Z",
        ]
        for text in sequence {
            let got = Array(text.utf8).withUnsafeBytes { parser.parse($0) }
            #expect(got == parseRFC3339(text), "\(text)")
        }
    }

    @Test func randomTimestampsEqualTheFullParser() {
        var rng = SplitMix64(seed: 7)
        var parser = TimestampParser()
        let alphabet = Array("0123456789:-.TZz+ ".utf8)
        for _ in 0..<40_000 {
            var bytes = Array("2026-09-01T10:05:00.250Z".utf8)
            if rng.below(3) == 0 { bytes = Array("2026-09-01T10:05:00Z".utf8) }
            // Change one or two bytes after the date, so the cache is exercised with near-misses.
            for _ in 0..<(1 + rng.below(2)) {
                let i = 10 + rng.below(bytes.count - 10)
                // Any byte now and then: the time is checked a word at a time, every byte value must fail or pass as the full parser says.
                bytes[i] = rng.below(4) == 0 ? UInt8(truncatingIfNeeded: rng.below(256)) : alphabet[rng.below(alphabet.count)]
            }
            let got = bytes.withUnsafeBytes { parser.parse($0) }
            #expect(got == parseRFC3339(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    // MARK: - Word-at-a-time scans

    @Test func firstSpecialByteInStringsMatchesAByteLoop() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<5000 {
            let n = rng.below(40)
            var bytes = (0..<n).map { _ in UInt8(65 + rng.below(26)) }
            for _ in 0..<rng.below(3) where n > 0 {
                bytes[rng.below(n)] = [34, 92, 0, 31, 10, 127, 0x80, 0xFF, 32][rng.below(9)]
            }
            let start = n > 0 ? rng.below(n) : 0
            let expected: Int = {
                var i = start
                while i + 8 <= n {
                    if let k = bytes[i..<(i + 8)].firstIndex(where: { $0 == 34 || $0 == 92 || $0 < 0x20 }) { return k }
                    i += 8
                }
                return i
            }()
            let got = bytes.withUnsafeBytes { Swar.firstSpecialInString($0, from: start) }
            #expect(got == expected, "\(bytes) from \(start)")
        }
    }

    @Test func lastNewlineMatchesAByteLoop() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<5000 {
            let n = rng.below(50)
            var bytes = (0..<n).map { _ in UInt8(rng.below(256)) }
            for i in bytes.indices where bytes[i] == 10 { bytes[i] = 11 }
            for _ in 0..<rng.below(3) where n > 0 { bytes[rng.below(n)] = 10 }
            let expected = bytes.lastIndex(of: 10)
            let got = bytes.withUnsafeMutableBytes { raw in raw.baseAddress.flatMap { ProbeChunk.lastNewline($0, n) } }
            #expect(got == expected)
        }
    }

    // MARK: - JSON strings and escapes

    /// Random strings with every kind of escape, at every alignment, against Foundation's JSON decoder
    /// (control characters such as `\t` are left out: names must not hold them, a test of its own pins that).
    @Test func escapedJSONStringsDecodeLikeFoundation() throws {
        var rng = SplitMix64(seed: 13)
        let pieces = [#"\""#, #"\\"#, #"\/"#, #"\u00e9"#, #"\u4e2d"#, #"\ud83d\ude00"#, "é", "😀", "a", "bc", " ", "delivers", #"\u0041"#]
        for _ in 0..<2000 {
            var body = "x"
            for _ in 0..<rng.below(12) { body += pieces[rng.below(pieces.count)] }
            body += "y" // no leading or trailing blanks, which the parser trims
            let line = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"consumer":"\#(body)"}"#
            let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let expected = try #require(decoded?["consumer"] as? String)
            let record = try #require(parseProbeLine(line).record, "\(line)")
            #expect(record.consumer == expected, "\(line)")
            // The same value as the last key, ending right before the closing brace: the word scan meets the line's end.
            let last = #"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":"\#(body)"}"#
            #expect(parseProbeLine(last).record?.clientID == expected, "\(last)")
        }
    }

    @Test func controlCharactersAreFoundAtEveryPosition() {
        for position in 0..<20 {
            var value = Array(String(repeating: "a", count: 20).utf8)
            value[position] = 1
            let line = Array(#"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":""#.utf8) + value + Array(#""}"#.utf8)
            let problem = parseProbeLine(line).problem
            #expect(problem?.hasPrefix("malformed probe line: control character in a quoted string at column") == true, "\(position)")
        }
    }

    // MARK: - logfmt quoted values

    @Test func quotedLogfmtValues() throws {
        let line = #"ts="2026-09-01T10:05:00Z" client_id="c 1" consumer="a \"quoted\" name=x" env="Production" status="200" error="invalid_client" secret_version="""#
        let record = try #require(parseProbeLine(line).record)
        #expect(record.clientID == "c 1")
        #expect(record.consumer == #"a "quoted" name=x"#)
        #expect(record.environment == "prod")
        #expect(record.status == 200)
        #expect(record.error == "invalid_client")
        #expect(record.secretVersion == nil) // empty means not given
        #expect(parseProbeLine(#"ts=2026-09-01T10:05:00Z client_id="c"x status=1"#).problem?
            .hasPrefix("malformed probe line: expected a space after a quoted logfmt value") == true)
        #expect(parseProbeLine(#"ts=2026-09-01T10:05:00Z client_id="c status=1"#).problem?
            .hasPrefix("malformed probe line: unterminated string") == true)
    }

    // MARK: - Symbol tables

    /// A value is checked once, but every line that carries a bad one is still
    /// rejected, with the key it came under.
    @Test func cachedChecksStillRejectEveryLineWithTheKeyAsWritten() {
        var parser = ProbeLineParser()
        func parse(_ text: String) -> ProbeLineParser.Outcome {
            Array(text.utf8).withUnsafeBytes { parser.parse($0) }
        }
        let base = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200"#
        #expect(parse(base + #","consumer":"bad\u0001name"}"#).problem == "malformed probe line: invalid consumer: control character")
        #expect(parse(base + #","integration":"bad\u0001name"}"#).problem == "malformed probe line: invalid integration: control character")
        #expect(parse(base + #","consumer":"bad\u0001name"}"#).problem == "malformed probe line: invalid consumer: control character")
        #expect(parse(base + #","env":"p\u0002"}"#).problem == "malformed probe line: invalid env: control character")
        #expect(parse(base + #","environment":"p\u0002"}"#).problem == "malformed probe line: invalid environment: control character")
        let notUTF8: [UInt8] = Array((base + #","consumer":"ab"#).utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        for _ in 0..<2 {
            #expect(notUTF8.withUnsafeBytes { parser.parse($0) }.problem == "malformed probe line: invalid consumer: not UTF-8")
        }
        // Good values after bad ones, and the same text under two kinds of key.
        #expect(parse(base + #","consumer":"c","env":"QA"}"#).record?.consumer == "c")
        #expect(parse(base + #","consumer":"c","env":"QA"}"#).record?.environment == "qa")
        #expect(parse(base + #","consumer":"Production","env":"Production"}"#).record?.consumer == "Production")
        #expect(parse(base + #","consumer":"Production","env":"Production"}"#).record?.environment == "prod")
    }

    @Test func errorTextsAreClassifiedOncePerValue() {
        var parser = ProbeLineParser()
        let base = #"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":400,"error":"#
        for (error, auth) in [(#"" Invalid_Client ""#, true), (#""invalid_grant""#, true), (#""invalid_scope""#, false),
                              (#""invalid_client""#, true), (#"" Invalid_Client ""#, true), (#""timeout""#, false)] {
            let line = Array((base + error + "}").utf8)
            let outcome = line.withUnsafeBytes { parser.parseFields($0) }
            guard case .fields(let fields) = outcome else {
                Issue.record("not parsed: \(error)")
                continue
            }
            #expect(parser.hasAuthErrorCode(fields) == auth, "\(error)")
            let record = parser.record(fields)
            #expect(ProbeOutcome.isAuthErrorCode(record.error) == auth)
        }
    }

    @Test func symbolTableKeepsIdsAndFindsEveryValueAfterGrowing() {
        var table = SymbolTable()
        var ids: [Int32] = []
        let values = (0..<5000).map { "value-\($0)-" + String(repeating: "x", count: $0 % 19) }
        for value in values {
            let bytes = Array(value.utf8)
            let id = bytes.withUnsafeBytes { raw in
                let hash = SymbolTable.hash(raw)
                #expect(table.find(raw, hash: hash) == nil)
                return table.insert(raw, hash: hash, string: value, state: 0)
            }
            ids.append(id)
        }
        #expect(Set(ids).count == values.count)
        for (value, id) in zip(values, ids) {
            let found = Array(value.utf8).withUnsafeBytes { table.find($0, hash: SymbolTable.hash($0)) }
            #expect(found == id)
            #expect(table.strings[Int(id)] == value)
        }
        let generation = table.generation
        table.clear()
        #expect(table.generation == generation + 1)
        #expect(table.count == 0)
        #expect(Array("value-1-x".utf8).withUnsafeBytes { table.find($0, hash: SymbolTable.hash($0)) } == nil)
    }

    @Test func hashAndEqualityAgreeOnEveryLength() {
        for n in 0..<40 {
            let a = (0..<n).map { UInt8(97 + $0 % 26) }
            var b = a
            #expect(a.withUnsafeBytes { x in b.withUnsafeBytes { y in SymbolTable.equal(x, y) && SymbolTable.hash(x) == SymbolTable.hash(y) } })
            for i in 0..<n {
                b = a
                b[i] ^= 1
                #expect(!a.withUnsafeBytes { x in b.withUnsafeBytes { y in SymbolTable.equal(x, y) } }, "length \(n), byte \(i)")
            }
        }
    }
}
