import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
@testable import CredGraphRisk

/// Builds an Inventory and Dependencies the way the CSV loaders would, so the
/// graph tests do not depend on parsing.
struct Estate {
    var consumers: [Consumer] = []
    var nodes: [NodeKey: DownstreamNode] = [:]
    var edges: [DependencyEdge] = []

    mutating func consumer(_ integration: String, _ environment: String, package: String, client: String,
                           tech: String? = nil, business: String? = nil, criticality: Criticality = .medium) {
        consumers.append(Consumer(
            integration: integration, environment: environment, installedPackage: package, clientID: client,
            businessOwner: business.flatMap(Owner.init(parsing:)), technicalOwner: tech.flatMap(Owner.init(parsing:)),
            criticality: criticality, location: SourceLocation(file: "inventory.csv", line: consumers.count + 2)))
    }

    mutating func node(_ kind: NodeKind, _ name: String, owner: String? = nil, criticality: Criticality? = nil) {
        let node = DownstreamNode(kind: kind, name: name, owner: owner.flatMap(Owner.init(parsing:)), criticality: criticality)
        nodes[node.key] = node
    }

    /// An edge; its `to` node is declared when not yet known (as the loader does).
    mutating func edge(_ fromKind: NodeKind, _ from: String, _ toKind: NodeKind, _ to: String,
                       _ relation: Relation = .feeds, environment: String? = nil) {
        let toKey = NodeKey(kind: toKind, name: to)
        if nodes[toKey] == nil { node(toKind, to) }
        edges.append(DependencyEdge(from: NodeKey(kind: fromKind, name: from), to: toKey, relation: relation,
                                    environment: environment, location: SourceLocation(file: "dependencies.csv", line: edges.count + 2)))
    }

    var inventory: Inventory {
        var byClient: [String: [Int]] = [:]
        for (index, consumer) in consumers.enumerated() { byClient[consumer.clientID, default: []].append(index) }
        let credentials = byClient.keys.sorted().map { client -> Credential in
            let indices = byClient[client] ?? []
            return Credential(clientID: client, installedPackage: consumers[indices[0]].installedPackage, expiresOn: nil,
                              expirySource: .unknown, consumerIndices: indices, location: consumers[indices[0]].location)
        }
        return Inventory(consumers: consumers, credentials: credentials, rowCount: consumers.count)
    }

    var dependencies: Dependencies { Dependencies(nodes: nodes, edges: edges, rowCount: edges.count) }

    var graph: DependencyGraph { DependencyGraph(inventory: inventory, dependencies: dependencies) }

    /// A small Marketing Cloud estate with a shared secret, a cycle, diamonds
    /// and environment-limited edges.
    static var sample: Estate {
        var e = Estate()
        e.consumer("Boomi nightly ETL", "prod", package: "Boomi Connector", client: "4f1c0d9e2b7a",
                   tech: "Ana <ana@example.com>", business: "Sales Ops", criticality: .high)
        e.consumer("Boomi nightly ETL", "dev", package: "Boomi Connector", client: "4f1c0d9e2b7a",
                   tech: "Ana <ana@example.com>", criticality: .low)
        e.consumer("Preference Center", "prod", package: "Prefs App", client: "9a8b7c6d5e4f",
                   tech: "Web Team", business: "Marketing", criticality: .critical)
        e.node(.email, "Welcome", owner: "CRM Team", criticality: .high)
        e.node(.journey, "Welcome Journey", owner: "ana <ANA@example.com>", criticality: .critical)
        e.edge(.integration, "Boomi nightly ETL", .dataExtension, "Orders", .writes)
        e.edge(.integration, "boomi nightly etl", .dataExtension, "Orders Audit", .writes, environment: "prod")
        e.edge(.dataExtension, "Orders", .query, "Orders Rollup", .feeds)
        e.edge(.query, "Orders Rollup", .dataExtension, "ORDERS", .writes)  // cycle back to Orders
        e.edge(.query, "Orders Rollup", .dataExtension, "Order Summary", .writes)
        e.edge(.dataExtension, "Orders", .dataExtension, "Orders Mirror", .feeds)
        e.edge(.dataExtension, "Orders Mirror", .dataExtension, "Order Summary", .feeds)  // diamond
        e.edge(.dataExtension, "Orders", .email, "Welcome", .reads)
        e.edge(.dataExtension, "Order Summary", .email, "Welcome", .reads)  // diamond
        e.edge(.email, "Welcome", .journey, "Welcome Journey", .triggers)
        e.edge(.dataExtension, "Orders Audit", .triggeredSend, "Audit Alert", .triggers, environment: "prod")
        e.edge(.dataExtension, "Orders", .dataExtension, "Dev Sandbox", .feeds, environment: "dev")
        e.edge(.integration, "Preference Center", .dataExtension, "Welcome", .writes)
        e.edge(.dataExtension, "Welcome", .cloudpage, "Preferences Page", .reads)
        return e
    }
}

func id(_ kind: NodeKind, _ name: String, _ environment: String? = nil) -> NodeID {
    NodeID(kind: kind, name: name, environment: environment)
}

