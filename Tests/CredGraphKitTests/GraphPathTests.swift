import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit

@Suite struct GraphPathTests {
    let graph = Estate.sample.graph

    private func text(_ chains: [DependencyChain]) -> [String] {
        chains.map { graph.describe($0) }
    }

    @Test func sharedSecretGivesOneChainPerEnvironment() {
        let chains = graph.path(from: id(.credential, "4f1c0d9e2b7a"), to: id(.journey, "Welcome Journey"))
        #expect(text(chains) == [
            "client:4f1c0d9e2b7a -> integration:Boomi nightly ETL@dev -> de:Orders -> email:Welcome -> journey:Welcome Journey",
            "client:4f1c0d9e2b7a -> integration:Boomi nightly ETL@prod -> de:Orders -> email:Welcome -> journey:Welcome Journey",
        ])
        #expect(chains.first?.relations == [.authenticates, .writes, .reads, .triggers])
        #expect(chains.allSatisfy { $0.length == 4 })
    }

    @Test func diamondGivesEveryShortestChain() {
        let chains = graph.path(from: id(.dataExtension, "Orders"), to: id(.dataExtension, "Order Summary"))
        #expect(text(chains) == [
            "de:Orders -> de:Orders Mirror -> de:Order Summary",
            "de:Orders -> query:Orders Rollup -> de:Order Summary",
        ])
        #expect(chains.map(\.relations) == [[.feeds, .feeds], [.feeds, .writes]])
    }

    @Test func environmentLimitsAndDirection() {
        #expect(graph.path(from: id(.integration, "Boomi nightly ETL", "prod"), to: id(.dataExtension, "Dev Sandbox")).isEmpty)
        #expect(text(graph.path(from: id(.integration, "Boomi nightly ETL", "dev"), to: id(.dataExtension, "Dev Sandbox")))
            == ["integration:Boomi nightly ETL@dev -> de:Orders -> de:Dev Sandbox"])
        let both = (try? graph.resolve("integration:Boomi nightly ETL").get()) ?? []
        #expect(graph.path(from: both, to: [id(.dataExtension, "Dev Sandbox")]).count == 1)
        // Dependency direction only: the journey does not lead back to the credential.
        #expect(graph.path(from: id(.journey, "Welcome Journey"), to: id(.credential, "4f1c0d9e2b7a")).isEmpty)
        #expect(graph.path(from: id(.credential, "9a8b7c6d5e4f"), to: id(.dataExtension, "Orders")).isEmpty)
        #expect(graph.path(from: id(.dataExtension, "nope"), to: id(.dataExtension, "Orders")).isEmpty)
    }

    @Test func cyclesAndTrivialChains() {
        #expect(text(graph.path(from: id(.query, "Orders Rollup"), to: id(.dataExtension, "Orders"))) == ["query:Orders Rollup -> de:Orders"])
        let same = graph.path(from: id(.dataExtension, "Orders"), to: id(.dataExtension, "Orders"))
        #expect(same == [DependencyChain(nodes: [id(.dataExtension, "Orders")], relations: [])])
    }

    @Test func chainCountIsBoundedAndStable() {
        var e = Estate()
        for i in 0..<30 {
            let middle = i < 10 ? "m0\(i)" : "m\(i)"
            e.edge(.dataExtension, "src", .dataExtension, middle)
            e.edge(.dataExtension, middle, .dataExtension, "dst")
        }
        let g = e.graph
        let all = g.path(from: id(.dataExtension, "src"), to: id(.dataExtension, "dst"))
        #expect(all.count == 20)
        #expect(g.describe(all[0]) == "de:src -> de:m00 -> de:dst")
        #expect(g.describe(all[19]) == "de:src -> de:m19 -> de:dst")
        let five = g.path(from: id(.dataExtension, "src"), to: id(.dataExtension, "dst"), maxChains: 5)
        #expect(five == Array(all.prefix(5)))
        #expect(g.path(from: id(.dataExtension, "src"), to: id(.dataExtension, "dst"), maxChains: 0).isEmpty)
    }

    @Test func exponentialDiamondsStayBounded() {
        // 40 stacked diamonds: 2^40 shortest chains, of which only 20 are walked.
        var e = Estate()
        for i in 0..<40 {
            e.edge(.dataExtension, "n\(i)", .dataExtension, "a\(i)")
            e.edge(.dataExtension, "n\(i)", .dataExtension, "b\(i)")
            e.edge(.dataExtension, "a\(i)", .dataExtension, "n\(i + 1)")
            e.edge(.dataExtension, "b\(i)", .dataExtension, "n\(i + 1)")
        }
        let chains = e.graph.path(from: id(.dataExtension, "n0"), to: id(.dataExtension, "n40"))
        #expect(chains.count == 20)
        #expect(chains.allSatisfy { $0.length == 80 })
        #expect(Set(chains).count == 20)
    }

    @Test func listingText() {
        let from = [id(.credential, "4f1c0d9e2b7a")]
        let to = [id(.dataExtension, "Orders")]
        let chains = graph.path(from: from, to: to)
        #expect(graph.pathListing(from: from, to: to, chains: chains) == """
            2 shortest chains (2 edges each) from client:4f1c0d9e2b7a to de:Orders:
              client:4f1c0d9e2b7a -> integration:Boomi nightly ETL@dev -> de:Orders
                authenticates  inventory.csv:3
                writes  dependencies.csv:2
              client:4f1c0d9e2b7a -> integration:Boomi nightly ETL@prod -> de:Orders
                authenticates  inventory.csv:2
                writes  dependencies.csv:2

            """)
        let masked = graph.pathListing(from: from, to: to, chains: chains, masked: true)
        #expect(!masked.contains("4f1c0d9e2b7a"))
        #expect(masked.contains("client:…2b7a -> integration:Boomi nightly ETL@dev"))
        let none = [id(.email, "Welcome")]
        #expect(graph.pathListing(from: none, to: from, chains: graph.path(from: none, to: from))
            == "No dependency chain from email:Welcome to client:4f1c0d9e2b7a.\n")
        let json = (try? graph.pathJSONText(from: from, to: to, chains: chains)) ?? ""
        #expect(json.contains("\"relations\" : [\n        \"authenticates\",\n        \"writes\"\n      ]"))
    }
}
