import Foundation
import Testing
import CredGraphKit

/// Templates look names up in the model as Mustache's own Mirror lookup did,
/// now that each struct is reflected once into a dictionary-backed object:
/// nested structs, a nil optional falling back to the enclosing scope,
/// empty and non-empty arrays, Bools, dictionaries, and values printed as
/// they describe themselves.
@Suite struct TemplateModelTests {
    struct Owner { var name: String; var email: String? }
    struct Row { var title: String?; var owner: Owner; var flagged: Bool; var tags: [String] }
    struct Printed: CustomStringConvertible { var description: String { "printed as itself" } }
    struct Page {
        var title: String
        var rows: [Row]
        var empty: [Row]
        var printed: Printed
        var missing: Owner?
        var counts: [String: Any]
    }

    func render(_ template: String, _ model: Any) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-template-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try template.write(to: dir.appendingPathComponent("t.mustache"), atomically: true, encoding: .utf8)
        return try ReportTemplates.load(directory: dir.path, names: ["t"]).render("t", model)
    }

    static var page: Page { Page(
        title: "Outer",
        rows: [
            Row(title: "First", owner: Owner(name: "Ana", email: "ana@example.com"), flagged: true, tags: ["a", "b"]),
            Row(title: nil, owner: Owner(name: "Ben", email: nil), flagged: false, tags: []),
        ],
        empty: [], printed: Printed(), missing: nil, counts: ["open": 3, "owner": Owner(name: "Cy", email: nil)]) }

    @Test func namesResolveAsMustacheMirrorLookupDid() throws {
        let text = try render(
            "{{#rows}}[{{title}}|{{owner.name}}|{{#owner}}{{email}}{{/owner}}|{{#flagged}}F{{/flagged}}{{^flagged}}-{{/flagged}}|{{#tags}}{{.}};{{/tags}}{{^tags}}none{{/tags}}]{{/rows}}",
            Self.page)
        // The second row's nil title is looked up further out (the page's title);
        // Ben's nil email is looked up further out too, and nothing there has one.
        #expect(text == "[First|Ana|ana@example.com|F|a;b;][Outer|Ben||-|none]")
    }

    @Test func emptyArraysNilStructsDictionariesAndPrintedValues() throws {
        let text = try render(
            "{{^empty}}no rows{{/empty}} {{#missing}}shown{{/missing}}{{^missing}}absent{{/missing}} {{counts.open}} {{counts.owner.name}} {{printed}}",
            Self.page)
        #expect(text == "no rows absent 3 Cy printed as itself")
    }

    @Test func aDictionaryModelHoldsStructs() throws {
        let text = try render("{{#page}}{{title}}: {{#rows}}{{owner.name}} {{/rows}}{{/page}}{{asOf}}", ["page": Self.page, "asOf": "2026-09-02"] as [String: Any])
        #expect(text == "Outer: Ana Ben 2026-09-02")
    }
}
