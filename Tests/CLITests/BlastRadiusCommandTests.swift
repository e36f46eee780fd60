import Foundation
import Testing

/// The CLI contract of `credgraph blast-radius`: listing, JSON, depth,
/// direction, environment limits and reference errors, on the graph estate
/// (Tests/Fixtures/graph-estate).
@Suite struct BlastRadiusCommandTests {
    static let data = CLI.estate("graph-estate")
    static let sandbox = "package:Boomi Store Systems Sandbox"

    static func document(_ arguments: [String]) throws -> [String: Any] {
        let result = try CLI.run(["blast-radius", "--data", Self.data, "--json"] + arguments)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try jsonObject(result.stdout)
    }

    static func nodes(_ document: [String: Any]) -> [[String: Any]] { document["nodes"] as? [[String: Any]] ?? [] }
    static func refs(_ document: [String: Any]) -> Set<String> { Set(nodes(document).compactMap { $0["ref"] as? String }) }

    @Test func listingNamesWhatBreaksAndWhoToTell() throws {
        let result = try CLI.run(["blast-radius", "--data", Self.data, Self.sandbox])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let text = result.stdout
        #expect(text.hasPrefix("Blast radius of package:Boomi Store Systems Sandbox (downstream)"))
        #expect(text.contains("Reached: 2 consumers (0 in prod)"))
        #expect(text.contains("Boomi POS Receipt Feed @qa"))
        #expect(text.contains("Boomi Store Inventory Feed @qa"))
        #expect(text.contains("Depth 0"))
        #expect(text.contains("Owners to notify:"))
        #expect(text.contains("Kenji Watanabe <kenji.watanabe@example.com>"))
        // Client ids follow mask_client_ids in the listing.
        #expect(text.contains("…7v6u"))
        #expect(!text.contains("sandboxgraphfixture07v6u"))
        // A sandbox secret breaks nothing in prod.
        #expect(!text.contains("@prod"))
        #expect(!text.contains("[prod]"))
    }

    @Test func jsonHasNodesEdgesAndOwners() throws {
        let document = try Self.document([Self.sandbox])
        #expect(document["roots"] as? [String] == [Self.sandbox])
        #expect(document["direction"] as? String == "downstream")
        let nodes = Self.nodes(document)
        #expect(nodes.count > 10)
        for node in nodes {
            #expect(node["kind"] is String)
            #expect(node["name"] is String)
            #expect(node["depth"] is Int)
            #expect(node["ref"] is String)
        }
        let root = try #require(nodes.first)
        #expect(root["kind"] as? String == "package")
        #expect(root["depth"] as? Int == 0)
        // Full client id in JSON.
        let client = try #require(nodes.first { $0["kind"] as? String == "client" })
        #expect(client["name"] as? String == "sandboxgraphfixture07v6u")
        #expect(client["depth"] as? Int == 1)
        // Consumers carry their environment and owner.
        let consumers = nodes.filter { $0["kind"] as? String == "integration" }
        #expect(consumers.count == 2)
        for consumer in consumers {
            #expect(consumer["environment"] as? String == "qa")
            #expect(consumer["depth"] as? Int == 2)
            #expect(consumer["owner"] as? String == "Kenji Watanabe <kenji.watanabe@example.com>")
        }
        // Everything below the consumers is reached in qa only.
        for node in nodes where (node["depth"] as? Int ?? 0) > 2 {
            #expect(node["environments"] as? [String] == ["qa"], "\(node["ref"] ?? "")")
        }
        let downstreamOwned = nodes.filter { ($0["depth"] as? Int ?? 0) > 2 && $0["owner"] is String }
        #expect(!downstreamOwned.isEmpty)

        let edges = try #require(document["edges"] as? [[String: Any]])
        let refs = Self.refs(document)
        for edge in edges {
            let from = try #require(edge["from"] as? String)
            let to = try #require(edge["to"] as? String)
            #expect(refs.contains(from) && refs.contains(to), "edge \(from) -> \(to) leaves the reached set")
            #expect(edge["relation"] is String)
        }
        #expect(edges.contains { $0["from"] as? String == Self.sandbox && $0["relation"] as? String == "owns" })

        let owners = try #require(document["owners_to_notify"] as? [String])
        #expect(owners.contains("Kenji Watanabe <kenji.watanabe@example.com>"))
        #expect(owners.contains("Store Operations IT"))
        #expect(owners == owners.sorted { $0.lowercased() < $1.lowercased() })

        let counts = try #require(document["counts"] as? [String: Int])
        #expect(counts["integrations"] == 2)
    }

    @Test func depthLimitsTheTraversal() throws {
        let one = try Self.document([Self.sandbox, "--depth", "1"])
        #expect(Self.nodes(one).allSatisfy { ($0["depth"] as? Int ?? 99) <= 1 })
        #expect(Self.refs(one) == [Self.sandbox, "client:sandboxgraphfixture07v6u"])

        let two = try Self.document([Self.sandbox, "--depth", "2"])
        #expect(Self.nodes(two).count == 4)
        let full = try Self.document([Self.sandbox])
        #expect(Self.nodes(full).count > Self.nodes(two).count)

        let zero = try Self.document([Self.sandbox, "--depth", "0"])
        #expect(Self.refs(zero) == [Self.sandbox])

        let listing = try CLI.run(["blast-radius", "--data", Self.data, Self.sandbox, "--depth", "1"])
        #expect(listing.stdout.contains("depth <= 1"))
        #expect(!listing.stdout.contains("Depth 2"))

        let negative = try CLI.run(["blast-radius", "--data", Self.data, Self.sandbox, "--depth", "-1"])
        #expect(negative.status == 2)
    }

