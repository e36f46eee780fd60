import Foundation
import Testing

/// A small data folder written by a test: files by name, removed afterwards.
struct TinyEstate {
    let directory: URL

    init(files: [String: String]) throws {
        directory = try CLI.temporaryDirectory()
        for (name, text) in files {
            let url = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    var path: String { directory.path }
    func remove() { try? FileManager.default.removeItem(at: directory) }

    static let config = "as_of: 2026-09-02T12:00:00Z\n"
    static let inventoryHeader =
        "integration,environment,installed_package,client_id,business_owner,technical_owner,secret_location,secret_expires_on,retry,alerting,writes\n"

    /// Two well-kept credentials probed right up to as-of; the only finding is
    /// `no-retry` (low) on the second.
    static func lowRiskOnly() throws -> TinyEstate {
        try TinyEstate(files: [
            "credgraph.yml": config,
            "inventory.csv": inventoryHeader + """
                Nightly Export,prod,Clean Package,cleanclientid0000000001,Marketing Ops,Integration Team <it@example.com>,vault:kv/mc/clean,2027-03-01,"backoff, 3 attempts",pager:integrations,Export_DE
                Order Feed,prod,No Retry Package,noretryclientid00000002,Marketing Ops,Integration Team <it@example.com>,vault:kv/mc/noretry,2027-03-01,none,pager:integrations,

                """,
            "probes/token.jsonl": """
                {"ts":"2026-09-02T11:50:00Z","env":"prod","client_id":"cleanclientid0000000001","consumer":"Nightly Export","endpoint":"token","status":200,"latency_ms":120}
                {"ts":"2026-09-02T11:55:00Z","env":"prod","client_id":"cleanclientid0000000001","consumer":"Nightly Export","endpoint":"token","status":200,"latency_ms":130}
                {"ts":"2026-09-02T11:51:00Z","env":"prod","client_id":"noretryclientid00000002","consumer":"Order Feed","endpoint":"token","status":200,"latency_ms":110}
                {"ts":"2026-09-02T11:56:00Z","env":"prod","client_id":"noretryclientid00000002","consumer":"Order Feed","endpoint":"token","status":200,"latency_ms":115}

                """,
        ])
    }
}

/// Parses standard output as a JSON object.
func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The CLI contract of `credgraph risk`: the masked table, the JSON shape,
/// determinism, `--fail-on`, `--as-of`, and exit codes, on the risk estate
/// (Tests/Fixtures/risk-estate) and tiny estates written by the tests.
@Suite struct RiskCommandTests {
    static let data = CLI.estate("risk-estate")

    /// Every client id of the estate, read from the JSON (where they are in full).
    static func estateClientIDs() throws -> [String] {
        let result = try CLI.run(["risk", "--data", Self.data, "--json"])
        let object = try jsonObject(result.stdout)
        let credentials = try #require(object["credentials"] as? [[String: Any]])
        let ids = credentials.compactMap { $0["client_id"] as? String }
        #expect(ids.count == credentials.count)
        // The uninventoried client id, named in its top-level finding.
        return ids + ["riskunknownfixture03m4n5"]
    }

    @Test func tableOnStdoutWithMaskedClientIDs() throws {
        let result = try CLI.run(["risk", "--data", Self.data])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let table = result.stdout
        #expect(table.hasPrefix("Risk as of 2026-09-02: 9 credentials, worst severity critical"))
        #expect(table.contains("RANK"))
        #expect(table.contains("Boomi Store Systems"))
        #expect(table.contains("uninventoried-client"))
        let ids = try Self.estateClientIDs()
        #expect(ids.count == 10)
        for id in ids {
            #expect(!table.contains(id), "full client id \(id) in the table")
            #expect(table.contains("…" + id.suffix(4)), "masked \(id) missing from the table")
        }
        // Diagnostics go to standard error, never into the table.
        #expect(!table.contains("warning:"))
        #expect(result.stderr.contains("inventory.csv:10: warning:"))
    }

    @Test func jsonShapeFollowsTheContract() throws {
        let result = try CLI.run(["risk", "--data", Self.data, "--json"])
        #expect(result.status == 0)
        let object = try jsonObject(result.stdout)
        #expect(Set(object.keys) == ["as_of", "credentials", "findings"])
        #expect(object["as_of"] as? String == "2026-09-02")

        let credentials = try #require(object["credentials"] as? [[String: Any]])
        #expect(credentials.count == 9)
        let severities = ["critical", "high", "medium", "low", "info"]
        for (index, credential) in credentials.enumerated() {
            // `siblings` only where the credential has a counterpart in another environment.
            #expect(Set(credential.keys).subtracting(["siblings"]) == [
                "client_id", "installed_package", "expires_on", "days_left", "severity", "rank",
                "consumers", "blast_radius", "findings", "due_by",
            ])
            // due_by: the expiry, or the deadline (2026-09-30) when unknown or later for a derived date.
            #expect(credential["due_by"] is String)
            #expect(credential["rank"] as? Int == index + 1, "ranks run 1, 2, 3 … in order")
            #expect(severities.contains(credential["severity"] as? String ?? ""))
            // A credential with unknown expiry has null expires_on and days_left.
            #expect((credential["expires_on"] is String) == (credential["days_left"] is Int))

            let consumers = try #require(credential["consumers"] as? [[String: Any]])
            #expect(!consumers.isEmpty)
            for consumer in consumers {
                #expect(Set(consumer.keys) == ["integration", "environment"])
            }
            let reach = try #require(credential["blast_radius"] as? [String: Any])
            #expect(Set(reach.keys) == ["integrations", "data_extensions", "assets", "sends"])
            #expect(reach.values.allSatisfy { $0 is Int })
            #expect(reach["integrations"] as? Int == consumers.count, "every consumer is reached")

            let findings = try #require(credential["findings"] as? [[String: Any]])
            for finding in findings {
                let rule = finding["rule"] as? String
                var extra: Set<String> = rule == "auth-failing" ? ["since", "cause"] : rule == "probe-stale" ? ["since"] : []
                // The sample's acknowledgements (one in force, one expired).
                for key in ["acknowledged", "acknowledgement_expired"] where finding[key] != nil {
                    extra.insert(key)
                    #expect(Set((finding[key] as? [String: Any])?.keys.map { $0 } ?? []) == ["by", "reason", "until"])
                }
                #expect(Set(finding.keys) == Set(["rule", "severity", "message", "remediation"]).union(extra))
            }
            // The credential's severity is its worst finding's, info when none.
            #expect(credential["severity"] as? String == (findings.first?["severity"] as? String ?? "info"))
        }

        let global = try #require(object["findings"] as? [[String: Any]])
        #expect(global.count == 1)
        for finding in global {
            #expect(Set(finding.keys) == ["rule", "severity", "message"])
        }
        #expect(global.first?["rule"] as? String == "uninventoried-client")
        // JSON is for machines: client ids in full.
        #expect((global.first?["message"] as? String)?.contains("riskunknownfixture03m4n5") == true)

        // Keys in the order of the contract.
        let text = result.stdout
        let order = ["\"as_of\"", "\"credentials\"", "\"client_id\"", "\"installed_package\"", "\"expires_on\"",
                     "\"days_left\"", "\"severity\"", "\"rank\"", "\"consumers\"", "\"blast_radius\""]
        let positions = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
    }

