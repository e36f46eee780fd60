import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import TestSupport

/// Pins the repeated-members fast path of the JSON line parser (identity
/// members a line repeats byte for byte are taken from the line that first
/// held them) against the parser reading every member: line after line, the
/// outcome (record, or the exact malformed-line message) must be the same.
@Suite struct ProbeRepeatedMembersTests {
    /// Two parsers over the same lines, one taking repeated runs, one reading everything.
    struct Pair {
        var fast = ProbeLineParser()
        var general: ProbeLineParser = {
            var parser = ProbeLineParser()
            parser.reusesRepeatedMembers = false
            return parser
        }()

        mutating func check(_ line: [UInt8], _ note: @autoclosure () -> String = "") {
            let a = line.withUnsafeBytes { fast.parse($0) }
            let b = line.withUnsafeBytes { general.parse($0) }
            #expect(a == b, "\(note()) \(String(decoding: line, as: UTF8.self))")
        }
    }

    static let base = #"{"ts":"2026-09-01T10:05:00Z","env":"prod","client_id":"client-aaaa1111","consumer":"Boomi nightly ETL","endpoint":"token","status":200,"latency_ms":182}"#

    @Test func aRepeatedRunIsKeptOnceAndTakenAfterwards() {
        var parser = ProbeLineParser()
        for minute in 0..<50 {
            let line = Array(Self.base.replacingOccurrences(of: "10:05", with: "10:\(minute < 10 ? "0" : "")\(minute)").utf8)
            #expect(line.withUnsafeBytes { parser.parse($0) }.record?.consumer == "Boomi nightly ETL")
        }
        // Had a line missed, it would have been read and kept again.
        #expect(parser.repeats.entries.count == 1)
        #expect(parser.repeats.startMember == 1)
    }

