/// The dependency graph: installed package -> credential -> consumer
/// (integration@environment) -> downstream nodes, built from the inventory and
/// dependencies.csv. Every later stage (risk ranking, diagrams, reports, the
/// `blast-radius` and `path` commands) reads it.

/// Stable identity of a graph node, derived from kind and folded name (and the
/// environment for a consumer): `integration:boomi nightly etl@prod`,
/// `data-extension:orders`. The same inputs always give the same ids, so it
/// doubles as the Graphviz node id (the renderer quotes it).
public struct NodeID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(kind: NodeKind, name: String, environment: String? = nil) {
        var id = kind.rawValue + ":" + NodeKey.fold(name)
        if let environment { id += "@" + NodeKey.fold(environment) }
        rawValue = id
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }
}

/// One node of the graph.
public struct GraphNode: Sendable, Hashable {
    public var id: NodeID
    public var kind: NodeKind
    /// The name as first written (a client id for a credential, the
    /// integration's name for a consumer).
    public var name: String
    /// Only consumers have one: the environment of that inventory row.
    public var environment: String?
    /// Consumers only.
    public var technicalOwner: Owner?
    /// Consumers only.
    public var businessOwner: Owner?
    /// Downstream nodes only: the `owner` column of dependencies.csv.
    public var owner: Owner?
    /// Consumers always have one (default medium); downstream nodes when given.
    public var criticality: Criticality?
    /// For a consumer, its row in `Inventory.consumers` (secret location, alerting, …).
    public var consumerIndex: Int?

    /// Everyone who answers for this node: technical owner, business owner, owner.
    public var owners: [Owner] { [technicalOwner, businessOwner, owner].compactMap { $0 } }

    /// The full node reference of outputs.md that names this node alone
    /// (`integration:NAME@ENV` for a consumer, `de:NAME` for a data extension).
    public var reference: String {
        switch kind {
        case .dataExtension: "de:\(name)"
        case .integration:
            if let environment { "integration:\(name)@\(environment)" } else { "integration:\(name)" }
        default: "\(kind.rawValue):\(name)"
        }
    }

    /// Folded name, the key names are compared by.
    public var foldedName: String { NodeKey.fold(name) }
}

/// A directed edge of the graph, in dependency direction (what fails -> what
/// breaks because of it).
public struct GraphEdge: Sendable, Hashable, Comparable {
    public var from: NodeID
    public var to: NodeID
    public var relation: Relation
    /// The environment the edge was declared for in dependencies.csv; nil when
    /// it holds in all. (An edge out of a consumer holds in the consumer's
    /// environment whatever this says.)
    public var environment: String?

    public init(from: NodeID, to: NodeID, relation: Relation, environment: String? = nil) {
        self.from = from
        self.to = to
        self.relation = relation
        self.environment = environment
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.from.rawValue, a.to.rawValue, a.relation.rawValue, a.environment ?? "")
            < (b.from.rawValue, b.to.rawValue, b.relation.rawValue, b.environment ?? "")
    }
}

public struct DependencyGraph: Sendable {
    /// Every node, sorted by kind (layer order), folded name, environment.
    public let nodes: [GraphNode]
    /// Every edge, deduplicated, sorted by the index order of their endpoints.
    public let edges: [GraphEdge]
    /// Dependency edges that could not be attached: an integration with no
    /// consumer in the edge's environment, or a `to` that is not a downstream
    /// kind. Kept so `check` can name them instead of losing them silently.
    public let droppedEdges: [DependencyEdge]
    /// The environments of the consumers and edges, sorted.
    public let environments: [String]

    /// An adjacency entry. `scope` is the environment (index into
    /// `environments`) the edge is only followed in, or -1 for all: the
    /// declared environment of a dependency edge, or the consumer's own
    /// environment for edges into and out of a consumer.
    struct Link: Sendable {
        var target: Int32
        var edge: Int32
        var scope: Int32
    }

    let indexByID: [NodeID: Int]
    let outgoing: [[Link]]
    let incoming: [[Link]]
    /// Endpoints of `edges`, by edge index.
    let edgeEnds: [(from: Int32, to: Int32)]
    /// Folded name -> node indices (a consumer is filed under its integration's name).
    let byFoldedName: [String: [Int]]

    public init(inventory: Inventory, dependencies: Dependencies) {
        var builder = GraphBuilder()
        builder.add(inventory: inventory)
        builder.add(dependencies: dependencies)
        let built = builder.finish()
        nodes = built.nodes
        edges = built.edges
        droppedEdges = built.dropped
        environments = built.environments
        indexByID = built.indexByID
        outgoing = built.outgoing
        incoming = built.incoming
        edgeEnds = built.edgeEnds
        byFoldedName = built.byFoldedName
    }

