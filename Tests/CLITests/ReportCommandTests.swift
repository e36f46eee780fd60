import Foundation
import Testing

/// `credgraph report`, `weekly` and `readiness` through the built executable:
/// the committed reports/ stay current (the one test on data/), templates
/// can be overridden, and no input text can break a page or leave the output
/// folder. The others run on the risk estate (Tests/Fixtures/risk-estate).
@Suite(.serialized) struct ReportCommandTests {
    static let data = CLI.estate("risk-estate")

    static func files(under root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var paths: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                paths.append(String(url.path.dropFirst(root.path.count + 1)))
            }
        }
        return paths.sorted()
    }

    /// Set CREDGRAPH_RECORD=1 to rewrite reports/ from data/ instead of comparing.
    @Test func committedReportsAreCurrent() throws {
        let committed = CLI.packageRoot.appendingPathComponent("reports")
        if ProcessInfo.processInfo.environment["CREDGRAPH_RECORD"] == "1" {
            let result = try CLI.run(["report", "--data", "data", "--out", "reports"])
            #expect(result.status == 0)
            return
        }
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports")
        // Last week's snapshot (docs/sample-data.md says how it is made) is an input of "What changed".
        try FileManager.default.createDirectory(at: out.appendingPathComponent("history"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: committed.appendingPathComponent("history/2026-08-26.json"),
                                         to: out.appendingPathComponent("history/2026-08-26.json"))
        // `make report` runs over the committed folder, whose calendar sets each event's SEQUENCE
        // (raised when a slot moved): start from it, as the previous run.
        let calendar = committed.appendingPathComponent("calendar/all.ics")
        if FileManager.default.fileExists(atPath: calendar.path) {
            try FileManager.default.createDirectory(at: out.appendingPathComponent("calendar"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: committed.appendingPathComponent(".credgraph-manifest"), to: out.appendingPathComponent(".credgraph-manifest"))
            try FileManager.default.copyItem(at: calendar, to: out.appendingPathComponent("calendar/all.ics"))
        }
        let result = try CLI.run(["report", "--data", "data", "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let expected = Self.files(under: committed)
        let actual = Self.files(under: out)
        #expect(actual == expected, "reports/ is stale: run `make report` (or CREDGRAPH_RECORD=1 swift test) and commit it")
        for path in expected where actual.contains(path) {
            let a = try Data(contentsOf: committed.appendingPathComponent(path))
            let b = try Data(contentsOf: out.appendingPathComponent(path))
            #expect(a == b, "reports/\(path) differs from a fresh run: regenerate and commit reports/")
        }
        // The layout of outputs.md.
        for required in ["README.md", "weekly/README.md", "readiness.md", "graph.svg"] {
            #expect(actual.contains(required))
        }
        #expect(actual.contains { $0.hasPrefix("change-review/") && $0.hasSuffix(".md") })
        #expect(actual.contains { $0.hasPrefix("change-review/") && $0.hasSuffix(".svg") })
    }

    @Test func reportsMaskClientIDsUnlessTurnedOff() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ids = Set(try String(contentsOf: CLI.packageRoot.appendingPathComponent(Self.data + "/inventory.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init) })
        #expect(ids.count == 9)
        let masked = dir.appendingPathComponent("masked")
        #expect(try CLI.run(["report", "--data", Self.data, "--out", masked.path]).status == 0)
        // history/*.json is JSON, for machines: client ids in full there (outputs.md, docs/snapshots.md).
        for path in Self.files(under: masked) where !path.hasPrefix("history/") {
            let text = try String(contentsOf: masked.appendingPathComponent(path), encoding: .utf8)
            for id in ids { #expect(!text.contains(id), "\(path) shows client id \(id) in full") }
        }
        // mask_client_ids: false shows them.
        let data = dir.appendingPathComponent("data")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent(Self.data), to: data)
        let config = data.appendingPathComponent("credgraph.yml")
        let yaml = try String(contentsOf: config, encoding: .utf8) + "reports:\n  mask_client_ids: false\n"
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        let unmasked = dir.appendingPathComponent("unmasked")
        #expect(try CLI.run(["report", "--data", data.path, "--out", unmasked.path]).status == 0)
        let index = try String(contentsOf: unmasked.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(ids.contains { index.contains($0) })
    }

    @Test func templatesCanBeOverriddenAndErrorsNameTheTemplateAndLine() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let templates = dir.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("templates"), to: templates)
        let index = templates.appendingPathComponent("index.mustache")
        try ("Custom header for {{asOf}}\n" + String(contentsOf: index, encoding: .utf8)).write(to: index, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let ok = try CLI.run(["report", "--data", Self.data, "--templates", templates.path, "--out", out.path])
        #expect(ok.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8).hasPrefix("Custom header for 2026-09-02\n"))

        try "line one\n{{#credentials}}\nunclosed\n".write(to: templates.appendingPathComponent("readiness.mustache"), atomically: true, encoding: .utf8)
        let before = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        let broken = try CLI.run(["report", "--data", Self.data, "--templates", templates.path, "--out", out.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("readiness.mustache:"))
        #expect(broken.stderr.contains(": error:"))
        // Nothing was written: the previous reports are untouched.
        #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8) == before)

        let missing = try CLI.run(["report", "--data", Self.data, "--templates", dir.appendingPathComponent("nowhere").path, "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere: error: templates folder not found"))
    }

    @Test func weeklyAndReadinessCommandsWriteTheirPages() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let weekly = try CLI.run(["weekly", "--data", Self.data, "--out", dir.path])
        #expect(weekly.status == 0)
        let pages = Self.files(under: dir.appendingPathComponent("weekly"))
        #expect(pages.contains("README.md"))
        // One page per owner named in the estate's inventory, and the index.
        #expect(pages.count == 11)
        #expect(pages.contains("kenji-watanabe.md"))
        let readiness = try CLI.run(["readiness", "--data", Self.data, "--out", dir.path, "--deadline", "2026-10-15"])
        #expect(readiness.status == 0)
        let text = try String(contentsOf: dir.appendingPathComponent("readiness.md"), encoding: .utf8)
        #expect(text.hasPrefix("# Readiness for 2026-10-15"))
        #expect(text.contains("```mermaid\ngantt"))
        #expect(text.contains("Rotation deadline :milestone, crit, 2026-10-15, 0d"))
        let badDeadline = try CLI.run(["readiness", "--data", Self.data, "--out", dir.path, "--deadline", "soon"])
        #expect(badDeadline.status == 2)
    }

    @Test func hostileTextCannotBreakPagesOrLeaveTheOutputFolder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let hostileOwner = "\"../../evil | `tick` <script>alert(1)</script>\nsecond line\""
        let csv = """
            integration,environment,installed_package,client_id,business_owner,technical_owner,secret_location,secret_expires_on,alerting,notes
            "Pipe | Integration",prod,"Pkg <b>bold</b> | x",abc123def456ghi789jkl012,\(hostileOwner),"../../../etc/passwd",vault:kv/x,2026-09-10,pager:x,"[link](javascript:alert(1)) *em* _u_"
            "Back`tick`\r\nIntegration",qa,"../../outside",zzz999yyy888xxx777www666,"Team # One","Team # One",hardcoded,2026-09-05,none,
            """
        try csv.write(to: data.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)
        try "as_of: 2026-09-02\ndeadline: 2026-09-30\n".write(to: data.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let result = try CLI.run(["report", "--data", data.path, "--out", out.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // Nothing escaped the output folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["data", "out"])
        for path in Self.files(under: out) {
            // Slugs (lower-case ASCII, digits, -) and the fixed README.md only.
            #expect(path.split(separator: "/").allSatisfy { part in
                part == "README.md" || part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) }
            }, "unsafe path \(path)")
            guard path.hasSuffix(".md") else { continue }
            let text = try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
            #expect(!text.contains("<script>"), "\(path) has raw HTML")
            #expect(!text.contains("<b>"), "\(path) has raw HTML")
            // An escaped `\]` (the notes are shown on change reviews) is text, not a link.
            #expect(text.range(of: #"(?<!\\)\]\(javascript:"#, options: .regularExpression) == nil, "\(path) has a live link")
            // Every table row has as many cells as its header.
            var columns: Int?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("|") else { columns = nil; continue }
                let cells = Self.cellCount(String(line))
                if let columns { #expect(cells == columns, "\(path): row has \(cells) cells, header \(columns): \(line)") } else { columns = cells }
            }
        }
    }

    /// Cells of a GitHub table row: pipes not escaped by a backslash.
    static func cellCount(_ row: String) -> Int {
        var count = 0
        var escaped = false
        for ch in row {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "|" { count += 1 }
        }
        return count - 1
    }
}
