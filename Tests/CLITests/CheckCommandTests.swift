import Foundation
import Testing

/// The CLI contract of `credgraph check`: streams, exit codes, diagnostics,
/// on the risk estate (Tests/Fixtures/risk-estate: findings, one warning, no
/// input error) and the broken-data fixture.
@Suite struct CheckCommandTests {
    @Test func anEstateWithoutInputErrorsPasses() throws {
        let result = try CLI.run(["check", "--data", CLI.estate("risk-estate")])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(!result.stderr.contains(": error:"))
        // The one-line summary is the result, on standard output.
        #expect(result.stdout.contains(" credentials, "))
        #expect(result.stdout.contains(" probe lines used in "))
        #expect(result.stdout.contains("0 errors"))
    }

    @Test func jsonListsDiagnosticsAndSummary() throws {
        let result = try CLI.run(["check", "--data", CLI.estate("risk-estate"), "--json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["credentials"] as? Int == 9)
        #expect(summary["consumers"] as? Int == 13)
        #expect(summary["probe_lines"] as? Int == 531)
        #expect(summary["errors"] as? Int == 0)
        #expect(summary["warnings"] as? Int == 1)
        #expect(object["diagnostics"] is [Any])
    }

    @Test func unknownFlagIsUsageError() throws {
        let result = try CLI.run(["check", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no-such-flag"))
    }

    @Test func missingFilesAreUsageErrors() throws {
        let missingData = try CLI.run(["check", "--data", "/nonexistent/credgraph-data"])
        #expect(missingData.status == 2)
        #expect(missingData.stderr.contains("/nonexistent/credgraph-data"))

        let missingInventory = try CLI.run(["check", "--inventory", "/nonexistent/inventory.csv"])
        #expect(missingInventory.status == 2)
        #expect(missingInventory.stderr.contains("/nonexistent/inventory.csv"))

        let missingProbes = try CLI.run(["check", "--data", CLI.estate("risk-estate"), "--probes", "/nonexistent/probes"])
        #expect(missingProbes.status == 2)

        let badAsOf = try CLI.run(["check", "--data", CLI.estate("risk-estate"), "--as-of", "yesterday"])
        #expect(badAsOf.status == 2)
        #expect(badAsOf.stderr.contains("--as-of"))
    }

    @Test func brokenDataReportsEveryPlantedErrorInOneRun() throws {
        let broken = CLI.fixtures.appendingPathComponent("broken-data")
        let expected = try String(contentsOf: broken.appendingPathComponent("EXPECTED.txt"), encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        #expect(expected.count >= 10)
        let result = try CLI.run(["check", "--data", broken.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        for entry in expected {
            // EXPECTED.txt says `FILE:LINE: severity`, FILE relative to the folder.
            let wanted = broken.path + "/" + entry + ":"
            #expect(lines.contains { $0.hasPrefix(wanted) }, "missing diagnostic \(entry)")
        }
    }

    @Test func failOnWarningTurnsWarningsIntoFailure() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "integration,environment,installed_package,client_id,colour\nBoomi,prod,Pkg,abc123,blue\n"
        try csv.write(to: dir.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        let lenient = try CLI.run(["check", "--data", dir.path])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("inventory.csv:1: warning:"))
        let strict = try CLI.run(["check", "--data", dir.path, "--fail-on", "warning"])
        #expect(strict.status == 1)
    }
}

/// `check --fail-on` takes a diagnostic severity or a finding severity.
@Suite struct CheckFailOnTests {
    @Test func findingSeverityGatesOnRiskFindings() throws {
        // The risk estate has critical findings and no input errors.
        let critical = try CLI.run(["check", "--data", CLI.estate("risk-estate"), "--fail-on", "critical"])
        #expect(critical.status == 1)
        #expect(critical.stderr.contains("findings at or above critical"))
        let plain = try CLI.run(["check", "--data", CLI.estate("risk-estate")])
        #expect(plain.status == 0)
        let bogus = try CLI.run(["check", "--data", CLI.estate("risk-estate"), "--fail-on", "bogus"])
        #expect(bogus.status == 2)
    }
}
