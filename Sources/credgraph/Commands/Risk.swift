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
        if json {
            printOutput(analysis.risk.jsonText())
        } else {
            printOutput(analysis.risk.tableText(maskClientIDs: analysis.config.reports.maskClientIDs))
        }
        if hasErrors { throw ExitCode(1) }
        if let failOn, analysis.risk.exceeds(failOn) {
            printError(analysis.risk.gateMessage(failOn, mask: analysis.config.reports.maskClientIDs))
            throw ExitCode(1)
        }
    }
}
