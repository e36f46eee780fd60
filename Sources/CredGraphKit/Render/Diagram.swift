/// A diagram as plain values: what to draw, before Graphviz sees it. The
/// diagram builders (whole graph, blast radius) produce one; `renderDiagram`
/// turns it into SVG, PNG, PDF or DOT through libgraphviz.
public struct Diagram: Sendable, Hashable {
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
    /// What a reader should know that the picture cannot show (folding).
    public var notes: [String] = []

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

    /// `dot` is the readable layered layout but its crossing minimisation is
    /// superlinear; beyond this many nodes the force-directed `sfdp` is used.
    public static let dotNodeLimit = 600

    public static func automatic(nodeCount: Int) -> LayoutEngine {
        nodeCount > dotNodeLimit ? .sfdp : .dot
    }
}

/// Escapes text for a Graphviz string label: Graphviz expands `\N`, `\G`,
/// `\n`, `\l`… inside labels, so every backslash is doubled, and line breaks
/// become centred `\n` breaks. Quotes and braces are safe because attribute
/// values are set through cgraph, never spliced into DOT text.
public func graphvizLabel(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var previousCR = false
    for ch in text.unicodeScalars {
        switch ch {
        case "\\": out.append("\\\\"); previousCR = false
        case "\r": out.append("\\n"); previousCR = true
        case "\n": if !previousCR { out.append("\\n") }; previousCR = false
        default:
            previousCR = false
            if ch.value < 0x20 || ch.value == 0x7F { out.append(" ") } else { out.unicodeScalars.append(ch) }
        }
    }
    return out
}
