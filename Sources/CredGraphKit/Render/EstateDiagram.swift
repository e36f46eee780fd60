/// How the dependency graph is drawn: shapes by kind, colours by severity
/// and probe health, clusters, a legend, and folding past `maxNodes`.

public enum ClusterBy: String, Sendable, CaseIterable {
    case environment, owner, package, none
}

public struct DiagramOptions: Sendable {
    /// Enough for a readable picture; beyond it the overflow is folded.
    public static let defaultMaxNodes = 200

    public var clusterBy: ClusterBy = .environment
    public var maxNodes: Int = defaultMaxNodes
    public var maskClientIDs = true
    public var title: String?

    public init() {}
}

/// The whole estate: every node of the graph, credentials coloured by their
/// risk severity, consumers by probe health.
public func estateDiagram(_ analysis: Analysis, options: DiagramOptions) -> Diagram {
    let graph = analysis.graph
    // Upstream layers first so folding keeps packages, credentials and
    // consumers and folds the far downstream.
    let ordered = graph.nodes.sorted { ($0.kind.layer, $0.kind.rawValue, $0.foldedName, $0.environment ?? "") < ($1.kind.layer, $1.kind.rawValue, $1.foldedName, $1.environment ?? "") }
    let items = ordered.map { DiagramItem(node: $0, depth: $0.kind.layer, environments: $0.environment.map { [$0] } ?? [], isRoot: false) }
    return DiagramBuilder(analysis: analysis, options: options).build(
        name: "credgraph", title: options.title ?? "Marketing Cloud credential dependency graph, as of \(analysis.clock.asOfDay)",
        items: items, edges: graph.edges)
}

/// A blast radius: the roots marked, everything reached by depth.
public func blastRadiusDiagram(_ radius: BlastRadius, analysis: Analysis, options: DiagramOptions) -> Diagram {
    let roots = Set(radius.roots)
    let items = radius.nodes.map { DiagramItem(node: $0.node, depth: $0.depth, environments: $0.environments, isRoot: roots.contains($0.node.id)) }
    let rootNames = radius.nodes.filter { roots.contains($0.node.id) }.map { $0.node.name }
    let direction = radius.direction == .upstream ? "What it depends on" : "Blast radius"
    return DiagramBuilder(analysis: analysis, options: options).build(
        name: "blast_radius", title: options.title ?? "\(direction): \(rootNames.joined(separator: ", ")), as of \(analysis.clock.asOfDay)",
        items: items, edges: radius.edges)
}

struct DiagramItem {
    var node: GraphNode
    var depth: Int
    var environments: [String]
    var isRoot: Bool
}

/// Fill colours by finding severity (ColorBrewer OrRd, readable in print).
func severityFill(_ severity: Severity) -> String {
    switch severity {
    case .critical: "#d7301f"
    case .high: "#fc8d59"
    case .medium: "#fdcc8a"
    case .low: "#fef0d9"
    case .info: "#f7f7f7"
    }
}

enum ProbeHealth: String, CaseIterable {
    case healthy = "token calls succeed"
    case failing = "auth failing"
    case degraded = "errors or slow"
    case unmonitored = "no probes in window"

    var fill: String {
        switch self {
        case .healthy: "#c7e9c0"
        case .failing: "#d7301f"
        case .degraded: "#fdcc8a"
        case .unmonitored: "#d9d9d9"
        }
    }
}

private func shape(_ kind: NodeKind) -> (shape: String, style: String) {
    switch kind {
    case .installedPackage: ("folder", "filled")
    case .credential: ("hexagon", "filled")
    case .integration: ("box", "filled,rounded")
    case .dataExtension: ("cylinder", "filled")
    case .query, .automation: ("parallelogram", "filled")
    case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other: ("note", "filled")
    case .journey, .triggeredSend, .sms, .push: ("cds", "filled")
    }
}

struct DiagramBuilder {
    let analysis: Analysis
    let options: DiagramOptions

    private var severityByClient: [String: Severity] {
        Dictionary(analysis.risk.credentials.map { ($0.clientID, $0.severity) }, uniquingKeysWith: { a, _ in a })
    }

    func health(ofConsumer index: Int) -> ProbeHealth {
        guard index < analysis.evidence.consumers.count else { return .unmonitored }
        let stats = analysis.evidence.consumers[index].stats
        guard stats.probes > 0 else { return .unmonitored }
        if let failed = stats.lastAuthFailure, failed > (stats.lastSuccess ?? Int64.min) { return .failing }
        if stats.authFailuresLast24h > 0 { return .failing }
        let nonAuth = stats.failures.nonAuth
        if nonAuth * 20 > stats.probes { return .degraded }
        if let p95 = stats.tokenLatency.p95, p95 > Double(analysis.config.thresholds.latencyP95Ms) { return .degraded }
        return .healthy
    }

    /// The node's DOT id: its stable graph id, except that a credential's
    /// client id is masked (last 4 characters plus a short hash, so ids stay
    /// unique and stable) when reports mask client ids: ids show in SVG titles.
    func diagramID(_ id: NodeID) -> String {
        guard options.maskClientIDs, id.rawValue.hasPrefix("client:") else { return id.rawValue }
        let clientID = String(id.rawValue.dropFirst("client:".count))
        return "client:" + maskClientID(clientID) + "-" + stableHash(clientID)
    }

