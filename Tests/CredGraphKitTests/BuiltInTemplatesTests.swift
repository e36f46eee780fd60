import Foundation
import Testing
import CredGraphKit

/// The templates built into the binary are templates/ as committed, and a
/// `--templates` folder overrides them file by file.
@Suite struct BuiltInTemplatesTests {
    static let templatesFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    @Test func builtInTemplatesAreTheCommittedTemplatesFolder() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.templatesFolder.path)
            .filter { $0.hasSuffix(".mustache") }
        var committed: [String: String] = [:]
        for name in names {
            committed[String(name.dropLast(".mustache".count))] = try String(contentsOf: Self.templatesFolder.appendingPathComponent(name), encoding: .utf8)
        }
        #expect(Set(committed.keys) == Set(ReportTemplates.builtIn.keys), "run `make templates`: the built-in set differs from templates/")
        for (name, text) in committed.sorted(by: { $0.key < $1.key }) {
            #expect(ReportTemplates.builtIn[name] == text, "run `make templates`: the built-in \(name).mustache is stale")
        }
        #expect(Set(ReportTemplates.names).isSubset(of: Set(ReportTemplates.builtIn.keys)))
        _ = try ReportTemplates.builtInTemplates()
    }

    @Test func aFolderOverridesFileByFileAndPartialsFallBack() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Only one page is overridden; it uses a partial of its own folder and a built-in one.
        try "OWNER {{owner}}\n{{> signature}}\n{{> weekly-index}}".write(to: dir.appendingPathComponent("weekly-owner.mustache"), atomically: true, encoding: .utf8)
        try "-- {{team}}".write(to: dir.appendingPathComponent("signature.mustache"), atomically: true, encoding: .utf8)
        let overridden = try ReportTemplates.load(directory: dir.path)
        let builtIn = try ReportTemplates.builtInTemplates()
        let model: [String: Any] = ["owner": "A|B", "team": "CRM", "asOf": "2026-09-02"]
        let page = overridden.render("weekly-owner", model)
        // A standalone partial tag takes its line end with it (Mustache spec).
        #expect(page.hasPrefix("OWNER A\\|B\n-- CRM"))
        #expect(page.hasSuffix(builtIn.render("weekly-index", model)))
        for name in ReportTemplates.names where name != "weekly-owner" {
            #expect(overridden.render(name, model) == builtIn.render(name, model), "\(name) should be the built-in one")
        }
    }

    @Test func aMissingFolderOrABrokenOverrideIsAnErrorNamingTheFile() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("nope").path
        do {
            _ = try ReportTemplates.load(directory: missing)
            Issue.record("expected a template error")
        } catch {
            #expect(error.description == "\(missing): error: templates folder not found (--templates names a folder of .mustache files that override the built-in ones)")
        }
        try "fine\n{{#rows}}\nnever closed\n".write(to: dir.appendingPathComponent("readiness.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try ReportTemplates.load(directory: dir.path)
            Issue.record("expected a template error")
        } catch {
            #expect(error.template == dir.appendingPathComponent("readiness.mustache").path)
            #expect(error.line != nil)
            #expect(error.description.hasPrefix(dir.appendingPathComponent("readiness.mustache").path + ":"))
        }
    }

    private func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
