import ArgumentParser
import CredGraphKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What changed between two snapshots (OUT/history/*.json) or two risk --json outputs.",
        discussion: """
            New, resolved, escalated and de-escalated findings; secrets rotated; credentials and consumers added \
            or removed; owners changed; readiness moved (snapshots only). Exits 1 when a side is not a snapshot \
            nor a risk --json output, or with --fail-on-new SEVERITY when a new finding (or one escalated) at or \
            above it appeared that no acknowledgement silences; 2 when a file is missing.
            """)

    @Argument(help: "The earlier snapshot or risk --json output.")
    var old: String

    @Argument(help: "The later one.")
    var new: String

    @Flag(name: .long, help: "Print the changes as JSON (client ids in full).")
    var json = false

    @Option(name: .customLong("fail-on-new"), help: "Fail (exit 1) when a new finding at or above this severity appeared: critical, high, medium, low, info.")
    var failOnNew: Severity?

    @Flag(name: .customLong("show-client-ids"), help: "Print client ids in full in the text output (JSON always has them).")
    var showClientIDs = false

    func run() throws {
        var sides: [Snapshot] = []
        // Both files are read before anything is said, so both problems show at once.
        var diagnostics = Diagnostics()
        for path in [old, new] {
            switch try readComparable(path) {
            case .success(let snapshot): sides.append(snapshot)
            case .failure(let problem): diagnostics.append(Diagnostic(.error, "\(problem)", at: SourceLocation(file: path, line: nil)))
            }
        }
        emit(diagnostics)
        if diagnostics.hasErrors { throw ExitCode(1) }
        let changes = compareSnapshots(sides[0], sides[1])
        printOutput(json ? changes.jsonText() : changes.text(mask: !showClientIDs))
        if let failOnNew {
            let hits = changes.newAtOrAbove(failOnNew)
            if !hits.isEmpty {
                var lines = ["credgraph: \(hits.count) new \(hits.count == 1 ? "finding" : "findings") at or above \(failOnNew.rawValue) since \(sides[0].asOf):"]
                for hit in hits.prefix(5) {
                    let subject = hit.installedPackage.map { "\($0) (\(maskClientID(hit.clientID ?? "")))" } ?? "estate"
                    lines.append("  \(hit.severity.rawValue) \(hit.rule): \(subject)")
                }
                printError(lines.joined(separator: "\n"))
                throw ExitCode(1)
            }
        }
    }
}
