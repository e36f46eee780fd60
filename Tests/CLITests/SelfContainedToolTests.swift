import Foundation
import Testing

/// The binary works away from the repository: built-in templates, `init`,
/// `--version` (issue 15, item 7).
@Suite struct SelfContainedToolTests {
    @Test func versionIsPrinted() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .newlines)
        #expect(version.split(separator: ".").count == 3 && version.split(separator: ".").allSatisfy { Int($0) != nil }, "not a version: \(version)")
    }

    @Test func initWritesAFolderCheckAcceptsAndNeverOverwrites() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try CLI.run(["init", "starter/x"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        let folder = root.appendingPathComponent("starter/x")
        for name in ["inventory.csv", "dependencies.csv", "credgraph.yml"] {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.isEmpty)
            #expect(!text.lowercased().contains("client_secret:"), "\(name) must not hold a secret")
        }
        let inventory = try String(contentsOf: folder.appendingPathComponent("inventory.csv"), encoding: .utf8)
        #expect(inventory.split(separator: "\n").count == 2, "a header and one example row")
        #expect(inventory.contains("example-not-a-real-client-id"))

        let check = try CLI.run(["check", "--data", "starter/x"], in: root)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("1 rows, 1 credentials, 1 consumers"))
        #expect(check.stdout.contains("0 errors, 0 warnings"), "\(check.stdout)")

        // A second run, or a folder holding one of the files, writes nothing.
        let again = try CLI.run(["init", "starter/x"], in: root)
        #expect(again.status == 2)
        #expect(again.stderr.contains("starter/x/inventory.csv, starter/x/dependencies.csv, starter/x/credgraph.yml: already exist"))
        let partial = root.appendingPathComponent("partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        try "mine\n".write(to: partial.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        let refused = try CLI.run(["init", "partial"], in: root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("partial/credgraph.yml: already exists"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: partial.path) == ["credgraph.yml"])
        #expect(try String(contentsOf: partial.appendingPathComponent("credgraph.yml"), encoding: .utf8) == "mine\n")
    }

    @Test func reportRunsOutsideTheRepositoryOnBuiltInTemplates() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLI.run(["init", "x"], in: root).status == 0)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("templates").path))
        let result = try CLI.run(["report", "--data", "x", "--out", "r", "--as-of", "2026-09-02"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        let index = try String(contentsOf: root.appendingPathComponent("r/README.md"), encoding: .utf8)
        #expect(index.hasPrefix("# Marketing Cloud credential risk: 2026-09-02"))
        #expect(index.contains("Example Installed Package"))
        // Masked by default: the fake client id shows its last 4 characters only.
        #expect(index.contains("`…t-id`"))
        #expect(!index.contains("example-not-a-real-client-id"))
        for page in ["readiness.md", "weekly/README.md", "change-review/example-installed-package.md"] {
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("r/" + page).path), "\(page)")
        }
    }

    @Test func templatesFolderOverridesOneFileAndTheRestStayBuiltIn() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLI.run(["init", "x"], in: root).status == 0)
        let builtIn = try CLI.run(["report", "--data", "x", "--out", "plain", "--as-of", "2026-09-02"], in: root)
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let mine = root.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "# Our readiness page\n\n{{> footer}}\n".write(to: mine.appendingPathComponent("readiness.mustache"), atomically: true, encoding: .utf8)
        try "Ask #crm-integrations.\n".write(to: mine.appendingPathComponent("footer.mustache"), atomically: true, encoding: .utf8)
        let custom = try CLI.run(["report", "--data", "x", "--out", "custom", "--as-of", "2026-09-02", "--templates", "mine"], in: root)
        #expect(custom.status == 0, "\(custom.stderr)")
        #expect(try String(contentsOf: root.appendingPathComponent("custom/readiness.md"), encoding: .utf8) == "# Our readiness page\n\nAsk #crm-integrations.\n")
        for page in ["README.md", "weekly/README.md", "change-review/example-installed-package.md"] {
            #expect(try Data(contentsOf: root.appendingPathComponent("custom/" + page)) == Data(contentsOf: root.appendingPathComponent("plain/" + page)), "\(page) should come from the built-in template")
        }

        // A broken override is named with its line; a missing folder is wrong usage.
        try "ok\n{{#rows}}\n".write(to: mine.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
        let broken = try CLI.run(["report", "--data", "x", "--out", "custom", "--templates", "mine"], in: root)
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("mine/index.mustache:"), "\(broken.stderr)")
        let missing = try CLI.run(["report", "--data", "x", "--out", "custom", "--templates", "nope"], in: root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope: error: templates folder not found"))
    }
}