    @Test func jsonIsByteIdenticalAcrossRuns() throws {
        let first = try CLI.run(["risk", "--data", Self.data, "--json"])
        let second = try CLI.run(["risk", "--data", Self.data, "--json"])
        #expect(first.status == 0)
        #expect(!first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        let table1 = try CLI.run(["risk", "--data", Self.data])
        let table2 = try CLI.run(["risk", "--data", Self.data])
        #expect(table1.stdout == table2.stdout)
    }

    @Test func failOnCriticalFailsOnAnEstateWithCriticalFindings() throws {
        let result = try CLI.run(["risk", "--data", Self.data, "--fail-on", "critical"])
        #expect(result.status == 1)
        // The gate still prints the result.
        #expect(result.stdout.contains("Boomi Store Systems"))
        #expect(result.stderr.contains("critical"))
        let json = try CLI.run(["risk", "--data", Self.data, "--json", "--fail-on", "CRITICAL"])
        #expect(json.status == 1)
        _ = try jsonObject(json.stdout)
    }

    @Test func failOnAboveEverythingFoundPasses() throws {
        let estate = try TinyEstate.lowRiskOnly()
        defer { estate.remove() }
        let plain = try CLI.run(["risk", "--data", estate.path, "--json"])
        #expect(plain.status == 0, "stderr: \(plain.stderr)")
        let credentials = try #require(try jsonObject(plain.stdout)["credentials"] as? [[String: Any]])
        let rules = credentials.flatMap { ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String } }
        #expect(rules == ["no-retry"], "the tiny estate has exactly one low finding")

