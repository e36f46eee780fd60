import ArgumentParser
import CredGraphKit

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "The whole dependency graph as a diagram (standard output unless --out)."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "svg, png, pdf or dot (default: from --out's extension, else svg).")
    var format: DiagramFormat?

    @Option(name: .long, help: "Write the diagram to this file instead of standard output.")
    var out: String?

    @Option(name: .customLong("cluster-by"), help: "Group by environment, owner, package or none.")
    var clusterBy: ClusterBy = .environment

    @Option(name: .customLong("max-nodes"), help: "Fold beyond this many nodes into '+N more' nodes.")
    var maxNodes: Int = DiagramOptions.defaultMaxNodes

    var chosenFormat: DiagramFormat { format ?? out.flatMap { DiagramFormat(pathExtension: $0) } ?? .svg }

    func validate() throws {
        if maxNodes < 2 || maxNodes > DiagramOptions.maxNodesLimit {
            throw ValidationError("--max-nodes must be between 2 and \(DiagramOptions.maxNodesLimit)")
        }
        // Checked before the inputs are read: binary output never goes to a terminal.
        if out == nil || out == "-", chosenFormat == .png || chosenFormat == .pdf {
            throw ValidationError("--format \(chosenFormat.rawValue) writes binary data: give --out FILE")
        }
    }

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        let chosen = chosenFormat
        var options = DiagramOptions()
        options.clusterBy = clusterBy
        options.maxNodes = maxNodes
        options.maskClientIDs = analysis.config.reports.maskClientIDs
        let diagram = estateDiagram(analysis, options: options)
        try writeDiagram(diagram, format: chosen, to: out ?? "-")
        if hasErrors { throw ExitCode(1) }
    }
}
