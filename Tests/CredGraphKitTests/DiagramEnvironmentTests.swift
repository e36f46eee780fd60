import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// Diagrams true to environments (outputs.md, Diagrams): per-environment
/// downstream nodes, secret versions on consumers, stale marking, tooltips,
/// and change-review diagrams that fit a page.
@Suite struct DiagramEnvironmentTests {
    static func attribute(_ node: Diagram.Node, _ name: String) -> String? {
        node.attributes.last { $0.name == name }?.value
    }

    static func packageRadius(_ analysis: Analysis, _ package: String) -> BlastRadius {
        analysis.graph.blastRadius(of: [NodeID(kind: .installedPackage, name: package)])
    }

    static func diagram(_ analysis: Analysis, _ package: String) -> Diagram {
        blastRadiusDiagram(packageRadius(analysis, package), analysis: analysis, options: DiagramOptions())
    }

    /// On the risk estate: one secret, written to Suppression_List from prod and from dev.
    @Test func downstreamNodesArePerEnvironment() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = Self.diagram(analysis, "Suppression Automation Toolkit")
        let ids = Set(diagram.nodes.map(\.id))
        for env in ["dev", "prod"] {
            #expect(ids.contains("data-extension:suppression_list@\(env)"))
            #expect(diagram.edges.contains { $0.from == "integration:suppression automation toolkit@\(env)" && $0.to == "data-extension:suppression_list@\(env)" })
        }
        #expect(!ids.contains("data-extension:suppression_list"))
        // No edge crosses environments.
        for edge in diagram.edges where edge.from.contains("@") && edge.to.contains("@") && !edge.from.hasPrefix("legend:") {
            #expect(edge.from.split(separator: "@").last == edge.to.split(separator: "@").last, "\(edge.from) -> \(edge.to)")
        }
        let dot = String(decoding: try renderDiagram(diagram, format: .dot), as: UTF8.self)
        #expect(dot.contains("\"data-extension:suppression_list@dev\""))
        #expect(dot.contains("\"data-extension:suppression_list@prod\""))
    }

    /// On the risk estate (Tests/Fixtures/risk-estate): the POS feed kept v1 when the inventory feed moved to v2.
    @Test func aConsumerOnTheOldVersionStandsOut() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = Self.diagram(analysis, "Boomi Store Systems")
        let old = try #require(diagram.nodes.first { $0.id == "integration:boomi pos receipt feed@prod" })
        #expect(Self.attribute(old, "label")?.contains("OLD secret v1") == true)
        #expect(Self.attribute(old, "color") == "#6a3d9a")
        let current = try #require(diagram.nodes.first { $0.id == "integration:boomi store inventory feed@prod" })
        #expect(Self.attribute(current, "label")?.contains("secret v2") == true)
        #expect(Self.attribute(current, "label")?.contains("OLD") == false)
        #expect(diagram.nodes.contains { $0.id == "legend:old-version" })
    }

    /// On the risk estate: the POS feed is refused from 2026-09-01 10:45 UTC, its last success at 09:45.
    @Test func downstreamOfAFailingConsumerIsStale() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = Self.diagram(analysis, "Boomi Store Systems")
        let stale = diagram.nodes.filter { Self.attribute($0, "label")?.contains("stale since") == true }
        #expect(stale.contains { $0.id == "data-extension:pos_receipts@prod" })
        #expect(stale.contains { $0.id == "email:receipt email@prod" })
        // What only the healthy consumer feeds is not stale.
        #expect(!stale.contains { $0.id == "data-extension:store_inventory@prod" })
        let receipts = try #require(stale.first { $0.id == "data-extension:pos_receipts@prod" })
        #expect(Self.attribute(receipts, "tooltip")?.contains("stale: not fed since 2026-09-01 09:45 UTC") == true)
        #expect(diagram.nodes.contains { $0.id == "legend:stale" })
    }

    @Test func tooltipsCarryOwnersAndTheTopFinding() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = Self.diagram(analysis, "Boomi Store Systems")
        let consumer = try #require(diagram.nodes.first { $0.id == "integration:boomi store inventory feed@prod" })
        let tooltip = try #require(Self.attribute(consumer, "tooltip"))
        #expect(tooltip.contains("technical owner: Kenji Watanabe"))
        #expect(tooltip.contains("business owner: Store Operations IT"))
        #expect(tooltip.contains("top finding: "))
        for credential in analysis.inventory.credentials {
            #expect(!diagram.nodes.contains { ($0.attributes.map(\.value).joined()).contains(credential.clientID) })
        }
    }

    @Test func legendShowsOnlyWhatIsDrawn() throws {
        let analysis = try FixtureAnalysis.riskEstate()
        let diagram = Self.diagram(analysis, "Clean Package")
        let legend = Set(diagram.nodes.filter { $0.cluster == "legend" }.map(\.id))
        // Nothing fails or folds there, and no send of kind sms is special.
        #expect(!legend.contains("legend:health-failing"))
        #expect(!legend.contains("legend:fold"))
        #expect(!legend.contains("legend:stale"))
        #expect(!legend.contains("legend:old-version"))
        #expect(legend.contains("legend:health-healthy"))
        #expect(legend.count <= 8)
    }

    @Test func everySampleChangeReviewDiagramFitsThePage() throws {
        let analysis = try SampleAnalysis.load()
        let packages = Set(analysis.inventory.credentials.map(\.installedPackage)).sorted()
        for package in packages {
            let svg = try renderDiagram(Self.diagram(analysis, package), format: .svg)
            let width = try #require(Self.svgWidth(svg))
            #expect(width <= 1200, "\(package): \(width) pt wide")
        }
    }

    static func svgWidth(_ svg: [UInt8]) -> Double? {
        let head = String(decoding: svg.prefix(4096), as: UTF8.self)
        guard let range = head.range(of: "<svg width=\"") else { return nil }
        return Double(head[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }

    // MARK: - Estates the project has not seen

    @Test(arguments: UnseenEstate.seeds)
    func unseenEstateDiagramsAreTrueToEnvironments(_ seed: UInt64) throws {
        let estate = try UnseenEstate.make(seed: seed)
        let analysis = estate.analysis
        #expect(analysis.diagnostics.errorCount == 0, "\(analysis.diagnostics.items.map(\.formatted))")

        // Per-environment downstream nodes in DOT; the shared one drawn once.
        let multi = Self.diagram(analysis, estate.multiEnvironmentPackage)
        let dot = String(decoding: try renderDiagram(multi, format: .dot), as: UTF8.self)
        let de = "data-extension:" + NodeKey.fold(estate.perEnvironmentDataExtension)
        for env in ["dev", "qa", "prod"] { #expect(dot.contains("\"\(de)@\(env)\""), "seed \(seed): no \(de)@\(env)") }
        let shared = "data-extension:" + NodeKey.fold(estate.sharedDataExtension)
        #expect(dot.contains("\"\(shared)\""))
        #expect(!dot.contains("\"\(shared)@"))
        #expect(multi.edges.filter { $0.to == shared }.count == 3)

        // The consumer still on the old version stands out; the failing one's downstream is stale.
        let rotating = Self.diagram(analysis, estate.rotatingPackage)
        let oldID = "integration:" + NodeKey.fold(estate.oldVersionConsumer) + "@prod"
        let old = try #require(rotating.nodes.first { $0.id == oldID })
        #expect(Self.attribute(old, "label")?.contains("OLD secret v1") == true)
        let failingIndex = try #require(analysis.inventory.consumers.firstIndex { $0.integration == estate.failingConsumer })
        let failingDE = try #require(analysis.inventory.consumers[failingIndex].writes.first)
        let staleNode = try #require(rotating.nodes.first { $0.id == "data-extension:" + NodeKey.fold(failingDE) + "@prod" })
        #expect(Self.attribute(staleNode, "label")?.contains("stale since \(estate.failingSince)") == true, "seed \(seed)")

        // Every change-review diagram fits 1,200 pt.
        for package in Set(analysis.inventory.credentials.map(\.installedPackage)) {
            let diagram = Self.diagram(analysis, package)
            #expect(diagram.nodes.filter { $0.cluster != "legend" }.count <= 30)
            let width = try #require(Self.svgWidth(try renderDiagram(diagram, format: .svg)))
            #expect(width <= 1200, "seed \(seed), \(package): \(width) pt")
        }
    }
}
