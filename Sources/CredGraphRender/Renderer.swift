import CredGraphCore
internal import CGraphviz
internal import CZlib
import Foundation

/// Lays out and renders a diagram in-process through cgraph and gvc.
/// Memory is released in reverse order of creation on every path:
/// render buffer, layout, graph.
/// The engine is `LayoutEngine.automatic(for:)` unless given; its `layoutBounds`
/// are added for every bound the diagram does not set itself.
public func renderDiagram(_ diagram: Diagram, format: DiagramFormat, engine: LayoutEngine? = nil) throws -> [UInt8] {
    let engine = engine ?? .automatic(for: diagram)
    // Text drawn into PNG or PDF cannot be screened afterwards (it becomes
    // pixels or compressed glyphs), so every text reaching Graphviz is
    // screened before: names, labels, tooltips, ids.
    var diagram = Redactor.shared.isEmpty ? diagram : redacted(diagram)
    // The mark `--out` looks for before it replaces an existing diagram.
    diagram.graphAttributes.append(.init("comment", Diagram.mark))
    let bounds = engine.layoutBounds(nodeCount: diagram.nodes.count, edgeCount: diagram.edges.count)
    let own = Set(diagram.graphAttributes.map(\.name))
    diagram.graphAttributes += bounds.filter { !own.contains($0.name) }
    let runtime = GraphvizRuntime.shared
    try runtime.requirePlugins(layout: engine.rawValue, format: format == .dot ? "canon" : format.rawValue)
    return try runtime.run { gvc -> [UInt8] in
        // Every graph opened is laid out before the next is opened; both are
        // released, layout then graph, in reverse order on every path.
        var laidOut: [UnsafeMutablePointer<Agraph_t>] = []
        defer {
            for graph in laidOut.reversed() {
                gvFreeLayout(gvc, graph)
                agclose(graph)
            }
        }
        func layOut(_ diagram: Diagram) throws -> UnsafeMutablePointer<Agraph_t> {
            // Memory and I/O as cgraph's defaults (nil), IDs in creation order.
            var discipline = Agdisc_t(mem: nil, id: sequentialIDDiscipline, io: nil)
            guard let graph = diagram.name.withMutableCString({ name in
                withUnsafeMutablePointer(to: &discipline) { agopen(name, credgraph_agdirected(), $0) }
            }) else {
                throw GraphvizError("Graphviz could not create a graph: \(GraphvizMessages.take().joined(separator: "; "))")
            }
            do {
                try build(diagram, into: graph)
            } catch {
                agclose(graph)
                throw error
            }
            guard gvLayout(gvc, graph, engine.rawValue) == 0 else {
                agclose(graph)
                throw GraphvizError("Graphviz layout (\(engine.rawValue)) failed: \(GraphvizMessages.take().joined(separator: "; "))")
            }
            laidOut.append(graph)
            return graph
        }
        var graph = try layOut(diagram)
        // Fitting lays a diagram out in the other direction too when the first
        // is too wide: for the layered layouts a page can hold (a large one is
        // read zoomed, not at page width).
        if let maxWidth = diagram.maxWidth, format != .dot, engine == .dot, diagram.nodes.count <= 400 {
            graph = try fitWidth(diagram, graph, maxWidth: maxWidth, pad: padPoints(diagram), layOut: layOut)
        }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, format.graphvizFormat, &data, &length) == 0, let data else {
            throw GraphvizError("Graphviz could not render \(format.rawValue): \(GraphvizMessages.take().joined(separator: "; "))")
        }
        defer { gvFreeRenderData(data) }
        var bytes = data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Array(UnsafeBufferPointer(start: $0, count: Int(length)))
        }
        if format == .pdf { stabilizePDFCreationDate(&bytes) }
        if format == .png { markPNG(&bytes) }
        return bytes
    }
}

/// `diagram` with every remembered secret cut out of each text Graphviz sees.
func redacted(_ diagram: Diagram) -> Diagram {
    let r = Redactor.shared
    func clean(_ attributes: [Diagram.Attribute]) -> [Diagram.Attribute] {
        attributes.map { Diagram.Attribute($0.name, r.redact($0.value)) }
    }
    var out = diagram
    out.name = r.redact(diagram.name)
    out.graphAttributes = clean(diagram.graphAttributes)
    out.nodeDefaults = clean(diagram.nodeDefaults)
    out.edgeDefaults = clean(diagram.edgeDefaults)
    out.clusters = diagram.clusters.map { Diagram.Cluster(id: r.redact($0.id), attributes: clean($0.attributes)) }
    out.nodes = diagram.nodes.map { Diagram.Node(id: r.redact($0.id), attributes: clean($0.attributes), cluster: $0.cluster.map(r.redact)) }
    out.edges = diagram.edges.map { Diagram.Edge(from: r.redact($0.from), to: r.redact($0.to), attributes: clean($0.attributes)) }
    out.sameRank = diagram.sameRank.map { $0.map(r.redact) }
    out.notes = diagram.notes.map(r.redact)
    return out
}

