import Foundation

// credgraph-bench: figures for the parts whose cost grows with the estate.
//   credgraph-bench diagram   layout + render of 2,000-node graphs of three shapes
//   credgraph-bench graph     DependencyGraph build + every package's blast radius on a 100,000-node estate

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: credgraph-bench diagram|graph [options]   (credgraph-bench diagram --help)"

do {
    guard let command = arguments.first else { throw BenchError(usage) }
    let rest = Array(arguments.dropFirst())
    if rest.contains("--help") || rest.contains("-h") {
        print(command == "graph" ? GraphBench.usage : DiagramBench.usage)
        exit(0)
    }
    switch command {
    case "diagram": try DiagramBench(arguments: rest).run()
    case "graph": try GraphBench(arguments: rest).run()
    default: throw BenchError(usage)
    }
} catch {
    FileHandle.standardError.write(Data("credgraph-bench: \(error)\n".utf8))
    exit(2)
}
