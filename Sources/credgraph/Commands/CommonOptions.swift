import ArgumentParser
import CredGraphKit

/// The input options every command takes (inputs.md, outputs.md).
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: "Data directory holding inventory.csv, dependencies.csv, probes/ and credgraph.yml.")
    var data: String = "data"

    @Option(name: .long, help: "Inventory CSV (default: DATA/inventory.csv).")
    var inventory: String?

    @Option(name: .long, help: "Dependencies CSV (default: DATA/dependencies.csv when present).")
    var dependencies: String?

    @Option(name: .long, help: "Probe log file or folder, searched recursively; repeatable (default: DATA/probes).")
    var probes: [String] = []

    @Option(name: .long, help: "Settings file (default: DATA/credgraph.yml when present).")
    var config: String?

    @Option(name: .customLong("as-of"), help: "Point in time of the run: YYYY-MM-DD (midnight UTC) or an RFC 3339 date-time.")
    var asOf: String?

    @Flag(name: .long, help: "Treat malformed probe lines as errors.")
    var strict = false

    @Option(name: .long, help: "An mcdev retrieve folder of one business unit; repeatable (default: metadata: of credgraph.yml).")
    var metadata: [String] = []

    @Option(name: .customLong("metadata-env"), help: "Environment of the --metadata folders (default prod).")
    var metadataEnv: String = "prod"

    var inputOptions: InputOptions {
        var options = InputOptions()
        options.dataDirectory = data
        options.inventory = inventory
        options.dependencies = dependencies
        options.probes = probes
        options.config = config
        options.asOf = asOf
        options.strict = strict
        options.metadata = metadata
        options.metadataEnvironment = metadataEnv
        options.progress = terminalProgressLine()
        return options
    }
}