    /// Lines that start like a kept run and then differ, or meet it where a
    /// field is given already: each must read as if nothing were kept.
    @Test func nearMissesReadLikeTheGeneralParser() {
        var pair = Pair()
        pair.check(Array(Self.base.utf8))
        let base = Self.base
        var variants: [String] = []
        variants.append(base)
        variants.append(base.replacingOccurrences(of: #""consumer":"Boomi nightly ETL""#, with: #""consumer":"Boomi nightly ETM""#))
        variants.append(base.replacingOccurrences(of: #""env":"prod","#, with: #""env":"prod" , "#))
        variants.append(base.replacingOccurrences(of: #""endpoint":"token","#, with: #""endpoint":"token",    "#))
        variants.append(base.replacingOccurrences(of: #""endpoint":"token","#, with: #""endpoint":"token"}"#))
        variants.append(base.replacingOccurrences(of: #""endpoint":"token","#, with: #""endpoint":"token""#))
        variants.append(base.replacingOccurrences(of: #""endpoint":"token","#, with: #""endpoint":"token","#) + " ")
        // A field the run gives, given before it: a duplicate, whatever is kept.
        variants.append(base.replacingOccurrences(of: #"{"ts":"2026-09-01T10:05:00Z","#, with: #"{"env":"qa","#))
        variants.append(base.replacingOccurrences(of: #"{"ts":"2026-09-01T10:05:00Z","#, with: #"{"client_id":"x","#))
        // The run after a first member that is not the timestamp, and the timestamp after it.
        variants.append(base.replacingOccurrences(of: #""status":200,"#, with: #""status":200,"ts":"2026-09-01T10:06:00Z","#).replacingOccurrences(of: #"{"ts":"2026-09-01T10:05:00Z","#, with: #"{"service":"x","#))
        // Cut inside the run, and right after it.
        variants.append(String(base.prefix(60)))
        variants.append(String(base.prefix(base.count - 30)))
        variants.append(base.replacingOccurrences(of: #""status":200,"latency_ms":182}"#, with: ""))
        // A duplicate after the run, of a field the run gave.
        variants.append(base.replacingOccurrences(of: #""latency_ms":182}"#, with: #""latency_ms":182,"consumer":"x"}"#))
        variants.append(base.replacingOccurrences(of: #""latency_ms":182}"#, with: #""latency_ms":182,"integration":"x"}"#))
        variants.append(base)
        for round in 0..<2 {
            for line in variants { pair.check(Array(line.utf8), "round \(round)") }
        }
    }

    /// Generated lines: a few producers (each writing its own member order and
    /// spacing), mutated at random with everything the parser treats specially.
    @Test func generatedLinesReadLikeTheGeneralParser() {
        var rng = SplitMix64(named: "repeated-members")
        var pair = Pair()
        let clients = ["client-aaaa1111", "client-bbbb2222", "c", "client-\u{e9}t\u{e9}", "aB3dE5gH7jK9mN1pQ3sT5vW7"]
        let consumers = ["Boomi nightly ETL", "Preference Center", "Caf\u{e9} \u{1F600} feed", "quote \\\" inside", "\\u0041BC", ""]
        let envs = ["prod", "production", "QA", "dev", "", "null"]
        let identityKeys = [["env", "environment"], ["client_id"], ["consumer", "integration"], ["endpoint"], ["secret_version"]]
        struct Producer {
            var order: [Int]
            var keys: [String]
            var separator: String
            var values: [String]
        }
        func producer() -> Producer {
            var order = Array(0..<5)
            order.shuffle(using: &rng)
            if rng.chance(0.3) { order.removeLast(rng.below(3)) }
            let keys = identityKeys.map { rng.pick($0) }
            let envValue = rng.pick(envs)
            let values = [
                envValue == "null" ? "null" : "\"\(envValue)\"",
                "\"\(rng.pick(clients))\"",
                "\"\(rng.pick(consumers))\"",
                "\"\(rng.pick(["token", "TOKEN", "rest", "soap"]))\"",
                rng.chance(0.5) ? "\"v\(rng.below(3))\"" : "null",
            ]
            return Producer(order: order, keys: keys, separator: rng.pick([",", ",", ", ", " ,"]), values: values)
        }
        var producers = (0..<6).map { _ in producer() }
        for lineNumber in 0..<40_000 {
            if rng.below(2000) == 0 { producers[rng.below(producers.count)] = producer() }
            let p = rng.pick(producers)
            var members: [String] = []
            let minute = lineNumber % 60
            var ts = "\"2026-09-0\(1 + (lineNumber / 5000) % 3)T10:\(minute < 10 ? "0" : "")\(minute):00Z\""
            switch rng.below(60) {
            case 0: ts = "\"2026-09-01T10:05:00+02:00\""
            case 1: ts = "\"not a time\""
            case 2: ts = "1788255900000"
            case 3: ts = "\"2026-02-30T10:05:00Z\""
            default: break
            }
            let tsKey = rng.below(20) == 0 ? rng.pick(["time", "@timestamp", "timestamp"]) : "ts"
            members.append("\"\(tsKey)\":\(ts)")
            for k in p.order { members.append("\"\(p.keys[k])\":\(p.values[k])") }
            var status = "\(rng.pick([200, 200, 200, 401, 429, 503, 0]))"
            var latency = "\(rng.below(2000))"
            switch rng.below(80) {
            case 0: status = "99999999999999999999999"
            case 1: latency = "1e400"
            case 2: latency = "86400001"
            case 3: latency = "-5"
            case 4: latency = "\"182.5\""
            case 5: status = "\"200\""
            case 6: latency = "123456789012345678901234567890"
            default: break
            }
            members.append("\"status\":\(status)")
            members.append("\"latency_ms\":\(latency)")
            if rng.below(10) == 0 { members.append("\"error\":\"\(rng.pick(["invalid_client", "timeout", "x\\ny"]))\"") }
            if rng.below(15) == 0 { members.append("\"request\":{\"id\":\(rng.below(1000)),\"tags\":[1,2]}") }
            // Mutations of the whole line.
            var line = "{" + members.joined(separator: p.separator) + "}"
            switch rng.below(40) {
            case 0: line = line.replacingOccurrences(of: "client_id", with: "client_i\\u0064") // an escaped key
            case 1: line = line.replacingOccurrences(of: "\"status\"", with: "\"consumer\":\"dup\",\"status\"")
            case 2: line = line.replacingOccurrences(of: "Boomi", with: "Bo\u{1}omi") // a control character
            case 3: line = line.replacingOccurrences(of: "Preference", with: "Prefe\\u0000rence")
            case 4: line = "  " + line + " \t"
            case 5: line = String(line.dropLast(rng.below(line.count)))
            case 6: line = line.replacingOccurrences(of: "\"env\"", with: "\"env\":\"qa\",\"env\"")
            case 7: line = line.replacingOccurrences(of: "client-aaaa1111", with: "sk_live_9fQ2xLr7Tq1ZpV4mWb8cYd3H") // secret-looking
            case 8: line = line.replacingOccurrences(of: ":", with: " : ")
            default: break
            }
            var bytes = Array(line.utf8)
            if rng.below(300) == 0, !bytes.isEmpty { bytes[rng.below(bytes.count)] = 0xFF } // not UTF-8
            pair.check(bytes, "line \(lineNumber)")
        }
        #expect(!pair.fast.repeats.isEmpty)
    }

    /// More distinct names than the symbol tables keep: they start over
    /// (their ids are reused), and no kept run may answer with an old id.
    @Test func symbolTablesStartingOverDropKeptRuns() {
        var pair = Pair()
        for i in 0..<(SymbolTable.softCap * 2 + 100) {
            let consumer = i % 2 == 0 ? "Boomi nightly ETL" : "caller \(i)"
            let line = #"{"ts":"2026-09-02T10:00:00Z","env":"prod","client_id":"client-aaaa1111","consumer":"\#(consumer)","endpoint":"token","status":200}"#
            pair.check(Array(line.utf8), "line \(i)")
        }
    }
}

/// The whole-millisecond shortcut of `latency_ms` gives what `parseLatency` gives.
@Suite struct ProbeLatencyShortcutTests {
    @Test func wholeMillisecondsEqualParseLatency() {
        var rng = SplitMix64(named: "whole-milliseconds")
        var texts = ["0", "00", "007", "1", "90", "182", "999999999", "1000000000", "86400000", "86400001", "", "+5", "-5",
                     "1.5", "1e3", "12a", " 12", "12 ", "0x10", "\u{0663}"]
        for _ in 0..<20_000 {
            let length = rng.between(1, 12)
            texts.append(String((0..<length).map { _ in rng.chance(0.95) ? Character(String(rng.below(10))) : rng.pick(Array(".e+-x ")) }))
        }
        for text in texts {
            let bytes = Array(text.utf8)
            let fast = bytes.withUnsafeBytes { ProbeLineParser.wholeMilliseconds($0) }
            let full = bytes.withUnsafeBytes { ProbeLineParser.parseLatency($0) }
            if let fast { #expect(fast == full, "\(text)") }
            #expect((fast ?? full) == full, "\(text)")
        }
    }
}
