import ArgumentParser
import CredGraphKit

/// `credgraph metrics`: OpenMetrics text for the node_exporter textfile
/// collector or any Prometheus scrape of a file.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Expiry, due dates, findings, planned rotations and probe health as OpenMetrics text.",
        discussion: "With --out FILE the file is written whole (a temporary file renamed over it in the same folder), "
            + "since a collector may read it at any moment. Client ids follow reports.mask_client_ids.")

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Write to this file atomically instead of standard output (e.g. /var/lib/node_exporter/textfile/credgraph.prom).")
    var out: String?

    func run() throws {
        let (analysis, hasErrors) = try runAnalysis(common)
        // Unusable inputs must not replace good metrics with empty ones.
        if hasErrors, out != nil {
            printError("credgraph: input errors: \(out!) left as it was")
            throw ExitCode(1)
        }
        let text = metricsText(analysis, maskClientIDs: analysis.config.reports.maskClientIDs)
        if let out {
            try OutputFiles.writeAtomically(Array(text.utf8), to: out)
        } else {
            printOutput(text)
        }
        if hasErrors { throw ExitCode(1) }
    }
}