    /// The node with this id, if the graph has it.
    public func node(_ id: NodeID) -> GraphNode? {
        indexByID[id].map { nodes[$0] }
    }

    public func contains(_ id: NodeID) -> Bool { indexByID[id] != nil }

    /// The edges leaving a node, in node order of their targets.
    public func edges(from id: NodeID) -> [GraphEdge] {
        guard let index = indexByID[id] else { return [] }
        return outgoing[index].map { edges[Int($0.edge)] }
    }

    /// The edges arriving at a node, in node order of their sources.
    public func edges(to id: NodeID) -> [GraphEdge] {
        guard let index = indexByID[id] else { return [] }
        return incoming[index].map { edges[Int($0.edge)] }
    }

    /// The consumers of a credential, in node order.
    public func consumers(ofCredential clientID: String) -> [GraphNode] {
        edges(from: NodeID(kind: .credential, name: clientID)).compactMap { node($0.to) }.filter { $0.kind == .integration }
    }
}

/// Collects node specifications first, then sorts them so indices (and every
/// output derived from them) do not depend on input order.
private struct GraphBuilder {
    struct PendingEdge: Hashable {
        var from: NodeID
        var to: NodeID
        var relation: Relation
        var declared: String?
        /// Environment the edge is followed in; nil for all.
        var scope: String?
    }

    var nodesByID: [NodeID: GraphNode] = [:]
    var pending: [PendingEdge] = []
    var dropped: [DependencyEdge] = []
    /// Folded integration name -> consumer ids, in inventory order.
    var consumersByIntegration: [String: [NodeID]] = [:]
    var environmentSet: Set<String> = []

    mutating func add(inventory: Inventory) {
        for credential in inventory.credentials {
            let package = NodeID(kind: .installedPackage, name: credential.installedPackage)
            let client = NodeID(kind: .credential, name: credential.clientID)
            insert(GraphNode(id: package, kind: .installedPackage, name: credential.installedPackage.trimmingWhitespace()))
            insert(GraphNode(id: client, kind: .credential, name: credential.clientID.trimmingWhitespace()))
            pending.append(PendingEdge(from: package, to: client, relation: .owns))
        }
        for (index, consumer) in inventory.consumers.enumerated() {
            let environment = NodeKey.fold(consumer.environment)
            let id = NodeID(kind: .integration, name: consumer.integration, environment: environment)
            environmentSet.insert(environment)
            if nodesByID[id] == nil {
                consumersByIntegration[NodeKey.fold(consumer.integration), default: []].append(id)
            }
            insert(GraphNode(
                id: id, kind: .integration, name: consumer.integration.trimmingWhitespace(), environment: environment,
                technicalOwner: consumer.technicalOwner, businessOwner: consumer.businessOwner,
                criticality: consumer.criticality, consumerIndex: index))
            // A consumer whose credential row was rejected still hangs off its client id.
            let client = NodeID(kind: .credential, name: consumer.clientID)
            if nodesByID[client] == nil {
                let package = NodeID(kind: .installedPackage, name: consumer.installedPackage)
                insert(GraphNode(id: package, kind: .installedPackage, name: consumer.installedPackage.trimmingWhitespace()))
                insert(GraphNode(id: client, kind: .credential, name: consumer.clientID.trimmingWhitespace()))
                pending.append(PendingEdge(from: package, to: client, relation: .owns))
            }
            pending.append(PendingEdge(from: client, to: id, relation: .authenticates, scope: environment))
        }
    }

    mutating func add(dependencies: Dependencies) {
        // Declared nodes first, in key order, so their spelling and owner win.
        for key in dependencies.nodes.keys.sorted() {
            guard let node = dependencies.nodes[key], isDownstream(key.kind) else { continue }
            insert(GraphNode(
                id: NodeID(kind: key.kind, name: key.folded), kind: key.kind, name: node.name.trimmingWhitespace(),
                owner: node.owner, criticality: node.criticality))
        }
        for edge in dependencies.edges {
            guard isDownstream(edge.to.kind) else {
                dropped.append(edge)
                continue
            }
            let declared = edge.environment.map { NodeKey.fold($0) }.flatMap { $0.isEmpty ? nil : $0 }
            if let declared { environmentSet.insert(declared) }
            let to = downstreamNode(edge.to)
            switch edge.from.kind {
            case .integration:
                var attached = false
                for consumer in consumersByIntegration[edge.from.folded] ?? [] {
                    let environment = nodesByID[consumer]?.environment
                    guard declared == nil || declared == environment else { continue }
                    pending.append(PendingEdge(from: consumer, to: to, relation: edge.relation, declared: declared, scope: environment))
                    attached = true
                }
                if !attached { dropped.append(edge) }
            case .installedPackage, .credential:
                dropped.append(edge)
            default:
                let from = downstreamNode(edge.from)
                pending.append(PendingEdge(from: from, to: to, relation: edge.relation, declared: declared, scope: declared))
            }
        }
    }

