import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

@Suite struct GraphListingTests {
    let graph = Estate.sample.graph

    @Test func textListingForPeople() {
        let listing = graph.blastRadius(ofCredential: "4f1c0d9e2b7a").textListing()
        #expect(listing == """
            Blast radius of client:4f1c0d9e2b7a (downstream)
            Reached: 2 consumers (1 in prod), 5 data extensions, 1 asset, 2 sends

            Depth 0
              client          4f1c0d9e2b7a

            Depth 1
              integration     Boomi nightly ETL @dev  owner: Ana <ana@example.com> (technical)
              integration     Boomi nightly ETL @prod  owners: Ana <ana@example.com> (technical), Sales Ops (business)

            Depth 2
              data-extension  Orders [dev, prod]  (writes, dependencies.csv:2)
              data-extension  Orders Audit [prod]  (writes, dependencies.csv:3)

            Depth 3
              data-extension  Dev Sandbox [dev]  (feeds, dependencies.csv:13)
              data-extension  Orders Mirror [dev, prod]  (feeds, dependencies.csv:7)
              query           Orders Rollup [dev, prod]  (feeds, dependencies.csv:4)
              email           Welcome [dev, prod]  owner: CRM Team  (reads, dependencies.csv:9)
              triggered-send  Audit Alert [prod]  (triggers, dependencies.csv:12)

            Depth 4
              data-extension  Order Summary [dev, prod]  (feeds, dependencies.csv:8)
              journey         Welcome Journey [dev, prod]  owner: ana <ANA@example.com>  (triggers, dependencies.csv:11)

            Owners to notify:
              Ana <ana@example.com>
              CRM Team
              Sales Ops

            """)
    }

    @Test func listingVariants() {
        let upstream = graph.blastRadius(of: [id(.email, "Welcome")], direction: .upstream, maxDepth: 1).textListing()
        #expect(upstream.hasPrefix("Upstream of email:Welcome (upstream, depth <= 1)\n"))
        #expect(upstream.hasSuffix("Owners to notify:\n  CRM Team\n"))
        let masked = graph.blastRadius(ofCredential: "4f1c0d9e2b7a").textListing(masked: true)
        #expect(!masked.contains("4f1c0d9e2b7a"))
        #expect(masked.hasPrefix("Blast radius of client:…2b7a (downstream)\n"))
        let empty = graph.blastRadius(of: []).textListing()
        #expect(empty == "Blast radius of (nothing) (downstream)\nReached: 0 consumers (0 in prod), 0 data extensions, 0 assets, 0 sends\n\nOwners to notify: none named\n")
    }

    @Test func namesCannotForgeLines() {
        var e = Estate()
        e.consumer("Evil\nDepth 9", "prod", package: "P", client: "c1", tech: "Mallory\u{1B}[31m")
        let listing = e.graph.blastRadius(ofCredential: "c1").textListing()
        #expect(!listing.contains("\nDepth 9"))
        #expect(!listing.contains("\u{1B}"))
        #expect(listing.split(separator: "\n").count == 8)
    }

    @Test func jsonShape() throws {
        let radius = graph.blastRadius(ofCredential: "4f1c0d9e2b7a")
        let text = try radius.jsonText()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["roots", "direction", "nodes", "edges", "owners_to_notify", "counts"])
        #expect(object["roots"] as? [String] == ["client:4f1c0d9e2b7a"])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["integrations": 2, "data_extensions": 5, "assets": 1, "sends": 2])
        #expect(object["owners_to_notify"] as? [String] == ["Ana <ana@example.com>", "CRM Team", "Sales Ops"])

        let nodes = try #require(object["nodes"] as? [[String: Any]])
        #expect(nodes.count == 12)
        let prod = try #require(nodes.first { $0["ref"] as? String == "integration:Boomi nightly ETL@prod" })
        #expect(prod["kind"] as? String == "integration")
        #expect(prod["name"] as? String == "Boomi nightly ETL")
        #expect(prod["environment"] as? String == "prod")
        #expect(prod["depth"] as? Int == 1)
        #expect(prod["owner"] as? String == "Ana <ana@example.com>")
        #expect(prod["business_owner"] as? String == "Sales Ops")
        let orders = try #require(nodes.first { $0["ref"] as? String == "de:Orders" })
        #expect(Set(orders.keys) == ["ref", "kind", "name", "environments", "depth"])
        #expect(orders["kind"] as? String == "data-extension")
        #expect(orders["environments"] as? [String] == ["dev", "prod"])
        let client = try #require(nodes.first)
        #expect(Set(client.keys) == ["ref", "kind", "name", "depth"])
        #expect(client["name"] as? String == "4f1c0d9e2b7a")  // JSON is for machines: in full
        #expect(nodes.map { $0["depth"] as? Int ?? -1 } == nodes.map { $0["depth"] as? Int ?? -1 }.sorted())

        let edges = try #require(object["edges"] as? [[String: String]])
        #expect(edges.count == radius.edges.count)
        // Each edge names where it was declared (`source`, FILE:LINE).
        #expect(edges.contains(["from": "integration:Boomi nightly ETL@prod", "to": "de:Orders Audit", "relation": "writes", "environment": "prod",
                                "source": "dependencies.csv:3"]))
        #expect(edges.contains { $0["from"] == "client:4f1c0d9e2b7a" && $0["to"] == "integration:Boomi nightly ETL@dev" && $0["relation"] == "authenticates" })
        let refs = Set(nodes.compactMap { $0["ref"] as? String })
        #expect(edges.allSatisfy { refs.contains($0["from"] ?? "") && refs.contains($0["to"] ?? "") })

        // Keys are written sorted, and the document decodes back.
        #expect(text.hasPrefix("{\n  \"counts\" : {\n    \"assets\" : 1,\n    \"data_extensions\" : 5,"))
        let decoded = try JSONDecoder().decode(BlastRadiusDocument.self, from: Data(text.utf8))
        #expect(decoded == BlastRadiusDocument(radius))
    }

    @Test func outputIsDeterministic() throws {
        // Same inputs in another order give byte-identical output.
        var shuffled = Estate.sample
        shuffled.edges.reverse()
        let other = shuffled.graph
        for client in ["4f1c0d9e2b7a", "9a8b7c6d5e4f"] {
            let a = graph.blastRadius(ofCredential: client)
            let b = other.blastRadius(ofCredential: client)
            #expect(a == b)
            #expect(try a.jsonText() == b.jsonText())
            #expect(a.textListing() == b.textListing())
            #expect(try a.jsonText() == graph.blastRadius(ofCredential: client).jsonText())
        }
        #expect(graph.nodes == other.nodes)
        #expect(graph.edges == other.edges)
        let from = [id(.installedPackage, "Boomi Connector")]
        let to = [id(.email, "Welcome")]
        #expect(graph.path(from: from, to: to) == other.path(from: from, to: to))
    }
}