/// Adds a `tEXt` chunk `Software: written by credgraph` after the PNG
/// header chunk: the mark `--out` looks for before replacing a file.
func markPNG(_ bytes: inout [UInt8]) {
    // Signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 CRC).
    let afterHeader = 8 + 25
    guard bytes.count > afterHeader, bytes[12..<16].elementsEqual("IHDR".utf8) else { return }
    let data = Array("Software".utf8) + [0] + Array(Diagram.mark.utf8)
    let typeAndData = Array("tEXt".utf8) + data
    let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
    func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    bytes.insert(contentsOf: bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc), at: afterHeader)
}

/// Keeps a laid-out drawing within `maxWidth` points: if the layout is wider,
/// the other direction is laid out too (a long chain drawn left to right is
/// wide, top to bottom narrow) and used if it fits; if neither fits, the
/// narrower is scaled down with Graphviz's `size`. Returns the graph to
/// render. Deterministic: the same diagram always takes the same path.
/// Each direction is laid out once (a graph of its own each), and widths come
/// from the layout, not from a rendering: this is most of a change review's
/// diagram time.
private func fitWidth(
    _ diagram: Diagram, _ graph: UnsafeMutablePointer<Agraph_t>, maxWidth: Double, pad: Double,
    layOut: (Diagram) throws -> UnsafeMutablePointer<Agraph_t>
) throws -> UnsafeMutablePointer<Agraph_t> {
    let first = layoutWidth(graph, pad: pad)
    guard first > maxWidth else { return graph }
    let original = graphAttribute(graph, "rankdir") ?? "TB"
    var flipped = diagram
    flipped.graphAttributes.append(Diagram.Attribute("rankdir", original == "LR" ? "TB" : "LR"))
    let other = try layOut(flipped)
    let second = layoutWidth(other, pad: pad)
    if second <= maxWidth { return other }
    let narrower = first < second ? graph : other
    // `size` bounds the drawing without the pad; a little slack for rounding.
    let inches = max(1, (maxWidth - 2 * pad - 4) / 72)
    let size = String(format: "%.2f,1000", inches)
    set(narrower, Diagram.Attribute("size", size))
    // dot does not use `size` to lay out (only with `ratio`, which credgraph
    // never sets): it scales the drawing when rendering. The layout in hand
    // is the one a new layout would give, so only the drawing's size is set,
    // as Graphviz reads the attribute when a layout begins.
    setDrawingSize(narrower, size)
    return narrower
}

/// Sets the laid-out graph's drawing size as Graphviz's `size` attribute
/// sets it when a layout begins ("W,H" in inches, to whole points).
private func setDrawingSize(_ graph: UnsafeMutablePointer<Agraph_t>, _ size: String) {
    let parts = size.split(separator: ",").compactMap { Double($0) }
    guard parts.count == 2, let data = graph.pointee.base.data else { return }
    data.withMemoryRebound(to: Agraphinfo_t.self, capacity: 1) { info in
        guard let drawing = info.pointee.drawing else { return }
        drawing.pointee.size = pointf(x: (parts[0] * 72).rounded(), y: (parts[1] * 72).rounded())
    }
}

/// The width the SVG renderer gives the laid-out graph (its `width="…pt"`),
/// from the layout's bounding box and the pad, without rendering: the
/// drawing with its pad, rounded as Graphviz rounds it, at scale 1 (no
/// `size` is set when fitting measures).
private func layoutWidth(_ graph: UnsafeMutablePointer<Agraph_t>, pad: Double) -> Double {
    guard let data = graph.pointee.base.data else { return 0 }
    let bb = data.withMemoryRebound(to: Agraphinfo_t.self, capacity: 1) { $0.pointee.bb }
    let width = bb.UR.x - bb.LL.x + 2 * pad
    return Double(Int(width + 0.5))
}

private func graphAttribute(_ graph: UnsafeMutablePointer<Agraph_t>, _ name: String) -> String? {
    name.withMutableCString { agget(UnsafeMutableRawPointer(graph), $0) }.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
}

/// The diagram's `pad`, in points (Graphviz's default is 4 points).
private func padPoints(_ diagram: Diagram) -> Double {
    guard let pad = diagram.graphAttributes.last(where: { $0.name == "pad" }).flatMap({ Double($0.value.split(separator: ",").first ?? "") }) else { return 4 }
    return pad * 72
}

