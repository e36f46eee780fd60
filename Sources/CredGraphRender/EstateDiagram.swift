import CredGraphCore
import CredGraphGraph
import CredGraphRisk

/// How the dependency graph is drawn: shapes by kind, colours by severity
/// and probe health, clusters, a legend, and folding past `maxNodes`.

public enum ClusterBy: String, Sendable, CaseIterable {
    case environment, owner, package, none
}

public struct DiagramOptions: Sendable {
    /// Enough for a readable picture; beyond it the overflow is folded.
    /// (Downstream nodes are drawn once per environment, so an estate of
    /// three environments draws about three times its downstream nodes.)
    public static let defaultMaxNodes = 300
    /// The most `maxNodes` may ask for: about 4 s of layout (sfdp) at 10,000
    /// nodes, 20,000 edges; more is neither quick nor readable.
    public static let maxNodesLimit = 10_000

    public var clusterBy: ClusterBy = .environment
    /// Nodes drawn at most, "+N more" nodes included (the legend is not counted).
    public var maxNodes: Int = defaultMaxNodes
    public var maskClientIDs = true
    public var title: String?
    /// Widest a blast-radius diagram may be drawn, in points: the layout
    /// direction is chosen (and, failing that, the drawing scaled) to fit, so
    /// a change review reads at page width. nil: no limit.
    public var maxWidth: Double? = 1200

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
    for reached in graph.blastRadius(of: packages).nodes { environments[reached.node.id] = reached.environments }
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
    // Each node's key once, not twice per comparison: a rank costs hash
    // lookups (and folding a consumer's client id), and the index makes the
    // order total, so it is the one sorting with the keys inline gave.
    let keys = graph.nodes.indices.map { i in
        let node = graph.nodes[i]
        return (node.kind.isInventoryKind ? 0 : node.kind.layer, riskRank(node), node.kind.layer, i)
    }
    let order = graph.nodes.indices.sorted { keys[$0] < keys[$1] }
    let items = order.map { index in
        let node = graph.nodes[index]
        return DiagramItem(node: node, depth: node.kind.isInventoryKind ? 0 : node.kind.layer,
                           environments: node.environment.map { [$0] } ?? environments[node.id] ?? [], isRoot: false)
    }
    // Room for the uninventoried clients within --max-nodes, taken from the graph's budget.
    let unowned = analysis.risk.unowned
    let unownedNodes = unowned.reduce(0) { $0 + 1 + $1.consumerReferences.count }
    var budget = options
    let fits = !unowned.isEmpty && options.maxNodes - unownedNodes >= 2
    if fits { budget.maxNodes = options.maxNodes - unownedNodes }
    let (split, splitEdges) = splitByEnvironment(items, edges: graph.edges)
    var diagram = DiagramBuilder(analysis: analysis, options: budget).build(
        name: "credgraph", title: options.title ?? "Marketing Cloud credential dependency graph, as of \(analysis.clock.asOfDay)",
        items: split, edges: splitEdges, marksRoots: false)
    if fits {
        addUnowned(unowned, to: &diagram, options: options)
    } else if !unowned.isEmpty {
        diagram.notes.append("\(unowned.count == 1 ? "1 uninventoried client id" : "\(unowned.count) uninventoried client ids") not drawn: raise --max-nodes")
    }
    return diagram
}

/// Client ids only probes know, drawn dashed with the consumers the probes
/// named: nobody owns them, so the graph must not leave them out. Outside any
/// cluster; their nodes come out of the `maxNodes` budget first. Ids start
/// with `unowned:`.
func addUnowned(_ unowned: [UnownedClient], to diagram: inout Diagram, options: DiagramOptions) {
    for u in unowned {
        let shown = ClientIDDisplay(masking: options.maskClientIDs).id(u.clientID)
        let clientNode = "unowned:client:" + shown + "-" + stableHash(u.clientID)
        diagram.nodes.append(.init(id: clientNode, attributes: [
            .init("label", graphvizLabel("client \(shown)\nnot in the inventory\nnobody owns it")),
            .init("shape", "hexagon"), .init("style", "dashed,filled"), .init("fillcolor", severityFill(u.severity)),
            .init("color", DiagramStyle.criticalOutline), .init("penwidth", "1.5"),
        ]))
        for reference in u.consumerReferences {
            let id = "unowned:" + stableHash(u.clientID) + ":" + reference
            diagram.nodes.append(.init(id: id, attributes: [
                .init("label", graphvizLabel(reference + "\nprobes only")),
                .init("shape", "box"), .init("style", "dashed,rounded"), .init("color", DiagramStyle.criticalOutline),
            ]))
            diagram.edges.append(.init(from: clientNode, to: id, attributes: [
                .init("style", "dashed"), .init("color", DiagramStyle.criticalOutline),
            ]))
        }
    }
}

