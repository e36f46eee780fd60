import ArgumentParser
import CredGraphKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the inputs; every problem as FILE:LINE: severity: message.",
        discussion: "Diagnostics go to standard error, the summary (or --json) to standard output. Exits 1 when any error (or, with --fail-on warning, any warning) was found."
    )

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning
    }

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print the diagnostics and the summary as JSON on standard output.")
    var json = false

    @Option(name: .customLong("fail-on"), help: "Lowest diagnostic severity that makes the run fail: error or warning.")
    var failOn: FailOn = .error

    func run() throws {
        // The whole pipeline, so problems only the graph sees (edges it
        // cannot attach) are reported too.
        let analysis = try analyze(common.inputOptions)
        let summary = CheckSummary(analysis)
        if json {
            printOutput(try summary.json())
        } else {
            for diagnostic in analysis.diagnostics.items { printError(diagnostic.formatted) }
            printOutput(summary.line)
        }
        let failing = failOn == .warning
            ? analysis.diagnostics.errorCount + analysis.diagnostics.warningCount
            : analysis.diagnostics.errorCount
        if failing > 0 { throw ExitCode(1) }
    }
}
