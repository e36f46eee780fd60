import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
@testable import CredGraphRisk

/// Singular and plural agree with every count, in every rule message and
/// remediation, the risk table and every report page: estates with one and
/// with two of everything (credentials, consumers per credential, owners,
/// failing probes, uninventoried clients), plus the count phrases at 0.
@Suite struct PluralTests {
    /// Nouns that follow a count somewhere in credgraph's text.
    static let nouns = [
        "consumer", "probe", "token probe", "auth failure", "refused probe", "credential", "Marketing Cloud credential",
        "owner", "day", "inventory row", "secret version", "node",
    ]

    /// Every wrong agreement found in `text`: a plural noun after 1, a singular after 0 or 2+, a plural verb after "1 consumer".
    static func problems(in text: String) -> [String] {
        var found: [String] = []
        let nounPattern = nouns.sorted { $0.count > $1.count }.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|")
        let patterns = [
            "(?<![\\d.,:-])1 (\(nounPattern))s\\b",
            "(?<![\\d.,:-])(0|[2-9]|[1-9]\\d+) (\(nounPattern))\\b(?! of)",
            "(?<![\\d.,:-])1 (consumer|credential|Marketing Cloud credential) (depend|keep|share|authenticate|fail|are|have)\\b",
            "(?<![\\d.,:-])1 of \\d+ \\w+ (keep|depend|have)\\b",
            "(?<![\\d.,:-])1 of \\d+ credentials? \\([^)]*\\) are\\b",
            "\\(s\\)",
        ]
        for pattern in patterns {
            let regex = try! NSRegularExpression(pattern: pattern)
            let range = NSRange(text.startIndex..., in: text)
            for match in regex.matches(in: text, range: range) {
                let r = Range(match.range, in: text)!
                let start = text.index(r.lowerBound, offsetBy: -30, limitedBy: text.startIndex) ?? text.startIndex
                let end = text.index(r.upperBound, offsetBy: 30, limitedBy: text.endIndex) ?? text.endIndex
                found.append("'\(text[r])' in …\(text[start..<end])…")
            }
        }
        return found
    }

