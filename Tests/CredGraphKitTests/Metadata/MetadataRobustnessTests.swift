import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
@testable import CredGraphKit
import TestSupport

/// The metadata parsers on hostile text: random bytes, truncations and
/// mutations of real-looking inputs never crash or hang, and malformed JSON
/// is an error with a line, never a value.
struct MetadataRobustnessTests {
    static let seeds: [String] = [
        #"{ "key": "q", "name": "Q", "r__dataExtension_key": "t", "steps": [ { "activities": [ { "r__key": "a", "r__type": "query" } ] } ] }"#,
        "WITH a AS (SELECT * FROM [x y] WHERE z = 'FROM w') SELECT * FROM a JOIN ENT.b ON 1=1 /* JOIN c */ -- JOIN d\nUNION SELECT * FROM (SELECT 1 FROM e) f",
        #"%%[ SET @r = LookupRows("DE", "k", @k) ]%% %%=ContentBlockByKey(Concat("a", @b))=%% <script runat=server>var d = DataExtension.Init("K"); d.Rows.Add({a: 1});</script>"#,
    ]

    func mutations(_ seed: String, count: Int, random: inout SplitMix64) -> [[UInt8]] {
        let bytes = Array(seed.utf8)
        let alphabet = Array("{}[]\"'():,.\\/*-%@=\n\r\t ENTFROMJOIN_0".utf8) + [0, 0xFF, 0xC3]
        return (0..<count).map { _ in
            var b = bytes
            switch random.below(4) {
            case 0: b = Array(b.prefix(random.below(b.count + 1)))
            case 1: for _ in 0..<(1 + random.below(8)) where !b.isEmpty { b[random.below(b.count)] = alphabet[random.below(alphabet.count)] }
            case 2: b.insert(contentsOf: Array(repeating: alphabet[random.below(alphabet.count)], count: random.below(300)), at: random.below(b.count + 1))
            default: b = (0..<random.below(400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }
            return b
        }
    }

    @Test func parsersSurviveMutatedInput() {
        var random = SplitMix64(seed: 14)
        for seed in Self.seeds {
            for bytes in mutations(seed, count: 400, random: &random) {
                let text = String(decoding: bytes, as: UTF8.self)
                do {
                    _ = try JSONLineParser.parse(bytes)
                } catch {
                    #expect(error.line >= 1 && !error.message.isEmpty)
                }
                _ = SQLTables.references(in: text)
                _ = ScriptReferences.references(in: text)
                _ = CodeSecrets.find(in: text, clientIDs: ["abc0000000000000000000de"])
                _ = AutomationSchedule.parse(icalRecur: text, startDate: text, timeZoneName: text)
            }
        }
    }

    @Test func deepAndWideInputsStayBounded() throws {
        let deep = String(repeating: "(", count: 50_000) + "SELECT * FROM t" + String(repeating: ")", count: 50_000)
        #expect(SQLTables.references(in: deep).map(\.name) == ["t"])
        let calls = String(repeating: "Lookup(", count: 20_000)
        #expect(ScriptReferences.references(in: calls).count == 20_000)
        let weird = try AutomationSchedule.parse(icalRecur: "FREQ=MINUTELY;INTERVAL=1", startDate: "1901-01-01T00:00:00", timeZoneName: "UTC").get()
        #expect(weird.runs(after: parseRFC3339("2026-09-02T12:00:30Z") ?? 0).map(formatTimestamp) == ["2026-09-02T12:01:00Z"])
    }
}
