import CredGraphCore

/// `credgraph path FROM TO`: why TO depends on FROM, as every shortest chain
/// of dependency edges from one to the other.

/// One chain: `nodes[i] -relations[i]-> nodes[i + 1]`.
public struct DependencyChain: Sendable, Hashable {
    public var nodes: [NodeID]
    public var relations: [Relation]
    /// Where each edge was declared (`FILE:LINE`), when known.
    public var sources: [SourceLocation?]

    public init(nodes: [NodeID], relations: [Relation], sources: [SourceLocation?]? = nil) {
        self.nodes = nodes
        self.relations = relations
        self.sources = sources ?? Array(repeating: nil, count: relations.count)
    }

    /// Number of edges.
    public var length: Int { relations.count }
}

extension DependencyGraph {
    /// Every shortest chain from a node of `sources` to a node of `targets`,
    /// following edges in their direction and honouring environment limits
    /// as blast radius does. At most `maxChains` chains, in a fixed order;
    /// empty when no target is reachable. A node in both sets is a chain of
    /// length 0.
    public func path(from sources: [NodeID], to targets: [NodeID], maxChains: Int = 20) -> [DependencyChain] {
        let sourceIndices = Array(Set(sources.compactMap { indexByID[$0] })).sorted()
        let targetIndices = Set(targets.compactMap { indexByID[$0] })
        guard maxChains > 0, !sourceIndices.isEmpty, !targetIndices.isEmpty else { return [] }
        let stride = environments.count + 1

        struct State: Hashable, Comparable {
            var node: Int
            var context: Int32
            static func < (a: Self, b: Self) -> Bool { (a.node, a.context) < (b.node, b.context) }
        }
        struct Parent { var state: State; var edge: Int32 }

        var depthOf: [Int: Int] = [:]  // keyed by node * stride + context + 1
        var parents: [State: [Parent]] = [:]
        func key(_ s: State) -> Int { s.node * stride + Int(s.context + 1) }

        var frontier: [State] = []
        for source in sourceIndices {
            let state = State(node: source, context: rootContext(source))
            depthOf[key(state)] = 0
            frontier.append(state)
        }
        var depth = 0
        var found: [State] = frontier.filter { targetIndices.contains($0.node) }
        while found.isEmpty, !frontier.isEmpty {
            var next: [State] = []
            for state in frontier {
                for link in outgoing[state.node] where Self.follows(link, in: state.context) {
                    let target = State(node: Int(link.target), context: link.scope >= 0 ? link.scope : state.context)
                    let targetKey = key(target)
                    if let known = depthOf[targetKey] {
                        // Another shortest way in: a diamond, not a cycle.
                        if known == depth + 1 { parents[target, default: []].append(Parent(state: state, edge: link.edge)) }
                        continue
                    }
                    depthOf[targetKey] = depth + 1
                    parents[target] = [Parent(state: state, edge: link.edge)]
                    next.append(target)
                }
            }
            depth += 1
            frontier = next
            found = next.filter { targetIndices.contains($0.node) }
        }

        // Walk the parent sets back from each target; more than asked for is
        // collected so that chains differing only in environment context
        // collapse without leaving the list short.
        var chains: [DependencyChain] = []
        // Chains that differ only in where an edge was declared (the same edge
        // from dependencies.csv and from metadata) are one chain.
        struct ChainKey: Hashable { var nodes: [NodeID]; var relations: [Relation] }
        var seen: Set<ChainKey> = []
        let budget = maxChains * 4
        func walk(_ state: State, _ suffixNodes: [Int], _ suffixEdges: [Int32]) {
            guard chains.count < budget else { return }
            let nodesSoFar = [state.node] + suffixNodes
            guard let incoming = parents[state], !incoming.isEmpty else {
                let chain = DependencyChain(
                    nodes: nodesSoFar.map { nodes[$0].id },
                    relations: suffixEdges.map { edges[Int($0)].relation },
                    sources: suffixEdges.map { edges[Int($0)].source })
                if seen.insert(ChainKey(nodes: chain.nodes, relations: chain.relations)).inserted { chains.append(chain) }
                return
            }
            for parent in incoming.sorted(by: { ($0.state, $0.edge) < ($1.state, $1.edge) }) {
                walk(parent.state, nodesSoFar, [parent.edge] + suffixEdges)
            }
        }
        for target in found.sorted() { walk(target, [], []) }

        let order = { (chain: DependencyChain) in chain.nodes.map { self.indexByID[$0] ?? 0 } }
        chains.sort { a, b in
            let ka = order(a), kb = order(b)
            if ka != kb { return ka.lexicographicallyPrecedes(kb) }
            return a.relations.map(\.rawValue).lexicographicallyPrecedes(b.relations.map(\.rawValue))
        }
        return Array(chains.prefix(maxChains))
    }

    /// Every shortest chain from one node to another.
    public func path(from source: NodeID, to target: NodeID, maxChains: Int = 20) -> [DependencyChain] {
        path(from: [source], to: [target], maxChains: maxChains)
    }
}
