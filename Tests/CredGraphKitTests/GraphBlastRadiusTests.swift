import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport

@Suite struct GraphBlastRadiusTests {
    let graph = Estate.sample.graph

    private func depths(_ radius: BlastRadius) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: radius.nodes.map { ($0.node.id.rawValue, $0.depth) })
    }

    private func environments(_ radius: BlastRadius, _ node: NodeID) -> [String]? {
        radius.reached(node)?.environments
    }

    @Test func sharedSecretReachesEveryEnvironment() {
        let radius = graph.blastRadius(ofCredential: "4f1c0d9e2b7a")
        #expect(radius.roots == [id(.credential, "4f1c0d9e2b7a")])
        #expect(depths(radius) == [
            "client:4f1c0d9e2b7a": 0,
            "integration:boomi nightly etl@dev": 1,
            "integration:boomi nightly etl@prod": 1,
            "data-extension:orders": 2,
            "data-extension:orders audit": 2,
            "data-extension:dev sandbox": 3,
            "data-extension:orders mirror": 3,
            "query:orders rollup": 3,
            "email:welcome": 3,
            "triggered-send:audit alert": 3,
            "data-extension:order summary": 4,
            "journey:welcome journey": 4,
        ])
        #expect(environments(radius, id(.dataExtension, "Orders")) == ["dev", "prod"])
        #expect(environments(radius, id(.dataExtension, "Orders Audit")) == ["prod"])
        #expect(environments(radius, id(.dataExtension, "Dev Sandbox")) == ["dev"])
        #expect(environments(radius, id(.integration, "Boomi nightly ETL", "dev")) == ["dev"])
        #expect(environments(radius, id(.credential, "4f1c0d9e2b7a")) == [])
        // The other credential's estate is untouched.
        #expect(radius.reached(id(.integration, "Preference Center", "prod")) == nil)
        #expect(radius.reached(id(.dataExtension, "Welcome")) == nil)
    }

    @Test func countsFollowTheDefinition() {
        let counts = graph.blastRadius(ofCredential: "4f1c0d9e2b7a").counts
        #expect(counts.integrations == 2)
        #expect(counts.productionIntegrations == 1)
        // Orders, Orders Audit, Dev Sandbox, Orders Mirror, Order Summary; not the query.
        #expect(counts.dataExtensions == 5)
        #expect(counts.assets == 1)  // email Welcome
        #expect(counts.sends == 2)  // triggered-send Audit Alert, journey Welcome Journey
        // Consumers high 3 + low 1, email high 3, journey critical 4.
        #expect(counts.criticalityScore == 11)

        let prefs = graph.blastRadius(ofCredential: "9a8b7c6d5e4f").counts
        #expect(prefs == BlastRadiusCounts(integrations: 1, productionIntegrations: 1, dataExtensions: 1, assets: 1, sends: 0, criticalityScore: 4))
        #expect(prefs < counts)
        #expect(graph.blastRadius(ofCredential: "no-such-client").nodes.isEmpty)
        #expect(graph.blastRadius(ofCredential: "no-such-client").counts == BlastRadiusCounts())
    }

    @Test func ownersAreDeduplicatedAndSorted() {
        let radius = graph.blastRadius(ofCredential: "4f1c0d9e2b7a")
        // "ana <ANA@example.com>" on the journey is the same person as the consumers' Ana.
        #expect(radius.ownersToNotify.map(\.description) == ["Ana <ana@example.com>", "CRM Team", "Sales Ops"])
    }

    @Test func environmentLimitedEdgesAreNotFollowedElsewhere() {
        let dev = graph.blastRadius(of: [id(.integration, "Boomi nightly ETL", "dev")])
        #expect(dev.reached(id(.dataExtension, "Orders Audit")) == nil)
        #expect(dev.reached(id(.triggeredSend, "Audit Alert")) == nil)
        #expect(dev.reached(id(.dataExtension, "Dev Sandbox"))?.depth == 2)
        #expect(dev.counts.productionIntegrations == 0)

        let prod = graph.blastRadius(of: [id(.integration, "Boomi nightly ETL", "prod")])
        #expect(prod.reached(id(.dataExtension, "Dev Sandbox")) == nil)
        #expect(prod.reached(id(.triggeredSend, "Audit Alert"))?.depth == 2)
        #expect(prod.edges.allSatisfy { $0.environment != "dev" })

        // Without an environment context every edge is followed, and the
        // limited edge pins what lies beyond it.
        let orders = graph.blastRadius(of: [id(.dataExtension, "Orders")])
        #expect(orders.reached(id(.dataExtension, "Dev Sandbox"))?.environments == ["dev"])
        #expect(orders.reached(id(.email, "Welcome"))?.environments == [])
    }

    @Test func cyclesAndDiamondsTerminateWithShortestDepths() {
        let radius = graph.blastRadius(of: [id(.dataExtension, "Orders")])
        #expect(depths(radius) == [
            "data-extension:orders": 0,
            "data-extension:dev sandbox": 1,
            "data-extension:orders mirror": 1,
            "query:orders rollup": 1,
            "email:welcome": 1,
            "data-extension:order summary": 2,
            "journey:welcome journey": 2,
        ])
        // The cycle's back edge is part of the picture.
        #expect(radius.edges.contains(GraphEdge(from: id(.query, "Orders Rollup"), to: id(.dataExtension, "Orders"), relation: .writes)))
        // Both sides of each diamond are there.
        #expect(radius.edges.filter { $0.to == id(.dataExtension, "Order Summary") }.count == 2)
        #expect(radius.edges.filter { $0.to == id(.email, "Welcome") }.count == 2)
        #expect(radius.edges == graph.edges.filter(radius.edges.contains))
    }

    @Test func longCycleTerminates() {
        var e = Estate()
        e.consumer("Loader", "prod", package: "P", client: "c1")
        e.edge(.integration, "Loader", .dataExtension, "de0", .writes)
        let n = 2_000
        for i in 0..<n { e.edge(.dataExtension, "de\(i)", .dataExtension, "de\((i + 1) % n)") }
        let radius = e.graph.blastRadius(ofCredential: "c1")
        #expect(radius.counts.dataExtensions == n)
        #expect(radius.reached(id(.dataExtension, "de\(n - 1)"))?.depth == n + 1)
        #expect(radius.edges.count == n + 2)
        let upstream = e.graph.blastRadius(of: [id(.dataExtension, "de5")], direction: .upstream)
        #expect(upstream.reached(id(.dataExtension, "de6"))?.depth == n - 1)
        #expect(upstream.reached(id(.installedPackage, "P"))?.depth == 8)
    }

    @Test func depthLimit() {
        let radius = graph.blastRadius(of: [id(.credential, "4f1c0d9e2b7a")], maxDepth: 2)
        #expect(radius.maxDepth == 2)
        #expect(Set(radius.nodes.map(\.node.name)) == ["4f1c0d9e2b7a", "Boomi nightly ETL", "Orders", "Orders Audit"])
        #expect(radius.nodes.map(\.depth).max() == 2)
        #expect(radius.edges.allSatisfy { radius.reached($0.from) != nil && radius.reached($0.to) != nil })
        #expect(radius.edges.count == 5)

        let zero = graph.blastRadius(of: [id(.dataExtension, "Orders")], maxDepth: 0)
        #expect(zero.nodes.map(\.node.id) == [id(.dataExtension, "Orders")])
        // The cycle closes on the last layer: its back edge is kept.
        let one = graph.blastRadius(of: [id(.dataExtension, "Orders")], maxDepth: 1)
        #expect(one.edges.contains { $0.from == id(.query, "Orders Rollup") && $0.to == id(.dataExtension, "Orders") })
        #expect(graph.blastRadius(of: [id(.dataExtension, "Orders")], maxDepth: -3).nodes.count == 1)
    }

    @Test func upstreamTraversal() {
        let radius = graph.blastRadius(of: [id(.email, "Welcome")], direction: .upstream)
        #expect(depths(radius) == [
            "email:welcome": 0,
            "data-extension:orders": 1,
            "data-extension:order summary": 1,
            "integration:boomi nightly etl@dev": 2,
            "integration:boomi nightly etl@prod": 2,
            "data-extension:orders mirror": 2,
            "query:orders rollup": 2,
            "client:4f1c0d9e2b7a": 3,
            "package:boomi connector": 4,
        ])
        #expect(radius.direction == .upstream)
        // Edges keep their dependency direction.
        #expect(radius.edges.contains(GraphEdge(from: id(.installedPackage, "Boomi Connector"), to: id(.credential, "4f1c0d9e2b7a"), relation: .owns)))

        // Upstream of a dev-only node leaves out the prod consumer.
        let sandbox = graph.blastRadius(of: [id(.dataExtension, "Dev Sandbox")], direction: .upstream)
        #expect(sandbox.reached(id(.integration, "Boomi nightly ETL", "dev"))?.depth == 2)
        #expect(sandbox.reached(id(.integration, "Boomi nightly ETL", "prod")) == nil)
        let alert = graph.blastRadius(of: [id(.triggeredSend, "Audit Alert")], direction: .upstream)
        #expect(alert.reached(id(.integration, "Boomi nightly ETL", "dev")) == nil)
        #expect(alert.reached(id(.integration, "Boomi nightly ETL", "prod"))?.depth == 2)
    }

    @Test func severalRootsAndPackages() {
        let radius = graph.blastRadius(of: [id(.installedPackage, "Prefs App"), id(.installedPackage, "Boomi Connector"), id(.installedPackage, "Prefs App")])
        #expect(radius.roots == [id(.installedPackage, "Boomi Connector"), id(.installedPackage, "Prefs App")])
        #expect(radius.counts.integrations == 3)
        #expect(radius.counts.productionIntegrations == 2)
        #expect(radius.reached(id(.cloudpage, "Preferences Page"))?.depth == 4)
        let sortedKeys = radius.nodes.map { ($0.depth, $0.node.kind) }
        #expect(sortedKeys.map(\.0) == sortedKeys.map(\.0).sorted())
    }
}
