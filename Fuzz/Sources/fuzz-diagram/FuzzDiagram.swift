// libFuzzer target: names and labels from the inputs on their way through
// Graphviz (issue 18: `\L` in a name made the output grow with its square).
//
// The input is split at newlines into up to eight names; each becomes a node
// (label, tooltip and id escaped as the diagram builders do), in a cluster
// labelled with the next name, joined in a chain, under a graph label made of
// the first name. The diagram is rendered to SVG and DOT in-process. Besides
// "no crash, no hang, no leak" (and the run's 2 GB memory bound), it checks
// that the output grows at most linearly with the names: no escape Graphviz
// expands (`\N`, `\G`, `\L`, `\E`, `\H`, `\T`) copies a label into itself.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
import FuzzDriver

/// The diagram the fuzzer draws: also replayed by FuzzRegressionTests' twin
/// in HardeningRoundTwoTests.
func fuzzDiagram(_ bytes: [UInt8]) -> Diagram {
    let text = String(decoding: bytes, as: UTF8.self)
    let names = text.split(separator: "\n", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
    var diagram = Diagram(name: "fuzz", graphAttributes: [.init("label", graphvizLabel(names.first ?? "") + "\\l")])
    for (i, name) in names.enumerated() {
        let cluster = "c\(i % 3)"
        if i < 3 {
            diagram.clusters.append(.init(id: cluster, attributes: [.init("label", graphvizLabel(names[(i + 1) % names.count]))]))
        }
        diagram.nodes.append(.init(
            id: graphvizID("n\(i):" + name),
            attributes: [.init("label", graphvizLabel(name + "\n" + "kind")), .init("tooltip", graphvizTooltip(name))],
            cluster: i < 3 ? cluster : nil))
        if i > 0 { diagram.edges.append(.init(from: diagram.nodes[i - 1].id, to: diagram.nodes[i].id)) }
    }
    return diagram
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDiagramTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    let diagram = fuzzDiagram(bytes)
    for format in [DiagramFormat.svg, .dot] {
        guard let output = try? renderDiagram(diagram, format: format, engine: .dot) else { continue }
        // A few copies of each name (label, tooltip, id, title) and fixed
        // markup; escaping widens a byte to at most 12 (`%E2%80%AE`-style).
        let bound = 40_000 + 200 * size
        if output.count > bound { fatalError("\(format) of \(size) input bytes is \(output.count) bytes: grows faster than the names") }
    }
    return 0
}

@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzDiagramTarget)
    }
}
