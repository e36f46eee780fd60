import Foundation
import Testing

/// Probe exports from log platforms through the built executable: the same
/// findings as the native format, loud failures, names that do not line up.
@Suite struct ProbeExportCommandTests {
    static let inventory = """
        integration,environment,installed_package,client_id,secret_expires_on,technical_owner,business_owner,secret_location
        Customer Sync,prod,MC Mule,mule0000client01,2026-12-01,Dana <dana@example.com>,Aisha (aisha@example.com),vault:kv/mule
        Preference Center,prod,MC Prefs,prefs000client02,2026-12-01,web@example.com,,vendor
        Preference Center,qa,MC Prefs,prefs000client02,2026-12-01,web@example.com,,vendor

        """

    /// One probe: seconds after 2026-09-02T11:00:00Z, client, consumer, env, status, error, endpoint.
    struct Probe {
        var offset: Int64
        var client: String
        var consumer: String
        var env: String
        var status: Int
        var error: String?
        var endpoint: String
    }

    static let base: Int64 = 1_788_346_800 // 2026-09-02T11:00:00Z

    static let probes: [Probe] = (0..<12).flatMap { i -> [Probe] in
        let t = Int64(i) * 300
        return [
            Probe(offset: t, client: "mule0000client01", consumer: "Customer Sync", env: "prod", status: 401, error: "invalid_client", endpoint: "token"),
            Probe(offset: t + 10, client: "prefs000client02", consumer: "Preference Center", env: "prod", status: 200, error: nil, endpoint: "token"),
            Probe(offset: t + 20, client: "prefs000client02", consumer: "Preference Center", env: "qa", status: i % 2 == 0 ? 200 : 500, error: nil, endpoint: "rest"),
        ]
    }