    /// A reference with any client id masked, when masking is on.
    func masked(_ text: String) -> String {
        guard options.maskClientIDs, text.hasPrefix("client:") else { return text }
        return "client:" + maskClientID(String(text.dropFirst("client:".count)))
    }

    func label(_ node: GraphNode) -> String {
        switch node.kind {
        case .credential:
            let id = options.maskClientIDs ? maskClientID(node.name) : node.name
            return "client \(id)"
        case .integration:
            return node.name + "\n" + (node.environment ?? "")
        case .installedPackage:
            return node.name + "\ninstalled package"
        default:
            return node.name + "\n" + node.kind.rawValue
        }
    }

    func clusterKey(_ item: DiagramItem) -> (id: String, label: String)? {
        switch options.clusterBy {
        case .none:
            return nil
        case .environment:
            let envs = item.node.environment.map { [$0] } ?? item.environments
            guard envs.count == 1, let env = envs.first else { return nil }
            return ("env_" + slug(env), "environment: \(env)")
        case .owner:
            guard let owner = item.node.technicalOwner ?? item.node.owner ?? item.node.businessOwner else { return nil }
            return ("owner_" + slug(owner.name), "owner: \(owner.name)")
        case .package:
            let package: String?
            switch item.node.kind {
            case .installedPackage: package = item.node.name
            case .credential: package = analysis.inventory.credentials.first { $0.clientID == item.node.name }?.installedPackage
            case .integration: package = item.node.consumerIndex.map { analysis.inventory.consumers[$0].installedPackage }
            default: package = nil
            }
            guard let package else { return nil }
            return ("pkg_" + slug(package), "package: \(package)")
        }
    }

    func build(name: String, title: String, items: [DiagramItem], edges: [GraphEdge]) -> Diagram {
        let maxNodes = max(2, options.maxNodes)
        var diagram = Diagram(
            name: name,
            graphAttributes: [
                .init("rankdir", "LR"), .init("fontname", "DejaVu Sans"), .init("fontsize", "12"),
                .init("label", graphvizLabel(title)), .init("labelloc", "t"),
                .init("nodesep", "0.25"), .init("ranksep", "0.6"), .init("newrank", "true"),
                // Bound dot's network simplex and crossing minimisation so any
                // input lays out in seconds.
                .init("nslimit", "4"), .init("nslimit1", "4"), .init("mclimit", "0.5"), .init("searchsize", "30"),
                .init("outputorder", "edgesfirst"),
            ],
            nodeDefaults: [.init("fontname", "DejaVu Sans"), .init("fontsize", "10"), .init("penwidth", "1"), .init("fillcolor", "#ffffff")],
            edgeDefaults: [.init("color", "#555555"), .init("arrowsize", "0.6"), .init("fontname", "DejaVu Sans"), .init("fontsize", "8")]
        )

        // Keep roots first, then by depth and layer: the part nearest the
        // failure stays visible, the far end folds.
        let sorted = items.enumerated().sorted { a, b in
            (a.element.isRoot ? 0 : 1, a.element.depth, a.offset) < (b.element.isRoot ? 0 : 1, b.element.depth, b.offset)
        }.map(\.element)
        let kept = Array(sorted.prefix(maxNodes - min(maxNodes / 4, 20)))
        let keptIDs = Set(kept.map(\.node.id))
        let folded = sorted.count > kept.count ? Array(sorted[kept.count...]) : []
        let severities = severityByClient

        var clusters: [String: String] = [:]
        for item in kept {
            let node = item.node
            let (shape, style) = shape(node.kind)
            var attributes: [Diagram.Attribute] = [
                .init("label", graphvizLabel(label(node))), .init("shape", shape), .init("style", style),
            ]
            switch node.kind {
            case .credential:
                attributes.append(.init("fillcolor", severityFill(severities[node.name] ?? .info)))
            case .integration:
                attributes.append(.init("fillcolor", node.consumerIndex.map { health(ofConsumer: $0) }.map(\.fill) ?? ProbeHealth.unmonitored.fill))
            case .installedPackage:
                attributes.append(.init("fillcolor", "#deebf7"))
            default:
                if node.criticality == .critical || node.criticality == .high {
                    attributes.append(.init("color", "#b30000"))
                }
            }
            if item.isRoot {
                attributes.append(.init("penwidth", "3"))
                attributes.append(.init("peripheries", "2"))
                attributes.append(.init("xlabel", "ROOT"))
            }
            attributes.append(.init("tooltip", graphvizLabel(masked(node.reference))))
            var cluster: String?
            if let key = clusterKey(item) {
                clusters[key.id] = key.label
                cluster = key.id
            }
            diagram.nodes.append(.init(id: diagramID(node.id), attributes: attributes, cluster: cluster))
        }

        // Folded nodes: one "+N more KIND" node per kept predecessor and kind.
        var foldGroups: [String: (parent: NodeID?, kind: NodeKind, count: Int)] = [:]
        var foldedIDs: Set<NodeID> = []
        if !folded.isEmpty {
            let foldedSet = Set(folded.map(\.node.id))
            var parentOf: [NodeID: NodeID] = [:]
            for edge in edges where keptIDs.contains(edge.from) && foldedSet.contains(edge.to) {
                if parentOf[edge.to].map({ edge.from < $0 }) ?? true { parentOf[edge.to] = edge.from }
            }
            for item in folded {
                let parent = parentOf[item.node.id]
                let key = "fold:\(parent.map(diagramID) ?? "-"):\(item.node.kind.rawValue)"
                foldGroups[key, default: (parent, item.node.kind, 0)].count += 1
                foldedIDs.insert(item.node.id)
            }
            for key in foldGroups.keys.sorted() {
                let group = foldGroups[key]!
                diagram.nodes.append(.init(id: key, attributes: [
                    .init("label", "+\(group.count) more \(group.kind.rawValue)"), .init("shape", "box"),
                    .init("style", "dashed"), .init("fontcolor", "#555555"),
                ]))
                if let parent = group.parent {
                    diagram.edges.append(.init(from: diagramID(parent), to: key, attributes: [.init("style", "dashed")]))
                }
            }
            diagram.notes.append("diagram folded: \(kept.count) of \(items.count) nodes drawn, \(folded.count) folded into \(foldGroups.count) '+N more' nodes (raise --max-nodes to draw more)")
            diagram.graphAttributes[3] = .init("label", graphvizLabel(title + "\n(\(folded.count) of \(items.count) nodes folded into '+N more' nodes)"))
        }

        for (id, label) in clusters.sorted(by: { $0.key < $1.key }) {
            diagram.clusters.append(.init(id: id, attributes: [
                .init("label", graphvizLabel(label)), .init("style", "rounded,dashed"), .init("color", "#999999"),
                .init("fontname", "DejaVu Sans"), .init("fontsize", "10"),
            ]))
        }

        var seenEdges: Set<String> = []
        for edge in edges.sorted() where keptIDs.contains(edge.from) && keptIDs.contains(edge.to) {
            let key = edge.from.rawValue + "\u{0}" + edge.to.rawValue
            guard seenEdges.insert(key).inserted else { continue }
            var attributes: [Diagram.Attribute] = []
            if edge.relation == .authenticates, let consumer = analysis.graph.node(edge.to)?.consumerIndex,
               consumer < analysis.evidence.consumers.count, analysis.evidence.consumers[consumer].stats.probes > 0 {
                attributes.append(.init("penwidth", "2"))
                attributes.append(.init("color", "#238b45"))
            } else if edge.relation == .authenticates {
                attributes.append(.init("style", "dashed"))
            }
            if let env = edge.environment { attributes.append(.init("label", graphvizLabel(env))) }
            diagram.edges.append(.init(from: diagramID(edge.from), to: diagramID(edge.to), attributes: attributes))
        }
        addLegend(to: &diagram)
        return diagram
    }

