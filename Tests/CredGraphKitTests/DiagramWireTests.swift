import Foundation
import Testing
import CredGraphKit

/// The requests `report --jobs` sends to its diagram workers (DiagramWire):
/// nothing secret crosses the pipe, every field of a diagram survives the
/// trip, garbage is refused, and what a worker renders from a request is
/// byte for byte what this process renders from the diagram. The workers
/// themselves are exercised through the built executable (CLITests'
/// DiagramWorkerTests).
@Suite struct DiagramWireTests {
    /// Every field set, with text Graphviz and the framing must carry as is.
    static func fullDiagram(_ extra: String = "") -> Diagram {
        var d = Diagram(
            name: "blast_radius",
            graphAttributes: [.init("rankdir", "LR"), .init("label", "Blast radius: Boomi ✓ \(extra)")],
            nodeDefaults: [.init("shape", "box"), .init("fontname", "Helvetica")],
            edgeDefaults: [.init("color", "#555555")],
            clusters: [.init(id: "prod", attributes: [.init("label", "prod")]), .init(id: "qa", attributes: [])],
            nodes: [
                .init(id: "package:boomi", attributes: [.init("label", "Boomi \\N & \"quotes\"\n\(extra)"), .init("tooltip", extra)], cluster: "prod"),
                .init(id: "consumer:x\u{0}y", attributes: [.init("label", "")], cluster: nil),
                .init(id: "de:orders", attributes: [.init("label", "Orders — 注文")], cluster: "qa"),
            ],
            edges: [.init(from: "package:boomi", to: "consumer:x\u{0}y", attributes: [.init("label", "uses")]), .init(from: "consumer:x\u{0}y", to: "de:orders")])
        d.sameRank = [["package:boomi"], ["consumer:x\u{0}y", "de:orders"]]
        d.notes = ["diagram folded: 3 of 9 nodes drawn \(extra)"]
        d.maxWidth = 1200.5
        return d
    }

    @Test func aDiagramSurvivesTheTripWhole() throws {
        let diagram = Self.fullDiagram()
        for format in DiagramFormat.allCases {
            for engine in [nil] + LayoutEngine.allCases.map(Optional.some) {
                let decoded = try DiagramWire.decodeRequest(DiagramWire.request(diagram, format: format, engine: engine))
                #expect(decoded.diagram == diagram)
                #expect(decoded.format == format)
                #expect(decoded.engine == engine)
            }
        }
        var plain = Diagram(name: "")
        plain.maxWidth = nil
        #expect(try DiagramWire.decodeRequest(DiagramWire.request(plain, format: .svg)).diagram == plain)
    }

    @Test func noRememberedSecretIsInARequest() throws {
        // A secret no other test uses: Redactor.shared is the process's.
        let secret = "Wq4Zr8Tn2Yp6Kd3Hs9Jb7Xv5"
        Redactor.shared.register(secret)
        var diagram = Self.fullDiagram("token \(secret) end")
        // Ranks across clusters made this small dot layout assert; the
        // rendering check below needs only the texts.
        diagram.sameRank = []
        let request = DiagramWire.request(diagram, format: .svg)
        let secretBytes = Array(secret.utf8)
        // No run of the redactor's window of the secret, anywhere.
        for start in 0...(secretBytes.count - Redactor.window) {
            let window = secretBytes[start..<start + Redactor.window]
            #expect(!containsRun(request, window), "request holds bytes \(start)… of the secret")
        }
        let decoded = try DiagramWire.decodeRequest(request).diagram
        #expect(decoded.notes[0].contains(Redactor.marker))
        #expect(decoded.nodes[0].attributes.contains { $0.value.contains(Redactor.marker) })
        // The worker (no secrets of its own) renders what this process would.
        #expect(try renderDiagram(decoded, format: .svg) == renderDiagram(diagram, format: .svg))
    }

    @Test func garbageIsRefusedNotRendered() {
        let request = DiagramWire.request(Self.fullDiagram(), format: .svg)
        // Cut short anywhere, or with bytes after the diagram.
        for cut in [0, 1, 2, 5, request.count / 2, request.count - 1] {
            #expect(throws: DiagramWire.DecodeError.self) { try DiagramWire.decodeRequest(Array(request.prefix(cut))) }
        }
        #expect(throws: DiagramWire.DecodeError.self) { try DiagramWire.decodeRequest(request + [0]) }
        // An unknown format or engine, and a count far beyond the bytes.
        #expect(throws: DiagramWire.DecodeError.self) { try DiagramWire.decodeRequest([9, 0] + request.dropFirst(2)) }
        #expect(throws: DiagramWire.DecodeError.self) { try DiagramWire.decodeRequest([0, 9] + request.dropFirst(2)) }
        #expect(throws: DiagramWire.DecodeError.self) { try DiagramWire.decodeRequest([0, 0, 0xFF, 0xFF, 0xFF, 0x7F]) }
    }

    @Test func inProcessRenderingKeepsOrderAndThrowsTheFirstError() throws {
        let diagrams = (0..<4).map { i in
            Diagram(name: "d\(i)", nodes: [.init(id: "n\(i)", attributes: [.init("label", "node \(i)")])])
        }
        let rendered = try DiagramWorkers.inProcess.render(diagrams.count, format: .svg) { diagrams[$0] }
        #expect(rendered.map(\.bytes) == (try diagrams.map { try renderDiagram($0, format: .svg) }))
        // An edge to a node that is not drawn fails; the first such diagram is named.
        var broken = diagrams
        broken[1].edges = [.init(from: "n1", to: "missing-one")]
        broken[3].edges = [.init(from: "n3", to: "missing-three")]
        let snapshot = broken
        #expect {
            _ = try DiagramWorkers.inProcess.render(snapshot.count, format: .svg) { snapshot[$0] }
        } throws: { error in
            (error as? GraphvizError)?.message.contains("missing-one") == true
        }
    }
}

private func containsRun(_ haystack: [UInt8], _ needle: ArraySlice<UInt8>) -> Bool {
    guard needle.count <= haystack.count else { return false }
    let n = Array(needle)
    for i in 0...(haystack.count - n.count) where haystack[i] == n[0] && Array(haystack[i..<i + n.count]) == n { return true }
    return false
}