    private func isDownstream(_ kind: NodeKind) -> Bool {
        kind != .installedPackage && kind != .credential && kind != .integration
    }

    /// The id of a downstream node, creating it when dependencies.csv names it
    /// only as an endpoint.
    private mutating func downstreamNode(_ key: NodeKey) -> NodeID {
        let id = NodeID(kind: key.kind, name: key.folded)
        if nodesByID[id] == nil {
            insert(GraphNode(id: id, kind: key.kind, name: key.folded))
        }
        return id
    }

    /// First spelling wins; later rows only fill attributes still missing.
    private mutating func insert(_ node: GraphNode) {
        guard var existing = nodesByID[node.id] else {
            nodesByID[node.id] = node
            return
        }
        if existing.technicalOwner == nil { existing.technicalOwner = node.technicalOwner }
        if existing.businessOwner == nil { existing.businessOwner = node.businessOwner }
        if existing.owner == nil { existing.owner = node.owner }
        if existing.criticality == nil { existing.criticality = node.criticality }
        if existing.consumerIndex == nil { existing.consumerIndex = node.consumerIndex }
        nodesByID[node.id] = existing
    }

    struct Built {
        var nodes: [GraphNode]
        var edges: [GraphEdge]
        var dropped: [DependencyEdge]
        var environments: [String]
        var indexByID: [NodeID: Int]
        var outgoing: [[DependencyGraph.Link]]
        var incoming: [[DependencyGraph.Link]]
        var edgeEnds: [(from: Int32, to: Int32)]
        var byFoldedName: [String: [Int]]
    }

    func finish() -> Built {
        let nodes = nodesByID.values.sorted { a, b in
            (a.kind, a.foldedName, a.environment ?? "", a.id.rawValue) < (b.kind, b.foldedName, b.environment ?? "", b.id.rawValue)
        }
        var indexByID: [NodeID: Int] = [:]
        indexByID.reserveCapacity(nodes.count)
        var byFoldedName: [String: [Int]] = [:]
        for (index, node) in nodes.enumerated() {
            indexByID[node.id] = index
            byFoldedName[node.foldedName, default: []].append(index)
        }
        let environments = environmentSet.sorted()
        var environmentIndex: [String: Int32] = [:]
        for (index, environment) in environments.enumerated() { environmentIndex[environment] = Int32(index) }

        // Same endpoints, relation and declared environment are one edge
        // (a dependencies.csv row repeated, or the same DE in `writes` twice).
        struct Resolved { var from: Int; var to: Int; var relation: Relation; var declared: String?; var scope: Int32 }
        var seen: Set<PendingEdge> = []
        var resolved: [Resolved] = []
        resolved.reserveCapacity(pending.count)
        for edge in pending {
            var identity = edge
            identity.scope = nil
            guard seen.insert(identity).inserted, let from = indexByID[edge.from], let to = indexByID[edge.to] else { continue }
            let scope = edge.scope.flatMap { environmentIndex[$0] } ?? -1
            resolved.append(Resolved(from: from, to: to, relation: edge.relation, declared: edge.declared, scope: scope))
        }
        resolved.sort { a, b in
            (a.from, a.to, a.relation.rawValue, a.declared ?? "") < (b.from, b.to, b.relation.rawValue, b.declared ?? "")
        }

        var outgoing = [[DependencyGraph.Link]](repeating: [], count: nodes.count)
        var incoming = [[DependencyGraph.Link]](repeating: [], count: nodes.count)
        var edges: [GraphEdge] = []
        var edgeEnds: [(from: Int32, to: Int32)] = []
        edges.reserveCapacity(resolved.count)
        edgeEnds.reserveCapacity(resolved.count)
        for (index, edge) in resolved.enumerated() {
            edges.append(GraphEdge(from: nodes[edge.from].id, to: nodes[edge.to].id, relation: edge.relation, environment: edge.declared))
            edgeEnds.append((Int32(edge.from), Int32(edge.to)))
            outgoing[edge.from].append(.init(target: Int32(edge.to), edge: Int32(index), scope: edge.scope))
            incoming[edge.to].append(.init(target: Int32(edge.from), edge: Int32(index), scope: edge.scope))
        }
        return Built(
            nodes: nodes, edges: edges, dropped: dropped, environments: environments, indexByID: indexByID,
            outgoing: outgoing, incoming: incoming, edgeEnds: edgeEnds, byFoldedName: byFoldedName)
    }
}