    /// A data folder: `n` credentials, each with `n` prod consumers that trip
    /// most rules, `n` failing probes per consumer, one uninventoried client per `n`.
    static func estate(_ n: Int) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-plural-\(n)-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("probes"), withIntermediateDirectories: true)
        var inventory = "integration,environment,installed_package,client_id,package_type,kind,business_owner,technical_owner,secret_location,"
            + "secret_expires_on,secret_generated_on,secret_rotated_on,criticality,retry,alerting,lower_env_rotated_on,e2e_tested_on,writes,notes\n"
        var probes = ""
        let asOf = parseRFC3339("2026-09-02T12:00:00Z")!
        for c in 0..<n {
            let client = "pluralclient\(c)aaaaaaaaaaaa"
            for k in 0..<n {
                let name = "Feed \(c)-\(k)"
                // Expired for the first credential, expiring in 5 days otherwise; hardcoded, no owner, no alerting, no retry.
                let expires = c == 0 ? "2026-08-20" : "2026-09-07"
                inventory += "\(name),prod,Package \(c),\(client),server-to-server,etl,,Owner \(k),hardcoded,\(expires),,2026-08-30,high,none,none,,,DE_\(c)_\(k),\n"
                for p in 0..<n {
                    let ts = formatTimestamp(asOf - Int64(p + 1) * 600_000)
                    probes += "{\"ts\":\"\(ts)\",\"env\":\"prod\",\"client_id\":\"\(client)\",\"consumer\":\"\(name)\",\"endpoint\":\"token\",\"status\":401,\"error\":\"invalid_client\",\"latency_ms\":2500}\n"
                    let slow = formatTimestamp(asOf - Int64(p + 1) * 3_600_000 - 86_400_000)
                    // The first consumer of each credential logs no secret_version: version-unreported.
                    let version = k == 0 ? "" : ",\"secret_version\":\"v\(p)\""
                    probes += "{\"ts\":\"\(slow)\",\"env\":\"prod\",\"client_id\":\"\(client)\",\"consumer\":\"\(name)\",\"endpoint\":\"token\",\"status\":200,\"latency_ms\":\(3000 + p)\(version)}\n"
                    let error = formatTimestamp(asOf - Int64(p + 1) * 3_600_000 - 2 * 86_400_000)
                    probes += "{\"ts\":\"\(error)\",\"env\":\"prod\",\"client_id\":\"\(client)\",\"consumer\":\"\(name)\",\"endpoint\":\"token\",\"status\":503,\"latency_ms\":100}\n"
                }
            }
        }
        // A credential whose consumers' secret location is unknown, expiring in 20 days.
        for k in 0..<n {
            inventory += "Loc \(k),prod,Unknown Location,pluralunknownlocation0000,server-to-server,etl,Biz,Tech,unknown,2026-09-22,,,low,none,pager:x,,,,\n"
        }
        for u in 0..<n {
            for p in 0..<n {
                let ts = formatTimestamp(asOf - Int64(p + 1) * 600_000)
                probes += "{\"ts\":\"\(ts)\",\"env\":\"prod\",\"client_id\":\"strayclient\(u)bbbbbbbbbbbb\",\"consumer\":\"Stray \(u)\",\"endpoint\":\"token\",\"status\":200,\"latency_ms\":100}\n"
            }
        }
        try inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        try "from,from_kind,to,to_kind,relation,environment,owner,criticality\n".write(to: dir.appendingPathComponent("dependencies.csv"), atomically: true, encoding: .utf8)
        try probes.write(to: dir.appendingPathComponent("probes/probes.jsonl"), atomically: true, encoding: .utf8)
        try "as_of: 2026-09-02T12:00:00Z\ndeadline: 2026-09-30\n".write(to: dir.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        return dir.path
    }

    static var templates: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates").path
    }

    @Test(arguments: [1, 2]) func everyMessageTableAndPageAgreesWithItsCounts(n: Int) throws {
        let data = try Self.estate(n)
        defer { try? FileManager.default.removeItem(atPath: data) }
        var options = InputOptions()
        options.dataDirectory = data
        let analysis = try analyze(options)
        let findings = analysis.risk.allFindings
        // The estate trips the rules whose messages count things.
        let rules = Set(findings.map(\.rule.rawValue))
        for rule in ["auth-failing", "secret-expired", "secret-expiring", "hardcoded-secret", "owner-missing", "no-alerting", "no-retry",
                     "latency-degraded", "probe-errors", "uninventoried-client", "version-unreported", "secret-location-unknown", "not-monitored"] {
            #expect(rules.contains(rule), "\(rule) should fire with n = \(n)")
        }
        for finding in findings {
            #expect(Self.problems(in: finding.message) == [], "\(finding.rule) message, n = \(n)")
            #expect(Self.problems(in: finding.remediation) == [], "\(finding.rule) remediation, n = \(n)")
        }
        #expect(Self.problems(in: analysis.risk.tableText()) == [])
        let context = ReportContext(analysis: analysis)
        let files = try buildReports(context, templates: ReportTemplates.load(directory: Self.templates))
        var pages = 0
        for (path, bytes) in files.files where path.hasSuffix(".md") {
            pages += 1
            #expect(Self.problems(in: String(decoding: bytes, as: UTF8.self)) == [], "\(path), n = \(n)")
        }
        #expect(pages >= 4)
    }

    @Test func countPhrasesAtZeroOneAndTwo() {
        #expect(Wording.count(0, "consumer") == "0 consumers")
        #expect(Wording.count(1, "consumer") == "1 consumer")
        #expect(Wording.count(2, "consumer") == "2 consumers")
        #expect(Wording.subject(0, "consumer", "depends", "depend") == "0 consumers depend")
        #expect(Wording.subject(1, "consumer", "depends", "depend") == "1 consumer depends")
        #expect(Wording.subject(2, "consumer", "depends", "depend") == "2 consumers depend")
        for text in ["1 consumers", "2 probe", "1 consumer depend", "1 of 1 consumer keep", "0 day", "credential(s)"] {
            #expect(!Self.problems(in: text).isEmpty, "the check must catch '\(text)'")
        }
        for text in ["1 consumer", "2 probes", "1 consumer depends", "1 of 2 consumers keeps", "0 days", "1 of 2 consumers"] {
            #expect(Self.problems(in: text).isEmpty, "'\(text)' is right")
        }
    }
}
