import ArgumentParser
import CredGraphKit

/// Runs the pipeline and reports its diagnostics on standard error.
/// Returns the analysis and whether any input error was found (exit 1 later,
/// after the result is printed).
func runAnalysis(_ common: CommonOptions) throws -> (Analysis, hasErrors: Bool) {
    let analysis = try analyze(common.inputOptions)
    emit(analysis.diagnostics)
    return (analysis, analysis.diagnostics.hasErrors)
}

extension Severity: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { ["critical", "high", "medium", "low", "info"] }
}

extension DiagramFormat: ExpressibleByArgument {}
extension ClusterBy: ExpressibleByArgument {}
