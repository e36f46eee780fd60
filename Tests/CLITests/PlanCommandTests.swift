import Foundation
import Testing

/// `credgraph plan` and `credgraph metrics` through the built executable.
@Suite struct PlanCommandTests {
    static func dataFolder(_ root: URL, lead: Int = 14, freeze: String = "") throws -> URL {
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("""
            integration,environment,installed_package,client_id,technical_owner,business_owner,secret_location,secret_expires_on
            Orders Feed,prod,Orders "Hub",client-prod-0001,"Dana Whitfield <dana@example.com>",CRM Team,vault:kv/orders,2026-11-20
            Orders Feed,qa,Orders Hub Sandbox,client-qa-00002,"Dana Whitfield <dana@example.com>",CRM Team,vault:kv/orders-qa,2026-12-20
            Late Feed,prod,Late Package,client-late-003,Ops,Ops,vault:kv/late,2026-09-05

            """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
        try Data("""
            as_of: 2026-09-02T12:00:00Z
            rotation:
              timezone: Europe/Berlin
              lead_days: \(lead)
            \(freeze)
            """.utf8).write(to: data.appendingPathComponent("credgraph.yml"))
        return data
    }

    @Test func planPrintsJSONAndWritesCalendarsWhoseSequenceRisesOnlyWhenASlotMoves() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try Self.dataFolder(root)
        let out = root.appendingPathComponent("out")
        let first = try CLI.run(["plan", "--json", "--data", data.path, "--out", out.path, "--templates", CLI.packageRoot.appendingPathComponent("templates").path])
        #expect(first.status == 0, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(json["timezone"] as? String == "Europe/Berlin")
        let rotations = try #require(json["rotations"] as? [[String: Any]])
        #expect(rotations.count == 3)
        let prod = try #require(rotations.first { $0["client_id"] as? String == "client-prod-0001" })
        #expect(prod["due_by"] as? String == "2026-11-20")
        #expect((prod["waits_for"] as? [[String: Any]])?.first?["client_id"] as? String == "client-qa-00002")
        #expect((prod["start_local"] as? String)?.hasSuffix("+01:00") == true || (prod["start_local"] as? String)?.hasSuffix("+02:00") == true)
        let late = try #require(rotations.first { $0["client_id"] as? String == "client-late-003" })
        #expect((late["no_slot"] as? [String: Any])?["reason"] as? String == "too-late")

        let all = try String(contentsOf: out.appendingPathComponent("calendar/all.ics"), encoding: .utf8)
        #expect(all.contains("SUMMARY:Rotate Orders \"Hub\" (prod)\r\n"))
        #expect(all.contains("ATTENDEE;CN=Dana Whitfield;ROLE=REQ-PARTICIPANT:mailto:dana@example.com\r\n"))
        #expect(!all.contains("client-prod-0001"), "client ids masked in the calendar")
        #expect(all.components(separatedBy: "SEQUENCE:0\r\n").count == 4)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("calendar/dana-whitfield.ics").path))
        let plan = try String(contentsOf: out.appendingPathComponent("plan.md"), encoding: .utf8)
        #expect(plan.contains("## No slot in time"))
        #expect(plan.contains("[Orders \"Hub\"](change-review/orders-hub.md)"))

        // Same inputs again: byte-identical files.
        let again = try CLI.run(["plan", "--data", data.path, "--out", out.path, "--templates", CLI.packageRoot.appendingPathComponent("templates").path])
        #expect(again.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("calendar/all.ics"), encoding: .utf8) == all)

        // A freeze moves the prod slot: its event keeps its UID and gets SEQUENCE 1; the others stay at 0.
        _ = try Self.dataFolder(root, freeze: "  freeze:\n    - from: 2026-10-20\n      to: 2026-11-10\n      reason: Campaign\n")
        let moved = try CLI.run(["plan", "--data", data.path, "--out", out.path, "--templates", CLI.packageRoot.appendingPathComponent("templates").path])
        #expect(moved.status == 0, "\(moved.stderr)")
        let after = try String(contentsOf: out.appendingPathComponent("calendar/all.ics"), encoding: .utf8)
        #expect(after.components(separatedBy: "SEQUENCE:1\r\n").count >= 2)
        #expect(Set(Self.uids(after)) == Set(Self.uids(all)))
    }

    static func uids(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
    }

    @Test func metricsGoToAFileWrittenWhole() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try Self.dataFolder(root)
        let file = root.appendingPathComponent("textfile/credgraph.prom")
        let run = try CLI.run(["metrics", "--data", data.path, "--out", file.path])
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasSuffix("# EOF\n"))
        #expect(text.contains(#"credgraph_secret_due_timestamp_seconds{client_id="…0001",installed_package="Orders \"Hub\""} 1795132800"#))
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path) == ["credgraph.prom"], "no temporary file left")
        let stdout = try CLI.run(["metrics", "--data", data.path])
        #expect(stdout.stdout == text)
    }

    @Test func aBrokenRotationBlockIsOneErrorPerMistakeAndExitOne() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try Self.dataFolder(root)
        try Data("""
            rotation:
              timezone: Mars/Olympus
              windows: []

            """.utf8).write(to: data.appendingPathComponent("credgraph.yml"))
        let run = try CLI.run(["plan", "--data", data.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("credgraph.yml:2: error: 'rotation.timezone' must be an IANA time zone name"))
        #expect(run.stderr.contains("credgraph.yml:3: error: 'rotation.windows' lists no release window"))
        #expect(run.stderr.components(separatedBy: "error:").count == 3, "\(run.stderr)")
        let file = root.appendingPathComponent("keep.prom")
        try Data("old\n".utf8).write(to: file)
        let metrics = try CLI.run(["metrics", "--data", data.path, "--out", file.path])
        #expect(metrics.status == 1)
        #expect(try String(contentsOf: file, encoding: .utf8) == "old\n", "unusable inputs leave the last good metrics")
    }
}

extension PlanCommandTests {
    @Test func hostileNamesCannotForgeCalendarLines() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("""
            integration,environment,installed_package,client_id,technical_owner,business_owner,secret_expires_on
            "Feed\nEND:VEVENT",prod,"Pkg; evil, \\\\ \nBEGIN:VEVENT",client-evil-0001,"<a\nATTENDEE:x@y.z>","Eve;ROLE=CHAIR <eve@example.com>",2026-12-01

            """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
        let out = root.appendingPathComponent("out")
        let run = try CLI.run(["plan", "--data", data.path, "--out", out.path, "--templates", CLI.packageRoot.appendingPathComponent("templates").path])
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = try Data(contentsOf: out.appendingPathComponent("calendar/all.ics"))
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
        #expect(lines.filter { $0 == "END:VEVENT" }.count == 1)
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE:") })
        #expect(lines.contains("ATTENDEE;CN=\"Eve;ROLE=CHAIR\";ROLE=REQ-PARTICIPANT:mailto:eve@example.com"))
        #expect(lines.contains { $0.hasPrefix("SUMMARY:Rotate Pkg\\; evil\\, \\\\\\\\ \\nBEGIN:VEVENT") })
    }
}