@Suite struct GraphTests {
    let graph = Estate.sample.graph

    @Test func nodesHaveStableIDsAndFirstSpellings() throws {
        let consumer = try #require(graph.node(id(.integration, "Boomi nightly ETL", "prod")))
        #expect(consumer.id.rawValue == "integration:boomi nightly etl@prod")
        #expect(consumer.name == "Boomi nightly ETL")
        #expect(consumer.environment == "prod")
        #expect(consumer.technicalOwner?.email == "ana@example.com")
        #expect(consumer.businessOwner?.name == "Sales Ops")
        #expect(consumer.criticality == .high)
        #expect(consumer.consumerIndex == 0)
        #expect(consumer.reference == "integration:Boomi nightly ETL@prod")

        let orders = try #require(graph.node(id(.dataExtension, "orders")))
        #expect(orders.id.rawValue == "data-extension:orders")
        #expect(orders.name == "Orders")  // not "ORDERS" from the later row
        #expect(orders.reference == "de:Orders")
        #expect(graph.node(id(.installedPackage, "boomi connector"))?.name == "Boomi Connector")
        #expect(graph.node(id(.credential, "4F1C0D9E2B7A"))?.reference == "client:4f1c0d9e2b7a")
        #expect(graph.node(id(.email, "Welcome"))?.owner?.name == "CRM Team")

        // Node order is kind layer, then folded name, then environment.
        let kinds = graph.nodes.map(\.kind)
        #expect(kinds == kinds.sorted())
        #expect(Set(graph.nodes.map(\.id)).count == graph.nodes.count)
        #expect(graph.environments == ["dev", "prod"])
    }

    @Test func edgesConnectPackagesCredentialsConsumersAndDownstream() {
        #expect(graph.edges(from: id(.installedPackage, "Boomi Connector")).map(\.to) == [id(.credential, "4f1c0d9e2b7a")])
        #expect(graph.edges(from: id(.credential, "4f1c0d9e2b7a")).map(\.to)
            == [id(.integration, "Boomi nightly ETL", "dev"), id(.integration, "Boomi nightly ETL", "prod")])
        #expect(graph.edges(from: id(.credential, "4f1c0d9e2b7a")).allSatisfy { $0.relation == .authenticates })
        // The integration edge expands to each consumer; the prod-only one to prod alone.
        #expect(graph.edges(from: id(.integration, "Boomi nightly ETL", "dev")).map(\.to) == [id(.dataExtension, "Orders")])
        let prodEdges = graph.edges(from: id(.integration, "Boomi nightly ETL", "prod"))
        #expect(prodEdges.map(\.to) == [id(.dataExtension, "Orders"), id(.dataExtension, "Orders Audit")])
        #expect(prodEdges.map(\.environment) == [nil, "prod"])
        #expect(graph.consumers(ofCredential: "4f1c0d9e2b7a").map(\.environment) == ["dev", "prod"])
        #expect(graph.droppedEdges.isEmpty)
        #expect(Set(graph.edges).count == graph.edges.count)
    }

    @Test func unattachableEdgesAreKeptAsDropped() {
        var e = Estate.sample
        e.edge(.integration, "Nobody Inventoried", .dataExtension, "Orphan")
        e.edge(.integration, "Preference Center", .dataExtension, "QA Only", environment: "qa")
        let g = e.graph
        #expect(g.droppedEdges.map(\.to.folded) == ["orphan", "qa only"])
        // The nodes themselves still exist, unconnected.
        #expect(g.contains(id(.dataExtension, "Orphan")))
        #expect(g.edges(to: id(.dataExtension, "QA Only")).isEmpty)
        #expect(g.droppedEdgeDiagnostics().map(\.formatted) == [
            "dependencies.csv:16: warning: edge from integration 'nobody inventoried' to data-extension 'orphan' is ignored: "
                + "no inventory row names that integration",
            "dependencies.csv:17: warning: edge from integration 'preference center' to data-extension 'qa only' is ignored: "
                + "the edge is limited to environment 'qa', where the integration has no consumer (it has: prod)",
        ])
        #expect(graph.droppedEdgeDiagnostics().isEmpty)
    }

    @Test func repeatedRowsMakeOneEdge() {
        var e = Estate.sample
        e.edge(.dataExtension, "orders", .email, "WELCOME", .reads)
        #expect(e.graph.edges.count == graph.edges.count)
    }

    @Test func consumerWithoutCredentialRowStillAttached() {
        var e = Estate.sample
        let inventory = e.inventory
        var trimmed = inventory
        trimmed.credentials.removeAll { $0.clientID == "9a8b7c6d5e4f" }  // its row was rejected
        let g = DependencyGraph(inventory: trimmed, dependencies: e.dependencies)
        #expect(g.edges(from: id(.credential, "9a8b7c6d5e4f")).map(\.to) == [id(.integration, "Preference Center", "prod")])
        #expect(g.edges(to: id(.credential, "9a8b7c6d5e4f")).map(\.from) == [id(.installedPackage, "Prefs App")])
        e.consumers.removeAll()
        #expect(e.graph.nodes.allSatisfy { $0.kind != .integration })
    }
}