    static func native(_ p: Probe) -> String {
        let ts = Date(timeIntervalSince1970: TimeInterval(base + p.offset)).formatted(.iso8601)
        var line = #"{"ts":"\#(ts)","client_id":"\#(p.client)","consumer":"\#(p.consumer)","env":"\#(p.env)","status":\#(p.status),"endpoint":"\#(p.endpoint)""#
        if let e = p.error { line += #","error":"\#(e)""# }
        return line + "}"
    }

    static func exported(_ p: Probe) -> String {
        let url = p.endpoint == "token" ? "https://mc1.auth.marketingcloudapis.com/v2/token" : "https://mc1.rest.marketingcloudapis.com/data/v1/customobjectdata"
        let error = p.error.map { #","error":{"code":"\#($0)"}"# } ?? ""
        return #"{"content":{"timestamp":\#((base + p.offset) * 1000),"attributes":{"client_id":"\#(p.client)","mc":{"consumer":"\#(p.consumer)","env":"\#(p.env)"},"http":{"status_code":\#(p.status),"url":"\#(url)"}\#(error)}},"status":"info"}"#
    }

    static let mapping = """
        probes:
          fields:
            ts: content.timestamp
            client_id: content.attributes.client_id
            status: content.attributes.http.status_code
            endpoint: content.attributes.http.url
            consumer: content.attributes.mc.consumer
            env: content.attributes.mc.env
            error: content.attributes.error

        """

    func estate(config: String = "", probes: [String: String]) throws -> URL {
        let dir = try CLI.temporaryDirectory()
        try Self.inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        try ("as_of: 2026-09-02T12:00:00Z\n" + config).write(to: dir.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        for (name, text) in probes {
            let url = dir.appendingPathComponent("probes/" + name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    /// Findings of `risk --json`, without the client ids' order mattering.
    func findings(_ dir: URL) throws -> [String] {
        let result = try CLI.run(["risk", "--data", dir.path, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let object = try jsonObject(result.stdout)
        let credentials = try #require(object["credentials"] as? [[String: Any]])
        return credentials.flatMap { c in
            (c["findings"] as? [[String: Any]] ?? []).map { f in
                // Messages cite inventory lines by path; the two estates differ only in their folder.
                "\(c["client_id"] ?? "") \(f["rule"] ?? "") \(f["severity"] ?? "") \(f["message"] ?? "")"
                    .replacingOccurrences(of: dir.path, with: "DATA")
            }
        }
    }

    @Test func aLogPlatformExportGivesTheFindingsOfTheNativeFormat() throws {
        let native = try estate(probes: ["checks.jsonl": Self.probes.map(Self.native).joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: native) }
        // Half as JSON lines with nested fields, half as one JSON array file.
        let half = Self.probes.count / 2
        let exported = try estate(config: Self.mapping, probes: [
            "datadog/part1.jsonl": Self.probes[..<half].map(Self.exported).joined(separator: "\n") + "\n",
            "datadog/part2.json": "[\n" + Self.probes[half...].map(Self.exported).joined(separator: ",\n") + "\n]\n",
        ])
        defer { try? FileManager.default.removeItem(at: exported) }

        let expected = try findings(native)
        #expect(expected.contains { $0.contains("auth-failing critical") })
        let got = try findings(exported)
        #expect(got == expected, "\(got.filter { !expected.contains($0) }) instead of \(expected.filter { !got.contains($0) })")

        let check = try CLI.run(["check", "--data", exported.path])
        #expect(check.status == 0, "stderr: \(check.stderr)")
        #expect(check.stdout.contains("datadog/part1.jsonl: 18 of 18 probe lines used"))
        #expect(check.stdout.contains("datadog/part2.json: 18 of 18 probe lines used"))
        #expect(check.stdout.contains("36 of 36 probe lines used in 2 files"))
    }

    @Test func aFileWithNoUsableLineFailsTheRun() throws {
        // The export without its mapping: every line is nested, none is usable.
        let dir = try estate(probes: ["datadog.jsonl": Self.probes.map(Self.exported).joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try CLI.run(["check", "--data", dir.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("datadog.jsonl: error: no usable probe record: all 36 lines are malformed"))
        #expect(check.stderr.contains("First bad line 1: missing ts, client_id"))
        #expect(check.stderr.contains("probes.fields"))
        #expect(check.stdout.contains("0 of 36 probe lines used in 1 file"))
        // The risk gate cannot stay green on probes it could not read.
        let risk = try CLI.run(["risk", "--data", dir.path, "--fail-on", "critical"])
        #expect(risk.status == 1)
    }

    @Test func checkNamesTheEnvironmentTypoAndTheUnmatchedProbeConsumer() throws {
        let probes = [
            #"{"ts":"2026-09-02T11:00:00Z","client_id":"mule0000client01","consumer":"mulesoft-customer-sync","env":"prod","status":401,"error":"invalid_client"}"#,
            #"{"ts":"2026-09-02T11:05:00Z","client_id":"mule0000client01","consumer":"mulesoft-customer-sync","env":"prod","status":401,"error":"invalid_client"}"#,
        ]
        let dir = try estate(probes: ["checks.jsonl": probes.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = Self.inventory.replacingOccurrences(of: "Preference Center,qa,", with: "Preference Center,PRD,")
        try inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)

        let check = try CLI.run(["check", "--data", dir.path])
        #expect(check.status == 0)
        #expect(check.stderr.contains("inventory.csv:4: warning: environment 'PRD' is not one of dev, qa, uat, staging, prod; it looks like prod"))
        #expect(check.stderr.contains("name consumer 'mulesoft-customer-sync@prod' (2 probes), which matches no inventory row of that client id; closest row: 'Customer Sync@prod' at line 2"))
        #expect(try CLI.run(["check", "--data", dir.path, "--fail-on", "warning"]).status == 1)

        // The finding says what the probes said.
        let risk = try CLI.run(["risk", "--data", dir.path, "--json", "--fail-on", "critical"])
        #expect(risk.status == 1)
        #expect(risk.stdout.contains("they named 'mulesoft-customer-sync@prod'"))
        // The gate names how many findings, and the top ones.
        #expect(risk.stderr.contains("credgraph: 1 finding at or above critical:"))
        #expect(risk.stderr.contains("critical auth-failing: MC Mule (…nt01)"))
    }

    @Test func strictListsEveryBadLineAsAnError() throws {
        let good = Self.probes.map(Self.native)
        let lines = good + (0..<9).map { #"{"ts":"30/09/2026","client_id":"c","status":200,"n":\#($0)}"# }
        let dir = try estate(probes: ["checks.jsonl": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let normal = try CLI.run(["check", "--data", dir.path])
        #expect(normal.stderr.components(separatedBy: "warning: malformed probe line: invalid ts '30/09/2026'; accepted: RFC 3339").count - 1 == 5)
        #expect(normal.stderr.contains("4 more malformed probe lines not shown (--strict lists every one)"))
        #expect(normal.stderr.contains("9 of 45 probe lines malformed (20%)"))
        #expect(normal.status == 1)
        let strict = try CLI.run(["check", "--data", dir.path, "--strict"])
        #expect(strict.stderr.components(separatedBy: "error: malformed probe line: invalid ts '30/09/2026'").count - 1 == 9)
        #expect(strict.status == 1)
    }
}

/// The report's front page says when the inputs had problems, and a value
/// that failed to parse is shown as such, not as "unknown".
@Suite struct DataQualityReportTests {
    @Test func inputProblemsOpenTheIndexAndBadDatesShowAsSuch() throws {
        let suite = ProbeExportCommandTests()
        let lines = ProbeExportCommandTests.probes.map(ProbeExportCommandTests.native) + ["not a probe"]
        let dir = try suite.estate(probes: ["checks.jsonl": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = ProbeExportCommandTests.inventory.replacingOccurrences(of: "vault:kv/mule", with: "vault:kv/mule")
            .replacingOccurrences(of: "mule0000client01,2026-12-01", with: "mule0000client01,30/09/2026")
        try inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("reports")
        let run = try CLI.run(["report", "--data", dir.path, "--out", out.path])
        #expect(run.status == 1) // input errors: the pages are written, and the run says so
        #expect(run.stderr.contains("inventory.csv:2: error: bad date in 'secret_expires_on': '30/09/2026'"))

        let index = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(index.range(of: "## Data quality: read this first"))
        #expect(section.lowerBound < index.range(of: "## Headline")!.lowerBound)
        #expect(index.contains("Errors: **1**, warnings: **1**, probe lines that could not be used: **1**"))
        #expect(index.contains("| \(dir.path)/inventory.csv | 1 | 0 | 0 |"))
        #expect(index.contains("| \(dir.path)/probes/checks.jsonl | 0 | 1 | 1 |"))
        #expect(index.contains("- error at `\(dir.path)/inventory.csv:2`: bad date"))
        // Two problems, both listed: no "and 0 more".
        #expect(!index.contains("more."))

        let readiness = try String(contentsOf: out.appendingPathComponent("readiness.md"), encoding: .utf8)
        #expect(readiness.contains("invalid date '30/09/2026' in \(dir.path)/inventory.csv:2"))
        let risk = try CLI.run(["risk", "--data", dir.path, "--json"])
        #expect(risk.stdout.contains("the date given is not a date: invalid date '30/09/2026' in"))
    }

    @Test func cleanInputsHaveNoDataQualitySection() throws {
        let suite = ProbeExportCommandTests()
        let dir = try suite.estate(probes: ["checks.jsonl": ProbeExportCommandTests.probes.map(ProbeExportCommandTests.native).joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports")
        let run = try CLI.run(["report", "--data", dir.path, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let index = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(!index.contains("Data quality"))
    }
}
