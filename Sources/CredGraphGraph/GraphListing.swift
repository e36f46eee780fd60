import CredGraphCore
import Foundation

/// What `blast-radius` and `path` print: a listing for people and a JSON
/// document for machines. Both are sorted, so the same inputs print the same
/// bytes.

// MARK: - blast-radius text

extension BlastRadius {
    /// The listing for people: the roots, the counts, the nodes grouped by
    /// depth then kind (each with kind, name, environment(s) and owners),
    /// then "Owners to notify:". `displayClientID` lets a caller mask client ids.
    public func textListing(displayClientID: (String) -> String = { $0 }) -> String {
        func label(_ node: GraphNode) -> String {
            GraphText.line(node.kind == .credential ? displayClientID(node.name) : node.name)
        }
        func reference(_ node: GraphNode) -> String {
            node.kind == .credential ? "client:" + label(node) : GraphText.line(node.reference)
        }
        let rootNodes = nodes.filter { $0.depth == 0 }.map(\.node)
        var lines: [String] = []
        let heading = direction == .downstream ? "Blast radius of " : "Upstream of "
        var scope = direction.rawValue
        if let maxDepth { scope += ", depth <= \(maxDepth)" }
        lines.append(heading + (rootNodes.isEmpty ? "(nothing)" : rootNodes.map(reference).joined(separator: ", ")) + " (\(scope))")
        lines.append("Reached: " + counts.summary)

        let kindWidth = nodes.map(\.node.kind.rawValue.count).max() ?? 0
        // The declared edge a node was first reached by: `reads, FILE:LINE`.
        var depthOf: [NodeID: Int] = [:]
        for reached in nodes { depthOf[reached.node.id] = reached.depth }
        var reachedVia: [NodeID: String] = [:]
        for edge in edges {
            // A consumer's and a credential's own inventory row goes without saying.
            guard edge.relation != .owns, !(edge.relation == .authenticates && edge.to.rawValue.hasPrefix("integration:")),
                  let source = edge.source, reachedVia[edge.to] == nil,
                  let toDepth = depthOf[edge.to], let fromDepth = depthOf[edge.from],
                  fromDepth + 1 == toDepth, direction == .downstream else { continue }
            reachedVia[edge.to] = "\(edge.relation.rawValue), \(source)"
        }
        var currentDepth = -1
        for reached in nodes {
            if reached.depth != currentDepth {
                currentDepth = reached.depth
                lines.append("")
                lines.append("Depth \(currentDepth)")
            }
            let node = reached.node
            var line = "  " + node.kind.rawValue.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + label(node)
            if node.kind == .integration, let environment = node.environment {
                line += " @" + GraphText.line(environment)
            } else if !reached.environments.isEmpty {
                line += " [" + reached.environments.map(GraphText.line).joined(separator: ", ") + "]"
            }
            var owners: [String] = []
            if let owner = node.technicalOwner { owners.append("\(owner) (technical)") }
            if let owner = node.businessOwner { owners.append("\(owner) (business)") }
            if let owner = node.owner { owners.append(owner.description) }
            if !owners.isEmpty {
                line += "  owner" + (owners.count > 1 ? "s" : "") + ": " + GraphText.line(owners.joined(separator: ", "))
            }
            if let source = reachedVia[node.id] { line += "  (" + GraphText.line(source) + ")" }
            lines.append(line)
        }
        lines.append("")
        if ownersToNotify.isEmpty {
            lines.append("Owners to notify: none named")
        } else {
            lines.append("Owners to notify:")
            lines.append(contentsOf: ownersToNotify.map { "  " + GraphText.line($0.description) })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension BlastRadiusCounts {
    /// `3 consumers (1 in prod), 4 data extensions, 2 assets, 1 send`.
    public var summary: String {
        func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        return count(integrations, "consumer", "consumers") + " (\(productionIntegrations) in prod), "
            + count(dataExtensions, "data extension", "data extensions") + ", "
            + count(assets, "asset", "assets") + ", "
            + count(sends, "send", "sends")
    }
}

// MARK: - blast-radius --json

/// The `blast-radius --json` document of outputs.md. Nodes and edges name
/// nodes by their full reference (`ref`), which the CLI also accepts back.
public struct BlastRadiusDocument: Sendable, Hashable, Codable {
    public struct Node: Sendable, Hashable, Codable {
        public var ref: String
        public var kind: String
        public var name: String
        /// A consumer's environment.
        public var environment: String?
        /// For other nodes, the environments they are reached in, when the
        /// traversal was pinned to some (absent means all).
        public var environments: [String]?
        public var depth: Int
        /// A consumer's technical owner (else its business owner); a
        /// downstream node's owner.
        public var owner: String?
        /// A consumer's business owner.
        public var businessOwner: String?
        public var criticality: String?

        enum CodingKeys: String, CodingKey {
            case ref, kind, name, environment, environments, depth, owner, criticality
            case businessOwner = "business_owner"
        }
    }

    public struct Edge: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var relation: String
        public var environment: String?
        /// Where the edge was declared (`FILE:LINE`), when known.
        public var source: String?
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var integrations: Int
        public var dataExtensions: Int
        public var assets: Int
        public var sends: Int

        enum CodingKeys: String, CodingKey {
            case integrations, assets, sends
            case dataExtensions = "data_extensions"
        }
    }

    public var roots: [String]
    public var direction: String
    public var nodes: [Node]
    public var edges: [Edge]
    public var ownersToNotify: [String]
    public var counts: Counts

    enum CodingKeys: String, CodingKey {
        case roots, direction, nodes, edges, counts
        case ownersToNotify = "owners_to_notify"
    }

    public init(_ radius: BlastRadius) {
        var referenceByID: [NodeID: String] = [:]
        for reached in radius.nodes { referenceByID[reached.node.id] = reached.node.reference }
        roots = radius.roots.map { referenceByID[$0] ?? $0.rawValue }
        direction = radius.direction.rawValue
        nodes = radius.nodes.map { reached in
            let node = reached.node
            return Node(
                ref: node.reference, kind: node.kind.rawValue, name: node.name, environment: node.environment,
                environments: node.environment == nil && !reached.environments.isEmpty ? reached.environments : nil,
                depth: reached.depth,
                owner: (node.technicalOwner ?? node.owner ?? node.businessOwner)?.description,
                businessOwner: node.technicalOwner == nil ? nil : node.businessOwner?.description,
                criticality: node.criticality?.rawValue)
        }
        edges = radius.edges.map { edge in
            Edge(from: referenceByID[edge.from] ?? edge.from.rawValue, to: referenceByID[edge.to] ?? edge.to.rawValue,
                 relation: edge.relation.rawValue, environment: edge.environment, source: edge.source?.description)
        }
        ownersToNotify = radius.ownersToNotify.map(\.description)
        counts = Counts(
            integrations: radius.counts.integrations, dataExtensions: radius.counts.dataExtensions,
            assets: radius.counts.assets, sends: radius.counts.sends)
    }
}

extension BlastRadius {
    /// `blast-radius --json`: pretty-printed, keys sorted, ending in a newline.
    public func jsonText() throws -> String {
        try GraphJSON.encode(BlastRadiusDocument(self))
    }
}

// MARK: - path

/// The `path --json` document: the chains as lists of references.
public struct PathDocument: Sendable, Hashable, Codable {
    public struct Chain: Sendable, Hashable, Codable {
        public var nodes: [String]
        public var relations: [String]
        /// `FILE:LINE` of each edge (dependencies.csv or a metadata file); null when unknown.
        public var sources: [String?]
    }

    public var from: [String]
    public var to: [String]
    public var chains: [Chain]
}

extension DependencyGraph {
    /// `A -> B -> C`, each node by its full reference (so with its kind).
    public func describe(_ chain: DependencyChain, displayClientID: (String) -> String = { $0 }) -> String {
        chain.nodes.map { displayReference($0, displayClientID: displayClientID) }.joined(separator: " -> ")
    }

    /// The `path` listing: a heading, then one chain a line; says so when
    /// there is none.
    public func pathListing(from sources: [NodeID], to targets: [NodeID], chains: [DependencyChain],
                            displayClientID: (String) -> String = { $0 }) -> String {
        let from = sources.map { displayReference($0, displayClientID: displayClientID) }.joined(separator: ", ")
        let to = targets.map { displayReference($0, displayClientID: displayClientID) }.joined(separator: ", ")
        guard let first = chains.first else {
            return "No dependency chain from \(from) to \(to).\n"
        }
        let edgesText = first.length == 1 ? "1 edge" : "\(first.length) edges"
        let heading = chains.count == 1
            ? "1 shortest chain (\(edgesText)) from \(from) to \(to):"
            : "\(chains.count) shortest chains (\(edgesText) each) from \(from) to \(to):"
        var lines = [heading]
        for chain in chains {
            lines.append("  " + describe(chain, displayClientID: displayClientID))
            // Where each edge comes from, so a derived edge can be checked in its file.
            if chain.sources.contains(where: { $0 != nil }) {
                for (i, source) in chain.sources.enumerated() {
                    lines.append("    " + chain.relations[i].rawValue + "  " + GraphText.line(source?.description ?? "(no source)"))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func pathDocument(from sources: [NodeID], to targets: [NodeID], chains: [DependencyChain]) -> PathDocument {
        PathDocument(
            from: sources.map { node($0)?.reference ?? $0.rawValue },
            to: targets.map { node($0)?.reference ?? $0.rawValue },
            chains: chains.map { chain in
                PathDocument.Chain(nodes: chain.nodes.map { node($0)?.reference ?? $0.rawValue }, relations: chain.relations.map(\.rawValue),
                                   sources: chain.sources.map { $0?.description })
            })
    }

    public func pathJSONText(from sources: [NodeID], to targets: [NodeID], chains: [DependencyChain]) throws -> String {
        try GraphJSON.encode(pathDocument(from: sources, to: targets, chains: chains))
    }

    private func displayReference(_ id: NodeID, displayClientID: (String) -> String) -> String {
        guard let node = node(id) else { return GraphText.line(id.rawValue) }
        if node.kind == .credential { return "client:" + GraphText.line(displayClientID(node.name)) }
        return GraphText.line(node.reference)
    }
}

