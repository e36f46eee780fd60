import ArgumentParser
import CredGraphKit

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What the Marketing Cloud metadata (an mcdev retrieve) says depends on what.",
        discussion: "Reads the --metadata folders (or metadata: of credgraph.yml): items by type, the edges found with their FILE:LINE, "
            + "references to items not retrieved, references built at run time, credentials in code (values never shown), next automation runs."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print the scan as JSON.")
    var json = false

    func run() throws {
        let result = try ingestWithoutProbes(common.inputOptions)
        emit(result.diagnostics)
        if result.metadata.isEmpty {
            throw UsageError("no metadata to scan: give --metadata DIR or a metadata: list in credgraph.yml")
        }
        try printResult(.scan(ScanResult(result.metadata, asOf: result.clock.asOf)), json: json, settings: result.config)
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
