import Foundation
import Testing

/// `credgraph scan` and the metadata options through the built executable,
/// on the metadata estate (Tests/Fixtures/metadata-estate: a retrieve of three
/// business units).
@Suite(.serialized) struct ScanCommandTests {
    static let data = CLI.estate("metadata-estate")

    /// The secret the estate's QA script holds in code.
    static func pastedSecret() throws -> String {
        let code = try String(contentsOf: CLI.packageRoot.appendingPathComponent(data + "/metadata/Larkfield_QA/script/qa_token_smoke_test.script-meta.ssjs"), encoding: .utf8)
        let marker = "\"client_secret\":\""
        let start = try #require(code.range(of: marker)).upperBound
        let secret = String(code[start...].prefix { $0.isLetter || $0.isNumber })
        #expect(secret.count >= 16)
        return secret
    }

    @Test func textListsCountsEdgesMissingUnresolvedAndCredentials() throws {
        let result = try CLI.run(["scan", "--data", Self.data])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("Scanned 3 business units: \(Self.data)/metadata/_ParentBU_ (shared, prod), \(Self.data)/metadata/Larkfield_Prod (prod), \(Self.data)/metadata/Larkfield_QA (qa)"))
        #expect(out.contains("  query          5"))
        #expect(out.contains("data-view:_Sent@prod -> query:engagement_last_90_days@prod  reads  \(Self.data)/metadata/Larkfield_Prod/query/engagement_last_90_days.query-meta.sql:2"))
        #expect(out.contains("data-extension:Returns_Staging@qa  referenced from \(Self.data)/metadata/Larkfield_QA/query/daily_order_summary.query-meta.sql:3"))
        #expect(out.contains("content-block:product_recommendations_block@prod  LookupRows(@de)"))
        #expect(out.contains("cloudpage:preference_centre_page@prod  client id …am66; value redacted"))
        #expect(out.contains("ssjs:qa_token_smoke_test@qa  secret material (client_secret assignment); value redacted"))
        #expect(out.contains("automation:nightly_order_summary@prod  FREQ=DAILY;INTERVAL=1  next run Thu 2026-09-03 02:00 CEST"))
        #expect(!out.contains(try Self.pastedSecret()))
        #expect(!out.contains("9bml4pf30bml18t3n8jvam66"))
    }

    @Test func jsonFollowsTheContractAndIsDeterministic() throws {
        let first = try CLI.run(["scan", "--data", Self.data, "--json"])
        #expect(first.status == 0)
        let second = try CLI.run(["scan", "--data", Self.data, "--json"])
        #expect(first.stdout == second.stdout)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        for key in ["items", "edges", "missing", "unresolved", "credentials_in_code", "skipped"] { #expect(doc[key] != nil, "\(key)") }
        let edges = try #require(doc["edges"] as? [[String: String]])
        func has(_ from: String, _ to: String, _ relation: String) -> Bool {
            edges.contains { $0["from"] == from && $0["to"] == to && $0["relation"] == relation && ($0["source"] ?? "").contains(":") }
        }
        // data view → query → data extension
        #expect(has("data-view:_Sent@prod", "query:engagement_last_90_days@prod", "reads"))
        #expect(has("query:engagement_last_90_days@prod", "data-extension:engagement_last_90_days@prod", "writes"))
        // data extension → filter → data extension
        #expect(has("data-extension:customer_engagement_scores@prod", "filter:winback_audience_filter@prod", "reads"))
        #expect(has("filter:winback_audience_filter@prod", "data-extension:winback_audience@prod", "writes"))
        // data extension → email send
        #expect(has("data-extension:sendable_customers@prod", "email-send:weekly_promo_send@prod", "reads"))
        // included block → including block, and a shared data extension read through ENT.
        #expect(has("content-block:legal_footer@prod", "content-block:product_recommendations_block@prod", "feeds"))
        #expect(has("data-extension:product_catalog", "content-block:product_recommendations_block@prod", "reads"))
        let credentials = try #require(doc["credentials_in_code"] as? [[String: Any]])
        #expect(credentials.contains { $0["item"] as? String == "cloudpage:preference_centre_page@prod" && $0["what"] as? String == "client id" })
        #expect(credentials.contains { $0["item"] as? String == "ssjs:qa_token_smoke_test@qa" && $0["what"] as? String == "secret material" })
        let skipped = try #require(doc["skipped"] as? [String: Int])
        #expect(skipped == ["unknown_types": 0, "files": 0])
        #expect(!first.stdout.contains(try Self.pastedSecret()))
    }

    @Test func metadataOptionsOnTheCommandLine() throws {
        let qa = CLI.packageRoot.appendingPathComponent(Self.data + "/metadata/Larkfield_QA").path
        let result = try CLI.run(["scan", "--data", Self.data, "--metadata", qa, "--metadata-env", "staging", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("query:daily_order_summary@staging"))
        #expect(!result.stdout.contains("@prod"))
        let missing = try CLI.run(["scan", "--data", Self.data, "--metadata", "/nonexistent/retrieve"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("metadata folder '/nonexistent/retrieve' not found"))
    }

    @Test func noMetadataIsAUsageErrorAndBadFilesAreWarnings() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let none = try CLI.run(["scan", "--data", Self.data, "--config", dir.appendingPathComponent("none.yml").path])
        #expect(none.status == 2)
        let config = dir.appendingPathComponent("plain.yml")
        try Data("as_of: 2026-09-02T12:00:00Z\n".utf8).write(to: config)
        let empty = try CLI.run(["scan", "--data", Self.data, "--config", config.path])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no metadata to scan"))

        let bu = dir.appendingPathComponent("BU/query")
        try FileManager.default.createDirectory(at: bu, withIntermediateDirectories: true)
        try Data("{ \"key\": \"q\", ".utf8).write(to: bu.appendingPathComponent("q.query-meta.json"))
        try Data("{ \"key\": \"r\", \"name\": \"R\" }".utf8).write(to: bu.appendingPathComponent("r.query-meta.json"))
        let bad = try CLI.run(["scan", "--data", Self.data, "--config", config.path, "--metadata", dir.appendingPathComponent("BU").path])
        #expect(bad.status == 0)
        #expect(bad.stderr.contains("q.query-meta.json:1: warning: malformed JSON"))
        #expect(bad.stderr.contains("r.query-meta.json: warning: query has no SQL"))
        #expect(bad.stdout.contains("Skipped files: 2 that could not be read"))
    }

    @Test func blastRadiusReachesFurtherWithMetadataAndSaysWhenAutomationsRun() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yml = try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.data + "/credgraph.yml"), encoding: .utf8)
        let withoutMetadata = dir.appendingPathComponent("credgraph.yml")
        // The same settings less the `metadata:` block, which ends the file.
        let start = yml.range(of: "# The mcdev retrieve")!.lowerBound
        try Data(String(yml[..<start]).utf8).write(to: withoutMetadata)

        let ref = "package:MuleSoft Commerce Connector"
        let before = try CLI.run(["blast-radius", "--data", Self.data, "--config", withoutMetadata.path, ref, "--json"])
        let after = try CLI.run(["blast-radius", "--data", Self.data, ref, "--json"])
        #expect(before.status == 0 && after.status == 0)
        func count(_ json: String) throws -> Int {
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return (doc["nodes"] as? [Any])?.count ?? 0
        }
        #expect(try count(after.stdout) > count(before.stdout) + 10)
        #expect(after.stdout.contains("\"source\" : \"\(Self.data)/metadata/Larkfield_Prod/query/daily_order_summary.query-meta.sql:3\""))

        let text = try CLI.run(["blast-radius", "--data", Self.data, ref])
        #expect(text.stdout.contains("query           Daily Order Summary [prod]  (reads, \(Self.data)/metadata/Larkfield_Prod/query/daily_order_summary.query-meta.sql:4)")
                || text.stdout.contains("Daily Order Summary [prod]  (reads, \(Self.data)/metadata/Larkfield_Prod/query/daily_order_summary.query-meta.sql:3)"))
        #expect(text.stdout.contains("Automations reached, first run after the secret expires (2027-02-12):"))
        #expect(text.stdout.contains("Nightly Order Summary  Fri 2027-02-12 02:00 CET"))

        let path = try CLI.run(["path", "--data", Self.data, "data-view:_Sent", "email-send:Weekly Promo Newsletter Send"])
        #expect(path.status == 0, "\(path.stderr)")
        #expect(path.stdout.contains("data-view:_Sent -> query:Engagement Last 90 Days"))
        #expect(path.stdout.contains("reads  \(Self.data)/metadata/Larkfield_Prod/query/engagement_last_90_days.query-meta.sql:2"))
    }

    @Test func noOutputEverCarriesTheSecretInCode() throws {
        let secret = try Self.pastedSecret()
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [CLIResult] = []
        outputs.append(try CLI.run(["risk", "--data", Self.data]))
        outputs.append(try CLI.run(["risk", "--data", Self.data, "--json"]))
        outputs.append(try CLI.run(["check", "--data", Self.data]))
        outputs.append(try CLI.run(["blast-radius", "--data", Self.data, "ssjs:QA Token Smoke Test", "--json"]))
        outputs.append(try CLI.run(["report", "--data", Self.data, "--out", dir.path]))
        for result in outputs {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
        }
        for path in ReportCommandTests.files(under: dir) {
            let text = try String(contentsOf: dir.appendingPathComponent(path), encoding: .utf8)
            #expect(!text.contains(secret), "\(path)")
        }
    }
}
