import ArgumentParser
import Foundation
import CredGraphKit

/// `credgraph render-worker`: the diagram worker `report --jobs` starts (a
/// copy of this binary, with its own libgraphviz). Not for people: hidden
/// from help and completions. Reads framed diagram requests on standard
/// input until it closes and writes one framed answer per request on
/// standard output, nothing else (DiagramWire).
struct RenderWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: DiagramWorkers.workerCommand,
        abstract: "Render diagrams sent by credgraph report (internal).",
        shouldDisplay: false
    )

    func run() throws {
        let status = serveDiagramRequests()
        if status != 0 { throw ExitCode(status) }
    }
}
