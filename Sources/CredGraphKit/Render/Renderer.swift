import CGraphviz
import Foundation

/// Lays out and renders a diagram in-process through cgraph and gvc.
/// Memory is released in reverse order of creation on every path:
/// render buffer, layout, graph.
public func renderDiagram(_ diagram: Diagram, format: DiagramFormat, engine: LayoutEngine? = nil) throws -> [UInt8] {
    let engine = engine ?? .automatic(nodeCount: diagram.nodes.count)
    let runtime = GraphvizRuntime.shared
    try runtime.requirePlugins(layout: engine.rawValue, format: format == .dot ? "canon" : format.rawValue)
    return try runtime.run { gvc -> [UInt8] in
        guard let graph = diagram.name.withMutableCString({ agopen($0, credgraph_agdirected(), credgraph_stable_disc()) }) else {
            throw GraphvizError("Graphviz could not create a graph: \(GraphvizMessages.take().joined(separator: "; "))")
        }
        defer { agclose(graph) }
        try build(diagram, into: graph)
        guard gvLayout(gvc, graph, engine.rawValue) == 0 else {
            throw GraphvizError("Graphviz layout (\(engine.rawValue)) failed: \(GraphvizMessages.take().joined(separator: "; "))")
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, format.graphvizFormat, &data, &length) == 0, let data else {
            throw GraphvizError("Graphviz could not render \(format.rawValue): \(GraphvizMessages.take().joined(separator: "; "))")
        }
        defer { gvFreeRenderData(data) }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }
}

private func build(_ diagram: Diagram, into graph: UnsafeMutablePointer<Agraph_t>) throws {
    // Defaults must be declared before any object uses the attribute.
    declare(graph, kind: AGRAPH, diagram.graphAttributes)
    declare(graph, kind: AGNODE, diagram.nodeDefaults)
    declare(graph, kind: AGEDGE, diagram.edgeDefaults)
    let everyNodeAttribute = Set(diagram.nodes.flatMap { $0.attributes.map(\.name) })
        .union(diagram.clusters.flatMap { $0.attributes.map(\.name) })
        .subtracting(diagram.nodeDefaults.map(\.name))
    for name in everyNodeAttribute.sorted() { setDefault(graph, kind: AGNODE, name, "") }
    let everyEdgeAttribute = Set(diagram.edges.flatMap { $0.attributes.map(\.name) }).subtracting(diagram.edgeDefaults.map(\.name))
    for name in everyEdgeAttribute.sorted() { setDefault(graph, kind: AGEDGE, name, "") }
    let clusterAttributes = Set(diagram.clusters.flatMap { $0.attributes.map(\.name) })
        .subtracting(diagram.graphAttributes.map(\.name))
    for name in clusterAttributes.sorted() { setDefault(graph, kind: AGRAPH, name, "") }

    var subgraphs: [String: UnsafeMutablePointer<Agraph_t>] = [:]
    for cluster in diagram.clusters {
        guard let sub = ("cluster_" + cluster.id).withMutableCString({ agsubg(graph, $0, 1) }) else {
            throw GraphvizError("Graphviz could not create cluster \(cluster.id)")
        }
        for attribute in cluster.attributes { set(sub, attribute) }
        subgraphs[cluster.id] = sub
    }
    var nodes: [String: UnsafeMutablePointer<Agnode_t>] = [:]
    for node in diagram.nodes {
        let parent = node.cluster.flatMap { subgraphs[$0] } ?? graph
        guard let handle = node.id.withMutableCString({ agnode(parent, $0, 1) }) else {
            throw GraphvizError("Graphviz could not create node \(node.id)")
        }
        for attribute in node.attributes { set(handle, attribute) }
        nodes[node.id] = handle
    }
    for edge in diagram.edges {
        guard let tail = nodes[edge.from], let head = nodes[edge.to] else {
            throw GraphvizError("diagram edge \(edge.from) -> \(edge.to) names a node that is not in the diagram")
        }
        guard let handle = agedge(graph, tail, head, nil, 1) else {
            throw GraphvizError("Graphviz could not create edge \(edge.from) -> \(edge.to)")
        }
        for attribute in edge.attributes { set(handle, attribute) }
    }
}

private func declare(_ graph: UnsafeMutablePointer<Agraph_t>, kind: Int32, _ attributes: [Diagram.Attribute]) {
    for attribute in attributes { setDefault(graph, kind: kind, attribute.name, attribute.value) }
}

private func setDefault(_ graph: UnsafeMutablePointer<Agraph_t>, kind: Int32, _ name: String, _ value: String) {
    name.withMutableCString { n in value.withMutableCString { v in _ = agattr(graph, kind, n, v) } }
}

private func set<T>(_ object: UnsafeMutablePointer<T>, _ attribute: Diagram.Attribute) {
    attribute.name.withMutableCString { n in
        attribute.value.withMutableCString { v in
            "".withMutableCString { d in _ = agsafeset(UnsafeMutableRawPointer(object), n, v, d) }
        }
    }
}

extension String {
    /// cgraph takes `char *` but copies what it keeps; this lends a mutable
    /// NUL-terminated copy for the duration of the call. NUL bytes inside the
    /// text would truncate it, so they are replaced.
    func withMutableCString<T>(_ body: (UnsafeMutablePointer<CChar>) throws -> T) rethrows -> T {
        var bytes = Array(utf8).map { $0 == 0 ? UInt8(ascii: " ") : $0 }.map { CChar(bitPattern: $0) }
        bytes.append(0)
        return try bytes.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}
