import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

@Suite struct ReportInfrastructureTests {
    @Test func slugsAreSafeFileNames() {
        #expect(slug("CRM Platform Team") == "crm-platform-team")
        #expect(slug("../../etc/passwd") == "etc-passwd")
        #expect(slug("Dana Whitfield <dana@example.com>") == "dana-whitfield-dana-example-com")
        #expect(slug("Zoë Ångström") == "zoe-angstrom")
        #expect(slug("日本") == "unnamed")
        #expect(slug("") == "unnamed")
        #expect(slug(String(repeating: "a", count: 500)).count <= 80)
        for s in [slug("a/b\\c:d*e?f\"g<h>i|j"), slug("\u{0}\n\t")] {
            #expect(s.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" })
        }
        #expect(uniqueSlugs(["A B", "a-b", "a b"]) == ["a-b", "a-b-2", "a-b-3"])
    }

    @Test func markdownEscapingNeutralisesTableAndHTMLBreakers() {
        #expect(markdownEscape("a | b") == "a \\| b")
        #expect(markdownEscape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(markdownEscape("`code`") == "\\`code\\`")
        #expect(markdownEscape("line\nbreak\r\nagain") == "line break again")
        #expect(markdownEscape("[link](http://x)") == "\\[link\\](http://x)")
        #expect(markdownEscape("*em* _u_ ~~s~~") == "\\*em\\* \\_u\\_ \\~\\~s\\~\\~")
        #expect(!markdownEscape("a\u{0}b").contains("\u{0}"))
    }

    @Test func mermaidTextCannotBreakTheGantt() {
        #expect(mermaidText("Boomi: nightly # ETL\nnext") == "Boomi nightly ETL next")
    }

    @Test func templatesRenderWithEscapingAndReportErrorsWithLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "| {{name}} |\n{{{raw}}}\n".write(to: dir.appendingPathComponent("ok.mustache"), atomically: true, encoding: .utf8)
        let templates = try ReportTemplates.load(directory: dir.path, names: ["ok"])
        let text = templates.render("ok", ["name": "a|b<c>", "raw": "**bold**"])
        #expect(text == "| a\\|b&lt;c&gt; |\n**bold**\n")

        try "line one\nline two\n{{#open}}\nnever closed\n".write(to: dir.appendingPathComponent("bad.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try ReportTemplates.load(directory: dir.path, names: ["bad"])
            Issue.record("expected a template error")
        } catch {
            #expect(error.template.hasSuffix("bad.mustache"))
            #expect(error.line != nil)
            #expect(error.description.contains("bad.mustache:"))
        }
        #expect(throws: TemplateError.self) { try ReportTemplates.load(directory: dir.path, names: ["missing"]) }
    }

    @Test func outputFolderIsReplacedWhole() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("reports").path
        var first = OutputFiles()
        first.add("README.md", "old")
        first.add("weekly/old-owner.md", "old")
        try first.write(to: out)
        var second = OutputFiles()
        second.add("README.md", "new")
        second.add("weekly/new-owner.md", "new")
        try second.write(to: out)
        #expect(try String(contentsOfFile: out + "/README.md", encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: out + "/weekly/old-owner.md"))
        #expect(FileManager.default.fileExists(atPath: out + "/weekly/new-owner.md"))
        // No staging or retired folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["reports"])

        var hostile = OutputFiles()
        hostile.add("../escape.md", "x")
        #expect(throws: OutputError.self) { try hostile.write(to: out) }
        #expect(try String(contentsOfFile: out + "/README.md", encoding: .utf8) == "new")
    }
}
