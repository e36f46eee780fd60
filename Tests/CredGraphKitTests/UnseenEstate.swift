import Foundation
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport

/// Estates the project has not seen: names, sizes and owners drawn from a
/// seed, written as a user's data directory and analysed. Each plants a
/// rotation under way (one consumer still on the old secret version), a
/// consumer failing since a known time, one package serving dev, qa and prod,
/// a `scope: shared` data extension, and business owners who own no consumer
/// technically. The report checks of issue 11 run over several seeds.
struct UnseenEstate {
    var seed: UInt64
    var analysis: Analysis
    /// The package whose rotation is under way, and its consumer on the old version.
    var rotatingPackage: String
    var oldVersionConsumer: String
    /// The package whose consumers span dev, qa and prod, and the data extension they write.
    var multiEnvironmentPackage: String
    var perEnvironmentDataExtension: String
    var sharedDataExtension: String
    /// The consumer failing now, and the last success before it failed.
    var failingConsumer: String
    /// The failing consumer's last success.
    var failingSince: String
    /// Its first refused probe.
    var firstFailure: String
    /// Owners who are business owners only.
    var businessOnlyOwners: [String]

    static let seeds: [UInt64] = [3, 17, 41, 2026]

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    static func make(seed: UInt64) throws -> UnseenEstate {
        var g = Generator(state: seed &* 2_654_435_761 &+ 11)
        let vendors = ["Tibco", "Zapier", "Fivetran", "Segment", "Hightouch", "Census", "Azure Logic", "Airbyte", "Jitterbit", "Celigo"]
        let nouns = ["Orders", "Returns", "Wishlist", "Loyalty Tier", "Gift Cards", "Reviews", "Consent", "Store Visits", "Coupons", "Bookings"]
        let teams = ["Retention Squad", "CRM Guild", "Growth Marketing", "Email Studio Team", "Customer Insights"]
        let people = ["Ana Souza <ana@example.org>", "Björn Berg <bjorn@example.org>", "Chen Wei <chen@example.org>", "Dora Kiss <dora@example.org>", "Emeka Obi <emeka@example.org>"]
        let vendorA = g.pick(vendors), vendorB = g.pick(vendors.filter { $0 != vendorA })
        let nounA = g.pick(nouns), nounB = g.pick(nouns.filter { $0 != nounA })
        let techA = g.pick(people), techB = g.pick(people.filter { $0 != techA })
        let bizA = g.pick(teams), bizB = g.pick(teams.filter { $0 != bizA })
        let rotating = "\(vendorA) \(nounA) Bridge"
        let multi = "\(vendorB) \(nounB) Hub"
        let consumerCount = g.int(2...4)
        let rotatingConsumers = (0..<consumerCount).map { "\(nounA) Feed \($0 + 1)" }
        let oldConsumer = rotatingConsumers[Int(g.next() % UInt64(consumerCount))]
        let failing = rotatingConsumers.first { $0 != oldConsumer }!
        let multiConsumer = "\(nounB) Sync"
        let perEnvDE = "\(nounB.replacingOccurrences(of: " ", with: "_"))_Staging"
        let sharedDE = "Shared_\(nounB.replacingOccurrences(of: " ", with: "_"))_Lookup"
        let clientA = String(format: "ua%022llx", seed &* 97 &+ 5)
        let clientB = String(format: "ub%022llx", seed &* 89 &+ 7)
        let clientC = String(format: "uc%022llx", seed &* 83 &+ 3)

        func csv(_ cells: [String]) -> String {
            cells.map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(separator: ",") + "\n"
        }
        var inventory = "integration,environment,installed_package,client_id,package_type,kind,business_owner,technical_owner,secret_location,secret_expires_on,secret_generated_on,secret_rotated_on,criticality,retry,alerting,lower_env_rotated_on,e2e_tested_on,writes,notes\n"
        for (i, consumer) in rotatingConsumers.enumerated() {
            inventory += csv([consumer, "prod", rotating, clientA, "server-to-server", "middleware", bizA, techA, "vault:kv/prod/\(i)",
                              "2026-09-0\(g.int(4...8))", "", "2026-09-01", "high", "backoff", "pager:oncall-\(i)", "", "", "\(nounA.replacingOccurrences(of: " ", with: "_"))_\(i)", "ticket MIG-\(100 + i)"])
        }
        for env in ["dev", "qa", "prod"] {
            inventory += csv([multiConsumer, env, multi, clientB, "server-to-server", "etl", bizB, techB, "env:SECRET_\(env.uppercased())",
                              "2026-10-2\(g.int(0...8))", "", "", env == "prod" ? "critical" : "low", "none", "slack:#\(env)", "", "", perEnvDE, ""])
        }
        inventory += csv(["\(nounA) Feed 1", "qa", "\(rotating) Sandbox", clientC, "server-to-server", "middleware", bizA, techA, "vault:kv/qa/0",
                          "2026-11-01", "", "2026-08-20", "medium", "backoff", "email:qa@example.org", "", "", "", ""])
        var dependencies = "from,from_kind,to,to_kind,relation,environment,owner,criticality,scope\n"
        for (i, _) in rotatingConsumers.enumerated() {
            let de = "\(nounA.replacingOccurrences(of: " ", with: "_"))_\(i)"
            dependencies += csv([de, "data-extension", "\(nounA) Block \(i)", "content-block", "reads", "", bizA, "high", ""])
            dependencies += csv(["\(nounA) Block \(i)", "content-block", "\(nounA) Email \(i)", "email", "reads", "", bizA, "", ""])
            dependencies += csv(["\(nounA) Email \(i)", "email", "\(nounA) Journey \(i)", "journey", "triggers", "", bizA, "critical", ""])
        }
        dependencies += csv([perEnvDE, "data-extension", sharedDE, "data-extension", "feeds", "", bizB, "", "shared"])
        dependencies += csv([perEnvDE, "data-extension", "\(nounB) Query", "query", "feeds", "", bizB, "", ""])
        dependencies += csv(["\(nounB) Query", "query", "\(nounB) Send", "triggered-send", "triggers", "", bizB, "high", ""])

        // Probes: the last 24 hours, every 20 minutes per consumer.
        let asOf = parseRFC3339("2026-09-02T12:00:00Z")!
        let failStart = asOf - Int64(g.int(3...20)) * 3_600_000
        var probes = ""
        var failingSince = ""
        var firstFailure = ""
        for step in stride(from: Int64(24 * 3), to: Int64(0), by: -1) {
            let ts = asOf - step * 20 * 60_000
            let iso = formatTimestamp(ts)
            for consumer in rotatingConsumers {
                let fails = consumer == failing && ts >= failStart
                let version = consumer == oldConsumer || (consumer == failing) ? "v1" : (step > 36 ? "v1" : "v2")
                probes += "{\"ts\":\"\(iso)\",\"env\":\"prod\",\"client_id\":\"\(clientA)\",\"consumer\":\"\(consumer)\",\"status\":\(fails ? 401 : 200),\"error\":\(fails ? "\"invalid_client\"" : "null"),\"secret_version\":\"\(version)\",\"latency_ms\":120}\n"
                if consumer == failing && !fails { failingSince = reportTime(ts) }
                if consumer == failing && fails && firstFailure.isEmpty { firstFailure = reportTime(ts) }
            }
            for env in ["dev", "qa", "prod"] {
                probes += "ts=\(iso) env=\(env) client_id=\(clientB) consumer=\"\(multiConsumer)\" status=200 latency_ms=90 secret_version=b7\n"
            }
        }

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-unseen-\(seed)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("probes"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        try dependencies.write(to: dir.appendingPathComponent("dependencies.csv"), atomically: true, encoding: .utf8)
        try probes.write(to: dir.appendingPathComponent("probes/tokens.log"), atomically: true, encoding: .utf8)
        try "as_of: 2026-09-02T12:00:00Z\ndeadline: 2026-09-30\n".write(to: dir.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        var options = InputOptions()
        options.dataDirectory = dir.path
        let analysis = try analyze(options)
        return UnseenEstate(
            seed: seed, analysis: analysis, rotatingPackage: rotating, oldVersionConsumer: oldConsumer,
            multiEnvironmentPackage: multi, perEnvironmentDataExtension: perEnvDE, sharedDataExtension: sharedDE,
            failingConsumer: failing, failingSince: failingSince, firstFailure: firstFailure, businessOnlyOwners: [bizA, bizB])
    }
}
