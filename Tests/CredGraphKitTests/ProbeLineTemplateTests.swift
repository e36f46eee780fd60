import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import TestSupport

/// Pins the line template of the JSON line parser (a line read against the
/// layout of one read in full: literals compared, only the values read)
/// against the same parser without it and against the parser reading every
/// member: line after line, the outcome (record, or the exact malformed-line
/// message) must be the same.
@Suite struct ProbeLineTemplateTests {
    struct Triple {
        var template = ProbeLineParser()
        var noTemplate: ProbeLineParser = {
            var parser = ProbeLineParser()
            parser.usesLineTemplate = false
            return parser
        }()
        var general: ProbeLineParser = {
            var parser = ProbeLineParser()
            parser.reusesRepeatedMembers = false
            parser.usesLineTemplate = false
            return parser
        }()

        mutating func check(_ line: [UInt8], _ note: @autoclosure () -> String = "") {
            let a = line.withUnsafeBytes { template.parse($0) }
            let b = line.withUnsafeBytes { noTemplate.parse($0) }
            let c = line.withUnsafeBytes { general.parse($0) }
            #expect(a == b, "\(note()) \(String(decoding: line, as: UTF8.self))")
            #expect(a == c, "\(note()) \(String(decoding: line, as: UTF8.self))")
        }
    }

    static let base = #"{"ts":"2026-09-01T10:05:00Z","env":"prod","client_id":"client-aaaa1111","consumer":"Boomi nightly ETL","endpoint":"token","status":200,"latency_ms":182}"#

    @Test func linesOfOneLayoutAreReadAgainstTheTemplate() {
        var triple = Triple()
        for minute in 0..<50 {
            let line = Self.base.replacingOccurrences(of: "10:05", with: "10:\(minute < 10 ? "0" : "")\(minute)")
                .replacingOccurrences(of: "182", with: "\(minute * 37)")
            triple.check(Array(line.utf8), "minute \(minute)")
        }
        // The first line is read in full and kept as a run, the second repeats the run and becomes the template.
        #expect(triple.template.templateLines == 48)
        #expect(triple.noTemplate.templateLines == 0)
    }

