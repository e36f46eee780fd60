import ArgumentParser
import Foundation
import CredGraphKit

/// `credgraph rules-doc`: docs/rules.md, generated from the rule files. A
/// developer's command (hidden from help): `make rules-doc` runs it.
struct RulesDoc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules-doc",
        abstract: "Print docs/rules.md, generated from the rules (for developers).",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Write to FILE (whole, through a temporary file) instead of standard output.")
    var out: String?

    func run() throws {
        let text = rulesMarkdown()
        guard let out else {
            print(text, terminator: "")
            return
        }
        do {
            try text.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw OutputError("cannot write \(out): \(error.localizedDescription)")
        }
    }
}
