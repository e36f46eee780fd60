import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

@Suite struct DiagramRenderTests {
    static let hostile = [
        "quote \" inside", "brace { } [ ] ;", "back\\slash \\N \\G \\l", "<script>alert(1)</script> & co",
        "a -> b -- c", "line\nbreak\r\nand\rcr", "subgraph cluster_x { evil }", "émoji ✓ 日本",
    ]

    static func sample(labels: [String]) -> Diagram {
        var diagram = Diagram(name: "test", graphAttributes: [.init("rankdir", "LR")], nodeDefaults: [.init("shape", "box")])
        diagram.clusters = [.init(id: "prod", attributes: [.init("label", graphvizLabel("prod \"env\""))])]
        for (i, label) in labels.enumerated() {
            diagram.nodes.append(.init(id: "n\(i)", attributes: [.init("label", graphvizLabel(label))], cluster: i % 2 == 0 ? "prod" : nil))
            if i > 0 { diagram.edges.append(.init(from: "n\(i - 1)", to: "n\(i)", attributes: [.init("style", "dashed")])) }
        }
        return diagram
    }

    @Test func svgIsWellFormedAndKeepsHostileLabelsIntact() throws {
        let bytes = try renderDiagram(Self.sample(labels: Self.hostile), format: .svg)
        let parser = XMLParser(data: Data(bytes))
        let collector = TextCollector()
        parser.delegate = collector
        #expect(parser.parse(), "SVG must be well-formed XML")
        let text = collector.text
        #expect(text.contains("quote \" inside"))
        #expect(text.contains("brace { } [ ] ;"))
        #expect(text.contains("back\\slash \\N \\G \\l"))
        #expect(text.contains("<script>alert(1)</script> & co"))
        #expect(text.contains("a -> b -- c"))
        #expect(text.contains("subgraph cluster_x { evil }"))
        #expect(text.contains("émoji ✓ 日本"))
        // No element was injected: the only <script> is escaped text.
        #expect(!String(decoding: bytes, as: UTF8.self).contains("<script>"))
        #expect(collector.elementNames.isDisjoint(with: ["script", "foreignObject"]))
    }

    @Test func pngAndPdfHaveTheirSignatures() throws {
        let png = try renderDiagram(Self.sample(labels: ["a", "b"]), format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try renderDiagram(Self.sample(labels: ["a", "b"]), format: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
    }

    @Test func dotOutputIsCanonicalAndDeterministic() throws {
        let first = try renderDiagram(Self.sample(labels: Self.hostile), format: .dot)
        let second = try renderDiagram(Self.sample(labels: Self.hostile), format: .dot)
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("digraph test {"))
        #expect(text.contains("subgraph cluster_prod"))
        // The DOT Graphviz writes re-parses: hostile names cannot break out of their quotes.
        #expect(text.contains("n7"))
    }

    @Test func svgIsByteIdenticalAcrossRuns() throws {
        let a = try renderDiagram(Self.sample(labels: Self.hostile), format: .svg)
        let b = try renderDiagram(Self.sample(labels: Self.hostile), format: .svg)
        #expect(a == b)
    }

    @Test func edgeToUnknownNodeIsAnError() {
        var diagram = Self.sample(labels: ["a"])
        diagram.edges.append(.init(from: "n0", to: "missing"))
        #expect(throws: GraphvizError.self) { try renderDiagram(diagram, format: .svg) }
    }

    @Test func labelsAreEscapedForGraphviz() {
        #expect(graphvizLabel("a\\b") == "a\\\\b")
        #expect(graphvizLabel("one\ntwo\r\nthree") == "one\\ntwo\\nthree")
        #expect(graphvizLabel("nul\u{0}tab\t") == "nul tab ")
    }
}

final class TextCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
    var text = ""
    var elementNames = Set<String>()
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elementNames.insert(elementName)
        text += "\n"
    }
}