/// Cairo stamps the PDF's information dictionary with the wall-clock time
/// (`/CreationDate (D:20260902101500Z)`) and Cairo 1.16 offers no way to set
/// it through Graphviz. The 14 digits are overwritten with the epoch in place,
/// same length, so the cross-reference offsets stay valid and two renders of
/// one diagram are byte-identical.
func stabilizePDFCreationDate(_ bytes: inout [UInt8]) {
    let key = Array("/CreationDate (D:".utf8)
    guard bytes.count >= key.count + 14 else { return }
    // The information dictionary comes last; search from the end.
    var start = bytes.count - key.count - 14
    while start >= 0 {
        if bytes[start] == key[0], Array(bytes[start..<start + key.count]) == key {
            let digits = start + key.count
            guard bytes[digits..<digits + 14].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return }
            for (offset, byte) in "19700101000000".utf8.enumerated() { bytes[digits + offset] = byte }
            return
        }
        start -= 1
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
    let clusterAttributes = Set(diagram.clusters.flatMap { $0.attributes.map(\.name) } + (diagram.sameRank.isEmpty ? [] : ["rank"]))
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
        guard let handle = graphvizID(node.id).withMutableCString({ agnode(parent, $0, 1) }) else {
            throw GraphvizError("Graphviz could not create node \(node.id)")
        }
        for attribute in node.attributes { set(handle, attribute) }
        nodes[node.id] = handle
    }
    for (index, group) in diagram.sameRank.enumerated() {
        let members = group.compactMap { nodes[$0] }
        guard !members.isEmpty else { continue }
        guard let sub = "rank_\(index)".withMutableCString({ agsubg(graph, $0, 1) }) else {
            throw GraphvizError("Graphviz could not create rank group \(index)")
        }
        set(sub, Diagram.Attribute("rank", "same"))
        for member in members { _ = agsubnode(sub, member, 1) }
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
    // The default value (empty) needs no copy of its own per attribute.
    var empty: CChar = 0
    attribute.name.withMutableCString { n in
        attribute.value.withMutableCString { v in
            withUnsafeMutablePointer(to: &empty) { d in _ = agsafeset(UnsafeMutableRawPointer(object), n, v, d) }
        }
    }
}

extension String {
    /// cgraph takes `char *` but copies what it keeps; this lends a mutable
    /// NUL-terminated copy for the duration of the call. NUL bytes inside the
    /// text would truncate it, so they are replaced.
    func withMutableCString<T>(_ body: (UnsafeMutablePointer<CChar>) throws -> T) rethrows -> T {
        // One buffer, filled in one pass: this runs for every name and value
        // of every diagram.
        var bytes = [CChar]()
        bytes.reserveCapacity(utf8.count + 1)
        for byte in utf8 { bytes.append(CChar(bitPattern: byte == 0 ? UInt8(ascii: " ") : byte)) }
        bytes.append(0)
        return try bytes.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}

/// DOT text read back through cgraph: every node name with its label, and
/// every edge. Used to check that canonical output round-trips, whatever
/// the names in it.
struct ParsedDOT {
    var labels: [String: String] = [:]
    var edges: [(from: String, to: String)] = []
    var subgraphs: [String] = []
}

func readDOT(_ bytes: [UInt8]) throws -> ParsedDOT {
    try GraphvizRuntime.shared.run { _ -> ParsedDOT in
        let text = String(decoding: bytes, as: UTF8.self)
        guard let graph = text.withCString({ agmemread($0) }) else {
            throw GraphvizError("Graphviz could not read the DOT text: \(GraphvizMessages.take().joined(separator: "; "))")
        }
        defer { agclose(graph) }
        var parsed = ParsedDOT()
        var node = agfstnode(graph)
        while let current = node {
            let name = String(cString: agnameof(UnsafeMutableRawPointer(current)))
            let label = "label".withMutableCString { agget(UnsafeMutableRawPointer(current), $0) }.map { String(cString: $0) } ?? ""
            parsed.labels[name] = label
            var edge = agfstout(graph, current)
            while let out = edge {
                // An out-edge's `node` is its head (cgraph's AGHEAD, a macro).
                let head = String(cString: agnameof(UnsafeMutableRawPointer(out.pointee.node)))
                parsed.edges.append((name, head))
                edge = agnxtout(graph, out)
            }
            node = agnxtnode(graph, current)
        }
        var sub = agfstsubg(graph)
        while let current = sub {
            parsed.subgraphs.append(String(cString: agnameof(UnsafeMutableRawPointer(current))))
            sub = agnxtsubg(current)
        }
        return parsed
    }
}
