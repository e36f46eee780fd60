import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport
@testable import CredGraphRisk

/// Library-level checks behind the issue 18 fixes (the reproductions
/// themselves run through the executable in `AdversarialRegressionTests`).
@Suite struct HardeningRoundTwoTests {
    @Test func latencyWordingNeverTraps() {
        #expect(Wording.milliseconds(182.4) == "182")
        #expect(Wording.milliseconds(1e19) == "1e+19")
        #expect(Wording.milliseconds(9_223_372_036_854_775_808) != "")
        #expect(Wording.milliseconds(.infinity) == "?")
        #expect(Wording.milliseconds(.nan) == "?")
    }

    @Test func latencyIsBoundedWhereItIsRead() {
        var parser = ProbeLineParser()
        func outcome(_ line: String) -> ProbeLineParser.Outcome {
            Array(line.utf8).withUnsafeBytes { parser.parse($0) }
        }
        for value in ["1e19", "9223372036854775808", "86400000.5", "1e308", "\"1e19\""] {
            guard case .malformed(let message) = outcome("{\"ts\":\"2026-09-02T11:00:00Z\",\"client_id\":\"a1\",\"status\":200,\"latency_ms\":\(value)}") else {
                Issue.record("\(value) accepted")
                continue
            }
            #expect(message.contains("invalid latency_ms"))
        }
        guard case .record(let record) = outcome("ts=2026-09-02T11:00:00Z client_id=a1 status=200 latency_ms=86400000") else {
            Issue.record("one day refused")
            return
        }
        #expect(record.latencyMs == 86_400_000)
    }

    @Test func redactorSeesThroughOutputEscapes() {
        let redactor = Redactor()
        let secret = "Tr0ub4dor_3xyz_Qq-&<Z\\w9"
        redactor.register(secret)
        let escaped = [
            secret.replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "\\w", with: "\\\\w"), // Markdown
            secret.replacingOccurrences(of: "\\", with: "\\\\"), // JSON
            secret.replacingOccurrences(of: "_", with: "\\u005f").replacingOccurrences(of: "\\w", with: "\\u005cw"), // JSON \u
            secret.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "-", with: "&#45;"), // SVG
            secret.replacingOccurrences(of: "_", with: "&#x5F;"),
        ]
        for form in escaped {
            let out = redactor.redact("before \(form) after")
            #expect(out == "before [redacted] after", "\(form) -> \(out)")
        }
        // Text around it, and escapes elsewhere, are kept as they were.
        #expect(redactor.redact("a\\_b &amp; c") == "a\\_b &amp; c")
        #expect(redactor.containsSecret(Array(escaped[0].utf8)))
    }

    @Test func tooltipsCarryNoBackslash() {
        for escape in ["\\L", "\\N", "\\G", "\\E", "\\H", "\\T", "\\\\", "\\"] {
            let tooltip = graphvizTooltip("A" + String(repeating: escape, count: 5))
            #expect(!tooltip.contains("\\"))
        }
        #expect(graphvizTooltip("a&b\nc\u{202E}d") == "a&amp;b c\u{FFFD}d")
    }

    @Test func diagramTextIsScreenedBeforeItIsDrawn() throws {
        let secret = "Kq7Wz2Lp9Xv4Mn8Rt3Ys"
        Redactor.shared.register(secret)
        func diagram(_ label: String) -> Diagram {
            Diagram(name: "t", nodes: [.init(id: "n", attributes: [.init("label", label), .init("tooltip", label)])])
        }
        // The PNG of a label holding the secret is the PNG of the marker.
        for format in [DiagramFormat.png, .pdf] {
            let leaked = try renderDiagram(diagram("name \(secret)"), format: format)
            let clean = try renderDiagram(diagram("name \(Redactor.marker)"), format: format)
            #expect(leaked == clean, "\(format)")
        }
        let png = try renderDiagram(diagram("x"), format: .png)
        #expect(OutputFiles.isOwnDiagram(head: Array(png.prefix(4096)), tail: []))
        let svg = try renderDiagram(diagram("x"), format: .svg)
        #expect(OutputFiles.isOwnDiagram(head: Array(svg.prefix(4096)), tail: []))
        #expect(!OutputFiles.isOwnDiagram(head: Array("integration,environment\n".utf8), tail: []))
    }

    @Test func oneLineEscapesWhatCouldForgeOrHide() {
        #expect(TerminalText.oneLine("a\nb\rc\td\u{1B}[2J\u{202E}e\u{2028}") == "a\\nb\\rc\\td\\u{1B}[2J\\u{202E}e\\u{2028}")
        #expect(TerminalText.oneLine("plain – text…") == "plain – text…")
        let d = Diagnostic(file: "p/a\nb.log", line: 3, severity: .warning, message: "x\ny: error: forged")
        #expect(d.formatted == "p/a\\nb.log:3: warning: x\\ny: error: forged")
        #expect(!TerminalText.sanitized("a\u{202E}b").unicodeScalars.contains("\u{202E}"))
        #expect(!markdownEscape("a\u{202E}b").unicodeScalars.contains("\u{202E}"))
    }

    @Test func configKeysAreScreenedSegmentBySegment() {
        var config = Config()
        var diagnostics = Diagnostics()
        let aws = "AKIAIOSFODNN7EXAMPLQ"
        ConfigLoader.parse("reports:\n  \(aws): 1\n", file: "c.yml", into: &config, diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.message) == ["unknown key ignored: its name looks like secret material (withheld)"])
        #expect(Redactor.shared.redact("x \(aws) y") == "x [redacted] y")
    }

    /// The fuzz-diagram target's diagram (Fuzz/Sources/fuzz-diagram), so its
    /// committed corpus is replayed on every `make test`.
    static func fuzzDiagram(_ bytes: [UInt8]) -> Diagram {
        let text = String(decoding: bytes, as: UTF8.self)
        let names = text.split(separator: "\n", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
        var diagram = Diagram(name: "fuzz", graphAttributes: [.init("label", graphvizLabel(names.first ?? "") + "\\l")])
        for (i, name) in names.enumerated() {
            let cluster = "c\(i % 3)"
            if i < 3 {
                diagram.clusters.append(.init(id: cluster, attributes: [.init("label", graphvizLabel(names[(i + 1) % names.count]))]))
            }
            diagram.nodes.append(.init(
                id: graphvizID("n\(i):" + name),
                attributes: [.init("label", graphvizLabel(name + "\n" + "kind")), .init("tooltip", graphvizTooltip(name))],
                cluster: i < 3 ? cluster : nil))
            if i > 0 { diagram.edges.append(.init(from: diagram.nodes[i - 1].id, to: diagram.nodes[i].id)) }
        }
        return diagram
    }

    @Test func fuzzDiagramCorpusStaysLinear() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/fuzz-diagram")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!seeds.isEmpty)
        for seed in seeds {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(seed)))
            for format in [DiagramFormat.svg, .dot] {
                let output = try renderDiagram(Self.fuzzDiagram(bytes), format: format, engine: .dot)
                #expect(output.count <= 40_000 + 200 * bytes.count, "\(seed) \(format): \(output.count) bytes")
            }
        }
    }
}
