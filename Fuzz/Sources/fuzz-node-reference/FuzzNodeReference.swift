// libFuzzer target: node references as typed on the command line, resolved
// against a small estate (two packages, consumers in two environments, data
// extensions, a cycle, names with colons, `@` and non-ASCII letters).
// Checks: no crash, resolution is deterministic, and every suggestion it
// offers resolves itself.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import CredGraphKit
import FuzzDriver

let graph: DependencyGraph = {
    let dir = "/tmp/credgraph-fuzz-ref-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let inventory = """
        integration,environment,installed_package,client_id,writes
        Boomi nightly ETL,prod,MC Boomi,4f1c0d9e2b7a,Loyalty_Tiers;Orders
        Boomi nightly ETL,qa,MC Boomi,4f1c0d9e2b7a,Loyalty_Tiers
        Préférences,prod,MC Prefs,9a8b7c6d5e4f,Prefs:DE
        ops@team,prod,MC Prefs,9a8b7c6d5e4f,
        """
    let dependencies = """
        from,to,to_kind,from_kind
        Loyalty_Tiers,Tier email,email,
        Loyalty_Tiers,Refresh,query,
        Refresh,Loyalty_Tiers,data-extension,query
        Orders,Order journey,journey,
        Prefs:DE,Orders,data-extension,
        """
    _ = FileManager.default.createFile(atPath: dir + "/inventory.csv", contents: Data(inventory.utf8))
    _ = FileManager.default.createFile(atPath: dir + "/dependencies.csv", contents: Data(dependencies.utf8))
    var diagnostics = Diagnostics()
    let inv = InventoryLoader.load(path: dir + "/inventory.csv", secretTTLDays: 180, diagnostics: &diagnostics)
    let deps = DependencyLoader.load(path: dir + "/dependencies.csv", inventory: inv, diagnostics: &diagnostics)
    return DependencyGraph(inventory: inv, dependencies: deps)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNodeReference(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let first = graph.resolve(text)
    let second = graph.resolve(text)
    switch (first, second) {
    case (.success(let a), .success(let b)):
        if a != b { fatalError("resolution not deterministic") }
        if a.isEmpty { fatalError("success without a node") }
    case (.failure(let a), .failure(let b)):
        if a != b { fatalError("failure not deterministic") }
        _ = a.description
        for suggestion in a.suggestions {
            if case .failure = graph.resolve(suggestion) { fatalError("suggestion '\(suggestion)' does not resolve") }
        }
    default:
        fatalError("resolution not deterministic")
    }
    _ = graph.resolveAll([text, text.uppercased()])
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzNodeReference)
    }
}
