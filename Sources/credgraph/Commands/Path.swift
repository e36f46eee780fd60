import ArgumentParser
import CredGraphKit

struct Path: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Why TO depends on FROM: the shortest dependency chains between them."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The upstream node reference.")
    var from: String

    @Argument(help: "The downstream node reference.")
    var to: String

    @Flag(name: .long, help: "Print the chains as JSON.")
    var json = false

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        let resolved = [from, to].map { analysis.graph.resolve($0) }
        var ends: [[NodeID]] = []
        var failed = false
        for result in resolved {
            switch result {
            case .success(let ids): ends.append(ids)
            case .failure(let error):
                printError("credgraph: error: \(error.description)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        let (sources, targets) = (ends[0], ends[1])
        let chains = analysis.graph.path(from: sources, to: targets)
        try printResult(.path(PathResult(graph: analysis.graph, from: sources, to: targets, chains: chains)), json: json, settings: analysis.config)
        // No chain is an answer, not an error; but the arguments the wrong way
        // round are a common slip, so say when the chain runs the other way.
        if chains.isEmpty, !analysis.graph.path(from: targets, to: sources, maxChains: 1).isEmpty {
            emitNotes(["the dependency runs the other way: try credgraph path '\(to)' '\(from)'"])
        }
        if hasErrors { throw ExitCode(1) }
    }
}
