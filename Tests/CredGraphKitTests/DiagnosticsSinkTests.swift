import Foundation
import Testing
import CredGraphKit

/// One diagnostics sink: one location type for diagnostics, findings and
/// templates; notes of what was built reach the sink, not a side channel.
@Suite struct DiagnosticsSinkTests {
    @Test func diagnosticsAndFindingsShareTheLocationType() {
        let location = SourceLocation(file: "inventory.csv", line: 7)
        let diagnostic = Diagnostic(.error, "bad date", at: location)
        let finding = Finding(rule: NoAlerting.id, severity: .medium, message: "m", remediation: "r", location: location)
        #expect(diagnostic.location == finding.location)
        #expect(diagnostic.formatted == "inventory.csv:7: error: bad date")
        #expect(Diagnostic(.warning, "empty", at: SourceLocation(file: "p.jsonl", line: nil)).formatted == "p.jsonl: warning: empty")
        #expect(SourceLocation(file: "p.jsonl", line: nil).description == "p.jsonl")
        #expect(location.description == "inventory.csv:7")
    }

    @Test func attachedNotesFollowTheirDiagnosticOneLineEach() {
        let diagnostic = Diagnostic(file: "dependencies.csv", line: 3, severity: .warning, message: "edge not attached",
                                    notes: ["no consumer in qa", "line\nbreak"])
        #expect(diagnostic.formattedLines == [
            "dependencies.csv:3: warning: edge not attached",
            "dependencies.csv: note: no consumer in qa",
            "dependencies.csv: note: line\\nbreak",
        ])
    }

    @Test func sinkKnowsWhetherErrorsOccurred() {
        var sink = Diagnostics()
        sink.note("diagram folded")
        sink.warning("odd", file: "a.csv", line: 2)
        #expect(!sink.hasErrors)
        #expect(sink.items.first?.formatted == "credgraph: note: diagram folded")
        sink.error("bad", file: "a.csv", line: 3)
        #expect(sink.hasErrors && sink.errorCount == 1 && sink.warningCount == 1)
    }

    @Test func templateErrorsAreDiagnosticsAtTheTemplate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "one\ntwo\n{{#open}}\n".write(to: dir.appendingPathComponent("bad.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try ReportTemplates.load(directory: dir.path, names: ["bad"])
            Issue.record("expected a template error")
        } catch {
            #expect(error.diagnostic.severity == .error)
            #expect(error.location.file.hasSuffix("bad.mustache"))
            #expect(error.location.line != nil)
            #expect(error.description == error.diagnostic.formatted)
        }
    }

    /// `report` used to drop the diagrams' fold notes; they now come back
    /// with the files, under the diagram's path.
    @Test func reportDiagramFoldNotesReachTheSink() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let templates = try ReportTemplates.load(directory: root.appendingPathComponent("templates").path)
        var options = DiagramOptions()
        options.maxNodes = 40
        let files = try buildReports(ReportContext(analysis: ReportModelTests.analysis), templates: templates, diagramOptions: options)
        let notes = files.diagnostics.items
        #expect(notes.allSatisfy { $0.severity == .note })
        let graph = try #require(notes.first { $0.file == "graph.svg" })
        #expect(graph.message.hasPrefix("diagram folded: ") && graph.message.contains("nodes drawn"))
        #expect(notes.allSatisfy { note in files.files.contains { $0.path == note.file } })

        // At the default limit the sample draws whole: nothing to say.
        let whole = try buildReports(ReportContext(analysis: ReportModelTests.analysis), templates: templates)
        #expect(whole.diagnostics.items.isEmpty)
    }
}