/// A blast radius: the roots marked, everything reached by depth.
public func blastRadiusDiagram(_ radius: BlastRadius, analysis: Analysis, options: DiagramOptions) -> Diagram {
    blastRadiusDiagram(radius, analysis: analysis, options: options, credentials: nil)
}

/// The same, with the credential lookup of the run when many diagrams are drawn.
package func blastRadiusDiagram(_ radius: BlastRadius, analysis: Analysis, options: DiagramOptions, credentials: CredentialLookup?) -> Diagram {
    let roots = Set(radius.roots)
    let reached = radius.nodes.map { DiagramItem(node: $0.node, depth: $0.depth, environments: $0.environments, isRoot: roots.contains($0.node.id)) }
    let (items, edges) = splitByEnvironment(reached, edges: radius.edges)
    let builder = DiagramBuilder(analysis: analysis, options: options, credentials: credentials)
    let rootNames = radius.nodes.filter { roots.contains($0.node.id) }.map { builder.plainName($0.node) }
    let direction = radius.direction == .upstream ? "What it depends on" : "Blast radius"
    let depth = radius.maxDepth.map { ", depth ≤ \($0)" } ?? ""
    var diagram = builder.build(
        name: "blast_radius",
        title: options.title ?? "\(direction): \(rootNames.joined(separator: ", "))\(depth), as of \(analysis.clock.asOfDay)",
        items: items, edges: edges, marksRoots: true, direction: "TB")
    // A change review is read at page width on a repository host: a blast
    // radius is a long chain (package to send is up to ten steps), narrow
    // when drawn top to bottom; the renderer turns it back when that is wider.
    diagram.maxWidth = options.maxWidth
    return diagram
}

/// Downstream nodes belong to an environment (each is usually its own
/// business unit, with its own data extensions of the same names): a node
/// reached in several environments becomes one node per environment, with
/// the id `KIND:NAME@ENV`, unless dependencies.csv marks it `scope: shared`.
/// Edges follow: an edge joins the copies of one environment (a consumer, a
/// package, a credential or a shared node joins whichever copy matches).
func splitByEnvironment(_ items: [DiagramItem], edges: [GraphEdge]) -> ([DiagramItem], [GraphEdge]) {
    var instances: [NodeID: [(environment: String?, id: NodeID)]] = [:]
    var out: [DiagramItem] = []
    for item in items {
        let node = item.node
        if node.kind.isInventoryKind || node.isShared || item.environments.count < 1 {
            instances[node.id] = [(node.kind == .integration ? node.environment : nil, node.id)]
            out.append(item)
            continue
        }
        for environment in item.environments {
            var copy = item
            copy.node.id = NodeID(rawValue: node.id.rawValue + "@" + environment)
            copy.environments = [environment]
            copy.environmentCopy = environment
            instances[node.id, default: []].append((environment, copy.node.id))
            out.append(copy)
        }
    }
    var split: [GraphEdge] = []
    var seen: Set<GraphEdge> = []
    for edge in edges {
        guard let from = instances[edge.from], let to = instances[edge.to] else { continue }
        for a in from {
            for b in to {
                // Both ends in one environment, or one end environment-free;
                // an edge declared for one environment holds only there.
                if let ea = a.environment, let eb = b.environment, ea != eb { continue }
                if let declared = edge.environment, let env = a.environment ?? b.environment, declared != env { continue }
                // A shared or environment-free source feeds each copy of the target;
                // an environment-free target takes the edge once.
                var copy = edge
                copy.from = a.id
                copy.to = b.id
                if seen.insert(copy).inserted { split.append(copy) }
            }
        }
    }
    return (out, split)
}

struct DiagramItem {
    var node: GraphNode
    var depth: Int
    /// Environments the node is drawn for; one means it belongs in that
    /// environment's cluster.
    var environments: [String]
    var isRoot: Bool
    /// Set on the per-environment copy of a downstream node (its id ends `@ENV`).
    var environmentCopy: String? = nil
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
    case .dataView: ("cylinder", "filled,dashed")
    case .query, .automation, .event, .importFile, .filter, .dataExtract: ("component", "filled")
    case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other, .template: ("note", "filled")
    case .journey, .triggeredSend, .sms, .push, .emailSend: ("cds", "filled")
    }
}

