import CredGraphKit
import Foundation

/// `credgraph-bench graph`: builds a synthetic estate in memory (no CSV
/// parsing), then the DependencyGraph and the blast radius of every installed
/// package, and prints how long each step took. Figures only.
struct GraphBench {
    /// 1,000 packages of 100 nodes each make the 100,000-node estate.
    var packages = 1_000
    var repeats = 1

    static let usage = "usage: credgraph-bench graph [--packages N (1000 = 100,000 nodes)] [--repeat R]"

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            guard let v = rest.popFirst() else { throw BenchError("\(arg) needs a value\n" + Self.usage) }
            switch arg {
            case "--packages": packages = try positive(v, arg)
            case "--repeat": repeats = try positive(v, arg)
            default: throw BenchError("unknown argument '\(arg)'\n" + Self.usage)
            }
        }
    }

    func run() throws {
        for round in 1...repeats {
            var start = ContinuousClock.now
            let (inventory, dependencies) = Self.estate(packages: packages)
            let generated = seconds(since: start)

            start = ContinuousClock.now
            let graph = DependencyGraph(inventory: inventory, dependencies: dependencies)
            let built = seconds(since: start)

            start = ContinuousClock.now
            var reached = 0
            var consumers = 0
            let packageIDs = graph.nodes.filter { $0.kind == .installedPackage }.map(\.id)
            for id in packageIDs {
                let radius = graph.blastRadius(of: [id])
                reached += radius.nodes.count
                consumers += radius.counts.integrations
            }
            let radii = seconds(since: start)

            start = ContinuousClock.now
            let whole = graph.blastRadius(of: packageIDs)
            let wholeTime = seconds(since: start)

            if round == 1 {
                print("graph benchmark: \(packages) packages, \(inventory.consumers.count) consumers, \(dependencies.edges.count) dependency rows")
                print("nodes \(graph.nodes.count), edges \(graph.edges.count), dropped \(graph.droppedEdges.count)")
            }
            print(String(format: "round %d: generate %.2f s, build graph %.2f s, %d package blast radii %.2f s (%.2f ms each, %d nodes / %d consumers reached), whole estate radius %.2f s (%d nodes)",
                         round, generated, built, packageIDs.count, radii, packageIDs.isEmpty ? 0 : radii * 1000 / Double(packageIDs.count),
                         reached, consumers, wholeTime, whole.nodes.count))
        }
    }

    /// Per package: one credential shared by dev, qa and prod consumers; ten
    /// data extensions per integration (the last prod-only) each with a
    /// refresh query feeding back into it (a cycle), a content block and six
    /// emails; the emails trigger five journeys. 100 nodes, about 180 edges.
    static func estate(packages: Int) -> (Inventory, Dependencies) {
        var consumers: [Consumer] = []
        var credentials: [Credential] = []
        var nodes: [NodeKey: DownstreamNode] = [:]
        var edges: [DependencyEdge] = []
        consumers.reserveCapacity(3 * packages)
        credentials.reserveCapacity(packages)
        edges.reserveCapacity(200 * packages)
        nodes.reserveCapacity(96 * packages)
        func edge(_ fk: NodeKind, _ from: String, _ tk: NodeKind, _ to: String, _ relation: Relation, _ environment: String? = nil) {
            let toKey = NodeKey(kind: tk, name: to)
            if nodes[toKey] == nil { nodes[toKey] = DownstreamNode(kind: tk, name: to) }
            edges.append(DependencyEdge(from: NodeKey(kind: fk, name: from), to: toKey, relation: relation, environment: environment,
                                        location: SourceLocation(file: "dependencies.csv", line: edges.count + 2)))
        }
        for p in 0..<packages {
            let client = String(format: "bench%020d", p)
            var indices: [Int] = []
            for environment in ["dev", "qa", "prod"] {
                indices.append(consumers.count)
                consumers.append(Consumer(
                    integration: "Integration \(p)", environment: environment, installedPackage: "Package \(p)", clientID: client,
                    technicalOwner: Owner(name: "Team \(p % 40)"), criticality: environment == "prod" ? .high : .low,
                    location: SourceLocation(file: "inventory.csv", line: consumers.count + 2)))
            }
            credentials.append(Credential(clientID: client, installedPackage: "Package \(p)", expiresOn: nil, expirySource: .unknown,
                                          consumerIndices: indices, location: consumers[indices[0]].location))
            for d in 0..<10 {
                let de = "DE \(p)-\(d)"
                edge(.integration, "Integration \(p)", .dataExtension, de, .writes, d == 9 ? "prod" : nil)
                edge(.dataExtension, de, .query, "Refresh \(p)-\(d)", .feeds)
                edge(.query, "Refresh \(p)-\(d)", .dataExtension, de, .writes)
                edge(.dataExtension, de, .contentBlock, "Block \(p)-\(d)", .reads)
                for m in 0..<6 {
                    edge(.dataExtension, de, .email, "Email \(p)-\(d)-\(m)", .reads)
                    edge(.email, "Email \(p)-\(d)-\(m)", .journey, "Journey \(p)-\(d % 5)", .triggers)
                }
            }
        }
        credentials.sort { $0.clientID < $1.clientID }
        return (Inventory(consumers: consumers, credentials: credentials, rowCount: consumers.count),
                Dependencies(nodes: nodes, edges: edges, rowCount: edges.count))
    }
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
