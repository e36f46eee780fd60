import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport

/// Metadata edges merged with dependencies.csv into one graph, with provenance.
struct MetadataGraphTests {
    typealias F = RiskFixture

    /// An integration writes Orders; dependencies.csv says Orders feeds a
    /// report; the retrieve adds a query, its target, an email and a send,
    /// and a CloudPage that holds the integration's client id.
    func fixture() throws -> (RetrieveFixture, Inventory, Dependencies, MetadataScan) {
        let f = try RetrieveFixture()
        try f.write("Prod/dataExtension/orders.dataExtension-meta.json", #"{ "CustomerKey": "orders_key", "Name": "Orders" }"#)
        try f.write("Prod/query/sum.query-meta.json", #"{ "key": "sum", "name": "Order Summary Query", "r__dataExtension_key": "summary" }"#)
        try f.write("Prod/query/sum.query-meta.sql", "SELECT *\nFROM Orders\n")
        try f.write("Prod/dataExtension/summary.dataExtension-meta.json", #"{ "CustomerKey": "summary", "Name": "Order_Summary" }"#)
        try f.write("Prod/asset/message/mail.asset-message-meta.json", #"{ "customerKey": "mail", "name": "Order Mail", "assetType": { "name": "htmlemail" } }"#)
        try f.write("Prod/asset/message/mail.asset-message-meta.html", "%%[ SET @r = LookupRows(\"Order_Summary\", \"k\", 1) ]%%\n")
        try f.write("Prod/emailSend/send.emailSend-meta.json", #"{ "CustomerKey": "send", "Name": "Order Mail Send", "r__assetMessage_Key": "mail" }"#)
        try f.write("Prod/asset/webpage/page.asset-webpage-meta.json", #"{ "customerKey": "page", "name": "Prefs Page", "assetType": { "name": "webpage" } }"#)
        try f.write("Prod/asset/webpage/page.asset-webpage-meta.html", """
        <script runat="server">
        var id = "clientorders0000000000001";
        var auth = HTTP.Post("https://x.auth.marketingcloudapis.com/v2/token", "application/json", body);
        Platform.Function.UpsertData("Page_Log", ["k"], [1]);
        </script>
        """)
        let inventory = F.inventory([
            F.consumer("Orders Sync", client: "clientorders0000000000001"),
            F.consumer("Orders Sync", env: "qa", client: "clientordersqa00000000001", package: "Orders Sync QA"),
        ])
        var dependencies = DependencyLoader.fromInventory(inventory)
        for i in inventory.consumers.indices { dependencies = addWrites(dependencies, inventory.consumers[i]) }
        let report = NodeKey(kind: .report, name: "Orders Dashboard")
        dependencies.nodes[report] = DownstreamNode(kind: .report, name: "Orders Dashboard")
        dependencies.edges.append(DependencyEdge(
            from: NodeKey(kind: .dataExtension, name: "orders"), to: report, relation: .feeds,
            location: SourceLocation(file: "dependencies.csv", line: 7)))
        let scan = f.scan([f.source("Prod")], clientIDs: Set(inventory.credentials.map(\.clientID)), declared: Set(dependencies.nodes.keys))
        return (f, inventory, dependencies, scan)
    }

    private func addWrites(_ deps: Dependencies, _ consumer: Consumer) -> Dependencies {
        var deps = deps
        let key = NodeKey(kind: .dataExtension, name: "Orders")
        deps.nodes[key] = deps.nodes[key] ?? DownstreamNode(kind: .dataExtension, name: "Orders")
        deps.edges.append(DependencyEdge(
            from: NodeKey(kind: .integration, name: consumer.integration), to: key, relation: .writes,
            environment: consumer.environment, location: consumer.location))
        return deps
    }

    @Test func mergedGraphReachesFurtherThanDependenciesAlone() throws {
        let (f, inventory, dependencies, scan) = try fixture()
        defer { f.remove() }
        let before = DependencyGraph(inventory: inventory, dependencies: dependencies).blastRadius(ofCredential: "clientorders0000000000001")
        let graph = DependencyGraph(inventory: inventory, dependencies: scan.merged(into: dependencies))
        let after = graph.blastRadius(ofCredential: "clientorders0000000000001")
        #expect(before.nodes.map(\.node.name).sorted() == ["Orders", "Orders Dashboard", "Orders Sync", "clientorders0000000000001"])
        let reached = Set(after.nodes.map { "\($0.node.kind.rawValue):\($0.node.name)" })
        for name in ["data-extension:Orders", "report:Orders Dashboard", "query:Order Summary Query", "data-extension:Order_Summary",
                     "email:Order Mail", "email-send:Order Mail Send", "cloudpage:Prefs Page", "data-extension:Page_Log"] {
            #expect(reached.contains(name), "\(name) not reached")
        }
        #expect(after.counts.sends == 1 && after.counts.assets == 2 && after.counts.dataExtensions == 3)
        // The QA consumer's radius does not pick up prod metadata.
        let qa = graph.blastRadius(ofCredential: "clientordersqa00000000001")
        #expect(!qa.nodes.contains { $0.node.kind == .query || $0.node.kind == .cloudpage })
    }

    @Test func nodesMergeByNameOrKeyAndEveryEdgeKeepsItsSource() throws {
        let (f, inventory, dependencies, scan) = try fixture()
        defer { f.remove() }
        let graph = DependencyGraph(inventory: inventory, dependencies: scan.merged(into: dependencies))
        // One Orders node: dependencies.csv's and the retrieve's.
        #expect(graph.nodes.filter { $0.kind == .dataExtension && $0.foldedName == "orders" }.count == 1)
        let orders = NodeID(kind: .dataExtension, name: "Orders")
        let query = NodeID(kind: .query, name: "Order Summary Query")
        let sqlEdge = try #require(graph.edges(from: orders).first { $0.to == query })
        #expect(sqlEdge.source?.file.hasSuffix("Prod/query/sum.query-meta.sql") == true && sqlEdge.source?.line == 2)
        #expect(sqlEdge.environment == "prod")
        let csvEdge = try #require(graph.edges(from: orders).first { $0.to == NodeID(kind: .report, name: "Orders Dashboard") })
        #expect(csvEdge.source == SourceLocation(file: "dependencies.csv", line: 7))
        // A node dependencies.csv names by the item's key is the same node.
        var byKey = dependencies
        byKey.nodes[NodeKey(kind: .dataExtension, name: "summary")] = DownstreamNode(kind: .dataExtension, name: "summary")
        let keyed = DependencyGraph(inventory: inventory, dependencies: scan.merged(into: byKey))
        #expect(keyed.contains(NodeID(kind: .dataExtension, name: "summary")))
        #expect(!keyed.contains(NodeID(kind: .dataExtension, name: "Order_Summary")))

        // path shows where each edge comes from.
        let integration = NodeID(kind: .integration, name: "Orders Sync", environment: "prod")
        let send = NodeID(kind: .emailSend, name: "Order Mail Send")
        let chains = graph.path(from: integration, to: send)
        let listing = graph.pathListing(from: [integration], to: [send], chains: chains)
        #expect(listing.contains("integration:Orders Sync@prod -> de:Orders -> query:Order Summary Query -> de:Order_Summary -> email:Order Mail -> email-send:Order Mail Send"))
        #expect(listing.contains("inventory.csv:2"))
        #expect(listing.contains("reads  \(f.path("Prod/query/sum.query-meta.sql")):2"))
        #expect(listing.contains("writes  \(f.path("Prod/query/sum.query-meta.json")):1"))
        // And the blast-radius listing names the edge each node was reached by.
        let text = graph.blastRadius(ofCredential: "clientorders0000000000001").textListing()
        #expect(text.contains("Order Summary Query [prod]  (reads, \(f.path("Prod/query/sum.query-meta.sql")):2)"))
    }

    @Test func codeHoldingAClientIDBecomesItsConsumer() throws {
        let (f, inventory, dependencies, scan) = try fixture()
        defer { f.remove() }
        #expect(scan.credentialsInCode.map { "\($0.what.rawValue) \($0.source.line ?? 0)" } == ["client id 2", "token call 3"])
        let graph = DependencyGraph(inventory: inventory, dependencies: scan.merged(into: dependencies))
        let page = NodeID(kind: .cloudpage, name: "Prefs Page")
        let edge = try #require(graph.edges(to: page).first { $0.from == NodeID(kind: .credential, name: "clientorders0000000000001") })
        #expect(edge.relation == .authenticates && edge.environment == "prod")
        #expect(graph.droppedEdges.isEmpty)
    }

    @Test func anEdgeDependenciesAlreadyDeclaresIsKeptAsDeclared() throws {
        let (f, inventory, dependencies, scan) = try fixture()
        defer { f.remove() }
        var declared = dependencies
        let query = NodeKey(kind: .query, name: "Order Summary Query")
        declared.nodes[query] = DownstreamNode(kind: .query, name: "Order Summary Query")
        declared.edges.append(DependencyEdge(
            from: NodeKey(kind: .dataExtension, name: "Orders"), to: query, relation: .feeds,
            location: SourceLocation(file: "dependencies.csv", line: 9)))
        let graph = DependencyGraph(inventory: inventory, dependencies: scan.merged(into: declared))
        let between = graph.edges(from: NodeID(kind: .dataExtension, name: "Orders")).filter { $0.to == NodeID(kind: .query, name: "Order Summary Query") }
        #expect(between.count == 1)
        #expect(between.first?.relation == .feeds)
        #expect(between.first?.source == SourceLocation(file: "dependencies.csv", line: 9))
        // The query's own target still comes from the metadata.
        #expect(graph.edges(from: NodeID(kind: .query, name: "Order Summary Query")).contains { $0.relation == .writes && $0.source?.file.hasSuffix("sum.query-meta.json") == true })
    }
}
