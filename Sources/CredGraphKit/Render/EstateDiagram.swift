/// How the dependency graph is drawn: shapes by kind, colours by severity
/// and probe health, clusters, a legend, and folding past `maxNodes`.

public enum ClusterBy: String, Sendable, CaseIterable {
    case environment, owner, package, none
}

public struct DiagramOptions: Sendable {
    /// Enough for a readable picture; beyond it the overflow is folded.
    public static let defaultMaxNodes = 200
    /// The most `maxNodes` may ask for: about 4 s of layout (sfdp) at 10,000
    /// nodes, 20,000 edges; more is neither quick nor readable.
    public static let maxNodesLimit = 10_000

    public var clusterBy: ClusterBy = .environment
    /// Nodes drawn at most, "+N more" nodes included (the legend is not counted).
    public var maxNodes: Int = defaultMaxNodes
    public var maskClientIDs = true
    public var title: String?

    public init() {}
}

/// The whole estate: every node of the graph, credentials coloured by their
/// risk severity, consumers by probe health.
public func estateDiagram(_ analysis: Analysis, options: DiagramOptions) -> Diagram {
    let graph = analysis.graph
    // The environments each node is reached in from the packages, so data
    // extensions and assets are drawn inside their environment's cluster
    // (a node reached in several stays outside, between them).
    let packages = graph.nodes.filter { $0.kind == .installedPackage }.map(\.id)
    var environments: [NodeID: [String]] = [:]
    if options.clusterBy == .environment {
        for reached in graph.blastRadius(of: packages).nodes { environments[reached.node.id] = reached.environments }
    }
    // What folding keeps first: packages, credentials and consumers, riskiest
    // credential first (a package with its credential and consumers), then the
    // downstream layers in order.
    var rankOfClient: [String: Int] = [:]
    var rankOfPackage: [String: Int] = [:]
    for credential in analysis.risk.credentials {
        rankOfClient[NodeKey.fold(credential.clientID)] = min(rankOfClient[NodeKey.fold(credential.clientID)] ?? .max, credential.rank)
        rankOfPackage[NodeKey.fold(credential.installedPackage)] = min(rankOfPackage[NodeKey.fold(credential.installedPackage)] ?? .max, credential.rank)
    }
    func riskRank(_ node: GraphNode) -> Int {
        switch node.kind {
        case .installedPackage: return rankOfPackage[node.foldedName] ?? .max
        case .credential: return rankOfClient[node.foldedName] ?? .max
        case .integration:
            guard let index = node.consumerIndex, index < analysis.inventory.consumers.count else { return .max }
            return rankOfClient[NodeKey.fold(analysis.inventory.consumers[index].clientID)] ?? .max
        default: return .max
        }
    }
    let order = graph.nodes.indices.sorted { a, b in
        let na = graph.nodes[a], nb = graph.nodes[b]
        let ka = (na.kind.isInventoryKind ? 0 : na.kind.layer, riskRank(na), na.kind.layer, a)
        let kb = (nb.kind.isInventoryKind ? 0 : nb.kind.layer, riskRank(nb), nb.kind.layer, b)
        return ka < kb
    }
    let items = order.map { index in
        let node = graph.nodes[index]
        return DiagramItem(node: node, depth: node.kind.isInventoryKind ? 0 : node.kind.layer,
                           environments: node.environment.map { [$0] } ?? environments[node.id] ?? [], isRoot: false)
    }
    return DiagramBuilder(analysis: analysis, options: options).build(
        name: "credgraph", title: options.title ?? "Marketing Cloud credential dependency graph, as of \(analysis.clock.asOfDay)",
        items: items, edges: graph.edges, marksRoots: false)
}

/// A blast radius: the roots marked, everything reached by depth.
public func blastRadiusDiagram(_ radius: BlastRadius, analysis: Analysis, options: DiagramOptions) -> Diagram {
    blastRadiusDiagram(radius, analysis: analysis, options: options, credentials: nil)
}

