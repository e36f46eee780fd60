import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk

@Suite struct ProbeParserTests {
    @Test func jsonExampleFromTheContract() throws {
        let line = #"{"ts":"2026-09-01T10:05:00Z","env":"prod","client_id":"4f1c0d9e2b7a","consumer":"Boomi nightly ETL","endpoint":"token","status":200,"latency_ms":182}"#
        let record = try #require(parseProbeLine(line).record)
        #expect(record == ProbeRecord(
            timestamp: probeBaseMillis, clientID: "4f1c0d9e2b7a", status: 200, environment: "prod",
            consumer: "Boomi nightly ETL", endpoint: .token, latencyMs: 182))
    }

    @Test func logfmtExampleFromTheContract() throws {
        let line = "ts=2026-09-01T10:10:00.250+02:00 env=prod client_id=4f1c0d9e2b7a endpoint=token status=401 latency_ms=95 error=invalid_client"
        let record = try #require(parseProbeLine(line).record)
        #expect(record == ProbeRecord(
            timestamp: probeBaseMillis - 2 * 3_600_000 + 5 * 60_000 + 250, clientID: "4f1c0d9e2b7a", status: 401,
            environment: "prod", endpoint: .token, latencyMs: 95, error: "invalid_client"))
    }

    @Test(arguments: ["ts", "time", "timestamp", "@timestamp"])
    func timestampAliases(key: String) throws {
        let json = try #require(parseProbeLine(#"{"\#(key)":"2026-09-01T10:05:00Z","client_id":"c","status":200}"#).record)
        #expect(json.timestamp == probeBaseMillis)
        let logfmt = try #require(parseProbeLine("\(key)=2026-09-01T10:05:00Z client_id=c status=200").record)
        #expect(logfmt.timestamp == probeBaseMillis)
    }

    @Test func otherAliases() throws {
        let json = try #require(parseProbeLine(
            #"{"time":"2026-09-01T10:05:00Z","client_id":"c","http_status":"503","environment":"QA","integration":"Boomi","duration_ms":12.5,"secret_version":"v7"}"#
        ).record)
        #expect(json.status == 503)
        #expect(json.environment == "qa")
        #expect(json.consumer == "Boomi")
        #expect(json.latencyMs == 12.5)
        #expect(json.secretVersion == "v7")
        let logfmt = try #require(parseProbeLine(
            "@timestamp=2026-09-01T10:05:00Z client_id=c http_status=429 environment=Production integration=Boomi duration_ms=3 secret_version=4"
        ).record)
        #expect(logfmt.status == 429)
        #expect(logfmt.environment == "prod")
        #expect(logfmt.consumer == "Boomi")
        #expect(logfmt.latencyMs == 3)
        #expect(logfmt.secretVersion == "4")
    }

    @Test func timestampOffsetsAndFractions() throws {
        let cases: [(String, Int64)] = [
            ("2026-09-01T10:05:00Z", probeBaseMillis),
            ("2026-09-01T12:05:00+02:00", probeBaseMillis),
            ("2026-09-01T05:05:00.250-05:00", probeBaseMillis + 250),
            ("2026-09-01T10:05:00.5Z", probeBaseMillis + 500),
            ("2026-09-01T10:05:00.123456789z", probeBaseMillis + 123),
            ("2026-09-01 10:05:00Z", probeBaseMillis),
        ]
        for (text, expected) in cases {
            #expect(parseProbeLine(#"{"ts":"\#(text)","client_id":"c","status":1}"#).record?.timestamp == expected, "\(text)")
            #expect(parseProbeLine("ts=\"\(text)\" client_id=c status=1").record?.timestamp == expected, "\(text)")
        }
        for bad in ["2026-09-01T10:05:00", "2026-09-31T10:05:00Z", "yesterday", "1725185100000"] {
            let problem = try #require(parseProbeLine("ts=\(bad) client_id=c status=1").problem, "\(bad)")
            #expect(problem == "malformed probe line: invalid ts: not an RFC 3339 date-time")
        }
        #expect(parseProbeLine(#"{"ts":1725185100000,"client_id":"c","status":1}"#).problem?.contains("invalid ts") == true)
    }

    @Test func jsonEscapesInKeysAndValues() throws {
        let line = #"{"client\u005fid":"a\"b\\c\/d","ts":"2026-09-01T10:05:00Z","status":200,"consumer":"Caf\u00e9 \ud83d\ude00 \u4e2d","error":"line\nbreak\ttab\b\f\r"}"#
        let record = try #require(parseProbeLine(line).record)
        #expect(record.clientID == #"a"b\c/d"#)
        #expect(record.consumer == "Café 😀 中")
        #expect(record.error == "line\nbreak\ttab\u{8}\u{c}")
    }

    @Test func invalidJSONEscapes() {
        let base = #"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":"#
        #expect(parseProbeLine(base + #""\ud83d"}"#).problem == "malformed probe line: invalid \\u escape: unpaired surrogate")
        #expect(parseProbeLine(base + #""\ude00x"}"#).problem == "malformed probe line: invalid \\u escape: unpaired surrogate")
        #expect(parseProbeLine(base + #""\x41"}"#).problem?.hasPrefix("malformed probe line: invalid escape at column") == true)
        #expect(parseProbeLine(base + #""\u12G4"}"#).problem?.hasPrefix("malformed probe line: invalid \\u escape") == true)
        // An escape in an ignored value is checked too: the line is not valid JSON.
        #expect(parseProbeLine(#"{"note":"\q","ts":"2026-09-01T10:05:00Z","status":200,"client_id":"c"}"#).problem != nil)
    }

    @Test func logfmtQuotedValues() throws {
        let line = #"ts=2026-09-01T10:05:00Z client_id="c 1" consumer="Boomi \"nightly\" ETL"  msg="a=b c" status="200" error="connection reset\\by peer""#
        let record = try #require(parseProbeLine(line).record)
        #expect(record.clientID == "c 1")
        #expect(record.consumer == #"Boomi "nightly" ETL"#)
        #expect(record.status == 200)
        #expect(record.error == #"connection reset\by peer"#)
        // Bare flags, values holding '=' and empty values are all fine.
        let loose = try #require(parseProbeLine("debug ts=2026-09-01T10:05:00Z url=https://x/?a=b client_id=c status=0 error=").record)
        #expect(loose.status == 0)
        #expect(loose.error == nil)
    }

    @Test func logfmtSyntaxErrors() {
        #expect(parseProbeLine(#"ts=2026-09-01T10:05:00Z client_id="c status=200"#).problem?.contains("unterminated string") == true)
        #expect(parseProbeLine(#"ts=2026-09-01T10:05:00Z client_id="c"x status=200"#).problem?.contains("expected a space after a quoted logfmt value") == true)
        #expect(parseProbeLine("ts=2026-09-01T10:05:00Z =c status=200").problem?.contains("without a key") == true)
    }

    @Test func statusForms() {
        func status(_ json: String) -> ProbeLineParser.Outcome {
            parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":\#(json)}"#)
        }
        #expect(status("200").record?.status == 200)
        #expect(status(#""200""#).record?.status == 200)
        #expect(status(#"" 404 ""#).record?.status == 404)
        #expect(status("0").record?.status == 0)
        #expect(status("999").record?.status == 999)
        for bad in ["1000", "-1", "200.0", "2e2", #""abc""#, #""20x""#, "99999999999999999999999999"] {
            #expect(status(bad).problem == "malformed probe line: invalid status: not an integer 0-999", "\(bad)")
        }
        #expect(status("true").problem == "malformed probe line: invalid status: must not be true or false")
        #expect(status("[200]").problem == "malformed probe line: invalid status: must not be an object or array")
        #expect(status("null").problem == "malformed probe line: missing status")
        #expect(parseProbeLine("ts=2026-09-01T10:05:00Z client_id=c http_status=2000").problem
                == "malformed probe line: invalid http_status: not an integer 0-999")
    }

    @Test func missingRequiredFields() {
        #expect(parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","status":200}"#).problem == "malformed probe line: missing client_id")
        #expect(parseProbeLine(#"{"client_id":"c","status":200}"#).problem == "malformed probe line: missing ts")
        #expect(parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"  ","status":200}"#).problem == "malformed probe line: missing client_id")
        #expect(parseProbeLine("{}").problem == "malformed probe line: missing ts, client_id, status")
        #expect(parseProbeLine("hello world").problem == "malformed probe line: missing ts, client_id, status")
        #expect(parseProbeLine("env=prod endpoint=rest").problem == "malformed probe line: missing ts, client_id, status")
    }

    @Test func endpoints() {
        func endpoint(_ value: String) -> ProbeLineParser.Outcome {
            parseProbeLine("ts=2026-09-01T10:05:00Z client_id=c status=200 endpoint=\(value)")
        }
        #expect(endpoint("rest").record?.endpoint == .rest)
        #expect(endpoint("SOAP").record?.endpoint == .soap)
        #expect(endpoint("token").record?.endpoint == .token)
        #expect(parseProbeLine("ts=2026-09-01T10:05:00Z client_id=c status=200").record?.endpoint == .token)
        #expect(endpoint("graphql").problem == "malformed probe line: invalid endpoint: expected token, rest or soap")
    }

    @Test func latencyForms() {
        func latency(_ value: String) -> ProbeLineParser.Outcome {
            parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"latency_ms":\#(value)}"#)
        }
        #expect(latency("182").record?.latencyMs == 182)
        #expect(latency("95.25").record?.latencyMs == 95.25)
        #expect(latency("0.1").record?.latencyMs == 0.1)
        #expect(latency("1.5e2").record?.latencyMs == 150)
        #expect(latency(#""12.5""#).record?.latencyMs == 12.5)
        #expect(latency("86400000").record?.latencyMs == 86_400_000)
        // Range-checked where read (issue 18: 1e19 crashed every command later on).
        for huge in ["12345678901234567890123", "1e19", "9223372036854775808", "86400000.5"] {
            #expect(latency(huge).problem == "malformed probe line: invalid latency_ms: more than 86400000 ms (one day)", "\(huge)")
        }
        for bad in ["-3", #""12ms""#, "1e999", #"".""#] {
            #expect(latency(bad).problem == "malformed probe line: invalid latency_ms: not a non-negative number", "\(bad)")
        }
    }

    @Test func environmentsAreNormalised() {
        func env(_ value: String) -> String? {
            parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"env":"\#(value)"}"#).record?.environment
        }
        #expect(env("prod") == "prod")
        #expect(env("PRODUCTION") == "prod")
        #expect(env(" Staging ") == "staging")
        #expect(env("Ünit") == normalizeEnvironment("Ünit"))
        #expect(env("") == nil)
    }

    @Test func nullsAndDuplicates() throws {
        let record = try #require(parseProbeLine(
            #"{"ts":"2026-09-01T10:05:00Z","client_id":"new","status":200,"consumer":null,"error":null,"env":null}"#
        ).record)
        #expect(record.clientID == "new")
        // A field given twice is ambiguous (issue 18): the line is malformed, the last value does not win.
        #expect(parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"old","client_id":"new","status":200}"#).problem
                == "malformed probe line: duplicate client_id: the field is given twice")
        #expect(record.consumer == nil)
        #expect(record.error == nil)
    }

    @Test func nestedValuesOfUnknownKeysAreSkipped() throws {
        let line = #"{"meta":{"a":[1,{"b":"}]\"["}],"c":{}},"ts":"2026-09-01T10:05:00Z","tags":[],"ok":true,"n":null,"x":-0.5e-3,"client_id":"c","status":200}"#
        let record = try #require(parseProbeLine(line).record)
        #expect(record.clientID == "c")
        let deepButAllowed = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(parseProbeLine(#"{"deep":\#(deepButAllowed),"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200}"#).record != nil)
    }

    @Test func hundredThousandNestedBracketsDoNotOverflow() {
        let open = String(repeating: "[", count: 100_000)
        let close = String(repeating: "]", count: 100_000)
        let problem = parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","client_id":"c","status":200,"x":\#(open)\#(close)}"#).problem
        #expect(problem?.hasPrefix("malformed probe line: JSON nested deeper than 512 levels") == true)
        let objects = String(repeating: #"{"a":"#, count: 100_000)
        #expect(parseProbeLine(#"{"x":\#(objects)1"#).problem?.contains("nested deeper") == true)
        #expect(parseProbeLine(String(repeating: "{", count: 100_000)).problem?.contains("expected a JSON key") == true)
        #expect(parseProbeLine(open).problem == "malformed probe line: missing ts, client_id, status")
    }

    @Test func jsonSyntaxErrors() {
        let good = #""ts":"2026-09-01T10:05:00Z","client_id":"c","status":200"#
        #expect(parseProbeLine("{" + good).problem == "malformed probe line: unterminated JSON object")
        #expect(parseProbeLine("{" + good + "} x").problem?.contains("unexpected characters after the JSON object") == true)
        #expect(parseProbeLine("{" + good + #","x":[1,2}"#).problem?.contains("mismatched JSON bracket") == true)
        #expect(parseProbeLine("{" + good + #","x":[1,2"#).problem == "malformed probe line: unterminated JSON object or array")
        #expect(parseProbeLine("{" + good + #","x":01}"#).problem?.contains("expected ',' or '}'") == true)
        #expect(parseProbeLine("{" + good + #","x":tru}"#).problem?.contains("unexpected character in JSON") == true)
        #expect(parseProbeLine("{" + good + #","x" 1}"#).problem?.contains("expected ':'") == true)
        #expect(parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z"#).problem?.contains("unterminated string") == true)
        #expect(parseProbeLine("  {" + good + "}  ").record != nil)
        #expect(parseProbeLine("{ " + good.replacingOccurrences(of: ",", with: " ,\t") + " }").record != nil)
    }

    @Test func blankLines() {
        #expect(parseProbeLine("") == .blank)
        #expect(parseProbeLine("   \t ") == .blank)
        #expect(parseProbeLine("\r") == .blank)
    }

    @Test func nulBytesAndInvalidUTF8() {
        let prefix = Array(#"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":""#.utf8)
        // A raw NUL inside a JSON string is not JSON.
        #expect(parseProbeLine(prefix + [0x61, 0x00, 0x62] + Array(#""}"#.utf8)).problem?
            .hasPrefix("malformed probe line: control character in a quoted string") == true)
        // An escaped NUL is JSON, but no client id.
        #expect(parseProbeLine(prefix + Array(#"a\u0000b"}"#.utf8)).problem == "malformed probe line: invalid client_id: control character")
        // logfmt: NUL inside a kept value.
        #expect(parseProbeLine(Array("ts=2026-09-01T10:05:00Z status=200 client_id=a".utf8) + [0x00, 0x62]).problem
                == "malformed probe line: invalid client_id: control character")
        // Invalid UTF-8 in a kept name.
        #expect(parseProbeLine(prefix + [0x61, 0xC3, 0x28] + Array(#""}"#.utf8)).problem == "malformed probe line: invalid client_id: not UTF-8")
        #expect(parseProbeLine(Array("ts=2026-09-01T10:05:00Z status=200 client_id=c consumer=".utf8) + [0xFF, 0xFE]).problem
                == "malformed probe line: invalid consumer: not UTF-8")
        // Invalid UTF-8 in an ignored value does not matter; in `error` it is repaired.
        let ignored = Array(#"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":"c","note":""#.utf8) + [0xFF] + Array(#"","error":"x"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(parseProbeLine(ignored).record?.error == "x\u{FFFD}")
        // A line of NUL padding (what a crash leaves in a log) is malformed, not a crash.
        #expect(parseProbeLine([UInt8](repeating: 0, count: 4096)).problem == "malformed probe line: missing ts, client_id, status")
        // Valid multi-byte UTF-8 is kept.
        #expect(parseProbeLine("ts=2026-09-01T10:05:00Z status=200 client_id=c consumer=\"Zoë's ETL\"").record?.consumer == "Zoë's ETL")
    }

    @Test func problemsNeverEchoTheLine() {
        let secret = "S3cr3tV4lu3xyzzy"
        let lines = [
            #"{"client_secret":"\#(secret)","ts":"\#(secret)","client_id":"c","status":200}"#,
            #"{"client_secret":"\#(secret)\q","ts":"2026-09-01T10:05:00Z"}"#,
            "client_secret=\(secret) status=\(secret)",
            "client_secret=\(secret) endpoint=\(secret)",
            "client_secret=\"\(secret)",
            "{\"a\":\"\(secret)\"",
        ]
        for line in lines {
            let problem = parseProbeLine(line).problem
            #expect(problem != nil)
            #expect(problem?.contains(secret) == false, "\(problem ?? "")")
        }
    }

    @Test func parserIsReusableAcrossLines() {
        var parser = ProbeLineParser()
        let lines = [
            #"{"ts":"2026-09-01T10:05:00Z","client_id":"c\u0031","status":200,"env":"PROD"}"#,
            "garbage",
            #"{"ts":"2026-09-01T10:05:00Z","client_id":"c\u0032","status":201,"env":"Prod"}"#,
            "ts=2026-09-01T10:05:00Z client_id=c1 status=202 env=prod",
        ]
        let outcomes = lines.map { line in Array(line.utf8).withUnsafeBytes { parser.parse($0) } }
        #expect(outcomes[0].record?.clientID == "c1")
        #expect(outcomes[1].problem != nil)
        #expect(outcomes[2].record?.clientID == "c2")
        #expect(outcomes[3].record?.clientID == "c1")
        #expect(outcomes.compactMap { $0.record?.environment } == ["prod", "prod", "prod"])
    }

    /// The scanners skip eight bytes at a time; a special byte at every offset must still be seen.
    @Test func specialBytesAtEveryWordOffset() {
        for k in 0..<20 {
            let a = String(repeating: "a", count: k)
            let b = String(repeating: "b", count: 19 - k)
            let json = parseProbeLine(#"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":"\#(a)\"\#(b)","\#(a)k":"\#(b)"}"#)
            #expect(json.record?.clientID == a + "\"" + b, "offset \(k)")
            let logfmt = parseProbeLine("ts=2026-09-01T10:05:00Z status=200 \(a)x=\(b) client_id=\"\(a)\\\"\(b)\" consumer=\(a)\(b)\tenv=\(b)")
            #expect(logfmt.record?.clientID == a + "\"" + b, "offset \(k)")
            #expect(logfmt.record?.consumer == a + b, "offset \(k)")
            let control = Array(#"{"ts":"2026-09-01T10:05:00Z","status":200,"client_id":""#.utf8) + Array(a.utf8) + [0x1F] + Array(b.utf8) + Array(#""}"#.utf8)
            #expect(parseProbeLine(control).problem?.contains("control character") == true, "offset \(k)")
            let del = Array("ts=2026-09-01T10:05:00Z status=200 client_id=".utf8) + Array(a.utf8) + [0x7F] + Array(b.utf8)
            #expect(parseProbeLine(del).problem == "malformed probe line: invalid client_id: control character", "offset \(k)")
            let high = Array("ts=2026-09-01T10:05:00Z status=200 client_id=".utf8) + Array(a.utf8) + [0xC3, 0xA9] + Array(b.utf8)
            #expect(parseProbeLine(high).record?.clientID == a + "é" + b, "offset \(k)")
        }
    }

    @Test func longErrorTextIsCutAtACharacterBoundary() throws {
        let long = String(repeating: "ab", count: 127) + "aé" + String(repeating: "x", count: 5000)
        let record = try #require(parseProbeLine("ts=2026-09-01T10:05:00Z status=0 client_id=c error=\"\(long)\"").record)
        #expect(record.error == String(repeating: "ab", count: 127) + "a") // é would straddle byte 256
        let short = try #require(parseProbeLine("ts=2026-09-01T10:05:00Z status=0 client_id=c error=\"timeout after 30s\"").record)
        #expect(short.error == "timeout after 30s")
    }
}
