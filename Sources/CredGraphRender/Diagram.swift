import CredGraphCore

/// A diagram as plain values: what to draw, before Graphviz sees it. The
/// diagram builders (whole graph, blast radius) produce one; `renderDiagram`
/// turns it into SVG, PNG, PDF or DOT through libgraphviz.
public struct Diagram: Sendable, Hashable {
    /// The text that marks a diagram as credgraph's: every rendered diagram
    /// carries it, and `--out` looks for it before replacing a file.
    public static let mark = "written by credgraph"

    public struct Node: Sendable, Hashable {
        /// Stable id, derived from kind and name: the DOT node name.
        public var id: String
        /// Attributes in a fixed order (label, shape, fillcolor, …); values are plain text.
        public var attributes: [Attribute]
        /// The cluster this node is drawn in, by cluster id.
        public var cluster: String?

        public init(id: String, attributes: [Attribute], cluster: String? = nil) {
            self.id = id
            self.attributes = attributes
            self.cluster = cluster
        }
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var attributes: [Attribute]

        public init(from: String, to: String, attributes: [Attribute] = []) {
            self.from = from
            self.to = to
            self.attributes = attributes
        }
    }

    public struct Cluster: Sendable, Hashable {
        public var id: String
        public var attributes: [Attribute]

        public init(id: String, attributes: [Attribute]) {
            self.id = id
            self.attributes = attributes
        }
    }

    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var graphAttributes: [Attribute]
    public var nodeDefaults: [Attribute]
    public var edgeDefaults: [Attribute]
    public var clusters: [Cluster]
    public var nodes: [Node]
    public var edges: [Edge]
    /// Node ids drawn side by side (a `rank=same` subgraph each): one
    /// column per layer in a left-to-right layout, across clusters.
    public var sameRank: [[String]] = []
    /// What a reader should know that the picture cannot show (folding).
    public var notes: [String] = []
    /// Widest the rendered drawing may be, in points (nil: any width). The
    /// renderer tries the other layout direction, then scales the drawing down.
    public var maxWidth: Double?

    public init(
        name: String, graphAttributes: [Attribute] = [], nodeDefaults: [Attribute] = [],
        edgeDefaults: [Attribute] = [], clusters: [Cluster] = [], nodes: [Node] = [], edges: [Edge] = []
    ) {
        self.name = name
        self.graphAttributes = graphAttributes
        self.nodeDefaults = nodeDefaults
        self.edgeDefaults = edgeDefaults
        self.clusters = clusters
        self.nodes = nodes
        self.edges = edges
    }
}

public enum DiagramFormat: String, Sendable, CaseIterable {
    case svg, png, pdf, dot

    /// The format a file name asks for (`.svg`, `.png`, `.pdf`, `.dot`/`.gv`).
    public init?(pathExtension path: String) {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if ext == "gv" { self = .dot; return }
        self.init(rawValue: ext)
    }

    /// The Graphviz output format name.
    var graphvizFormat: String {
        switch self {
        case .svg: "svg"
        case .png: "png:cairo"
        case .pdf: "pdf:cairo"
        case .dot: "canon"
        }
    }
}

public enum LayoutEngine: String, Sendable, CaseIterable {
    case dot, sfdp, neato

    /// `dot` is the readable layered layout, but its ranking and crossing
    /// minimisation are superlinear and, on tangled input, can run for
    /// minutes even when bounded (see `layoutBounds`). Beyond these sizes the
    /// force-directed `sfdp` (under a second at 2,000 nodes) is used.
    public static let dotNodeLimit = 600
    /// Edges per node above which dot is not tried even under the node limit:
    /// dense, non-layered graphs are where crossing minimisation explodes.
    public static let dotEdgeLimit = 1_200

    public static func automatic(nodeCount: Int, edgeCount: Int) -> LayoutEngine {
        nodeCount > dotNodeLimit || edgeCount > dotEdgeLimit ? .sfdp : .dot
    }

