import CredGraphCore

/// Metadata edges merged into the dependencies of dependencies.csv, so one
/// graph holds both (metadata.md, "Merging").
///
/// The graph names downstream nodes by kind and name, as dependencies.csv
/// does, and limits edges to an environment; so an item becomes the node of
/// its name (or of its key, when dependencies.csv names it by key), and each
/// edge is limited to the environment of the business unit it was read in
/// (none for the parent BU). Every edge keeps its `FILE:LINE`.
extension MetadataScan {
    /// The graph name of a metadata node, given the nodes dependencies.csv declares.
    func graphName(_ node: MetadataNode, declared: [NodeKey: DownstreamNode]) -> String {
        if declared[NodeKey(kind: node.kind, name: node.name)] != nil { return node.name }
        if declared[NodeKey(kind: node.kind, name: node.key)] != nil { return node.key }
        return node.name
    }

    /// `dependencies` with every metadata item, edge and credential in code added.
    public func merged(into dependencies: Dependencies) -> Dependencies {
        guard !isEmpty else { return dependencies }
        var result = dependencies
        let declared = dependencies.nodes
        func key(_ node: MetadataNode) -> NodeKey {
            let key = NodeKey(kind: node.kind, name: graphName(node, declared: declared))
            if result.nodes[key] == nil {
                result.nodes[key] = DownstreamNode(kind: node.kind, name: graphName(node, declared: declared))
            }
            return key
        }
        for item in items {
            let k = key(item.node)
            if result.nodes[k]?.location == nil { result.nodes[k]?.location = SourceLocation(file: item.file, line: 1) }
        }
        // An edge dependencies.csv already declares between the same nodes (for
        // all environments or this one) is kept as declared: the metadata
        // confirms it rather than adding a parallel edge with another relation.
        struct Pair: Hashable { var from: NodeKey; var to: NodeKey; var environment: String? }
        var declaredPairs: Set<Pair> = []
        for edge in dependencies.edges where edge.from.kind != .integration {
            declaredPairs.insert(Pair(from: edge.from, to: edge.to, environment: edge.environment.map(NodeKey.fold)))
        }
        for edge in edges {
            let from = key(edge.from), to = key(edge.to)
            let environment = edge.from.environment ?? edge.to.environment
            if declaredPairs.contains(Pair(from: from, to: to, environment: nil))
                || declaredPairs.contains(Pair(from: from, to: to, environment: environment)) { continue }
            result.edges.append(DependencyEdge(from: from, to: to, relation: edge.relation, environment: environment, location: edge.source))
        }
        for credential in credentialsInCode {
            guard let clientID = credential.clientID else { continue }
            result.edges.append(DependencyEdge(
                from: NodeKey(kind: .credential, name: clientID), to: key(credential.item), relation: .authenticates,
                environment: credential.item.environment, location: credential.source))
        }
        return result
    }
}
