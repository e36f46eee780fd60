import ArgumentParser
import CredGraphKit

struct BlastRadiusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blast-radius",
        abstract: "What breaks if these nodes fail: the listing, and with --format/--out the diagram.",
        discussion: """
            REF is package:NAME, client:CLIENT_ID, integration:NAME or integration:NAME@ENV, de:NAME, KIND:NAME \
            for any other kind, or a bare name when it is unique. An unknown or ambiguous reference exits 2 and \
            lists the closest matches.
            """
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "Nodes that fail.")
    var references: [String]

    @Option(name: .long, help: "Follow at most this many edges from the roots.")
    var depth: Int?

    @Flag(name: .long, help: "Walk upstream instead: what these nodes depend on.")
    var upstream = false

    @Flag(name: .long, help: "Print the listing as JSON.")
    var json = false

    @Option(name: .long, help: "Diagram format: svg, png, pdf or dot (with --out).")
    var format: DiagramFormat?

    @Option(name: .long, help: "Write the diagram to this file.")
    var out: String?

    @Option(name: .customLong("cluster-by"), help: "Group the diagram by environment, owner, package or none.")
    var clusterBy: ClusterBy = .environment

    @Option(name: .customLong("max-nodes"), help: "Fold the diagram beyond this many nodes into '+N more' nodes.")
    var maxNodes: Int = DiagramOptions.defaultMaxNodes

    func validate() throws {
        if references.isEmpty { throw ValidationError("name at least one node reference") }
        if let depth, depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if format != nil, out == nil { throw ValidationError("--format needs --out FILE (the listing stays on standard output)") }
        if maxNodes < 2 || maxNodes > DiagramOptions.maxNodesLimit {
            throw ValidationError("--max-nodes must be between 2 and \(DiagramOptions.maxNodesLimit)")
        }
    }

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        let (ids, errors) = analysis.graph.resolveAll(references)
        if !errors.isEmpty {
            for error in errors { printError("credgraph: error: \(error.description)") }
            throw ExitCode(2)
        }
        let radius = analysis.graph.blastRadius(of: ids, direction: upstream ? .upstream : .downstream, maxDepth: depth)
        try printResult(.blastRadius(BlastRadiusResult(radius, analysis: analysis)), json: json, settings: analysis.config)
        if let out {
            let chosen = format ?? DiagramFormat(pathExtension: out) ?? .svg
            var options = DiagramOptions()
            options.clusterBy = clusterBy
            options.maxNodes = maxNodes
            options.maskClientIDs = analysis.config.reports.maskClientIDs
            let diagram = blastRadiusDiagram(radius, analysis: analysis, options: options)
            try writeDiagram(diagram, format: chosen, to: out)
        }
        if hasErrors { throw ExitCode(1) }
    }
}

/// Renders and writes a diagram whole (temporary file, then rename).
func writeDiagram(_ diagram: Diagram, format: DiagramFormat, to path: String) throws {
    let bytes = try DiagramFormatter(format).format(.diagram(diagram)).bytes ?? []
    if path == "-" {
        printOutput(String(decoding: bytes, as: UTF8.self))
    } else {
        try OutputFiles.writeDiagramFile(bytes, to: path)
    }
    emitNotes(diagram.notes)
}
