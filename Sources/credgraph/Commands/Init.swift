import ArgumentParser
import CredGraphKit
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a starter data folder: inventory.csv, dependencies.csv and a commented credgraph.yml.",
        discussion: """
            Each CSV has its header and one example row (an obviously fake client id, never a secret); \
            `credgraph check --data DIR` accepts the folder as written. DIR is created when missing. \
            Nothing is overwritten: when any of the files exists, nothing is written and the exit status is 2.
            """
    )

    @Argument(help: "The data folder to create or fill.")
    var directory: String

    func run() throws {
        // The example secret was generated "today" (UTC), so its expiry lies ahead.
        let today = Day(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
        try StarterData.write(into: directory, today: today)
        for file in StarterData.files(today: today) {
            printOutput((directory as NSString).appendingPathComponent(file.name))
        }
        printError("credgraph: wrote a starter data folder; fill it in, then run: credgraph check --data \(directory)")
    }
}