    /// The engine for this diagram: `dot` while its layered layout stays
    /// cheap, `sfdp` otherwise. Size alone is not enough: dot splits every
    /// edge that spans several ranks into a chain of virtual nodes, and a
    /// tangled 500-node graph can grow tens of thousands of them (a minute of
    /// layout) where a layered 2,000-node graph has none (seconds).
    public static func automatic(for diagram: Diagram) -> LayoutEngine {
        guard automatic(nodeCount: diagram.nodes.count, edgeCount: diagram.edges.count) == .dot else { return .sfdp }
        return estimatedDotWork(diagram) > dotWorkLimit ? .sfdp : .dot
    }

    /// Nodes beyond which force-directed layouts remove overlaps by scaling.
    public static let prismNodeLimit = 2_500

    /// `estimatedDotWork` beyond which dot is not used: about two seconds of
    /// bounded dot on a 2-core machine (1,000 units ≈ 0.5 s, measured with
    /// `credgraph-bench diagram`).
    public static let dotWorkLimit = 4_000

    /// Real plus virtual nodes of dot's layering plus edges, estimated: cycles broken by
    /// depth-first search (as dot does), longest-path ranks, then every node
    /// pulled down next to its successors (network simplex shortens edges the
    /// same way). Linear in the size of the diagram.
    public static func estimatedDotWork(_ diagram: Diagram) -> Int {
        let n = diagram.nodes.count
        var index: [String: Int] = [:]
        index.reserveCapacity(n)
        for (i, node) in diagram.nodes.enumerated() where index[node.id] == nil { index[node.id] = i }
        var successors = [[Int]](repeating: [], count: n)
        for edge in diagram.edges {
            guard let a = index[edge.from], let b = index[edge.to], a != b else { continue }
            successors[a].append(b)
        }
        // Iterative DFS; an edge into a node still on the stack is a back
        // edge, reversed for ranking.
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var forward = [[Int]](repeating: [], count: n)
        for start in 0..<n where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                let list = successors[top.node]
                if top.next < list.count {
                    stack[stack.count - 1].next += 1
                    let target = list[top.next]
                    switch state[target] {
                    case 0:
                        forward[top.node].append(target)
                        state[target] = 1
                        stack.append((target, 0))
                    case 1:
                        forward[target].append(top.node)  // back edge, reversed
                    default:
                        forward[top.node].append(target)
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        // Reversing the back edges leaves a DAG; ranks come from its
        // topological order (Kahn).
        var indegree = [Int](repeating: 0, count: n)
        for list in forward { for t in list { indegree[t] += 1 } }
        var queue = (0..<n).filter { indegree[$0] == 0 }
        var topo: [Int] = []
        topo.reserveCapacity(n)
        var rank = [Int](repeating: 0, count: n)
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            topo.append(v)
            for t in forward[v] {
                rank[t] = max(rank[t], rank[v] + 1)
                indegree[t] -= 1
                if indegree[t] == 0 { queue.append(t) }
            }
        }
        for v in topo.reversed() {
            guard let nearest = forward[v].map({ rank[$0] }).min() else { continue }
            if nearest - 1 > rank[v] { rank[v] = nearest - 1 }
        }
        var work = n
        for (v, list) in forward.enumerated() {
            for t in list { work += max(1, abs(rank[t] - rank[v])) }
        }
        return work
    }

    /// Graph attributes that bound the engine's work so a layout finishes in
    /// seconds whatever the input's shape. `renderDiagram` adds those the
    /// diagram does not set itself.
    public func layoutBounds(nodeCount: Int, edgeCount: Int) -> [Diagram.Attribute] {
        let size = nodeCount + edgeCount
        switch self {
        case .dot:
            // Small diagrams (what --max-nodes keeps by default) get dot's full
            // effort: the bounds visibly worsen ranks and crossings. Larger ones
            // get network simplex and mincross iterations capped.
            if size <= 400 { return [] }
            let heavy = size > 1_500
            return [
                .init("nslimit", heavy ? "2" : "8"), .init("nslimit1", heavy ? "2" : "8"),
                .init("mclimit", heavy ? "0.2" : "0.5"), .init("searchsize", heavy ? "20" : "30"),
                .init("remincross", "false"),
            ]
        case .sfdp, .neato:
            // Prism overlap removal dominates beyond a few thousand nodes (5 of
            // 7 s at 5,000); uniform scaling removes overlaps too, in a third
            // of the time, at the price of a sparser picture.
            let overlap = nodeCount > Self.prismNodeLimit ? "scale" : "prism"
            var bounds: [Diagram.Attribute] = [.init("overlap", overlap), .init("splines", "false"), .init("outputorder", "edgesfirst")]
            if self == .neato { bounds += [.init("maxiter", "200"), .init("mode", "major")] }
            return bounds
        }
    }
}

/// Escapes text for a Graphviz string label: Graphviz expands `\N`, `\G`,
/// `\n`, `\l`… inside labels, so every backslash is doubled, and line breaks
/// become centred `\n` breaks. Quotes and braces are safe because attribute
/// values are set through cgraph, never spliced into DOT text; but Graphviz
/// writes DOT without escaping backslashes, so a value ending in one would
/// swallow its closing quote: such a label gets a final `\n`, which ends the
/// line without adding one. Graphviz also decodes HTML entities in every
/// label (`&amp;` is drawn as `&`), so `&` is written as `&amp;`.
public func graphvizLabel(_ text: String) -> String {
    if isPlainASCII(text, except: (UInt8(ascii: "\\"), UInt8(ascii: "&"))) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var previousCR = false
    for ch in text.unicodeScalars {
        switch ch {
        case "\\": out.append("\\\\"); previousCR = false
        case "&": out.append("&amp;"); previousCR = false
        case "\r": out.append("\\n"); previousCR = true
        case "\n": if !previousCR { out.append("\\n") }; previousCR = false
        default:
            previousCR = false
            if ch.value < 0x20 || ch.value == 0x7F { out.append(" ") } else if TerminalText.isBidiControl(ch) { out.append("\u{FFFD}") } else { out.unicodeScalars.append(ch) }
        }
    }
    if out.hasSuffix("\\") { out.append("\\n") }
    return out
}

/// Escapes text for a Graphviz `tooltip`. Graphviz expands `\N`, `\G`,
/// `\L`… in tooltips too, and there neither a doubled backslash nor the
/// entity `&#92;` protects them (entities are decoded first): a name of many
/// `\L` grew the output with its square. So no backslash reaches a tooltip:
/// it is shown as U+29F5 (reverse solidus operator), which looks the same
/// in a hover text. One line only.
public func graphvizTooltip(_ text: String) -> String {
    if isPlainASCII(text, except: (UInt8(ascii: "\\"), UInt8(ascii: "&"))) { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for ch in text.unicodeScalars {
        switch ch {
        case "\\": out.append("\u{29F5}")
        case "&": out.append("&amp;")
        default:
            if ch.value < 0x20 || ch.value == 0x7F { out.append(" ") } else if TerminalText.isBidiControl(ch) { out.append("\u{FFFD}") } else { out.unicodeScalars.append(ch) }
        }
    }
    return out
}

/// The Graphviz node name for a diagram node id. Graphviz writes names into
/// DOT quoted but with backslashes as they are, so a name ending in a
/// backslash (or one before a line break) would not read back; `%`,
/// backslashes and control characters are percent-encoded, which keeps
/// distinct ids distinct and ordinary ids (`data-extension:orders`) unchanged.
public func graphvizID(_ id: String) -> String {
    if isPlainASCII(id, except: (UInt8(ascii: "%"), UInt8(ascii: "\\"))) { return id }
    var out = ""
    out.reserveCapacity(id.utf8.count)
    for scalar in id.unicodeScalars {
        switch scalar {
        case "%", "\\":
            out.append(percent(scalar.value))
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out.append(percent(scalar.value))
            } else if TerminalText.isBidiControl(scalar) {
                // Node names are shown too (SVG titles): no direction override.
                for byte in String(scalar).utf8 { out.append(percent(UInt32(byte))) }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}

/// Whether every byte of `text` is printable ASCII other than `special`:
/// the escapes below then leave it as it is, and most names are like that.
private func isPlainASCII(_ text: String, except special: (UInt8, UInt8)) -> Bool {
    text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != special.0 && $0 != special.1 }
}

private func percent(_ value: UInt32) -> String {
    let digits = Array("0123456789ABCDEF")
    return "%" + String(digits[Int(value >> 4) & 0xF]) + String(digits[Int(value) & 0xF])
}
