import ArgumentParser
import CredGraphKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the inputs; every problem as FILE:LINE: severity: message.",
        discussion: """
            Diagnostics go to standard error, the summary (or --json) to standard output. Exits 1 when any \
            input error was found; with --fail-on warning, also on any warning; with --fail-on SEVERITY \
            (critical, high, medium, low, info), also when any risk finding is at or above it.
            """
    )

    /// A diagnostic severity (the inputs' own problems) or a finding
    /// severity (what the inputs say about the estate), so `check` can gate
    /// CI either way.
    enum FailOn: ExpressibleByArgument, Equatable {
        case error, warning
        case finding(Severity)

        init?(argument: String) {
            switch argument.lowercased() {
            case "error": self = .error
            case "warning": self = .warning
            default:
                guard let severity = Severity(parsing: argument) else { return nil }
                self = .finding(severity)
            }
        }

        static var allValueStrings: [String] { ["error", "warning", "critical", "high", "medium", "low", "info"] }
    }

    @OptionGroup var common: CommonOptions

    @Flag(name: .long, help: "Print the diagnostics and the summary as JSON on standard output.")
    var json = false

    @Option(name: .customLong("fail-on"), help: "What makes the run fail besides input errors: warning (any diagnostic), or a finding severity (critical, high, medium, low, info).")
    var failOn: FailOn = .error

    func run() throws {
        // The whole pipeline, so problems only the graph sees (edges it
        // cannot attach) are reported too.
        let analysis = try analyze(common.inputOptions)
        // With --json the diagnostics are in the document; without, on standard error.
        if !json {
            emit(analysis.diagnostics)
        }
        try printResult(.check(CheckSummary(analysis)), json: json, settings: analysis.config)
        if analysis.diagnostics.hasErrors { throw ExitCode(1) }
        switch failOn {
        case .error:
            break
        case .warning:
            if analysis.diagnostics.warningCount > 0 { throw ExitCode(1) }
        case .finding(let severity):
            if analysis.risk.exceeds(severity) {
                printError(analysis.risk.gateMessage(severity, clientIDs: ClientIDDisplay(analysis.config)))
                throw ExitCode(1)
            }
        }
    }
}
