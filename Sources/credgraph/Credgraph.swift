import ArgumentParser
import CredGraphKit

@main
struct Credgraph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credgraph",
        abstract: "Marketing Cloud credential inventory, expiry risk and blast radius.",
        subcommands: []
    )
}
