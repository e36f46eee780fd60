import ArgumentParser
import Foundation
import CredGraphKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct Credgraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credgraph",
        abstract: "Marketing Cloud credential inventory, expiry risk and blast radius.",
        discussion: "Exit status: 0 success; 1 input errors, or findings at or above --fail-on; 2 wrong usage.",
        version: credgraphVersion,
        subcommands: [Init.self, Check.self, Risk.self, BlastRadiusCommand.self, Path.self, Weekly.self, Readiness.self, GraphCommand.self, PlanCommand.self, MetricsCommand.self, Scan.self, Diff.self, Report.self, RulesDoc.self, RenderWorker.self]
    )

    /// ArgumentParser exits 64 on a usage error; the output contract says 2.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            printError("credgraph: error: \(error.message)")
            Foundation.exit(2)
        } catch let error as OutputError {
            // An output credgraph refuses to write (or could not): named, one line.
            printError("credgraph: error: \(error.message)")
            Foundation.exit(2)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            printError(fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}
