import CredGraphKit
import Foundation

/// `credgraph-bench diagram`: lays out and renders synthetic graphs of three
/// shapes and prints how long each took. Figures only: it never fails on time.
struct DiagramBench {
    enum Shape: String, CaseIterable {
        /// Eight layers, edges only between neighbouring layers: what dot is built for.
        case layered
        /// A random tree plus as many cross edges again, between any two nodes.
        case tree
        /// Edges between uniformly random pairs, cycles included.
        case random
    }

    var nodes = 2_000
    var edges = 4_000
    var shapes = Shape.allCases
    /// nil: the automatic choice, then forced dot where that is known to be safe.
    var engine: LayoutEngine?
    var format = DiagramFormat.svg
    var seed: UInt64 = 42
    var outDirectory: String?
    /// Extra graph attributes (`--attr splines=false`), for trying layout settings.
    var extraAttributes: [Diagram.Attribute] = []

    static let usage = """
        usage: credgraph-bench diagram [--nodes N] [--edges M] [--shape layered|tree|random]... \
        [--engine auto|dot|sfdp|neato] [--format svg|png|pdf|dot] [--seed S] [--out DIR] [--attr NAME=VALUE]...
        """

    init(arguments: [String]) throws {
        var explicitShapes: [Shape] = []
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let v = rest.popFirst() else { throw BenchError("\(name) needs a value\n" + Self.usage) }
            return v
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--nodes": nodes = try positive(try value(arg), arg)
            case "--edges": edges = try positive(try value(arg), arg)
            case "--seed": seed = UInt64(try positive(try value(arg), arg))
            case "--shape":
                let v = try value(arg)
                guard let shape = Shape(rawValue: v) else { throw BenchError("unknown shape '\(v)'\n" + Self.usage) }
                explicitShapes.append(shape)
            case "--engine":
                let v = try value(arg)
                if v == "auto" { engine = nil } else {
                    guard let e = LayoutEngine(rawValue: v) else { throw BenchError("unknown engine '\(v)'\n" + Self.usage) }
                    engine = e
                }
            case "--format":
                let v = try value(arg)
                guard let f = DiagramFormat(rawValue: v) else { throw BenchError("unknown format '\(v)'\n" + Self.usage) }
                format = f
            case "--out": outDirectory = try value(arg)
            case "--attr":
                let v = try value(arg)
                guard let eq = v.firstIndex(of: "=") else { throw BenchError("--attr needs NAME=VALUE") }
                extraAttributes.append(.init(String(v[..<eq]), String(v[v.index(after: eq)...])))
            default: throw BenchError("unknown argument '\(arg)'\n" + Self.usage)
            }
        }
        if !explicitShapes.isEmpty { shapes = explicitShapes }
    }

    func run() throws {
        print("diagram benchmark: \(nodes) nodes, \(edges) edges requested, format \(format.rawValue), seed \(seed)")
        print(pad("shape", 8), pad("nodes", 6, right: true), pad("edges", 6, right: true), pad("engine", 12),
              pad("dot work", 9, right: true), pad("layout+render s", 16, right: true), pad("output KiB", 11, right: true))
        for shape in shapes {
            var diagram = Self.generate(shape, nodes: nodes, edges: edges, seed: seed)
            diagram.graphAttributes += extraAttributes
            // Nodes plus the virtual nodes dot would add: what the automatic choice reads.
            let work = LayoutEngine.estimatedDotWork(diagram)
            var runs: [LayoutEngine?] = [engine]
            // Forced dot only where bounded dot is known to finish in seconds.
            if engine == nil, shape == .layered, LayoutEngine.automatic(for: diagram) != .dot {
                runs.append(.dot)
            }
            for chosen in runs {
                let used = chosen ?? LayoutEngine.automatic(for: diagram)
                let start = ContinuousClock.now
                let bytes = try renderDiagram(diagram, format: format, engine: chosen)
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let label = chosen == nil ? "\(used.rawValue) (auto)" : used.rawValue
                print(pad(shape.rawValue, 8), pad("\(diagram.nodes.count)", 6, right: true), pad("\(diagram.edges.count)", 6, right: true),
                      pad(label, 12), pad("\(work)", 9, right: true), pad(String(format: "%.2f", seconds), 16, right: true),
                      pad(String(format: "%.0f", Double(bytes.count) / 1024), 11, right: true))
                if let outDirectory {
                    try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
                    let path = "\(outDirectory)/\(shape.rawValue)-\(used.rawValue).\(format.rawValue)"
                    try Data(bytes).write(to: URL(fileURLWithPath: path))
                }
            }
        }
    }

    /// A graph styled as the estate diagrams are (two-line labels, the
    /// estate's shapes and fills), so layout sees realistic node sizes.
    static func generate(_ shape: Shape, nodes n: Int, edges m: Int, seed: UInt64) -> Diagram {
        var rng = SplitMix64(seed: seed &+ UInt64(Shape.allCases.firstIndex(of: shape) ?? 0))
        let kinds: [(String, String, String)] = [
            ("installed package", "folder", "#deebf7"), ("client", "hexagon", "#fdcc8a"),
            ("integration", "box", "#c7e9c0"), ("data-extension", "cylinder", "#ffffff"),
            ("query", "component", "#ffffff"), ("email", "note", "#ffffff"), ("journey", "cds", "#ffffff"),
        ]
        var diagram = Diagram(
            name: "bench_\(shape.rawValue)",
            graphAttributes: estateGraphAttributes(title: "\(shape.rawValue): \(n) nodes"),
            nodeDefaults: [.init("fontname", "DejaVu Sans"), .init("fontsize", "10"), .init("style", "filled")],
            edgeDefaults: [.init("color", "#555555"), .init("arrowsize", "0.6")])
        let layers = 8
        func layer(of i: Int) -> Int { i * layers / n }
        for i in 0..<n {
            let kind = kinds[min(layer(of: i), kinds.count - 1)]
            diagram.nodes.append(.init(id: "n\(i)", attributes: [
                .init("label", "Node \(i) of the bench\n\(kind.0)"), .init("shape", kind.1), .init("fillcolor", kind.2),
            ]))
        }
        var seen: Set<Int> = []
        func add(_ a: Int, _ b: Int) {
            guard a != b, seen.insert(a * n + b).inserted else { return }
            diagram.edges.append(.init(from: "n\(a)", to: "n\(b)"))
        }
        var attempts = 0
        switch shape {
        case .layered:
            let size = max(1, n / layers)
            while diagram.edges.count < m, attempts < 20 * m {
                attempts += 1
                let a = rng.below(n - size)
                let l = layer(of: a) + 1
                let lo = min(n - 1, l * n / layers), hi = min(n, (l + 1) * n / layers)
                guard hi > lo else { continue }
                add(a, lo + rng.below(hi - lo))
            }
        case .tree:
            for i in 1..<n { add(rng.below(i), i) }
            while diagram.edges.count < m, attempts < 20 * m {
                attempts += 1
                add(rng.below(n), rng.below(n))
            }
        case .random:
            while diagram.edges.count < m, attempts < 20 * m {
                attempts += 1
                add(rng.below(n), rng.below(n))
            }
        }
        return diagram
    }
}

/// The graph attributes the estate diagrams start from; the layout bounds
/// are added by `renderDiagram` itself, so the benchmark measures those.
func estateGraphAttributes(title: String) -> [Diagram.Attribute] {
    [.init("rankdir", "LR"), .init("fontname", "DejaVu Sans"), .init("label", title), .init("labelloc", "t")]
}

/// SplitMix64: small, fast and the same sequence on every platform.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

func positive(_ text: String, _ name: String) throws -> Int {
    guard let v = Int(text), v > 0 else { throw BenchError("\(name) needs a positive number, got '\(text)'") }
    return v
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let gap = String(repeating: " ", count: max(0, width - text.count))
    return right ? gap + text : text + gap
}