    @Test func upstreamFindsWhatANodeDependsOn() throws {
        let document = try Self.document(["journey:Welcome Journey", "--upstream"])
        #expect(document["direction"] as? String == "upstream")
        let refs = Self.refs(document)
        #expect(refs.contains("de:Sendable_Customers"))
        #expect(refs.contains("query:Sendable_Customers"))
        #expect(refs.contains("de:Master_Subscriber_360"))
        #expect(refs.contains("package:Boomi Store Systems"))
        #expect(refs.contains("package:MuleSoft Commerce Connector"))
        // Nothing downstream of the journey is upstream of it.
        #expect(!refs.contains("email:Weekly Promo Newsletter"))

        let listing = try CLI.run(["blast-radius", "--data", Self.data, "journey:Welcome Journey", "--upstream"])
        #expect(listing.stdout.hasPrefix("Upstream of journey:Welcome Journey (upstream)"))
    }

    @Test func environmentLimitedEdgesFollowTheConsumersEnvironment() throws {
        let prod = try Self.document(["integration:Order Confirmation Sender@prod"])
        let qa = try Self.document(["integration:Order Confirmation Sender@qa"])
        let dev = try Self.document(["integration:Order Confirmation Sender@dev"])
        #expect(Self.refs(prod).contains("triggered-send:TS_Order_Confirmation"))
        #expect(!Self.refs(prod).contains("triggered-send:TS_Order_Confirmation_QA"))
        #expect(Self.refs(qa).contains("triggered-send:TS_Order_Confirmation_QA"))
        #expect(!Self.refs(qa).contains("triggered-send:TS_Order_Confirmation"))
        #expect(Self.refs(dev) == ["integration:Order Confirmation Sender@dev"])
        // `production` is read as `prod`; a bare integration name means every environment.
        let production = try Self.document(["integration:Order Confirmation Sender@production"])
        #expect(Self.refs(production) == Self.refs(prod))
        let every = try Self.document(["Order Confirmation Sender"])
        #expect(Self.refs(every).isSuperset(of: Self.refs(prod).union(Self.refs(qa)).union(Self.refs(dev))))
    }

    @Test func cyclesAndDiamondsTerminate() throws {
        // Customer_Engagement_Scores -> Refresh Engagement Scores -> Customer_Engagement_Scores.
        let document = try Self.document(["de:Customer_Engagement_Scores"])
        let nodes = Self.nodes(document)
        let refs = nodes.compactMap { $0["ref"] as? String }
        #expect(refs.count == Set(refs).count, "each node listed once")
        #expect(nodes.first { $0["ref"] as? String == "query:Refresh Engagement Scores" }?["depth"] as? Int == 1)
        let edges = document["edges"] as? [[String: Any]] ?? []
        #expect(edges.contains {
            $0["from"] as? String == "query:Refresh Engagement Scores" && $0["to"] as? String == "de:Customer_Engagement_Scores"
        }, "the cycle's back edge is shown")
        // Master_Subscriber_360 is one node even when several integrations reach it.
        let estate = try Self.document(["package:MuleSoft Commerce Connector", "package:Workato Loyalty Recipes"])
        let masters = Self.nodes(estate).filter { $0["ref"] as? String == "de:Master_Subscriber_360" }
        #expect(masters.count == 1)
    }

    @Test func unknownReferenceListsClosestMatches() throws {
        let result = try CLI.run(["blast-radius", "--data", Self.data, "package:Boomi Store System"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("unknown node reference 'package:Boomi Store System'"))
        #expect(result.stderr.contains("closest matches: package:Boomi Store Systems"))

        let typo = try CLI.run(["blast-radius", "--data", Self.data, "de:Master_Subscriber_306"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("de:Master_Subscriber_360"))

        // Every bad reference of the run is reported, not just the first.
        let several = try CLI.run(["blast-radius", "--data", Self.data, "package:Nope One", Self.sandbox, "journey:Nope Two"])
        #expect(several.status == 2)
        #expect(several.stderr.contains("'package:Nope One'"))
        #expect(several.stderr.contains("'journey:Nope Two'"))
    }

    @Test func ambiguousBareNameIsUsageError() throws {
        let result = try CLI.run(["blast-radius", "--data", Self.data, "Sendable_Customers"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("ambiguous node reference 'Sendable_Customers'"))
        #expect(result.stderr.contains("de:Sendable_Customers"))
        #expect(result.stderr.contains("query:Sendable_Customers"))
        // With its kind it resolves.
        _ = try Self.document(["query:Sendable_Customers"])
    }

    @Test func jsonIsByteIdenticalAcrossRuns() throws {
        let arguments = ["blast-radius", "--data", Self.data, "--json", "package:MuleSoft Commerce Connector", "de:Customer_Engagement_Scores"]
        let first = try CLI.run(arguments)
        let second = try CLI.run(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
    }

    @Test func inputErrorsExitOneButStillPrintTheListing() throws {
        let estate = try TinyEstate(files: [
            "inventory.csv": TinyEstate.inventoryHeader + """
                Nightly Export,prod,Clean Package,cleanclientid0000000001,Marketing Ops,Integration Team,vault:kv/mc/clean,2027-13-01,backoff,pager:integrations,Export_DE

                """,
        ])
        defer { estate.remove() }
        let result = try CLI.run(["blast-radius", "--data", estate.path, "package:Clean Package"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("inventory.csv:2: error:"))
        #expect(result.stdout.contains("Nightly Export @prod"))
        #expect(result.stdout.contains("Export_DE"))
    }
}
