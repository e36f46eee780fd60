import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// Hostile names, folding past --max-nodes, and the layout engine choice
/// that keeps every diagram to seconds.
@Suite struct EstateDiagramSafetyTests {
    /// Names meant to break DOT, the labels or the SVG.
    static let hostileIntegrations = [
        "Evil \"Quote\" {Feed}", "<script>alert(1)</script> & co", "a -> b -- c; subgraph cluster_x { evil }",
        "back\\slash \\N \\G \\l ends\\", "node [shape=none] \"];",
    ]
    static let hostilePackage = "Pkg \"Q\" {B} [x]; <b>&amp;</b>"
    static let hostileDataExtensions = ["Data <b>&amp \"DE\" {x}", "C:\\temp\\", "%2F percent \\\" mix"]
    static let hostileOwner = "R&D {Ops} \"Core\" \\N"

    /// An inventory and dependencies of hostile names, analysed from files
    /// in a temporary data directory as a user's would be.
    static func hostileAnalysis() throws -> Analysis {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func csv(_ cell: String) -> String { "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var inventory = "integration,environment,installed_package,client_id,package_type,kind,business_owner,technical_owner,secret_location,secret_expires_on,secret_generated_on,secret_rotated_on,criticality,retry,alerting,lower_env_rotated_on,e2e_tested_on,writes,notes\n"
        for (i, name) in hostileIntegrations.enumerated() {
            let writes = i == 0 ? hostileDataExtensions[0] : ""
            inventory += [name, i % 2 == 0 ? "prod" : "qa", hostilePackage, "hostileclientid00000000\(i % 2)", "server-to-server", "middleware",
                          "", hostileOwner, "vault:kv/x", "2027-01-01", "", "", "high", "", "", "", "", writes, ""].map(csv).joined(separator: ",") + "\n"
        }
        // A line break inside a quoted name, in its own package.
        inventory += ["line\nbreak\r\nand\rcr", "qa", "Line\nPackage", "hostileclientid000000009", "", "", "", "", "vault:kv/y", "2027-01-01", "", "", "low", "", "", "", "", "", ""].map(csv).joined(separator: ",") + "\n"
        var dependencies = "from,from_kind,to,to_kind,relation,environment,owner,criticality\n"
        let chain = hostileDataExtensions
        dependencies += [chain[0], "data-extension", chain[1], "data-extension", "feeds", "", hostileOwner, "critical"].map(csv).joined(separator: ",") + "\n"
        dependencies += [chain[1], "data-extension", chain[2], "data-extension", "feeds", "prod", "", ""].map(csv).joined(separator: ",") + "\n"
        dependencies += [chain[2], "data-extension", "J\\\"; node [shape=none]", "journey", "triggers", "", "", ""].map(csv).joined(separator: ",") + "\n"
        try inventory.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        try dependencies.write(to: dir.appendingPathComponent("dependencies.csv"), atomically: true, encoding: .utf8)
        try "as_of: 2026-09-02T12:00:00Z\n".write(to: dir.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        var options = InputOptions()
        options.dataDirectory = dir.path
        return try analyze(options)
    }

    @Test func hostileNamesStayIntactInSVG() throws {
        let analysis = try Self.hostileAnalysis()
        #expect(analysis.diagnostics.errorCount == 0, "\(analysis.diagnostics.items.map(\.formatted))")
        for clusterBy in ClusterBy.allCases {
            var options = DiagramOptions()
            options.clusterBy = clusterBy
            let diagram = estateDiagram(analysis, options: options)
            let svg = try renderDiagram(diagram, format: .svg)
            let texts = try SVGText.parse(svg)
            for name in Self.hostileIntegrations + Self.hostileDataExtensions + [Self.hostilePackage, "J\\\"; node [shape=none]"] {
                #expect(texts.lines.contains(name), "'\(name)' is not drawn intact (cluster by \(clusterBy))")
            }
            // The line break splits the label into lines, nothing else.
            #expect(texts.lines.contains("line") && texts.lines.contains("break") && texts.lines.contains("cr"))
            if clusterBy == .owner { #expect(texts.lines.contains("owner: " + Self.hostileOwner)) }
            // Nothing was injected into the SVG: no script element, no raw tag.
            #expect(texts.elementNames.isDisjoint(with: ["script", "b", "foreignObject"]))
            #expect(!String(decoding: svg, as: UTF8.self).contains("<script"))
        }
    }

    @Test func hostileNamesRoundTripThroughDOT() throws {
        let analysis = try Self.hostileAnalysis()
        var options = DiagramOptions()
        options.clusterBy = .owner
        let diagram = estateDiagram(analysis, options: options)
        let dot = try renderDiagram(diagram, format: .dot)
        // Graphviz reads its own output back to the same graph: every name,
        // every label, every edge, no extra node or subgraph.
        let parsed = try readDOT(dot)
        let expected = Dictionary(uniqueKeysWithValues: diagram.nodes.map { node in
            (graphvizID(node.id), node.attributes.last { $0.name == "label" }?.value ?? "")
        })
        #expect(parsed.labels == expected)
        #expect(parsed.edges.count == diagram.edges.count)
        #expect(Set(parsed.subgraphs.filter { $0.hasPrefix("cluster_") }) == Set(diagram.clusters.map { "cluster_" + $0.id }))
        #expect(!parsed.subgraphs.contains("cluster_x"))
        // Ordinary ids are unchanged; the ones Graphviz could not write back are percent-encoded.
        #expect(parsed.labels["data-extension:c:%5Ctemp%5C@prod"] != nil)
    }

    @Test func labelAndIDEscaping() {
        #expect(graphvizLabel("ends\\") == "ends\\\\\\n")
        #expect(graphvizLabel("a\\b") == "a\\\\b")
        #expect(graphvizLabel("R&D &amp;") == "R&amp;D &amp;amp;")
        #expect(graphvizID("data-extension:orders") == "data-extension:orders")
        #expect(graphvizID("x:a\\b%c\n") == "x:a%5Cb%25c%0A")
        // Distinct ids stay distinct.
        #expect(graphvizID("a%5Cb") != graphvizID("a\\b"))
        #expect(graphvizID("a\u{0}b") != graphvizID("a b"))
    }

    /// Nodes of the estate as drawn unfolded: downstream nodes once per environment.
    static func unfolded(_ analysis: Analysis) -> Diagram {
        var options = DiagramOptions()
        options.maxNodes = DiagramOptions.maxNodesLimit
        return estateDiagram(analysis, options: options)
    }

    /// On the graph estate (Tests/Fixtures/graph-estate), about 60 nodes unfolded.
    @Test func foldingBeyondMaxNodes() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let total = Self.unfolded(analysis).nodes.filter { !$0.id.hasPrefix("legend:") && !$0.id.hasPrefix("unowned:") }.count
        #expect(total > 40)
        for maxNodes in [2, 12, 40] {
            var options = DiagramOptions()
            options.maxNodes = maxNodes
            let diagram = estateDiagram(analysis, options: options)
            try Self.checkFolding(diagram, maxNodes: maxNodes, total: total)
            // The highest-risk credential survives folding.
            if maxNodes >= 12, let riskiest = analysis.risk.credentials.first {
                #expect(diagram.nodes.contains { $0.id == diagramNodeID(NodeID(kind: .credential, name: riskiest.clientID), maskClientIDs: true) })
            }
            _ = try renderDiagram(diagram, format: .svg)
        }
        // A blast radius folds too, its root kept.
        let (ids, _) = analysis.graph.resolveAll(["package:Boomi Store Systems"])
        let radius = analysis.graph.blastRadius(of: ids)
        var options = DiagramOptions()
        options.maxNodes = 12
        let diagram = blastRadiusDiagram(radius, analysis: analysis, options: options)
        try Self.checkFolding(diagram, maxNodes: 12, total: radius.nodes.count)
        #expect(diagram.nodes.contains { $0.id == "package:boomi store systems" })
        let texts = try SVGText.parse(try renderDiagram(diagram, format: .svg))
        #expect(texts.lines.contains { $0.hasPrefix("+") && $0.hasSuffix(" more") })
        #expect(texts.lines.contains { $0.contains("nodes folded into '+N more' nodes") })
    }

    /// Drawn plus folded is everything, within the limit, with a note, and
    /// every edge joins two drawn nodes.
    static func checkFolding(_ diagram: Diagram, maxNodes: Int, total: Int) throws {
        // Uninventoried clients are drawn within the limit, but are not graph nodes.
        let everything = diagram.nodes.filter { !$0.id.hasPrefix("legend:") }
        let drawn = everything.filter { !$0.id.hasPrefix("unowned:") }
        let folds = drawn.filter { $0.id.hasPrefix("fold:") }
        #expect(everything.count <= maxNodes, "\(everything.count) nodes drawn for --max-nodes \(maxNodes)")
        #expect(!folds.isEmpty)
        var foldedCount = 0
        for fold in folds {
            let label = try #require(fold.attributes.last { $0.name == "label" }?.value)
            #expect(label.hasPrefix("+"))
            let number = try #require(Int(label.dropFirst().prefix { $0.isNumber }))
            #expect(number > 0)
            foldedCount += number
        }
        #expect(drawn.count - folds.count + foldedCount == total)
        let note = try #require(diagram.notes.first)
        #expect(note.contains("\(drawn.count - folds.count) of \(total) nodes drawn"))
        #expect(note.contains("\(foldedCount) folded into \(folds.count)"))
        let ids = Set(diagram.nodes.map(\.id))
        for edge in diagram.edges {
            #expect(ids.contains(edge.from) && ids.contains(edge.to), "dangling edge \(edge.from) -> \(edge.to)")
        }
        #expect(diagram.edges.contains { folds.map(\.id).contains($0.to) })
    }

    /// On the risk estate (Tests/Fixtures/risk-estate), which has a client id only the probes show.
    @Test func noFoldingUnderTheLimit() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = estateDiagram(analysis, options: DiagramOptions())
        let drawn = diagram.nodes.filter { !$0.id.hasPrefix("legend:") }
        #expect(drawn.count < DiagramOptions.defaultMaxNodes)
        #expect(diagram.notes.isEmpty)
        // Every graph node is drawn, downstream ones once per environment they are reached in.
        #expect(drawn.count >= analysis.graph.nodes.count)
        for node in analysis.graph.nodes {
            let id = diagramNodeID(node.id, maskClientIDs: true)
            #expect(drawn.contains { $0.id == id || $0.id.hasPrefix(id + "@") })
        }
        // Every pair of drawn nodes joined is joined once (two relations are one arrow),
        // and every graph edge has at least one drawn copy.
        let edges = diagram.edges.filter { !$0.from.hasPrefix("legend:") && !$0.from.hasPrefix("unowned:") }
        #expect(Set(edges.map { $0.from + "\u{0}" + $0.to }).count == edges.count)
        for edge in analysis.graph.edges {
            let from = diagramNodeID(edge.from, maskClientIDs: true), to = diagramNodeID(edge.to, maskClientIDs: true)
            #expect(edges.contains { ($0.from == from || $0.from.hasPrefix(from + "@")) && ($0.to == to || $0.to.hasPrefix(to + "@")) }, "\(from) -> \(to)")
        }
        // The uninventoried client, dashed, with the consumer its probes named.
        let unowned = diagram.nodes.filter { $0.id.hasPrefix("unowned:") }
        #expect(unowned.count == 2)
        #expect(unowned.allSatisfy { node in node.attributes.contains { $0.name == "style" && $0.value.contains("dashed") } })
        #expect(unowned.contains { node in node.attributes.contains { $0.name == "label" && $0.value.contains("Agency Dashboard Connector@prod") } })
    }

    @Test func engineChoiceFollowsShapeAndSize() {
        func diagram(nodes: Int, edges: [(Int, Int)]) -> Diagram {
            var d = Diagram(name: "g")
            d.nodes = (0..<nodes).map { .init(id: "n\($0)", attributes: []) }
            d.edges = edges.map { .init(from: "n\($0.0)", to: "n\($0.1)") }
            return d
        }
        // A chain is dot's best case: no virtual nodes.
        let chain = diagram(nodes: 300, edges: (0..<299).map { ($0, $0 + 1) })
        #expect(LayoutEngine.estimatedDotWork(chain) == 300 + 299)
        #expect(LayoutEngine.automatic(for: chain) == .dot)
        // Edges from everything to one far node span many ranks.
        var tangled: [(Int, Int)] = (0..<299).map { ($0, $0 + 1) }
        tangled += (0..<299).map { ($0, 299) }
        let fan = diagram(nodes: 300, edges: tangled)
        #expect(LayoutEngine.estimatedDotWork(fan) > LayoutEngine.dotWorkLimit)
        #expect(LayoutEngine.automatic(for: fan) == .sfdp)
        // Cycles terminate and count.
        let cycle = diagram(nodes: 3, edges: [(0, 1), (1, 2), (2, 0)])
        // (the reversed edge 0 -> 2 spans two ranks)
        #expect(LayoutEngine.estimatedDotWork(cycle) == 3 + 1 + 1 + 2)
        // Too many nodes for dot whatever their shape.
        let big = diagram(nodes: LayoutEngine.dotNodeLimit + 1, edges: [])
        #expect(LayoutEngine.automatic(for: big) == .sfdp)
    }

    @Test func largeDiagramRendersWithSfdpAndItsBounds() throws {
        // 800 nodes in a tangle: sfdp, finished without dot's minutes.
        var d = Diagram(name: "tangle")
        d.nodes = (0..<800).map { .init(id: "n\($0)", attributes: [.init("label", "node \($0)")]) }
        for i in 0..<800 { d.edges.append(.init(from: "n\(i)", to: "n\((i * 7 + 13) % 800)")) }
        #expect(LayoutEngine.automatic(for: d) == .sfdp)
        let svg = try renderDiagram(d, format: .svg)
        let texts = try SVGText.parse(svg)
        #expect(texts.lines.contains("node 799"))
    }
}