    /// Lines one byte or one value away from the template's layout.
    @Test func nearMissesReadLikeTheFullParser() {
        let base = Self.base
        var variants: [String] = [
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182 }"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182}}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182,}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms" :182}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":"182"}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":null}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":1e400}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":86400001}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":-0}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":0182}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182.}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182,"latency_ms":3}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","status":200}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #"}"#),
            base.replacingOccurrences(of: #""status":200,"latency_ms":182}"#, with: #""latency_ms":182,"status":200}"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":99999999999999999999999,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":2000,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":20,"#),
            // Around the plain-digits shortcut for status and latency: zero, the bounds, fractions and exponents.
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":0,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":999,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":1000,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":-200,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":2e2,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":200.0,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":20E1,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":00,"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":0}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":86400000}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":999999999}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":1000000000}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":12345678901}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":18E1}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182.5}"#),
            base.replacingOccurrences(of: #","latency_ms":182}"#, with: #","latency_ms":182-1}"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":true,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":"200","#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""statu\u0073":200,"#),
            base.replacingOccurrences(of: #""status":200,"#, with: #""status":200,"error":"invalid_client","#),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:00.123Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-02-30T10:05:00Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:00+02:00"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T1\\u0030:05:00Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:00Z\\\""),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:0\u{1}Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: ""),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: " 2026-09-01T10:05:00Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:00Z\t"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: " "),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T10:05:60Z"),
            base.replacingOccurrences(of: "2026-09-01T10:05:00Z", with: "2026-09-01T24:05:00Z"),
            base.replacingOccurrences(of: #""2026-09-01T10:05:00Z""#, with: "1788255900000"),
            base.replacingOccurrences(of: #""2026-09-01T10:05:00Z""#, with: "null"),
            base.replacingOccurrences(of: #"{"ts""#, with: #"{ "ts""#),
            base.replacingOccurrences(of: #"{"ts""#, with: #"{"time""#),
            base.replacingOccurrences(of: #""env":"prod""#, with: #""env":"qa""#),
            base.replacingOccurrences(of: #""consumer":"Boomi nightly ETL""#, with: #""consumer":"Boomi nightly ET\u004c""#),
            base.replacingOccurrences(of: #""endpoint":"token","#, with: #""endpoint":"token","endpoint":"token","#),
            String(base.dropLast()),
            String(base.dropLast(3)),
            base + " ",
            base + "x",
            "  " + base,
        ]
        variants = variants.flatMap { [$0, base] }
        var triple = Triple()
        for round in 0..<3 {
            for line in variants { triple.check(Array(line.utf8), "round \(round)") }
        }
        #expect(triple.template.templateLines > variants.count)
    }

    /// Generated lines: a few producers, each writing one layout (member order,
    /// spacing, optional members), lines of one producer in runs so the
    /// template is met; values of every length and form, members missing,
    /// doubled or reordered, separators and line ends mutated.
    @Test func generatedLinesReadLikeTheFullParser() {
        var rng = SplitMix64(named: "line-template")
        var triple = Triple()
        struct Producer {
            var identity: String
            var separator: String
            var colon: String
            var tsKey: String
            var order: [String]
            var withError: Bool
        }
        let consumers = ["Boomi nightly ETL", "Preference Center", "Caf\u{e9} \u{1F600} feed", "quote \\\" inside", "\\u0041BC"]
        func producer(_ k: Int) -> Producer {
            let separator = rng.pick([",", ",", ", "])
            let colon = rng.pick([":", ":", ": "])
            let identity = [
                "\"env\"\(colon)\"\(rng.pick(["prod", "qa", "dev"]))\"",
                "\"client_id\"\(colon)\"client-\(k)aaa1111\"",
                "\"consumer\"\(colon)\"\(rng.pick(consumers))\"",
                "\"endpoint\"\(colon)\"token\"",
            ].joined(separator: separator)
            var order = ["status", "latency_ms"]
            if rng.chance(0.3) { order.reverse() }
            return Producer(identity: identity, separator: separator, colon: colon, tsKey: rng.pick(["ts", "ts", "timestamp"]),
                            order: order, withError: rng.chance(0.3))
        }
        var producers = (0..<5).map { producer($0) }
        var current = 0
        for lineNumber in 0..<40_000 {
            if rng.below(3000) == 0 { producers[rng.below(producers.count)] = producer(rng.below(9)) }
            if rng.below(8) == 0 { current = rng.below(producers.count) }
            let p = producers[current]
            let c = p.colon
            let second = String(format: "%02d", lineNumber % 60)
            var ts = "\"2026-09-0\(1 + (lineNumber / 7000) % 3)T10:\(String(format: "%02d", (lineNumber / 60) % 60)):\(second)Z\""
            switch rng.below(50) {
            case 0: ts = "\"2026-09-01T10:05:\(second).\(rng.below(1000))Z\""
            case 1: ts = "\"2026-09-01T10:05:00+02:00\""
            case 2: ts = "\"2026-02-30T10:05:00Z\""
            case 3: ts = "\"2026-09-01T25:05:00Z\""
            case 4: ts = "\"2026-09-01T10:05:6\\u0030Z\""
            case 5: ts = "1788255900000"
            case 6: ts = "\"\""
            case 7: ts = "null"
            case 8: ts = "\"2026-09-01T10:05:00Z \""
            default: break
            }
            var status = "\(rng.pick([200, 200, 200, 200, 401, 429, 503, 0, 5]))"
            var latency = "\(rng.pick([rng.below(10), rng.below(1000), rng.below(100_000)]))"
            switch rng.below(60) {
            case 0: status = "99999999999999999999999"
            case 1: status = "\"200\""
            case 2: status = "-1"
            case 3: latency = "1e400"
            case 4: latency = "86400001"
            case 5: latency = "86400000"
            case 6: latency = "\"182.5\""
            case 7: latency = "182.25"
            case 8: latency = "123456789012345678901234567890"
            case 9: latency = "1E2"
            case 10: latency = "-0"
            case 11: latency = "01"
            default: break
            }
            var varying: [String] = p.order.map { "\"\($0)\"\(c)\($0 == "status" ? status : latency)" }
            if p.withError || rng.below(20) == 0 {
                varying.append("\"error\"\(c)\"\(rng.pick(["invalid_client", "timeout", "x\\ny", "unauthorized_client", ""]))\"")
            }
            switch rng.below(40) {
            case 0: varying.removeFirst() // a varying member missing
            case 1: varying.append(varying[0]) // doubled
            case 2: varying.reverse() // reordered
            case 3: varying.insert("\"status\"\(c)\(status)", at: 1)
            default: break
            }
            var line = "{\"\(p.tsKey)\"\(c)\(ts)\(p.separator)\(p.identity)\(p.separator)" + varying.joined(separator: p.separator) + "}"
            switch rng.below(40) {
            case 0: line += " "
            case 1: line += "\r"
            case 2: line = String(line.dropLast(rng.below(12)))
            case 3: line = line.replacingOccurrences(of: "\(p.separator)\"latency_ms\"", with: " \(p.separator)\"latency_ms\"")
            case 4: line = line.replacingOccurrences(of: "\"status\"\(c)", with: "\"status\" \(c)")
            case 5: line = line.replacingOccurrences(of: "}", with: ",}")
            case 6: line = line.replacingOccurrences(of: "\"latency_ms\"", with: "\"latency_m\\u0073\"")
            case 7: line += "}"
            case 8: line = line.replacingOccurrences(of: "\"status\"", with: "\"http_status\"")
            default: break
            }
            var bytes = Array(line.utf8)
            if rng.below(400) == 0, !bytes.isEmpty { bytes[rng.below(bytes.count)] = 0xFF }
            triple.check(bytes, "line \(lineNumber)")
        }
        // Lines follow their producer in runs, a third or more are read against the template despite the mutations.
        #expect(triple.template.templateLines > 10_000)
    }
}
