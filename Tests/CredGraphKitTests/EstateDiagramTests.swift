import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// The estate and blast-radius diagrams of the graph estate
/// (Tests/Fixtures/graph-estate): what is drawn,
/// how it is grouped, and that output is stable.
@Suite struct EstateDiagramTests {
    static let boomi = "package:Boomi Store Systems"

    static func radius(_ analysis: Analysis, _ references: [String], maxDepth: Int? = nil) throws -> BlastRadius {
        let (ids, errors) = analysis.graph.resolveAll(references)
        #expect(errors.isEmpty)
        return analysis.graph.blastRadius(of: ids, maxDepth: maxDepth)
    }

    static func options(_ clusterBy: ClusterBy = .environment, maxNodes: Int = DiagramOptions.defaultMaxNodes) -> DiagramOptions {
        var options = DiagramOptions()
        options.clusterBy = clusterBy
        options.maxNodes = maxNodes
        return options
    }

    static func attribute(_ node: Diagram.Node, _ name: String) -> String? {
        node.attributes.last { $0.name == name }?.value
    }

    /// The drawn nodes of a graph node: itself, or its per-environment copies (`ID@ENV`).
    static func drawn(_ diagram: Diagram, _ id: NodeID) -> [Diagram.Node] {
        let base = diagramNodeID(id, maskClientIDs: true)
        return diagram.nodes.filter { $0.id == base || $0.id.hasPrefix(base + "@") }
    }

    @Test func blastRadiusSVGIsWellFormedAndNamesEveryNode() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let radius = try Self.radius(analysis, [Self.boomi])
        #expect(radius.nodes.count > 20)
        let diagram = blastRadiusDiagram(radius, analysis: analysis, options: Self.options())
        let svg = try renderDiagram(diagram, format: .svg)
        let texts = try SVGText.parse(svg)
        for reached in radius.nodes {
            let shown = reached.node.kind == .credential ? "client " + maskClientID(reached.node.name) : reached.node.name
            #expect(texts.lines.contains(shown), "no text element reads '\(shown)'")
        }
        // Every reached node is drawn under its stable id, nothing folded.
        for reached in radius.nodes { #expect(!Self.drawn(diagram, reached.node.id).isEmpty) }
        #expect(diagram.notes.isEmpty)
        #expect(!diagram.nodes.contains { $0.id.hasPrefix("fold:") })
    }

