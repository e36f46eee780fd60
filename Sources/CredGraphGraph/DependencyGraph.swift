import CredGraphCore

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
        self.init(kind: kind, folded: NodeKey.fold(name), foldedEnvironment: environment.map { NodeKey.fold($0) })
    }

    /// For names already folded (a `NodeKey`), so a big graph folds each name once.
    init(kind: NodeKind, folded: String, foldedEnvironment: String? = nil) {
        var id = kind.rawValue + ":" + folded
        if let foldedEnvironment { id += "@" + foldedEnvironment }
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
    /// Downstream nodes only: `scope: shared`, one object for every
    /// environment; otherwise each environment has its own of that name.
    public var isShared = false

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
    public private(set) var foldedName: String

    init(id: NodeID, kind: NodeKind, name: String, foldedName: String, environment: String? = nil,
         technicalOwner: Owner? = nil, businessOwner: Owner? = nil, owner: Owner? = nil,
         criticality: Criticality? = nil, consumerIndex: Int? = nil) {
        self.id = id
        self.kind = kind
        self.name = name
        self.foldedName = foldedName
        self.environment = environment
        self.technicalOwner = technicalOwner
        self.businessOwner = businessOwner
        self.owner = owner
        self.criticality = criticality
        self.consumerIndex = consumerIndex
    }
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
    /// Where the edge was declared (`dependencies.csv:LINE`, an mcdev file
    /// and line); the first one when several rows declare it. Not part of
    /// the edge's identity.
    public var source: SourceLocation?

    public init(from: NodeID, to: NodeID, relation: Relation, environment: String? = nil, source: SourceLocation? = nil) {
        self.from = from
        self.to = to
        self.relation = relation
        self.environment = environment
        self.source = source
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.from == b.from && a.to == b.to && a.relation == b.relation && a.environment == b.environment
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(from)
        hasher.combine(to)
        hasher.combine(relation)
        hasher.combine(environment)
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
    package struct Link: Sendable {
        package var target: Int32
        package var edge: Int32
        package var scope: Int32
    }

    package let indexByID: [NodeID: Int]
    package let outgoing: [[Link]]
    let incoming: [[Link]]
    /// Folded name -> node indices (a consumer is filed under its integration's name).
    let byFoldedName: [String: [Int]]

    public init(inventory: Inventory, dependencies: Dependencies) {
        var builder = GraphBuilder()
        builder.reserve(nodes: inventory.consumers.count + 2 * inventory.credentials.count + dependencies.nodes.count,
                        edges: 2 * inventory.consumers.count + inventory.credentials.count + 2 * dependencies.edges.count)
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

/// Collects nodes and edges in input order, then sorts them so indices (and
/// every output derived from them) do not depend on input order. Edges are
/// kept as index tuples until the end: a 100,000-node estate must not pay for
/// hashing strings per edge.
private struct GraphBuilder {
    struct PendingEdge: Hashable {
        var from: Int32
        var to: Int32
        var relation: Relation
        /// Declared environment (index into `environmentNames`), -1 for all.
        var declared: Int32
    }

    var nodes: [GraphNode] = []
    var indexByID: [NodeID: Int] = [:]
    /// Edge -> environment it is followed in (-1 for all), first one kept.
    var pending: [PendingEdge] = []
    var scopes: [Int32] = []
    var sources: [SourceLocation?] = []
    var seenEdges: Set<PendingEdge> = []
    var dropped: [DependencyEdge] = []
    /// Folded integration name -> consumer node indices, in inventory order.
    var consumersByIntegration: [String: [Int]] = [:]
    var environmentNames: [String] = []
    var environmentIndex: [String: Int32] = [:]

    /// Growing hash tables of 100,000 entries step by step costs more than the inserts.
    mutating func reserve(nodes nodeCount: Int, edges edgeCount: Int) {
        nodes.reserveCapacity(nodeCount)
        indexByID.reserveCapacity(nodeCount)
        pending.reserveCapacity(edgeCount)
        scopes.reserveCapacity(edgeCount)
        sources.reserveCapacity(edgeCount)
        seenEdges.reserveCapacity(edgeCount)
    }

    mutating func add(inventory: Inventory) {
        for credential in inventory.credentials {
            addCredential(clientID: credential.clientID, package: credential.installedPackage, source: credential.location)
        }
        for (row, consumer) in inventory.consumers.enumerated() {
            let name = GraphText.trimmed(consumer.integration)
            let folded = name.lowercased()
            let environment = GraphText.trimmed(consumer.environment).lowercased()
            let environmentIndex = intern(environment)
            let id = NodeID(kind: .integration, folded: folded, foldedEnvironment: environment)
            let isNew = indexByID[id] == nil
            let index = insert(GraphNode(
                id: id, kind: .integration, name: name, foldedName: folded, environment: environment,
                technicalOwner: consumer.technicalOwner, businessOwner: consumer.businessOwner,
                criticality: consumer.criticality, consumerIndex: row))
            if isNew { consumersByIntegration[folded, default: []].append(index) }
            // A consumer whose credential row was rejected still hangs off its client id.
            let client = addCredential(clientID: consumer.clientID, package: consumer.installedPackage, source: consumer.location)
            addEdge(from: client, to: index, relation: .authenticates, declared: -1, scope: environmentIndex, source: consumer.location)
        }
    }

    /// The credential's node; creates it and its package (with the `owns`
    /// edge) the first time.
    @discardableResult
    private mutating func addCredential(clientID: String, package: String, source: SourceLocation? = nil) -> Int {
        let clientName = GraphText.trimmed(clientID)
        let clientFolded = clientName.lowercased()
        let client = NodeID(kind: .credential, folded: clientFolded)
        if let existing = indexByID[client] { return existing }
        let packageName = GraphText.trimmed(package)
        let packageFolded = packageName.lowercased()
        let packageIndex = insert(GraphNode(
            id: NodeID(kind: .installedPackage, folded: packageFolded), kind: .installedPackage,
            name: packageName, foldedName: packageFolded))
        let clientIndex = insert(GraphNode(id: client, kind: .credential, name: clientName, foldedName: clientFolded))
        addEdge(from: packageIndex, to: clientIndex, relation: .owns, declared: -1, scope: -1, source: source)
        return clientIndex
    }

    mutating func add(dependencies: Dependencies) {
        // Declared nodes first, in key order, so their spelling and owner win.
        for key in dependencies.nodes.keys.sorted() {
            guard let node = dependencies.nodes[key], isDownstream(key.kind) else { continue }
            var graphNode = GraphNode(
                id: NodeID(kind: key.kind, folded: key.folded), kind: key.kind, name: GraphText.trimmed(node.name),
                foldedName: key.folded, owner: node.owner, criticality: node.criticality)
            graphNode.isShared = node.shared
            insert(graphNode)
        }
        for edge in dependencies.edges {
            guard isDownstream(edge.to.kind) else {
                dropped.append(edge)
                continue
            }
            let declaredName = edge.environment.map { GraphText.trimmed($0).lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
            let declared = declaredName.map { intern($0) } ?? -1
            let to = downstreamNode(edge.to)
            switch edge.from.kind {
            case .integration:
                var attached = false
                for consumer in consumersByIntegration[edge.from.folded] ?? [] {
                    let environment = nodes[consumer].environment
                    guard declaredName == nil || declaredName == environment else { continue }
                    let scope = environment.flatMap { environmentIndex[$0] } ?? -1
                    addEdge(from: consumer, to: to, relation: edge.relation, declared: declared, scope: scope, source: edge.location)
                    attached = true
                }
                if !attached { dropped.append(edge) }
            case .credential:
                // Code that holds a client id (metadata.md, `secret-in-code`) is a consumer of that credential.
                guard let client = indexByID[NodeID(kind: .credential, folded: edge.from.folded)] else {
                    dropped.append(edge)
                    continue
                }
                addEdge(from: client, to: to, relation: edge.relation, declared: declared, scope: declared, source: edge.location)
            case .installedPackage:
                dropped.append(edge)
            default:
                let from = downstreamNode(edge.from)
                addEdge(from: from, to: to, relation: edge.relation, declared: declared, scope: declared, source: edge.location)
            }
        }
    }

    private func isDownstream(_ kind: NodeKind) -> Bool {
        kind != .installedPackage && kind != .credential && kind != .integration
    }

    private mutating func intern(_ environment: String) -> Int32 {
        if let index = environmentIndex[environment] { return index }
        let index = Int32(environmentNames.count)
        environmentNames.append(environment)
        environmentIndex[environment] = index
        return index
    }

    /// The node of a downstream key, creating it when dependencies.csv names
    /// it only as an endpoint.
    private mutating func downstreamNode(_ key: NodeKey) -> Int {
        let id = NodeID(kind: key.kind, folded: key.folded)
        if let index = indexByID[id] { return index }
        return insert(GraphNode(id: id, kind: key.kind, name: key.folded, foldedName: key.folded))
    }

    /// Same endpoints, relation and declared environment are one edge (a row
    /// repeated, or the same data extension in `writes` twice).
    private mutating func addEdge(from: Int, to: Int, relation: Relation, declared: Int32, scope: Int32, source: SourceLocation? = nil) {
        let edge = PendingEdge(from: Int32(from), to: Int32(to), relation: relation, declared: declared)
        guard seenEdges.insert(edge).inserted else { return }
        pending.append(edge)
        scopes.append(scope)
        sources.append(source)
    }

    /// First spelling wins; later rows only fill attributes still missing.
    @discardableResult
    private mutating func insert(_ node: GraphNode) -> Int {
        guard let index = indexByID[node.id] else {
            indexByID[node.id] = nodes.count
            nodes.append(node)
            return nodes.count - 1
        }
        if nodes[index].technicalOwner == nil { nodes[index].technicalOwner = node.technicalOwner }
        if nodes[index].businessOwner == nil { nodes[index].businessOwner = node.businessOwner }
        if nodes[index].owner == nil { nodes[index].owner = node.owner }
        if nodes[index].criticality == nil { nodes[index].criticality = node.criticality }
        if nodes[index].consumerIndex == nil { nodes[index].consumerIndex = node.consumerIndex }
        if node.isShared { nodes[index].isShared = true }
        return index
    }

    struct Built {
        var nodes: [GraphNode]
        var edges: [GraphEdge]
        var dropped: [DependencyEdge]
        var environments: [String]
        var indexByID: [NodeID: Int]
        var outgoing: [[DependencyGraph.Link]]
        var incoming: [[DependencyGraph.Link]]
        var byFoldedName: [String: [Int]]
    }

    func finish() -> Built {
        // Sort a permutation, not the (large) node values themselves.
        let kindOrder = Dictionary(uniqueKeysWithValues: NodeKind.allCases.sorted().enumerated().map { ($1, $0) })
        let kindRank = nodes.map { kindOrder[$0.kind] ?? 0 }
        let order = nodes.indices.sorted { a, b in
            if kindRank[a] != kindRank[b] { return kindRank[a] < kindRank[b] }
            let na = nodes[a], nb = nodes[b]
            if na.foldedName != nb.foldedName { return na.foldedName < nb.foldedName }
            return (na.environment ?? "", na.id.rawValue) < (nb.environment ?? "", nb.id.rawValue)
        }
        var newIndex = [Int](repeating: 0, count: nodes.count)
        for (position, old) in order.enumerated() { newIndex[old] = position }
        let sortedNodes = order.map { nodes[$0] }
        var sortedIndexByID: [NodeID: Int] = [:]
        sortedIndexByID.reserveCapacity(sortedNodes.count)
        var byFoldedName: [String: [Int]] = [:]
        for (index, node) in sortedNodes.enumerated() {
            sortedIndexByID[node.id] = index
            byFoldedName[node.foldedName, default: []].append(index)
        }

        // Environments sorted by name; remap the interned indices.
        let environments = environmentNames.sorted()
        var environmentRemap = [Int32](repeating: -1, count: environmentNames.count)
        for (old, name) in environmentNames.enumerated() {
            environmentRemap[old] = Int32(environments.firstIndex(of: name) ?? -1)
        }
        func remap(_ environment: Int32) -> Int32 { environment < 0 ? -1 : environmentRemap[Int(environment)] }

        struct Resolved { var from: Int; var to: Int; var relation: Relation; var declared: Int32; var scope: Int32; var source: SourceLocation? }
        var resolved = pending.indices.map { i in
            Resolved(from: newIndex[Int(pending[i].from)], to: newIndex[Int(pending[i].to)], relation: pending[i].relation,
                     declared: remap(pending[i].declared), scope: remap(scopes[i]), source: sources[i])
        }
        resolved.sort { a, b in
            if a.from != b.from { return a.from < b.from }
            if a.to != b.to { return a.to < b.to }
            if a.relation != b.relation { return a.relation.rawValue < b.relation.rawValue }
            return a.declared < b.declared
        }

        var outgoing = [[DependencyGraph.Link]](repeating: [], count: sortedNodes.count)
        var incoming = [[DependencyGraph.Link]](repeating: [], count: sortedNodes.count)
        var edges: [GraphEdge] = []
        edges.reserveCapacity(resolved.count)
        for (index, edge) in resolved.enumerated() {
            edges.append(GraphEdge(
                from: sortedNodes[edge.from].id, to: sortedNodes[edge.to].id, relation: edge.relation,
                environment: edge.declared < 0 ? nil : environments[Int(edge.declared)], source: edge.source))
            outgoing[edge.from].append(.init(target: Int32(edge.to), edge: Int32(index), scope: edge.scope))
            incoming[edge.to].append(.init(target: Int32(edge.from), edge: Int32(index), scope: edge.scope))
        }
        return Built(
            nodes: sortedNodes, edges: edges, dropped: dropped, environments: environments, indexByID: sortedIndexByID,
            outgoing: outgoing, incoming: incoming, byFoldedName: byFoldedName)
    }
}

extension DependencyGraph {
    /// A warning for each dependency edge the graph could not attach, with
    /// its file and line, for `check` to report (the loaders cannot see these:
    /// they need the inventory's environments).
    public func droppedEdgeDiagnostics() -> [Diagnostic] {
        droppedEdges.map { edge in
            let from = "\(edge.from.kind.rawValue) '\(GraphText.line(edge.from.folded))'"
            let to = "\(edge.to.kind.rawValue) '\(GraphText.line(edge.to.folded))'"
            let reason: String
            if !NodeKind.downstreamKinds.contains(edge.to.kind) {
                reason = "a \(edge.to.kind.rawValue) cannot sit downstream of anything"
            } else if edge.from.kind != .integration {
                reason = "a \(edge.from.kind.rawValue) cannot be the `from` of a dependency"
            } else {
                let environments = byFoldedName[edge.from.folded, default: []].compactMap { nodes[$0].environment }
                reason = environments.isEmpty
                    ? "no inventory row names that integration"
                    : "the edge is limited to environment '\(GraphText.line(edge.environment ?? ""))', "
                        + "where the integration has no consumer (it has: \(environments.joined(separator: ", ")))"
            }
            return Diagnostic(
                file: edge.location?.file ?? "dependencies.csv", line: edge.location?.line, severity: .warning,
                message: "edge from \(from) to \(to) is ignored: \(reason)")
        }
    }
}
