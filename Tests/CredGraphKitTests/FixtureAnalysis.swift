import Foundation
import TestSupport
@testable import CredGraphKit

/// Analyses of the test estates of Tests/Fixtures (its README says which
/// test uses which), each computed once for the whole run.
enum FixtureAnalysis {
    private static let graph = analyzed("graph-estate")
    private static let risk = analyzed("risk-estate")

    /// The graph estate: a cycle, a diamond, env-limited edges, no probes.
    static func graphEstate() throws -> Analysis { try graph.get() }
    /// The risk estate: one credential per auth-failing cause, a consumer on the old secret version.
    static func riskEstate() throws -> Analysis { try risk.get() }

    private static func analyzed(_ estate: String) -> Result<Analysis, UsageError> {
        var options = InputOptions()
        options.dataDirectory = TestPaths.fixture(estate).path
        return Result { () throws(UsageError) in try analyze(options) }
    }
}