    private func addLegend(to diagram: inout Diagram) {
        // No edges: in a left-to-right layout the legend stacks as one column.
        func add(_ id: String, _ label: String, _ attributes: [Diagram.Attribute]) {
            diagram.nodes.append(.init(id: "legend:" + id, attributes: [.init("label", label), .init("fontsize", "9")] + attributes, cluster: "legend"))
        }
        for kind in [NodeKind.installedPackage, .credential, .integration, .dataExtension, .query, .email, .journey] {
            let (shape, style) = shape(kind)
            let name: String
            switch kind {
            case .integration: name = "consumer (integration@env)"
            case .query: name = "query / automation"
            case .email: name = "asset (email, block, page, script)"
            case .journey: name = "send (journey, triggered, sms, push)"
            case .installedPackage: name = "installed package"
            case .credential: name = "credential (client id)"
            default: name = kind.rawValue
            }
            add("kind-" + kind.rawValue, name, [.init("shape", shape), .init("style", style)])
        }
        for severity in [Severity.critical, .high, .medium, .low, .info] {
            add("sev-" + severity.rawValue, "credential: \(severity.rawValue)", [.init("shape", "hexagon"), .init("style", "filled"), .init("fillcolor", severityFill(severity))])
        }
        for health in ProbeHealth.allCases {
            add("health-" + String(describing: health), "consumer: \(health.rawValue)", [.init("shape", "box"), .init("style", "filled,rounded"), .init("fillcolor", health.fill)])
        }
        add("edge-probed", "bold green edge: seen in probes\ndashed: declared only", [.init("shape", "plaintext")])
        diagram.clusters.append(.init(id: "legend", attributes: [
            .init("label", "Legend"), .init("style", "rounded"), .init("color", "#bbbbbb"), .init("fontname", "DejaVu Sans"), .init("fontsize", "10"),
        ]))
    }
}

/// FNV-1a of the text, 8 hex digits: a stable, non-reversible tag.
func stableHash(_ text: String) -> String {
    var hash: UInt32 = 2_166_136_261
    for byte in text.utf8 {
        hash ^= UInt32(byte)
        hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
}