/// The same, with the credential lookup of the run when many diagrams are drawn.
func blastRadiusDiagram(_ radius: BlastRadius, analysis: Analysis, options: DiagramOptions, credentials: CredentialLookup?) -> Diagram {
    let roots = Set(radius.roots)
    let items = radius.nodes.map { DiagramItem(node: $0.node, depth: $0.depth, environments: $0.environments, isRoot: roots.contains($0.node.id)) }
    let builder = DiagramBuilder(analysis: analysis, options: options, credentials: credentials)
    let rootNames = radius.nodes.filter { roots.contains($0.node.id) }.map { builder.plainName($0.node) }
    let direction = radius.direction == .upstream ? "What it depends on" : "Blast radius"
    let depth = radius.maxDepth.map { ", depth ≤ \($0)" } ?? ""
    return builder.build(
        name: "blast_radius",
        title: options.title ?? "\(direction): \(rootNames.joined(separator: ", "))\(depth), as of \(analysis.clock.asOfDay)",
        items: items, edges: radius.edges, marksRoots: true)
}

struct DiagramItem {
    var node: GraphNode
    var depth: Int
    /// Environments the node is drawn for; one means it belongs in that
    /// environment's cluster.
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

/// Text colour on a fill: white only on the dark red, which black text on
/// it is hard to read.
func textColor(onFill fill: String) -> String? {
    fill == "#d7301f" ? "#ffffff" : nil
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

/// Shape and style by kind. Compact shapes for the wide middle layers
/// (a parallelogram grows with its label and spread the picture out).
func kindShape(_ kind: NodeKind) -> (shape: String, style: String) {
    switch kind {
    case .installedPackage: ("folder", "filled")
    case .credential: ("hexagon", "filled")
    case .integration: ("box", "filled,rounded")
    case .dataExtension: ("cylinder", "filled")
    case .query, .automation: ("component", "filled")
    case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other: ("note", "filled")
    case .journey, .triggeredSend, .sms, .push: ("cds", "filled")
    }
}

/// Extra room inside shapes whose outline cuts into the label area.
func kindMargin(_ kind: NodeKind) -> String? {
    switch kind {
    case .credential: "0.02,0.04"
    case .journey, .triggeredSend, .sms, .push: "0.22,0.11"
    default: nil
    }
}

enum DiagramStyle {
    static let font = "DejaVu Sans"
    static let packageFill = "#deebf7"
    static let downstreamFill = "#ffffff"
    static let criticalOutline = "#b30000"
    static let rootOutline = "#08306b"
    static let probedEdge = "#238b45"
    static let declaredEdge = "#737373"
    static let foldColor = "#636363"
}

/// Severity, expiry and package of every credential by folded client id.
/// Built once per run when one analysis gives many diagrams (a change-review
/// page per package): per diagram, it would cost a pass over the estate.
struct CredentialLookup: Sendable {
    var severity: [String: Severity]
    var expiry: [String: (Day, Int?)] = [:]
    var package: [String: String]

    init(_ analysis: Analysis) {
        severity = Dictionary(analysis.risk.credentials.map { (NodeKey.fold($0.clientID), $0.severity) }, uniquingKeysWith: { a, _ in a })
        for credential in analysis.risk.credentials {
            guard let day = credential.expiresOn else { continue }
            expiry[NodeKey.fold(credential.clientID)] = (day, credential.daysLeft)
        }
        package = Dictionary(analysis.inventory.credentials.map { (NodeKey.fold($0.clientID), $0.installedPackage) }, uniquingKeysWith: { a, _ in a })
    }
}

struct DiagramBuilder {
    let analysis: Analysis
    let options: DiagramOptions
    let credentials: CredentialLookup

    init(analysis: Analysis, options: DiagramOptions, credentials: CredentialLookup? = nil) {
        self.analysis = analysis
        self.options = options
        self.credentials = credentials ?? CredentialLookup(analysis)
    }

    private var severityByClient: [String: Severity] { credentials.severity }

    private var expiryByClient: [String: (Day, Int?)] { credentials.expiry }

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
    func diagramID(_ id: NodeID) -> String { diagramNodeID(id, maskClientIDs: options.maskClientIDs) }

    /// A reference with any client id masked, when masking is on.
    func masked(_ text: String) -> String {
        guard options.maskClientIDs, text.hasPrefix("client:") else { return text }
        return "client:" + maskClientID(String(text.dropFirst("client:".count)))
    }

    func probed(consumer index: Int?) -> Bool {
        guard let index, index < analysis.evidence.consumers.count else { return false }
        return analysis.evidence.consumers[index].stats.probes > 0
    }

    /// The node's name as shown (client ids masked when configured).
    func plainName(_ node: GraphNode) -> String {
        switch node.kind {
        case .credential: "client " + (options.maskClientIDs ? maskClientID(node.name) : node.name)
        case .integration: node.environment.map { "\(node.name)@\($0)" } ?? node.name
        default: node.name
        }
    }

    func label(_ node: GraphNode, expiries: [String: (Day, Int?)]) -> String {
        switch node.kind {
        case .credential:
            let id = options.maskClientIDs ? maskClientID(node.name) : node.name
            guard let (day, left) = expiries[node.foldedName] else { return "client \(id)\nexpiry unknown" }
            let days = left.map { $0 < 0 ? " (expired)" : " (\($0) d)" } ?? ""
            return "client \(id)\nexpires \(day)\(days)"
        case .integration:
            return node.name + "\n" + (node.environment ?? "")
        case .installedPackage:
            return node.name + "\ninstalled package"
        default:
            return node.name + "\n" + node.kind.rawValue
        }
    }

    /// The cluster label of each item (nil: drawn outside any cluster).
    func clusterLabels(_ items: [DiagramItem], edges: [GraphEdge]) -> [String?] {
        switch options.clusterBy {
        case .none:
            return items.map { _ in nil }
        case .environment:
            return items.map { item in item.environments.count == 1 ? "environment: \(item.environments[0])" : nil }
        case .owner:
            return items.map { item in
                (item.node.technicalOwner ?? item.node.owner ?? item.node.businessOwner).map { "owner: \($0.name)" }
            }
        case .package:
            return packageOfItems(items, edges: edges).map { $0.map { "package: \($0)" } }
        }
    }

    /// The one installed package each item hangs off, propagated along the
    /// edges: a data extension fed by one package's consumers is drawn in
    /// that package's cluster, one shared by two packages outside. At most two
    /// packages are tracked per node, so this stays linear.
    func packageOfItems(_ items: [DiagramItem], edges: [GraphEdge]) -> [String?] {
        var index: [NodeID: Int] = [:]
        for (i, item) in items.enumerated() { index[item.node.id] = i }
        var packages = [[String]](repeating: [], count: items.count)
        let packageOfClient = credentials.package
        var work: [Int] = []
        for (i, item) in items.enumerated() {
            let own: String?
            switch item.node.kind {
            case .installedPackage: own = item.node.name
            case .credential: own = packageOfClient[item.node.foldedName]
            case .integration: own = item.node.consumerIndex.flatMap { $0 < analysis.inventory.consumers.count ? analysis.inventory.consumers[$0].installedPackage : nil }
            default: own = nil
            }
            if let own {
                packages[i] = [own.trimmingWhitespace()]
                work.append(i)
            }
        }
        var successors = [[Int]](repeating: [], count: items.count)
        for edge in edges {
            guard let a = index[edge.from], let b = index[edge.to], !items[b].node.kind.isInventoryKind else { continue }
            successors[a].append(b)
        }
        while let i = work.popLast() {
            for j in successors[i] {
                var changed = false
                for package in packages[i] where packages[j].count < 2 && !packages[j].contains(package) {
                    packages[j].append(package)
                    changed = true
                }
                if changed { work.append(j) }
            }
        }
        return packages.map { $0.count == 1 ? $0[0] : nil }
    }

    func build(name: String, title: String, items: [DiagramItem], edges: [GraphEdge], marksRoots: Bool) -> Diagram {
        let maxNodes = min(max(2, options.maxNodes), DiagramOptions.maxNodesLimit)
        var diagram = Diagram(
            name: name,
            graphAttributes: [
                .init("rankdir", "LR"), .init("fontname", DiagramStyle.font), .init("fontsize", "16"),
                .init("labelloc", "t"), .init("labeljust", "l"),
                .init("nodesep", "0.18"), .init("ranksep", "0.45"), .init("newrank", "true"),
                .init("outputorder", "edgesfirst"), .init("pad", "0.3"), .init("bgcolor", "#ffffff"),
            ],
            nodeDefaults: [
                .init("fontname", DiagramStyle.font), .init("fontsize", "11"), .init("penwidth", "1"),
                .init("fillcolor", DiagramStyle.downstreamFill), .init("margin", "0.11,0.055"), .init("height", "0.4"),
            ],
            edgeDefaults: [
                .init("color", DiagramStyle.declaredEdge), .init("arrowsize", "0.6"), .init("fontname", DiagramStyle.font),
                .init("fontsize", "9"), .init("fontcolor", "#525252"),
            ]
        )

        // Keep roots first, then by depth and layer: the part nearest the
        // failure stays visible, the far end folds.
        let order = items.indices.sorted { a, b in
            (items[a].isRoot ? 0 : 1, items[a].depth, a) < (items[b].isRoot ? 0 : 1, items[b].depth, b)
        }
        let allClusterLabels = clusterLabels(items, edges: edges)
        // Room for the "+N more" nodes, taken from the drawn nodes.
        let reserve = items.count > maxNodes ? min(max(1, maxNodes / 4), 20) : 0
        let keptCount = min(items.count, maxNodes - reserve)
        let kept = order.prefix(keptCount)
        let folded = order.dropFirst(keptCount)
        let severities = severityByClient
        let expiries = expiryByClient

        // Cluster ids: unique slugs of the labels, in label order, so two
        // owners whose names slug alike still get a cluster each.
        let labels = Set(allClusterLabels.compactMap { $0 }).sorted()
        let clusterIDs = Dictionary(uniqueKeysWithValues: zip(labels, uniqueSlugs(labels).map { "c_" + $0.replacingOccurrences(of: "-", with: "_") }))

        var drawnID: [NodeID: String] = [:]
        var columns: [[String]] = [[], [], []]
        var usedClusters: Set<String> = []
        for i in kept {
            let item = items[i]
            let node = item.node
            let (shape, style) = kindShape(node.kind)
            var text = label(node, expiries: expiries)
            let isRoot = marksRoots && item.isRoot
            if isRoot { text = "ROOT\n" + text }
            var attributes: [Diagram.Attribute] = [.init("label", graphvizLabel(text)), .init("shape", shape), .init("style", style)]
            // A hexagon widens with its margin; an arrow shape needs more.
            if let margin = kindMargin(node.kind) { attributes.append(.init("margin", margin)) }
            var fill: String?
            switch node.kind {
            case .credential:
                fill = severityFill(severities[node.foldedName] ?? .info)
            case .integration: fill = node.consumerIndex.map { health(ofConsumer: $0) }.map(\.fill) ?? ProbeHealth.unmonitored.fill
            case .installedPackage: fill = DiagramStyle.packageFill
            default:
                if node.criticality == .critical || node.criticality == .high {
                    attributes.append(.init("color", DiagramStyle.criticalOutline))
                    attributes.append(.init("penwidth", "2"))
                }
            }
            if let fill {
                attributes.append(.init("fillcolor", fill))
                if let color = textColor(onFill: fill) { attributes.append(.init("fontcolor", color)) }
            }
            if isRoot {
                attributes.append(.init("color", DiagramStyle.rootOutline))
                attributes.append(.init("penwidth", "3"))
                attributes.append(.init("peripheries", "2"))
            }
            attributes.append(.init("tooltip", graphvizLabel(masked(node.reference))))
            let cluster = allClusterLabels[i].flatMap { clusterIDs[$0] }
            if let cluster { usedClusters.insert(cluster) }
            let id = diagramID(node.id)
            diagram.nodes.append(.init(id: id, attributes: attributes, cluster: cluster))
            drawnID[node.id] = id
            if let column = [NodeKind.installedPackage, .credential, .integration].firstIndex(of: node.kind) {
                columns[column].append(id)
            }
        }
        // Packages, credentials and consumers each in one column, across
        // the clusters: otherwise dot pulls a package with few consumers far
        // to the right, next to what its consumers feed.
        diagram.sameRank = columns.filter { $0.count > 1 }

        if !folded.isEmpty {
            let groups = foldGroups(items: items, folded: Array(folded), kept: Set(kept.map { items[$0].node.id }), edges: edges, limit: reserve)
            for group in groups {
                // In a cluster only when every member belongs to that one.
                let clusterLabelsOfGroup = Set(group.members.map { allClusterLabels[$0] })
                let cluster = clusterLabelsOfGroup.count == 1 ? clusterLabelsOfGroup.first.flatMap { $0 }.flatMap { clusterIDs[$0] } : nil
                if let cluster { usedClusters.insert(cluster) }
                let what = group.what
                diagram.nodes.append(.init(id: group.id, attributes: [
                    .init("label", "+\(group.members.count) more\n\(what)"), .init("shape", "box"),
                    .init("style", "dashed,rounded"), .init("color", DiagramStyle.foldColor), .init("fontcolor", DiagramStyle.foldColor),
                    .init("tooltip", "\(group.members.count) \(what) folded: raise --max-nodes to draw them"),
                ], cluster: cluster))
                for member in group.members { drawnID[items[member].node.id] = group.id }
            }
            diagram.notes.append("diagram folded: \(kept.count) of \(items.count) nodes drawn, \(folded.count) folded into \(groups.count) '+N more' node\(groups.count == 1 ? "" : "s") (raise --max-nodes to draw more)")
            // `\l` ends a left-justified line.
            diagram.graphAttributes.append(.init("label", graphvizLabel(title) + "\\l" + graphvizLabel("\(folded.count) of \(items.count) nodes folded into '+N more' nodes (raise --max-nodes to draw them)") + "\\l"))
        } else {
            diagram.graphAttributes.append(.init("label", graphvizLabel(title) + "\\l"))
        }

        for label in labels {
            guard let id = clusterIDs[label], usedClusters.contains(id) else { continue }
            diagram.clusters.append(.init(id: id, attributes: [
                .init("label", graphvizLabel(label)), .init("style", "rounded,filled"), .init("color", "#bdbdbd"),
                .init("fillcolor", "#fafafa"), .init("fontname", DiagramStyle.font), .init("fontsize", "13"), .init("labeljust", "l"),
            ]))
        }

        // Every edge is drawn between what its ends are drawn as, so an edge
        // into a folded node goes to its "+N more" node instead of vanishing.
        var seenEdges: Set<String> = []
        for edge in edges.sorted() {
            guard let from = drawnID[edge.from], let to = drawnID[edge.to] else { continue }
            let touchesFold = from != diagramID(edge.from) || to != diagramID(edge.to)
            if touchesFold && from == to { continue }
            guard seenEdges.insert(from + "\u{0}" + to).inserted else { continue }
            var attributes: [Diagram.Attribute] = []
            if touchesFold {
                attributes.append(.init("style", "dashed"))
                attributes.append(.init("color", DiagramStyle.foldColor))
            } else if edge.relation == .authenticates {
                if probed(consumer: analysis.graph.node(edge.to)?.consumerIndex) {
                    attributes.append(.init("penwidth", "2.2"))
                    attributes.append(.init("color", DiagramStyle.probedEdge))
                } else {
                    attributes.append(.init("style", "dashed"))
                }
            }
            // An edge declared for one environment says so, unless the
            // environment clusters already show it.
            if !touchesFold, options.clusterBy != .environment, let env = edge.environment {
                attributes.append(.init("label", graphvizLabel(env)))
            }
            diagram.edges.append(.init(from: from, to: to, attributes: attributes))
        }
        addLegend(to: &diagram, marksRoots: marksRoots, folds: !folded.isEmpty)
        return diagram
    }

    struct FoldGroup {
        var id: String
        /// What the members are, as the "+N more" label says it.
        var what: String
        var members: [Int]
    }

    /// Groups the folded items into at most `limit` "+N more" nodes: by kept
    /// predecessor and kind when that fits, else by kind, else by layer
    /// (consumers, data extensions, assets…), else all in one.
    func foldGroups(items: [DiagramItem], folded: [Int], kept: Set<NodeID>, edges: [GraphEdge], limit: Int) -> [FoldGroup] {
        var parentOf: [NodeID: NodeID] = [:]
        let foldedIDs = Set(folded.map { items[$0].node.id })
        for edge in edges where kept.contains(edge.from) && foldedIDs.contains(edge.to) {
            if parentOf[edge.to].map({ edge.from < $0 }) ?? true { parentOf[edge.to] = edge.from }
        }
        func group(_ key: (Int) -> (id: String, what: String)) -> [FoldGroup] {
            var byID: [String: FoldGroup] = [:]
            for member in folded {
                let (id, what) = key(member)
                byID[id, default: FoldGroup(id: id, what: what, members: [])].members.append(member)
            }
            return byID.keys.sorted().compactMap { byID[$0] }
        }
        let byParent = group { i in
            let node = items[i].node
            return ("fold:\(parentOf[node.id].map(diagramID) ?? "-"):\(node.kind.rawValue)", node.kind.rawValue)
        }
        if byParent.count <= limit { return byParent }
        let byKind = group { i in ("fold:\(items[i].node.kind.rawValue)", items[i].node.kind.rawValue) }
        if byKind.count <= limit { return byKind }
        let byLayer = group { i in
            let kind = items[i].node.kind
            return ("fold:layer\(kind.layer)\(kind.isSend ? "s" : "")", layerName(kind))
        }
        if byLayer.count <= limit { return byLayer }
        return group { _ in ("fold:all", "nodes") }
    }

    /// A compact legend in three columns (kinds, credential severity, consumer
    /// health), held in place by invisible edges; its ids start `legend:`.
    private func addLegend(to diagram: inout Diagram, marksRoots: Bool, folds: Bool) {
        func node(_ id: String, _ label: String, _ attributes: [Diagram.Attribute]) -> String {
            let full = "legend:" + id
            diagram.nodes.append(.init(id: full, attributes: [.init("label", label), .init("fontsize", "9"), .init("height", "0.3")] + attributes, cluster: "legend"))
            return full
        }
        func heading(_ id: String, _ text: String) -> String {
            node("heading-" + id, text, [.init("shape", "plaintext"), .init("fontsize", "10")])
        }
        var kinds: [String] = [heading("kinds", "Shape: node kind")]
        for kind in [NodeKind.installedPackage, .credential, .integration, .dataExtension, .query, .email, .journey] {
            let (shape, style) = kindShape(kind)
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
            var attributes: [Diagram.Attribute] = [.init("shape", shape), .init("style", style)]
            if kind == .installedPackage { attributes.append(.init("fillcolor", DiagramStyle.packageFill)) }
            if let margin = kindMargin(kind) { attributes.append(.init("margin", margin)) }
            kinds.append(node("kind-" + kind.rawValue, name, attributes))
        }
        var second: [String] = [heading("risk", "Credential fill: risk")]
        for severity in [Severity.critical, .high, .medium, .low, .info] {
            var attributes: [Diagram.Attribute] = [.init("shape", "hexagon"), .init("style", "filled"), .init("fillcolor", severityFill(severity)), .init("margin", "0.02,0.04")]
            if let color = textColor(onFill: severityFill(severity)) { attributes.append(.init("fontcolor", color)) }
            second.append(node("sev-" + severity.rawValue, severity.rawValue, attributes))
        }
        second.append(node("critical-outline", "red outline: high or critical\nbusiness criticality",
                           [.init("shape", "box"), .init("color", DiagramStyle.criticalOutline), .init("penwidth", "2")]))
        var third: [String] = [heading("health", "Consumer fill: probe health")]
        for health in ProbeHealth.allCases {
            var attributes: [Diagram.Attribute] = [.init("shape", "box"), .init("style", "filled,rounded"), .init("fillcolor", health.fill)]
            if let color = textColor(onFill: health.fill) { attributes.append(.init("fontcolor", color)) }
            third.append(node("health-" + String(describing: health), health.rawValue, attributes))
        }
        third.append(node("edges", "green bold edge: token calls seen in probes\\ldashed edge: consumer declared, no probes\\lgrey edge: dependencies.csv\\l",
                          [.init("shape", "plaintext")]))
        if marksRoots {
            third.append(node("root", "ROOT\nthe node asked about",
                              [.init("shape", "box"), .init("color", DiagramStyle.rootOutline), .init("penwidth", "3"), .init("peripheries", "2")]))
        }
        if folds {
            third.append(node("fold", "+N more\nfolded past --max-nodes",
                              [.init("shape", "box"), .init("style", "dashed,rounded"), .init("color", DiagramStyle.foldColor), .init("fontcolor", DiagramStyle.foldColor)]))
        }
        // Row i of each column is linked to row i of the next, which puts the
        // columns side by side left to right.
        for (left, right) in [(kinds, second), (second, third)] {
            for row in 0..<min(left.count, right.count) {
                diagram.edges.append(.init(from: left[row], to: right[row], attributes: [.init("style", "invis")]))
            }
        }
        diagram.clusters.append(.init(id: "legend", attributes: [
            .init("label", "Legend"), .init("style", "rounded"), .init("color", "#bdbdbd"), .init("fontname", DiagramStyle.font),
            .init("fontsize", "12"), .init("labeljust", "l"),
        ]))
    }
}

/// The plural name of a kind's layer, for "+N more" nodes.
func layerName(_ kind: NodeKind) -> String {
    switch kind {
    case .installedPackage: "installed packages"
    case .credential: "credentials"
    case .integration: "consumers"
    case .dataExtension, .query, .automation: "data extensions, queries"
    case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other: "assets"
    case .journey, .triggeredSend, .sms, .push: "sends"
    }
}

extension NodeKind {
    /// Packages, credentials and consumers: their package is their own,
    /// never inherited along an edge.
    var isInventoryKind: Bool { self == .installedPackage || self == .credential || self == .integration }
}

/// The DOT id a graph node is drawn with: its stable id, with a credential's
/// client id masked (last 4 characters plus a short hash) when masking is on.
public func diagramNodeID(_ id: NodeID, maskClientIDs: Bool) -> String {
    guard maskClientIDs, id.rawValue.hasPrefix("client:") else { return id.rawValue }
    let clientID = String(id.rawValue.dropFirst("client:".count))
    return "client:" + maskClientID(clientID) + "-" + stableHash(clientID)
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
