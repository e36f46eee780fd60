import CredGraphCore

/// Breadth-first traversal of the dependency graph: what breaks downstream if
/// some nodes fail, or what a node depends on upstream.
///
/// Environment semantics: a traversal carries an environment context. It is
/// set on entering a consumer (its environment) or on following an edge
/// limited to one environment; an edge limited to X is followed only with no
/// context or context X. So a prod-only edge is not followed from a dev
/// consumer, and a traversal started at a data extension follows every edge
/// until one pins it to an environment. Each (node, context) pair is visited
/// once, which makes cycles and diamonds terminate.

public enum TraversalDirection: String, Sendable, Hashable, Codable, CaseIterable {
    /// Along the edges: what depends on the roots.
    case downstream
    /// Against the edges: what the roots depend on.
    case upstream
}

/// The outcome of a traversal.
public struct BlastRadius: Sendable, Hashable {
    public struct ReachedNode: Sendable, Hashable {
        public var node: GraphNode
        /// Shortest distance from the nearest root (roots are 0).
        public var depth: Int
        /// Environments the node is reached in, sorted. For a consumer its own
        /// environment; empty when the node is reached without any environment
        /// context (a package, a credential, or everything below a root that
        /// is not pinned to an environment), which means "in all of them".
        public var environments: [String]
    }

    public var roots: [NodeID]
    public var direction: TraversalDirection
    public var maxDepth: Int?
    /// Sorted by depth, then kind (layer order), then name and environment.
    public var nodes: [ReachedNode]
    /// The edges followed between reached nodes, in graph order (by the node
    /// order of their source, then target).
    public var edges: [GraphEdge]
    /// Technical and business owners of the consumers reached and owners of
    /// the downstream nodes reached, deduplicated (case-insensitively) and sorted.
    public var ownersToNotify: [Owner]
    public var counts: BlastRadiusCounts

    /// The reached node with this id.
    public func reached(_ id: NodeID) -> ReachedNode? {
        nodes.first { $0.node.id == id }
    }
}

extension DependencyGraph {
    /// Everything reached from `roots` (ids the graph lacks are ignored),
    /// at most `maxDepth` edges away when given.
    public func blastRadius(of roots: [NodeID], direction: TraversalDirection = .downstream, maxDepth: Int? = nil) -> BlastRadius {
        let rootIndices = Array(Set(roots.compactMap { indexByID[$0] })).sorted()
        let limit = maxDepth.map { max(0, $0) }
        let links = direction == .downstream ? outgoing : incoming
        let stride = environments.count + 1

        var visited: Set<Int> = []
        var depthOf: [Int: Int] = [:]
        var environmentsOf: [Int: Set<Int32>] = [:]
        var reachedUnscoped: Set<Int> = []
        var usedEdges: Set<Int32> = []

        func record(_ node: Int, _ context: Int32, depth: Int) -> Bool {
            guard visited.insert(node * stride + Int(context + 1)).inserted else { return false }
            if depthOf[node] == nil { depthOf[node] = depth }
            if context >= 0 { environmentsOf[node, default: []].insert(context) } else { reachedUnscoped.insert(node) }
            return true
        }

        var frontier: [(node: Int, context: Int32)] = []
        for root in rootIndices {
            let context = rootContext(root)
            if record(root, context, depth: 0) { frontier.append((root, context)) }
        }
        var depth = 0
        while !frontier.isEmpty {
            if let limit, depth >= limit {
                // Not expanded, but an edge from the last layer back into the
                // reached set is still part of the picture (a cycle's back edge).
                for (node, context) in frontier {
                    for link in links[node] where Self.follows(link, in: context) && depthOf[Int(link.target)] != nil {
                        usedEdges.insert(link.edge)
                    }
                }
                break
            }
            var next: [(node: Int, context: Int32)] = []
            for (node, context) in frontier {
                for link in links[node] where Self.follows(link, in: context) {
                    usedEdges.insert(link.edge)
                    let nextContext = link.scope >= 0 ? link.scope : context
                    let target = Int(link.target)
                    if record(target, nextContext, depth: depth + 1) { next.append((target, nextContext)) }
                }
            }
            frontier = next
            depth += 1
        }

        let reachedIndices = depthOf.keys.sorted { (depthOf[$0] ?? 0, $0) < (depthOf[$1] ?? 0, $1) }
        let reached = reachedIndices.map { index -> BlastRadius.ReachedNode in
            let node = nodes[index]
            let scoped = reachedUnscoped.contains(index) ? [] : (environmentsOf[index] ?? []).map { environments[Int($0)] }.sorted()
            return BlastRadius.ReachedNode(node: node, depth: depthOf[index] ?? 0, environments: node.environment.map { [$0] } ?? scoped)
        }
        return BlastRadius(
            roots: rootIndices.map { nodes[$0].id },
            direction: direction,
            maxDepth: limit,
            nodes: reached,
            edges: usedEdges.sorted().map { edges[Int($0)] },
            ownersToNotify: Self.ownersToNotify(reached.map(\.node)),
            counts: Self.counts(reached.map(\.node)))
    }

    /// What breaks if this credential's secret stops working. Empty when the
    /// graph has no such client id.
    public func blastRadius(ofCredential clientID: String) -> BlastRadius {
        blastRadius(of: [NodeID(kind: .credential, name: clientID)])
    }

    func rootContext(_ index: Int) -> Int32 {
        guard let environment = nodes[index].environment, let position = environments.firstIndex(of: environment) else { return -1 }
        return Int32(position)
    }

    static func follows(_ link: Link, in context: Int32) -> Bool {
        link.scope < 0 || context < 0 || link.scope == context
    }

    static func ownersToNotify(_ nodes: [GraphNode]) -> [Owner] {
        // Each owner's sort key made once: lowercasing inside the comparator made this sort most of a blast radius.
        var byKey: [String: (name: String, email: String, description: String, owner: Owner)] = [:]
        for node in nodes {
            for owner in node.owners {
                let name = owner.name.lowercased(), email = owner.email?.lowercased() ?? ""
                let key = name + "\u{0}" + email
                let description = owner.description
                // Keep the smallest spelling so the choice does not depend on order.
                if let existing = byKey[key], existing.description <= description { continue }
                byKey[key] = (name, email, description, owner)
            }
        }
        return byKey.values.sorted { a, b in (a.name, a.email, a.description) < (b.name, b.email, b.description) }.map(\.owner)
    }

    /// outputs.md's `blast_radius` counts over the nodes reached (roots included).
    static func counts(_ nodes: [GraphNode]) -> BlastRadiusCounts {
        var counts = BlastRadiusCounts()
        for node in nodes {
            switch node.kind {
            case .integration:
                counts.integrations += 1
                if node.environment == "prod" { counts.productionIntegrations += 1 }
            case .dataExtension:
                counts.dataExtensions += 1
            default:
                if node.kind.isAsset { counts.assets += 1 }
                if node.kind.isSend { counts.sends += 1 }
            }
            if node.kind != .installedPackage, node.kind != .credential, let criticality = node.criticality {
                counts.criticalityScore += criticality.weight
            }
        }
        return counts
    }
}
