import ArgumentParser
import CredGraphKit

struct Risk: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Credentials ranked by risk, with the findings behind each rank.",
        discussion: "Exits 1 on input errors, or when --fail-on is given and any finding is at or above it."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print the ranked credentials as JSON (client ids in full).")
    var json = false

    @Option(name: .customLong("fail-on"), help: "Fail (exit 1) when any finding is at or above this severity: critical, high, medium, low, info.")
    var failOn: Severity?

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        try printResult(.risk(analysis.risk), json: json, settings: analysis.config)
        if hasErrors { throw ExitCode(1) }
        if let failOn, analysis.risk.exceeds(failOn) {
            printError(analysis.risk.gateMessage(failOn, clientIDs: ClientIDDisplay(analysis.config)))
            throw ExitCode(1)
        }
    }
}