    @Test func rootIsMarked() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = blastRadiusDiagram(try Self.radius(analysis, [Self.boomi]), analysis: analysis, options: Self.options())
        let root = try #require(diagram.nodes.first { $0.id == "package:boomi store systems" })
        #expect(Self.attribute(root, "peripheries") == "2")
        #expect(Self.attribute(root, "label")?.hasPrefix("ROOT\\n") == true)
        // Only the root is marked.
        #expect(diagram.nodes.filter { !$0.id.hasPrefix("legend:") && Self.attribute($0, "peripheries") == "2" }.count == 1)
        let texts = try SVGText.parse(try renderDiagram(diagram, format: .svg))
        #expect(texts.lines.contains("ROOT"))
        // The title names the root.
        #expect(diagram.graphAttributes.contains { $0.name == "label" && $0.value.contains("Blast radius: Boomi Store Systems") })
    }

    @Test func everyDiagramHasALegendOfWhatItDraws() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let radius = try Self.radius(analysis, ["de:Customer_Master"])
        for diagram in [estateDiagram(analysis, options: Self.options()), blastRadiusDiagram(radius, analysis: analysis, options: Self.options(.none))] {
            #expect(diagram.clusters.contains { $0.id == "legend" })
            let legend = diagram.nodes.filter { $0.cluster == "legend" }
            let drawn = diagram.nodes.filter { $0.cluster != "legend" && !$0.id.hasPrefix("fold:") }
            #expect(legend.allSatisfy { $0.id.hasPrefix("legend:") })
            // Kinds are named in the labels, not in the legend.
            #expect(!legend.contains { $0.id.hasPrefix("legend:kind-") })
            for node in drawn where !node.id.hasPrefix("client:") && !node.id.hasPrefix("integration:") && !node.id.hasPrefix("unowned:") {
                let label = Self.attribute(node, "label") ?? ""
                #expect(NodeKind.allCases.contains { label.contains($0.rawValue) } || label.contains("installed package"), "\(node.id)")
            }
            // Credential fills: exactly the severities drawn.
            let credentialFills = Set(drawn.filter { $0.id.hasPrefix("client:") }.compactMap { Self.attribute($0, "fillcolor") })
            let legendSeverityFills = Set(legend.filter { $0.id.hasPrefix("legend:sev-") }.compactMap { Self.attribute($0, "fillcolor") })
            #expect(credentialFills == legendSeverityFills)
            let texts = try SVGText.parse(try renderDiagram(diagram, format: .svg))
            #expect(texts.lines.contains("Legend"))
        }
        // The estate has failing consumers; a radius of one data extension none.
        #expect(estateDiagram(analysis, options: Self.options()).nodes.contains { $0.id == "legend:health-failing" })
        #expect(!blastRadiusDiagram(radius, analysis: analysis, options: Self.options(.none)).nodes.contains { $0.id == "legend:health-failing" })
    }

    @Test func shapesAndFillsFollowKindSeverityAndHealth() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = estateDiagram(analysis, options: Self.options())
        let byID = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0) })
        for node in analysis.graph.nodes {
            let copies = Self.drawn(diagram, node.id)
            #expect(!copies.isEmpty)
            for drawn in copies { #expect(Self.attribute(drawn, "shape") == kindShape(node.kind).shape) }
        }
        for credential in analysis.risk.credentials {
            let drawn = try #require(byID[diagramNodeID(NodeID(kind: .credential, name: credential.clientID), maskClientIDs: true)])
            #expect(!drawn.id.contains(credential.clientID))
            #expect(Self.attribute(drawn, "fillcolor") == severityFill(credential.severity))
            // Client ids are masked as configured.
            #expect(Self.attribute(drawn, "label")?.contains(credential.clientID) == false)
        }
        // The estate has failing, healthy and unprobed consumers.
        let consumerFills = Set(diagram.nodes.filter { $0.id.hasPrefix("integration:") }.compactMap { Self.attribute($0, "fillcolor") })
        #expect(consumerFills.isSuperset(of: [ProbeHealth.healthy.fill, ProbeHealth.failing.fill, ProbeHealth.unmonitored.fill]))
    }

    @Test func edgesAreStyledByEvidence() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = estateDiagram(analysis, options: Self.options())
        // Consumers of the inventory (code holding a client id is a consumer too, but has no probes).
        let authenticates = analysis.graph.edges.filter { $0.relation == .authenticates && analysis.graph.node($0.to)?.kind == .integration }
        var probed = 0, declared = 0
        for edge in authenticates {
            let drawn = try #require(diagram.edges.first { $0.from == diagramNodeID(edge.from, maskClientIDs: true) && $0.to == diagramNodeID(edge.to, maskClientIDs: true) })
            let index = try #require(analysis.graph.node(edge.to)?.consumerIndex)
            if analysis.evidence.consumers[index].stats.probes > 0 {
                #expect(drawn.attributes.contains(.init("color", "#238b45")))
                probed += 1
            } else {
                #expect(drawn.attributes.contains(.init("style", "dashed")))
                declared += 1
            }
        }
        #expect(probed > 0 && declared > 0)
        // Environment clusters make per-edge environment labels redundant.
        #expect(!diagram.edges.contains { $0.attributes.contains { $0.name == "label" } })
        let byOwner = estateDiagram(analysis, options: Self.options(.owner))
        #expect(byOwner.edges.contains { $0.attributes.contains(.init("label", "prod")) })
    }

    @Test(arguments: ClusterBy.allCases)
    func clusterByEachOption(_ clusterBy: ClusterBy) throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = estateDiagram(analysis, options: Self.options(clusterBy))
        let labels = diagram.clusters.filter { $0.id != "legend" }.compactMap { cluster in cluster.attributes.first { $0.name == "label" }?.value }
        let clusterOf = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0.cluster) })
        let labelOf = Dictionary(uniqueKeysWithValues: diagram.clusters.map { ($0.id, $0.attributes.first { $0.name == "label" }?.value ?? "") })
        func label(of id: String) -> String? { clusterOf[id].flatMap { $0 }.flatMap { labelOf[$0] } }
        switch clusterBy {
        case .none:
            #expect(labels.isEmpty)
        case .environment:
            #expect(labels == ["environment: dev", "environment: prod", "environment: qa"])
            #expect(label(of: "integration:boomi pos receipt feed@prod") == "environment: prod")
            // A data extension only prod consumers write is drawn in prod;
            // packages and credentials belong to no environment.
            #expect(label(of: "data-extension:pos_receipts@prod") == "environment: prod")
            #expect(label(of: "data-extension:pos_receipts@qa") == "environment: qa")
            #expect(label(of: "package:boomi store systems") == nil)
        case .owner:
            #expect(labels.contains("owner: Kenji Watanabe"))
            #expect(label(of: "integration:boomi pos receipt feed@prod") == "owner: Kenji Watanabe")
        case .package:
            #expect(labels.contains("package: Boomi Store Systems"))
            for id in ["package:boomi store systems", "integration:boomi pos receipt feed@prod", "integration:boomi store inventory feed@prod"] {
                #expect(label(of: id) == "package: Boomi Store Systems")
            }
            // Downstream nodes several packages reach stay outside every package.
            #expect(label(of: "data-extension:master_subscriber_360@prod") == nil)
        }
        // Every cluster drawn has members; ids are unique.
        let used = Set(diagram.nodes.compactMap(\.cluster))
        #expect(diagram.clusters.allSatisfy { used.contains($0.id) })
        #expect(Set(diagram.clusters.map(\.id)).count == diagram.clusters.count)
        let dot = String(decoding: try renderDiagram(diagram, format: .dot), as: UTF8.self)
        #expect(dot.contains("subgraph cluster_legend"))
        #expect(dot.components(separatedBy: "subgraph cluster_").count - 1 == diagram.clusters.count)
    }

    @Test func nodeIdsAreStableAndReadBackFromDOT() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = estateDiagram(analysis, options: Self.options())
        let dot = try renderDiagram(diagram, format: .dot)
        let text = String(decoding: dot, as: UTF8.self)
        #expect(text.contains("\"package:boomi store systems\""))
        #expect(text.contains("\"integration:boomi pos receipt feed@prod\""))
        #expect(text.contains("\"data-extension:pos_receipts@prod\""))
        let parsed = try readDOT(dot)
        #expect(Set(parsed.labels.keys) == Set(diagram.nodes.map { graphvizID($0.id) }))
        for node in analysis.graph.nodes {
            let copies = Self.drawn(diagram, node.id)
            #expect(!copies.isEmpty)
            for copy in copies { #expect(parsed.labels[graphvizID(copy.id)] != nil) }
        }
        // Masked client ids: no full client id anywhere in the DOT.
        for credential in analysis.inventory.credentials { #expect(!text.contains(credential.clientID)) }
        #expect(parsed.edges.count == diagram.edges.count)
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let radius = try Self.radius(analysis, [Self.boomi])
        #expect(estateDiagram(analysis, options: Self.options()) == estateDiagram(analysis, options: Self.options()))
        #expect(blastRadiusDiagram(radius, analysis: analysis, options: Self.options())
            == blastRadiusDiagram(radius, analysis: analysis, options: Self.options()))
        let diagram = blastRadiusDiagram(radius, analysis: analysis, options: Self.options())
        for format in DiagramFormat.allCases {
            let first = try renderDiagram(diagram, format: format)
            let second = try renderDiagram(diagram, format: format)
            #expect(first == second, "\(format.rawValue) differs between runs")
        }
        // Cairo's PDF creation date is pinned, so PDFs match too.
        let pdf = String(decoding: try renderDiagram(diagram, format: .pdf), as: UTF8.self)
        #expect(pdf.contains("/CreationDate (D:19700101000000"))
    }

    @Test func pngAndPdfOfTheEstateHaveTheirSignatures() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let diagram = estateDiagram(analysis, options: Self.options())
        let png = try renderDiagram(diagram, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try renderDiagram(diagram, format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(String(decoding: pdf.suffix(7), as: UTF8.self).contains("%%EOF"))
    }

    @Test func depthLimitsTheBlastRadiusDiagram() throws {
        let analysis = try FixtureAnalysis.graphEstate()
        let shallow = try Self.radius(analysis, [Self.boomi], maxDepth: 2)
        let diagram = blastRadiusDiagram(shallow, analysis: analysis, options: Self.options())
        let drawn = diagram.nodes.filter { !$0.id.hasPrefix("legend:") }
        #expect(drawn.count == shallow.nodes.count)
        #expect(drawn.count == 4)
        #expect(diagram.graphAttributes.contains { $0.name == "label" && $0.value.contains("depth ≤ 2") })
    }
}

/// The sample estate of data/, analysed once per test process.
enum SampleAnalysis {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let cached: Result<Analysis, UsageError> = {
        var options = InputOptions()
        options.dataDirectory = packageRoot.appendingPathComponent("data").path
        return Result { () throws(UsageError) in try analyze(options) }
    }()

    static func load() throws -> Analysis { try cached.get() }
}

/// The text of every `<text>` element of an SVG, and its element names.
final class SVGText: NSObject, XMLParserDelegate, @unchecked Sendable {
    var lines: [String] = []
    var elementNames: Set<String> = []
    var titles: [String] = []
    private var current: String?
    private var inTitle = false

    static func parse(_ bytes: [UInt8]) throws -> SVGText {
        let parser = XMLParser(data: Data(bytes))
        let collector = SVGText()
        parser.delegate = collector
        try #require(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        return collector
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elementNames.insert(elementName)
        if elementName == "text" || elementName == "title" { current = "" }
        inTitle = elementName == "title"
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        current? += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard let text = current, elementName == "text" || elementName == "title" else { return }
        if elementName == "text" { lines.append(text) } else { titles.append(text) }
        current = nil
    }
}
