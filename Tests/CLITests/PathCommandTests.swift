import Foundation
import Testing

/// The CLI contract of `credgraph path FROM TO`, on the graph estate
/// (Tests/Fixtures/graph-estate).
@Suite struct PathCommandTests {
    static let data = CLI.estate("graph-estate")
    static let boomi = "package:Boomi Store Systems"
    static let welcome = "journey:Welcome Journey"

    @Test func printsTheShortestChains() throws {
        let result = try CLI.run(["path", "--data", Self.data, Self.boomi, Self.welcome])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // Nine edges thanks to the metadata: Nightly Segmentation runs Sendable_Customers after Build Subscriber 360.
        #expect(lines.first == "1 shortest chain (9 edges) from package:Boomi Store Systems to journey:Welcome Journey:")
        #expect(lines.count == 11)
        let chain = lines[1]
        #expect(chain.hasPrefix("  package:Boomi Store Systems -> client:…h9jo -> integration:Boomi POS Receipt Feed@prod -> "))
        #expect(chain.hasSuffix(" -> de:Sendable_Customers -> journey:Welcome Journey"))
        #expect(!result.stdout.contains("boomigraphfixture000h9jo"), "client ids are masked for people")
        // Under the chain, where each edge was declared.
        #expect(lines[2] == "    owns  \(Self.data)/inventory.csv:3")
        #expect(lines.contains("    triggers  \(Self.data)/metadata/Prod_BU/automation/nightly_segmentation.automation-meta.json:28"))
        #expect(lines.last == "    triggers  \(Self.data)/dependencies.csv:11")
    }

    @Test func diamondGivesEveryShortestChain() throws {
        let result = try CLI.run(["path", "--data", Self.data, "package:Workato Loyalty Recipes", "content-block:Loyalty Points Balance Block"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("2 shortest chains (4 edges each)") == true)
        #expect(lines.contains { $0.contains("Workato Loyalty Tier Updates@prod -> de:Loyalty_Members") })
        #expect(lines.contains { $0.contains("Workato Reward Redemptions@prod -> de:Reward_Redemptions") })
    }

    @Test func jsonListsChainsAsReferences() throws {
        let result = try CLI.run(["path", "--data", Self.data, "--json", Self.boomi, Self.welcome])
        #expect(result.status == 0)
        let object = try jsonObject(result.stdout)
        #expect(Set(object.keys) == ["from", "to", "chains"])
        #expect(object["from"] as? [String] == [Self.boomi])
        #expect(object["to"] as? [String] == [Self.welcome])
        let chains = try #require(object["chains"] as? [[String: Any]])
        #expect(chains.count == 1)
        let chain = try #require(chains.first)
        let nodes = try #require(chain["nodes"] as? [String])
        let relations = try #require(chain["relations"] as? [String])
        #expect(nodes.first == Self.boomi)
        #expect(nodes.last == Self.welcome)
        #expect(relations.count == nodes.count - 1)
        #expect(relations.first == "owns")
        #expect(nodes.contains("client:boomigraphfixture000h9jo"), "full client id in JSON")

        let again = try CLI.run(["path", "--data", Self.data, "--json", Self.boomi, Self.welcome])
        #expect(again.stdout == result.stdout)
    }

    @Test func noChainIsSaidClearlyAndIsNotAFailure() throws {
        // Backwards: the package does not depend on the journey.
        let result = try CLI.run(["path", "--data", Self.data, Self.welcome, Self.boomi])
        #expect(result.status == 0)
        #expect(result.stdout == "No dependency chain from journey:Welcome Journey to package:Boomi Store Systems.\n")
        // The chain the other way is pointed out, on standard error.
        #expect(result.stderr.contains("credgraph path '\(Self.boomi)' '\(Self.welcome)'"))

        let json = try CLI.run(["path", "--data", Self.data, "--json", Self.welcome, Self.boomi])
        #expect(json.status == 0)
        #expect((try jsonObject(json.stdout)["chains"] as? [Any])?.isEmpty == true)

        // Unrelated nodes: no chain either way, and no hint.
        let unrelated = try CLI.run(["path", "--data", Self.data, "package:Product Reviews Sync", Self.welcome])
        #expect(unrelated.status == 0)
        #expect(unrelated.stdout.hasPrefix("No dependency chain from package:Product Reviews Sync"))
        #expect(!unrelated.stderr.contains("credgraph path"))
    }

    @Test func environmentLimitedEdgesAreHonoured() throws {
        // TS_Order_Confirmation_QA hangs off a qa-only edge: no chain from the prod consumer.
        let prod = try CLI.run(["path", "--data", Self.data, "integration:Order Confirmation Sender@prod", "triggered-send:TS_Order_Confirmation_QA"])
        #expect(prod.status == 0)
        #expect(prod.stdout.hasPrefix("No dependency chain"))
        let qa = try CLI.run(["path", "--data", Self.data, "integration:Order Confirmation Sender@qa", "triggered-send:TS_Order_Confirmation_QA"])
        #expect(qa.stdout.hasPrefix("1 shortest chain (1 edge)"))
    }

    @Test func badReferencesAreUsageErrors() throws {
        let unknown = try CLI.run(["path", "--data", Self.data, "package:Boomi Store System", "journey:Welcom Journey"])
        #expect(unknown.status == 2)
        #expect(unknown.stdout.isEmpty)
        // Both ends are reported in one run.
        #expect(unknown.stderr.contains("closest matches: package:Boomi Store Systems"))
        #expect(unknown.stderr.contains("journey:Welcome Journey"))

        let ambiguous = try CLI.run(["path", "--data", Self.data, "Sendable_Customers", Self.welcome])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("query:Sendable_Customers"))

        let missingArgument = try CLI.run(["path", "--data", Self.data, Self.boomi])
        #expect(missingArgument.status == 2)
    }
}