        for threshold in ["critical", "high", "medium"] {
            let result = try CLI.run(["risk", "--data", estate.path, "--fail-on", threshold])
            #expect(result.status == 0, "--fail-on \(threshold): \(result.stderr)")
            #expect(result.stdout.contains("No Retry Package"))
        }
        for threshold in ["low", "info"] {
            let result = try CLI.run(["risk", "--data", estate.path, "--fail-on", threshold])
            #expect(result.status == 1, "--fail-on \(threshold)")
        }
    }

    @Test func unknownFailOnValueIsUsageError() throws {
        let result = try CLI.run(["risk", "--data", Self.data, "--fail-on", "severe"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--fail-on"))
        #expect(result.stderr.contains("severe"))
    }

    @Test func asOfMovesDaysLeft() throws {
        func daysLeft(_ extra: [String]) throws -> (asOf: String?, days: [String: Int]) {
            let result = try CLI.run(["risk", "--data", Self.data, "--json"] + extra)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let object = try jsonObject(result.stdout)
            var days: [String: Int] = [:]
            for credential in object["credentials"] as? [[String: Any]] ?? [] {
                if let id = credential["client_id"] as? String, let left = credential["days_left"] as? Int { days[id] = left }
            }
            return (object["as_of"] as? String, days)
        }
        let pinned = try daysLeft([])
        #expect(pinned.days["risksandboxfixture003c4d"] == 4)
        #expect(pinned.days.count == 8, "every credential but Web Analytics Bridge has an expiry")

        let later = try daysLeft(["--as-of", "2026-09-05"])
        #expect(later.asOf == "2026-09-05")
        #expect(later.days.count == pinned.days.count)
        for (id, left) in pinned.days { #expect(later.days[id] == left - 3, "\(id)") }

        // A date-time counts by its UTC calendar day; on the expiry day itself 0, then negative.
        let expiryDay = try daysLeft(["--as-of", "2026-09-06T23:30:00Z"])
        #expect(expiryDay.days["risksandboxfixture003c4d"] == 0)
        let after = try daysLeft(["--as-of", "2026-09-07T08:00:00+02:00"])
        #expect(after.days["risksandboxfixture003c4d"] == -1)
    }

    @Test func expiryMovesFromExpiringToExpiredWithAsOf() throws {
        let result = try CLI.run(["risk", "--data", Self.data, "--json", "--as-of", "2026-09-07"])
        let credentials = try #require(try jsonObject(result.stdout)["credentials"] as? [[String: Any]])
        let sandbox = try #require(credentials.first { $0["client_id"] as? String == "risksandboxfixture003c4d" })
        let rules = (sandbox["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("secret-expired"))
        #expect(!rules.contains("secret-expiring"))
    }

    /// secret_ttl_days of credgraph.yml reaches the expiry of rows with only
    /// a generation date; the earliest row's expiry counts; an explicit date
    /// is never replaced.
    @Test func ttlFromTheConfigDerivesExpiry() throws {
        let estate = try TinyEstate(files: [
            "credgraph.yml": TinyEstate.config + "secret_ttl_days: 90\n",
            "inventory.csv": """
                integration,environment,installed_package,client_id,secret_expires_on,secret_generated_on
                Derived Feed,prod,Derived Package,derivedclientid00000004,,2026-07-01
                Derived Feed,qa,Derived Package,derivedclientid00000004,,2026-08-15
                Explicit Feed,prod,Explicit Package,explicitclientid0000005,2027-01-15,2026-07-01

                """,
        ])
        defer { estate.remove() }
        let result = try CLI.run(["risk", "--data", estate.path, "--json"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let credentials = try #require(try jsonObject(result.stdout)["credentials"] as? [[String: Any]])
        func credential(_ id: String) -> [String: Any]? { credentials.first { $0["client_id"] as? String == id } }
        // 2026-07-01 + 90 days = 2026-09-29: 27 days after 2026-09-02, high.
        let derived = try #require(credential("derivedclientid00000004"))
        #expect(derived["expires_on"] as? String == "2026-09-29")
        #expect(derived["days_left"] as? Int == 27)
        let expiring = (derived["findings"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "secret-expiring" }
        #expect(expiring?["severity"] as? String == "high")
        // The earliest expiry counts, and the sum shown is the one that gave it
        // (not the later generation date of the qa row).
        let message = expiring?["message"] as? String ?? ""
        #expect(message.contains("secret_generated_on 2026-07-01 + secret_ttl_days 90"), "\(message)")
        let explicit = try #require(credential("explicitclientid0000005"))
        #expect(explicit["expires_on"] as? String == "2027-01-15")
    }

    @Test func inputErrorsExitOneButStillPrintResults() throws {
        let estate = try TinyEstate(files: [
            "credgraph.yml": TinyEstate.config,
            "inventory.csv": TinyEstate.inventoryHeader + """
                Nightly Export,prod,Clean Package,cleanclientid0000000001,Marketing Ops,Integration Team,vault:kv/mc/clean,2027-03-01,backoff,pager:integrations,
                Order Feed,prod,Broken Package,brokenclientid000000003,Marketing Ops,Integration Team,vault:kv/mc/broken,2026-02-30,backoff,pager:integrations,
                Short Row,prod,Short Package

                """,
        ])
        defer { estate.remove() }
        let table = try CLI.run(["risk", "--data", estate.path])
        #expect(table.status == 1)
        #expect(table.stderr.contains("inventory.csv:3: error:"), "bad date: \(table.stderr)")
        #expect(table.stderr.contains("inventory.csv:4: error:"), "wrong cell count: \(table.stderr)")
        #expect(table.stdout.contains("Clean Package"))
        // The row with the bad date stays, its expiry unknown.
        #expect(table.stdout.contains("Broken Package"))
        #expect(!table.stdout.contains("Short Package"))

        let json = try CLI.run(["risk", "--data", estate.path, "--json"])
        #expect(json.status == 1)
        let credentials = try #require(try jsonObject(json.stdout)["credentials"] as? [[String: Any]])
        let broken = try #require(credentials.first { $0["client_id"] as? String == "brokenclientid000000003" })
        #expect(broken["expires_on"] is NSNull)
        let rules = (broken["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("expiry-unknown"))
    }

    @Test func missingDataIsUsageError() throws {
        let result = try CLI.run(["risk", "--data", "/nonexistent/credgraph-data"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("/nonexistent/credgraph-data"))
        let badAsOf = try CLI.run(["risk", "--data", Self.data, "--as-of", "2026-02-30"])
        #expect(badAsOf.status == 2)
        #expect(badAsOf.stdout.isEmpty)
    }

    @Test func authFailingSaysSinceWhenAndWhy() throws {
        let result = try CLI.run(["risk", "--data", Self.data, "--json"])
        let object = try jsonObject(result.stdout)
        let credentials = try #require(object["credentials"] as? [[String: Any]])
        var seen: [String: (since: String?, cause: String?)] = [:]
        for credential in credentials {
            let findings = try #require(credential["findings"] as? [[String: Any]])
            for finding in findings where finding["rule"] as? String == "auth-failing" {
                seen[credential["installed_package"] as? String ?? ""] = (finding["since"] as? String, finding["cause"] as? String)
            }
        }
        #expect(seen["Boomi Store Systems"]?.cause == "missed-rotation")
        #expect(seen["Loyalty Points Export"]?.cause == "expired")
        #expect(seen["Abandoned Cart Connector"]?.cause == "revoked")
        #expect(seen["Web Analytics Bridge"]?.cause == "forbidden")
        // The first refused probe of each run (the estate probes every hour at :45).
        #expect(seen["Abandoned Cart Connector"]?.since == "2026-09-01T22:45:00Z")
        #expect(seen["Web Analytics Bridge"]?.since == "2026-09-02T06:45:00Z")
        #expect(seen["Boomi Store Systems"]?.since == "2026-09-01T10:45:00Z")
        #expect(seen.count == 4)
        // Rank: the expired production secret sits above the QA-only one that expires in 4 days.
        let order = credentials.compactMap { $0["installed_package"] as? String }
        let prod = try #require(order.firstIndex(of: "Loyalty Points Export"))
        let sandbox = try #require(order.firstIndex(of: "Boomi Store Systems Sandbox"))
        #expect(prod < sandbox)
    }
}
