import Foundation
import Testing

/// The CLI contract of `credgraph graph` and `blast-radius --format/--out`,
/// through the built executable, on the graph estate (Tests/Fixtures/graph-estate).
@Suite struct DiagramCommandTests {
    static let data = CLI.estate("graph-estate")
    @Test func graphWritesSVGFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.svg")
        let result = try CLI.run(["graph", "--data", Self.data, "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("Boomi Store Systems"))
        #expect(svg.contains("Legend"))
        #expect(svg.hasSuffix("</svg>\n"))
    }

    @Test func graphDotGoesToStandardOutputAndDiffsCleanly() throws {
        let first = try CLI.run(["graph", "--data", Self.data, "--format", "dot", "--cluster-by", "package"])
        let second = try CLI.run(["graph", "--data", Self.data, "--format", "dot", "--cluster-by", "package"])
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("digraph credgraph {"))
        #expect(first.stdout.contains("\"package:boomi store systems\""))
        #expect(first.stdout.contains("subgraph cluster_c_package_boomi_store_systems"))
        #expect(first.stdout == second.stdout)
    }

    @Test func graphFormatFromExtensionAndPDFIsStable() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [Data] = []
        for name in ["a.pdf", "b.pdf"] {
            let out = dir.appendingPathComponent(name)
            let result = try CLI.run(["graph", "--data", Self.data, "--out", out.path])
            #expect(result.status == 0, "stderr: \(result.stderr)")
            files.append(try Data(contentsOf: out))
        }
        #expect(files[0].prefix(5) == Data("%PDF-".utf8))
        // Byte-identical across runs: Cairo's creation date is pinned.
        #expect(files[0] == files[1])
        let png = dir.appendingPathComponent("g.png")
        let result = try CLI.run(["graph", "--data", Self.data, "--out", png.path, "--cluster-by", "none"])
        #expect(result.status == 0)
        #expect(try Data(contentsOf: png).prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test func graphBinaryFormatWithoutOutIsUsageError() throws {
        for format in ["png", "pdf"] {
            let result = try CLI.run(["graph", "--data", Self.data, "--format", format])
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("--out"))
        }
    }

    @Test func graphFoldsBeyondMaxNodesAndSaysSo() throws {
        let result = try CLI.run(["graph", "--data", Self.data, "--format", "dot", "--max-nodes", "30"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("note: diagram folded: "))
        #expect(result.stdout.contains("\"fold:"))
        #expect(result.stdout.contains("more"))
        let tooSmall = try CLI.run(["graph", "--data", Self.data, "--max-nodes", "1"])
        #expect(tooSmall.status == 2)
    }

    @Test func blastRadiusWritesPDFAndStillPrintsListing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("f.pdf")
        let result = try CLI.run(["blast-radius", "package:Boomi Store Systems", "--data", Self.data, "--format", "pdf", "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.contains("Blast radius of package:Boomi Store Systems"))
        #expect(result.stdout.contains("Owners to notify:"))
        #expect(try Data(contentsOf: out).prefix(5) == Data("%PDF-".utf8))
    }

    @Test func blastRadiusSVGNamesEveryListedNode() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("br.svg")
        let result = try CLI.run(["blast-radius", "de:Customer_Master", "--data", Self.data, "--format", "svg", "--out", out.path,
                                  "--depth", "2", "--cluster-by", "owner"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let svg = try String(contentsOf: out, encoding: .utf8)
        #expect(svg.contains("ROOT"))
        // Every node of the listing is drawn (names as the listing prints them).
        let names = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.contains("@") && $0.contains("  ") }
            .compactMap { line -> String? in
                let fields = line.trimmingCharacters(in: .whitespaces).components(separatedBy: "  ").filter { !$0.isEmpty }
                guard fields.count >= 2, !fields[0].contains(" ") else { return nil }
                return fields[1].components(separatedBy: " [").first?.trimmingCharacters(in: .whitespaces)
            }
        #expect(!names.isEmpty)
        for name in names { #expect(svg.contains(">\(name)</text>"), "'\(name)' missing from the SVG") }
    }

    @Test func unknownReferenceExitsTwoWithClosestMatches() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("never.svg")
        let result = try CLI.run(["blast-radius", "package:Boomi Stor", "--data", Self.data, "--format", "svg", "--out", out.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("closest matches"))
        #expect(result.stderr.contains("package:Boomi Store Systems"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func blastRadiusFormatWithoutOutIsUsageError() throws {
        let result = try CLI.run(["blast-radius", "package:Boomi Store Systems", "--data", Self.data, "--format", "png"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
    }
}