/// Extra room inside shapes whose outline cuts into the label area.
func kindMargin(_ kind: NodeKind) -> String? {
    switch kind {
    case .credential: "0.02,0.04"
    case .journey, .triggeredSend, .sms, .push, .emailSend: "0.22,0.11"
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
    /// Downstream of a failing consumer: no longer fed.
    static let staleFill = "#e0e0e0"
    static let staleText = "#525252"
    /// A consumer still on the old secret during a cut-over.
    static let oldVersionOutline = "#6a3d9a"
}

/// What a diagram draws, so its legend explains that and nothing else.
struct LegendUse {
    var severities: Set<Severity> = []
    var health: Set<ProbeHealth> = []
    var criticalOutline = false
    var stale = false
    var oldVersion = false
    var root = false
    var fold = false
    var probedEdge = false
    var unprobedEdge = false
    var dependencyEdge = false
}

/// Severity, expiry and package of every credential by folded client id.
/// Built once per run when one analysis gives many diagrams (a change-review
/// page per package): per diagram, it would cost a pass over the estate.
package struct CredentialLookup: Sendable {
    var severity: [String: Severity]
    var expiry: [String: (Day, Int?)] = [:]
    var package: [String: String]
    /// Client id -> first position in `Inventory.credentials` (a consumer's versions).
    var inventoryIndex: [String: Int] = [:]
    /// Client id -> first position in `RiskReport.credentials` (a consumer's top finding).
    var rankedIndex: [String: Int] = [:]
    /// Folded client id -> first position in `RiskReport.credentials` (a credential node's top finding).
    var rankedIndexByFolded: [String: Int] = [:]
    /// The inventory's client ids masked, for tooltips: one pass over a text, not one per id.
    var maskedClientIDs: ClientIDDisplay
    /// Consumers an `auth-failing` finding names (refused in the last 24 hours).
    var authFailing: Set<Int> = []

    package init(_ analysis: Analysis) {
        severity = Dictionary(analysis.risk.credentials.map { (NodeKey.fold($0.clientID), $0.severity) }, uniquingKeysWith: { a, _ in a })
        for credential in analysis.risk.credentials {
            guard let day = credential.expiresOn else { continue }
            expiry[NodeKey.fold(credential.clientID)] = (day, credential.daysLeft)
        }
        package = Dictionary(analysis.inventory.credentials.map { (NodeKey.fold($0.clientID), $0.installedPackage) }, uniquingKeysWith: { a, _ in a })
        for (position, credential) in analysis.inventory.credentials.enumerated() where inventoryIndex[credential.clientID] == nil {
            inventoryIndex[credential.clientID] = position
        }
        for (position, assessment) in analysis.risk.credentials.enumerated() {
            if rankedIndex[assessment.clientID] == nil { rankedIndex[assessment.clientID] = position }
            let folded = NodeKey.fold(assessment.clientID)
            if rankedIndexByFolded[folded] == nil { rankedIndexByFolded[folded] = position }
        }
        maskedClientIDs = ClientIDDisplay(masking: true, knownIDs: analysis.inventory.credentials.map(\.clientID))
        for finding in analysis.risk.allFindings where finding.rule == AuthFailing.id {
            authFailing.formUnion(finding.consumerIndices)
        }
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
        if AuthFailing.isFailingNow(stats) { return .failing }
        // The rules' own results and thresholds, never copies of them.
        if credentials.authFailing.contains(index) { return .failing }
        if ProbeErrors.exceedsThreshold(nonAuthFailures: stats.failures.nonAuth, of: stats.probes) { return .degraded }
        if LatencyDegraded.exceedsThreshold(p95: stats.tokenLatency.p95, thresholds: analysis.config.thresholds) { return .degraded }
        return .healthy
    }

    /// A consumer whose latest auth-relevant probe failed: nothing it writes
    /// is fed any more. The time is its last success (nil: none in the window).
    func stoppedFeeding(consumer index: Int) -> (failing: Bool, since: Int64?) {
        guard index < analysis.evidence.consumers.count else { return (false, nil) }
        let stats = analysis.evidence.consumers[index].stats
        guard AuthFailing.isFailingNow(stats) else { return (false, nil) }
        return (true, stats.lastSuccess)
    }

    /// The secret version a consumer's probes report, and whether it is the
    /// old one of a cut-over under way (two versions seen in the last 24 hours
    /// over the credential, this consumer's latest not the newer).
    func secretVersion(consumer index: Int) -> (text: String?, old: Bool, cutOver: Bool) {
        guard index < analysis.evidence.consumers.count, index < analysis.inventory.consumers.count else { return (nil, false, false) }
        let clientID = analysis.inventory.consumers[index].clientID
        let versions = credentials.inventoryIndex[clientID]
            .map { analysis.evidence.credential(at: $0).versionsLast24h } ?? VersionUsage()
        let cutOver = versions.spans.count >= 2
        // Versions longer than 32 characters are never echoed (docs/design.md).
        guard let latest = analysis.evidence.consumers[index].latestVersion, latest.version.count <= 32 else { return (nil, false, cutOver) }
        let old = cutOver && versions.newest.map { $0.version != latest.version } == true
        return (latest.version, old, cutOver)
    }

    /// Everything downstream of a consumer that is failing now, with the
    /// earliest time one of its failing feeders stopped (nil inside: no
    /// success in the window). Follows the drawn (per-environment) edges.
    func staleness(_ items: [DiagramItem], edges: [GraphEdge]) -> [NodeID: Int64?] {
        var successors: [NodeID: [NodeID]] = [:]
        for edge in edges { successors[edge.from, default: []].append(edge.to) }
        var stale: [NodeID: Int64?] = [:]
        var starts: [(NodeID, Int64?)] = []
        for item in items where item.node.kind == .integration {
            guard let index = item.node.consumerIndex else { continue }
            let (failing, since) = stoppedFeeding(consumer: index)
            if failing { starts.append((item.node.id, since)) }
        }
        // Earliest first, so each node keeps the earliest time on first visit.
        starts.sort { ($0.1 ?? Int64.min, $0.0) < ($1.1 ?? Int64.min, $1.0) }
        for (start, since) in starts {
            var queue = successors[start] ?? []
            var head = 0
            while head < queue.count {
                let id = queue[head]; head += 1
                guard stale[id] == nil else { continue }
                stale[id] = .some(since)
                queue += successors[id] ?? []
            }
        }
        return stale
    }

    /// How this diagram shows client ids (`DiagramOptions.maskClientIDs`).
    var clientIDs: ClientIDDisplay { options.maskClientIDs ? credentials.maskedClientIDs : .whole }

    /// Text with every inventoried client id masked, when masking is on.
    func maskedText(_ text: String) -> String { clientIDs.text(text) }

    /// The worst finding that names this consumer, else its credential's worst.
    func topFinding(consumer index: Int?) -> Finding? {
        guard let index, index < analysis.inventory.consumers.count else { return nil }
        let clientID = analysis.inventory.consumers[index].clientID
        guard let position = credentials.rankedIndex[clientID] else { return nil }
        let assessment = analysis.risk.credentials[position]
        return assessment.findings.first { $0.consumerIndices.contains(index) && $0.severity > .info } ?? assessment.topFinding
    }

    /// A node's tooltip: what it is, who answers for it, what is wrong.
    func tooltip(_ item: DiagramItem, stale: Int64??, version: String?) -> String {
        let node = item.node
        var lines = [masked(node.reference) + (item.environmentCopy.map { " in \($0)" } ?? "")]
        if let owner = node.technicalOwner { lines.append("technical owner: \(owner)") }
        if let owner = node.businessOwner { lines.append("business owner: \(owner)") }
        if let owner = node.owner { lines.append("owner: \(owner)") }
        if let criticality = node.criticality, node.kind != .integration || criticality != .medium { lines.append("criticality: \(criticality.rawValue)") }
        if let version { lines.append("secret version seen: \(version)") }
        if let stale { lines.append("stale: not fed since " + (stale.map(Vocabulary.time) ?? "before the probe window")) }
        let finding: Finding?
        switch node.kind {
        case .credential: finding = credentials.rankedIndexByFolded[node.foldedName].flatMap { analysis.risk.credentials[$0].topFinding }
        case .integration: finding = topFinding(consumer: node.consumerIndex)
        default: finding = nil
        }
        if let finding {
            var message = maskedText(finding.message)
            if message.count > 200 { message = String(message.prefix(199)) + "…" }
            lines.append("top finding: \(finding.rule) (\(finding.severity.rawValue)): \(message)")
        }
        // One line: tooltips take no escapes (graphvizTooltip), so no `\n` breaks.
        return lines.joined(separator: " · ")
    }

    /// The node's DOT id: its stable graph id, except that a credential's
    /// client id is masked (last 4 characters plus a short hash, so ids stay
    /// unique and stable) when reports mask client ids: ids show in SVG titles.
    func diagramID(_ id: NodeID) -> String { diagramNodeID(id, maskClientIDs: options.maskClientIDs) }

    /// A reference with any client id masked, when masking is on.
    func masked(_ text: String) -> String {
        guard text.hasPrefix("client:") else { return text }
        return "client:" + clientIDs.id(String(text.dropFirst("client:".count)))
    }

    func probed(consumer index: Int?) -> Bool {
        guard let index, index < analysis.evidence.consumers.count else { return false }
        return analysis.evidence.consumers[index].stats.probes > 0
    }

    /// The node's name as shown (client ids masked when configured).
    func plainName(_ node: GraphNode) -> String {
        switch node.kind {
        case .credential: "client " + clientIDs.id(node.name)
        case .integration: node.environment.map { "\(node.name)@\($0)" } ?? node.name
        default: node.name
        }
    }

    func label(_ node: GraphNode, expiries: [String: (Day, Int?)]) -> String {
        switch node.kind {
        case .credential:
            let id = clientIDs.id(node.name)
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

    /// The diagram of `items`, in steps: an empty diagram with the house
    /// style, which items are drawn and which fold, the drawn nodes, the
    /// "+N more" nodes, the clusters, the edges and the legend.
    func build(name: String, title: String, items: [DiagramItem], edges: [GraphEdge], marksRoots: Bool, direction: String = "LR") -> Diagram {
        var diagram = emptyDiagram(name: name, direction: direction)
        let plan = FoldPlan(items: items, maxNodes: min(max(2, options.maxNodes), DiagramOptions.maxNodesLimit))
        let clusterLabelOfItem = clusterLabels(items, edges: edges)
        let labels = Set(clusterLabelOfItem.compactMap { $0 }).sorted()
        let clusterIDs = Self.clusterIDs(labels)
        var drawn = DrawnNodes()
        addNodes(
            items, kept: plan.kept, edges: edges, marksRoots: marksRoots,
            cluster: { clusterLabelOfItem[$0].flatMap { clusterIDs[$0] } }, to: &diagram, drawn: &drawn)
        // Packages, credentials and consumers each in one column, across
        // the clusters: otherwise dot pulls a package with few consumers far
        // to the right, next to what its consumers feed.
        diagram.sameRank = drawn.columns.filter { $0.count > 1 }

        if !plan.folded.isEmpty {
            addFoldNodes(
                items, plan: plan, edges: edges, clusterLabels: clusterLabelOfItem, clusterIDs: clusterIDs, title: title,
                to: &diagram, drawn: &drawn)
        } else {
            diagram.graphAttributes.append(.init("label", graphvizLabel(title) + "\\l"))
        }
        addClusters(labels, ids: clusterIDs, used: drawn.clusters, to: &diagram)
        addEdges(edges, to: &diagram, drawn: &drawn)
        drawn.legend.fold = !plan.folded.isEmpty
        // Left to right, legend columns of four stack down; top to bottom,
        // rows of two keep the legend narrow beside the chain.
        addLegend(to: &diagram, used: drawn.legend, perRank: direction == "LR" ? 4 : 2)
        return diagram
    }

    /// What `build` has drawn so far.
    struct DrawnNodes {
        /// What each item is drawn as: its own node, or its "+N more" node.
        var ids: [NodeID: String] = [:]
        /// Package, credential and consumer node ids, one column each.
        var columns: [[String]] = [[], [], []]
        var clusters: Set<String> = []
        var legend = LegendUse()
    }

    /// Which items are drawn and which fold into "+N more" nodes. Roots
    /// first, then by depth and layer: the part nearest the failure stays
    /// visible, the far end folds.
    struct FoldPlan {
        var kept: ArraySlice<Int>
        var folded: ArraySlice<Int>
        /// Room for the "+N more" nodes, taken from the drawn nodes.
        var reserve: Int

        init(items: [DiagramItem], maxNodes: Int) {
            let order = items.indices.sorted { a, b in
                (items[a].isRoot ? 0 : 1, items[a].depth, a) < (items[b].isRoot ? 0 : 1, items[b].depth, b)
            }
            reserve = items.count > maxNodes ? min(max(1, maxNodes / 4), 20) : 0
            let keptCount = min(items.count, maxNodes - reserve)
            kept = order.prefix(keptCount)
            folded = order.dropFirst(keptCount)
        }
    }

    func emptyDiagram(name: String, direction: String) -> Diagram {
        Diagram(
            name: name,
            graphAttributes: [
                .init("rankdir", direction), .init("fontname", DiagramStyle.font), .init("fontsize", "16"),
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
    }

    /// Cluster ids: unique slugs of the labels, in label order, so two
    /// owners whose names slug alike still get a cluster each.
    static func clusterIDs(_ labels: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: zip(labels, uniqueSlugs(labels).map { "c_" + $0.replacingOccurrences(of: "-", with: "_") }))
    }

    /// The kept items, each a node in its cluster (`cluster` of its index).
    func addNodes(
        _ items: [DiagramItem], kept: ArraySlice<Int>, edges: [GraphEdge], marksRoots: Bool, cluster: (Int) -> String?,
        to diagram: inout Diagram, drawn: inout DrawnNodes
    ) {
        let severities = severityByClient
        let expiries = expiryByClient
        let stale = staleness(items, edges: edges)
        for i in kept {
            let item = items[i]
            let node = item.node
            let attributes = nodeAttributes(
                item, isRoot: marksRoots && item.isRoot, staleSince: stale[node.id], severities: severities, expiries: expiries,
                legend: &drawn.legend)
            let cluster = cluster(i)
            if let cluster { drawn.clusters.insert(cluster) }
            let id = diagramID(node.id)
            diagram.nodes.append(.init(id: id, attributes: attributes, cluster: cluster))
            drawn.ids[node.id] = id
            if let column = [NodeKind.installedPackage, .credential, .integration].firstIndex(of: node.kind) {
                drawn.columns[column].append(id)
            }
        }
    }

    /// One drawn item: its label (root mark, secret version, staleness),
    /// shape, fill by severity or probe health, and the outlines that must
    /// stand out; notes in `legend` what it used.
    func nodeAttributes(
        _ item: DiagramItem, isRoot: Bool, staleSince: Int64??, severities: [String: Severity], expiries: [String: (Day, Int?)],
        legend used: inout LegendUse
    ) -> [Diagram.Attribute] {
        let node = item.node
        let (shape, style) = kindShape(node.kind)
        var text = label(node, expiries: expiries)
        // Without environment clusters, a per-environment copy says where it is.
        if let environment = item.environmentCopy, options.clusterBy != .environment { text += " · \(environment)" }
        if isRoot { text = "ROOT\n" + text }
        var version: (text: String?, old: Bool, cutOver: Bool) = (nil, false, false)
        if node.kind == .integration, let index = node.consumerIndex {
            version = secretVersion(consumer: index)
            if let seen = version.text {
                text += version.old ? "\nOLD secret \(seen)" : "\nsecret \(seen)"
            } else if version.cutOver {
                text += "\nno version reported"
            }
        }
        if let staleSince {
            text += "\nstale since " + (staleSince.map(Vocabulary.time) ?? "before window")
        }
        var nodeStyle = style
        if staleSince != nil { nodeStyle += ",dashed" }
        var attributes: [Diagram.Attribute] = [.init("label", graphvizLabel(text)), .init("shape", shape), .init("style", nodeStyle)]
        // A hexagon widens with its margin; an arrow shape needs more.
        if let margin = kindMargin(node.kind) { attributes.append(.init("margin", margin)) }
        var fill: String?
        switch node.kind {
        case .credential:
            let severity = severities[node.foldedName] ?? .info
            used.severities.insert(severity)
            fill = severityFill(severity)
        case .integration:
            let health = node.consumerIndex.map { self.health(ofConsumer: $0) } ?? .unmonitored
            used.health.insert(health)
            fill = health.fill
        case .installedPackage: fill = DiagramStyle.packageFill
        default:
            if staleSince != nil {
                fill = DiagramStyle.staleFill
                attributes.append(.init("fontcolor", DiagramStyle.staleText))
                used.stale = true
            }
            if node.criticality == .critical || node.criticality == .high {
                attributes.append(.init("color", DiagramStyle.criticalOutline))
                attributes.append(.init("penwidth", "2"))
                used.criticalOutline = true
            }
        }
        if let fill {
            attributes.append(.init("fillcolor", fill))
            if let color = textColor(onFill: fill) { attributes.append(.init("fontcolor", color)) }
        }
        if version.old {
            // Activation would cut this consumer off: it must stand out.
            attributes.append(.init("color", DiagramStyle.oldVersionOutline))
            attributes.append(.init("penwidth", "4"))
            used.oldVersion = true
        }
        if isRoot {
            attributes.append(.init("color", DiagramStyle.rootOutline))
            attributes.append(.init("penwidth", "3"))
            attributes.append(.init("peripheries", "2"))
            used.root = true
        }
        attributes.append(.init("tooltip", graphvizTooltip(tooltip(item, stale: staleSince, version: version.text))))
        return attributes
    }

    /// The folded items as "+N more" nodes, the fold note, and the title
    /// saying how much was folded.
    func addFoldNodes(
        _ items: [DiagramItem], plan: FoldPlan, edges: [GraphEdge], clusterLabels allClusterLabels: [String?],
        clusterIDs: [String: String], title: String, to diagram: inout Diagram, drawn: inout DrawnNodes
    ) {
        let kept = plan.kept
        let folded = plan.folded
        let groups = foldGroups(items: items, folded: Array(folded), kept: Set(kept.map { items[$0].node.id }), edges: edges, limit: plan.reserve)
        for group in groups {
            // In a cluster only when every member belongs to that one.
            let clusterLabelsOfGroup = Set(group.members.map { allClusterLabels[$0] })
            let cluster = clusterLabelsOfGroup.count == 1 ? clusterLabelsOfGroup.first.flatMap { $0 }.flatMap { clusterIDs[$0] } : nil
            if let cluster { drawn.clusters.insert(cluster) }
            let what = group.what
            diagram.nodes.append(.init(id: group.id, attributes: [
                .init("label", "+\(group.members.count) more\n\(what)"), .init("shape", "box"),
                .init("style", "dashed,rounded"), .init("color", DiagramStyle.foldColor), .init("fontcolor", DiagramStyle.foldColor),
                .init("tooltip", "\(group.members.count) \(what) folded: raise --max-nodes to draw them"),
            ], cluster: cluster))
            for member in group.members { drawn.ids[items[member].node.id] = group.id }
        }
        diagram.notes.append("diagram folded: \(kept.count) of \(items.count) nodes drawn, \(folded.count) folded into \(groups.count) '+N more' node\(groups.count == 1 ? "" : "s") (raise --max-nodes to draw more)")
        // `\l` ends a left-justified line.
        diagram.graphAttributes.append(.init("label", graphvizLabel(title) + "\\l" + graphvizLabel("\(folded.count) of \(items.count) nodes folded into '+N more' nodes (raise --max-nodes to draw them)") + "\\l"))
    }

    /// A cluster for each label some drawn node is in.
    func addClusters(_ labels: [String], ids clusterIDs: [String: String], used usedClusters: Set<String>, to diagram: inout Diagram) {
        for label in labels {
            guard let id = clusterIDs[label], usedClusters.contains(id) else { continue }
            diagram.clusters.append(.init(id: id, attributes: [
                .init("label", graphvizLabel(label)), .init("style", "rounded,filled"), .init("color", "#bdbdbd"),
                .init("fillcolor", "#fafafa"), .init("fontname", DiagramStyle.font), .init("fontsize", "13"), .init("labeljust", "l"),
            ]))
        }
    }

    /// Every edge is drawn between what its ends are drawn as, so an edge
    /// into a folded node goes to its "+N more" node instead of vanishing.
    func addEdges(_ edges: [GraphEdge], to diagram: inout Diagram, drawn: inout DrawnNodes) {
        var seenEdges: Set<String> = []
        for edge in edges.sorted() {
            guard let from = drawn.ids[edge.from], let to = drawn.ids[edge.to] else { continue }
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
                    drawn.legend.probedEdge = true
                } else {
                    attributes.append(.init("style", "dashed"))
                    drawn.legend.unprobedEdge = true
                }
            } else if edge.relation != .owns {
                drawn.legend.dependencyEdge = true
            }
            // An edge declared for one environment says so, unless the
            // environment clusters already show it.
            if !touchesFold, options.clusterBy != .environment, let env = edge.environment {
                attributes.append(.init("label", graphvizLabel(env)))
            }
            diagram.edges.append(.init(from: from, to: to, attributes: attributes))
        }
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

    /// A compact legend of only the fills, outlines and edge styles this
    /// diagram draws (kinds are named in every label): entries in groups
    /// of `perRank` (one rank each), the groups held side by side by invisible
    /// edges (in a top-to-bottom layout they become rows). Ids start `legend:`.
    private func addLegend(to diagram: inout Diagram, used: LegendUse, perRank: Int) {
        var entries: [String] = []
        func node(_ id: String, _ label: String, _ attributes: [Diagram.Attribute]) {
            let full = "legend:" + id
            diagram.nodes.append(.init(id: full, attributes: [.init("label", label), .init("fontsize", "9"), .init("height", "0.3")] + attributes, cluster: "legend"))
            entries.append(full)
        }
        // Shapes need no entry: every label names its node's kind.
        for severity in [Severity.critical, .high, .medium, .low, .info] where used.severities.contains(severity) {
            var attributes: [Diagram.Attribute] = [.init("shape", "hexagon"), .init("style", "filled"), .init("fillcolor", severityFill(severity)), .init("margin", "0.02,0.04")]
            if let color = textColor(onFill: severityFill(severity)) { attributes.append(.init("fontcolor", color)) }
            node("sev-" + severity.rawValue, "risk: " + severity.rawValue, attributes)
        }
        for health in ProbeHealth.allCases where used.health.contains(health) {
            var attributes: [Diagram.Attribute] = [.init("shape", "box"), .init("style", "filled,rounded"), .init("fillcolor", health.fill)]
            if let color = textColor(onFill: health.fill) { attributes.append(.init("fontcolor", color)) }
            node("health-" + String(describing: health), health.rawValue, attributes)
        }
        if used.oldVersion {
            node("old-version", "still on the OLD secret:\nactivation cuts it off",
                 [.init("shape", "box"), .init("style", "rounded"), .init("color", DiagramStyle.oldVersionOutline), .init("penwidth", "4")])
        }
        if used.stale {
            node("stale", "stale: a failing consumer\nno longer feeds it",
                 [.init("shape", "box"), .init("style", "filled,dashed"), .init("fillcolor", DiagramStyle.staleFill), .init("fontcolor", DiagramStyle.staleText)])
        }
        if used.criticalOutline {
            node("critical-outline", "high or critical\nbusiness criticality",
                 [.init("shape", "box"), .init("color", DiagramStyle.criticalOutline), .init("penwidth", "2")])
        }
        if used.root {
            node("root", "ROOT: the node asked about",
                 [.init("shape", "box"), .init("color", DiagramStyle.rootOutline), .init("penwidth", "3"), .init("peripheries", "2")])
        }
        if used.fold {
            node("fold", "+N more: folded\npast --max-nodes",
                 [.init("shape", "box"), .init("style", "dashed,rounded"), .init("color", DiagramStyle.foldColor), .init("fontcolor", DiagramStyle.foldColor)])
        }
        var edgeLines: [String] = []
        if used.probedEdge { edgeLines.append("green bold edge: token calls seen\\l") }
        if used.unprobedEdge { edgeLines.append("dashed edge: no probes\\l") }
        if used.dependencyEdge { edgeLines.append("grey edge: dependencies.csv\\l") }
        if !edgeLines.isEmpty { node("edges", edgeLines.joined(), [.init("shape", "plaintext")]) }
        // Column c holds entries c*rows ..< (c+1)*rows; row r of each column
        // is linked to row r of the next.
        let rows = max(1, perRank)
        let columns = stride(from: 0, to: entries.count, by: rows).map { Array(entries[$0..<min($0 + rows, entries.count)]) }
        for (left, right) in zip(columns, columns.dropFirst()) {
            for row in 0..<min(left.count, right.count) {
                diagram.edges.append(.init(from: left[row], to: right[row], attributes: [.init("style", "invis")]))
            }
        }
        diagram.clusters.append(.init(id: "legend", attributes: [
            .init("label", "Legend"), .init("style", "rounded"), .init("color", "#bdbdbd"), .init("fontname", DiagramStyle.font),
            .init("fontsize", "10"), .init("labeljust", "l"),
        ]))
    }
}

/// The plural name of a kind's layer, for "+N more" nodes.
func layerName(_ kind: NodeKind) -> String {
    switch kind {
    case .installedPackage: "installed packages"
    case .credential: "credentials"
    case .integration: "consumers"
    case .dataExtension, .query, .automation, .dataView, .event, .importFile, .filter: "data extensions, queries"
    case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other, .dataExtract, .template: "assets"
    case .journey, .triggeredSend, .sms, .push, .emailSend: "sends"
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
