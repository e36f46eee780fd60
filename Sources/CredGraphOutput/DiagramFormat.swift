import CredGraphRender

/// DOT, SVG, PNG and PDF: a diagram (built by the render stage as a plain
/// value) laid out and drawn by libgraphviz in-process.
public struct DiagramFormatter: OutputFormatter {
    public var diagramFormat: DiagramFormat

    public init(_ format: DiagramFormat) {
        diagramFormat = format
    }

    public func format(_ result: CommandResult) throws -> FormattedOutput {
        guard case .diagram(let diagram) = result else {
            throw FormatError.unsupported(format: diagramFormat.rawValue.uppercased(), result: result.name)
        }
        return .bytes(try renderDiagram(diagram, format: diagramFormat))
    }
}
