import Foundation
import Testing

/// The history contract through the built executable: `diff`, snapshots
/// kept across runs, hostile history files, two runs at once, and
/// acknowledgements in `risk --json`, `--fail-on` and `check`.
struct HistoryCommandTests {
    static let lastWeek = CLI.packageRoot.appendingPathComponent("reports/history/2026-08-26.json").path
    static let thisWeek = CLI.packageRoot.appendingPathComponent("reports/history/2026-09-02.json").path

    @Test func diffTextJSONAndFailOnNew() throws {
        let text = try CLI.run(["diff", Self.lastWeek, Self.thisWeek])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.hasPrefix("What changed from 2026-08-26 to 2026-09-02:"))
        for section in ["New findings", "Resolved findings", "Escalated", "Secrets rotated", "Consumers added", "Readiness moved"] {
            #expect(text.stdout.contains(section), "no \(section) in \(text.stdout)")
        }
        #expect(text.stdout.contains("Mobile Messaging Gateway (…3i1s): expiry 2026-09-04 -> 2027-02-23; new secret version v12 seen"))
        // Masked in text, in full in JSON.
        #expect(!text.stdout.contains("ope2uso32kim7ynjo5lw3i1s"))
        let json = try CLI.run(["diff", "--json", Self.lastWeek, Self.thisWeek])
        #expect(json.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["baseline_as_of"] as? String == "2026-08-26")
        let added = object?["consumers_added"] as? [[String: Any]]
        #expect(added?.map { $0["consumer"] as? String } == ["MuleSoft Customer Master Sync@prod"])
        #expect((object?["new_findings"] as? [Any])?.isEmpty == false)

        let gate = try CLI.run(["diff", "--fail-on-new", "critical", Self.lastWeek, Self.thisWeek])
        #expect(gate.status == 1)
        #expect(gate.stderr.contains("new findings at or above critical since 2026-08-26"))
        // Backwards, nothing is new at critical (the expiry that resolved was critical only last week... and is new here).
        let same = try CLI.run(["diff", "--fail-on-new", "info", Self.thisWeek, Self.thisWeek])
        #expect(same.status == 0)
        #expect(same.stdout.contains("nothing"))
        let missing = try CLI.run(["diff", "/nonexistent/old.json", Self.thisWeek])
        #expect(missing.status == 2)
    }

    @Test func diffReadsRiskJSONAndRefusesOtherFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let risk = try CLI.run(["risk", "--json", "--data", "data"])
        #expect(risk.status == 0)
        let riskFile = dir.appendingPathComponent("risk.json")
        try Data(risk.stdout.utf8).write(to: riskFile)
        let againstSnapshot = try CLI.run(["diff", Self.lastWeek, riskFile.path])
        #expect(againstSnapshot.status == 0, "stderr: \(againstSnapshot.stderr)")
        #expect(againstSnapshot.stdout.contains("Secrets rotated"))
        let itself = try CLI.run(["diff", riskFile.path, riskFile.path])
        #expect(itself.stdout.contains("nothing"))
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"hello": 1}"#.utf8).write(to: bad)
        let refused = try CLI.run(["diff", bad.path, riskFile.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.json: error: not a valid credgraph snapshot"))
    }

    @Test func reportKeepsEverySnapshotAndNamesHostileOnes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports")
        let history = out.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        let hostile: [String: String] = [
            "2026-08-19.json": "{\"schema_version\": 1, \"as_of\": ",
            "2026-08-12.json": "{\"schema_version\": 7, \"as_of\": \"2026-08-12\"}",
        ]
        for (name, text) in hostile { try Data(text.utf8).write(to: history.appendingPathComponent(name)) }
        var later = try String(contentsOfFile: Self.lastWeek, encoding: .utf8)
        later = later.replacingOccurrences(of: "\"as_of\": \"2026-08-26\"", with: "\"as_of\": \"2026-09-30\"")
        try Data(later.utf8).write(to: history.appendingPathComponent("2026-09-30.json"))

        let first = try CLI.run(["report", "--data", "data", "--out", out.path])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(first.stderr.contains("history/2026-08-19.json: warning: not a JSON document"))
        #expect(first.stderr.contains("history/2026-08-12.json: warning: schema_version 7"))
        #expect(first.stderr.contains("history/2026-09-30.json: warning: is from a later as-of (2026-09-30)"))
        let index = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(index.contains("This is the first snapshot in `history/` that credgraph could use"))
        #expect(index.components(separatedBy: "first snapshot").count == 2, "said once")
        for (name, text) in hostile {
            #expect(try String(contentsOf: history.appendingPathComponent(name), encoding: .utf8) == text)
        }
        #expect(try String(contentsOf: history.appendingPathComponent("2026-09-30.json"), encoding: .utf8) == later)

        // A second run a week earlier, then this week again: both kept, and
        // this week's compares with last week's.
        let earlier = try CLI.run(["report", "--data", "data", "--as-of", "2026-08-30T12:00:00Z", "--out", out.path])
        #expect(earlier.status == 0, "stderr: \(earlier.stderr)")
        let again = try CLI.run(["report", "--data", "data", "--out", out.path])
        #expect(again.status == 0)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: history.path))
        #expect(names == ["2026-08-12.json", "2026-08-19.json", "2026-08-30.json", "2026-09-02.json", "2026-09-30.json"])
        let updated = try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(updated.contains("## What changed since 2026-08-30"))
        #expect(updated.contains("x-axis [\"2026-08-30\", \"2026-09-02\"]"))

        // --baseline picks another snapshot; a missing one is a usage error.
        let chosen = try CLI.run(["report", "--data", "data", "--baseline", Self.lastWeek, "--out", out.path])
        #expect(chosen.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8).contains("## What changed since 2026-08-26"))
        let missing = try CLI.run(["report", "--data", "data", "--baseline", "/nonexistent.json", "--out", out.path])
        #expect(missing.status == 2)
    }

    @Test func twoRunsAtOnceLoseNothing() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports").path
        func start(_ asOf: String) throws -> Process {
            let process = Process()
            process.executableURL = CLI.executable
            process.arguments = ["report", "--data", "data", "--as-of", asOf, "--out", out]
            process.currentDirectoryURL = CLI.packageRoot
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        let a = try start("2026-09-01T12:00:00Z")
        let b = try start("2026-09-02T12:00:00Z")
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out + "/history"))
        #expect(names == ["2026-09-01.json", "2026-09-02.json"])
    }

    @Test func acknowledgementsInRiskJSONAndGates() throws {
        let json = try CLI.run(["risk", "--json", "--data", "data"])
        #expect(json.stdout.contains("\"acknowledged\": {"))
        #expect(json.stdout.contains("\"reason\": \"BigQuery slot reservation being renegotiated, ticket DATA-1187\""))
        #expect(json.stdout.contains("\"acknowledgement_expired\": {"))
        let check = try CLI.run(["check", "--data", "data"])
        // The warning names the line of the entry's `ref:`, wherever the sample puts it.
        let settings = try String(contentsOf: CLI.packageRoot.appendingPathComponent("data/credgraph.yml"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        func line(of ref: String) -> Int { (settings.firstIndex { $0.hasSuffix("ref: " + ref) } ?? -2) + 1 }
        #expect(check.stderr.contains("data/credgraph.yml:\(line(of: "integration:Legacy Coupon FTP Export")): warning: acknowledgement of integration:Legacy Coupon FTP Export matches nothing"))
        #expect(check.stderr.contains("data/credgraph.yml:\(line(of: "package:Store Clienteling App")): warning: acknowledgement of package:Store Clienteling App (not-monitored) expired on 2026-08-31"))

        // A settings file acknowledging every finding of the estate's only
        // medium-at-worst credential silences --fail-on until its date, not after.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.packageRoot.appendingPathComponent("data")
        let config = dir.appendingPathComponent("credgraph.yml")
        try Data("""
            as_of: 2026-09-02T12:00:00Z
            acknowledgements:
              - ref: package:BigQuery Engagement Export
                reason: accepted for the quarter
                by: Priya Raman
                until: 2026-09-20

            """.utf8).write(to: config)
        let inventory = dir.appendingPathComponent("inventory.csv")
        // Only that credential's rows, so it is the only thing at or above medium.
        let rows = try String(contentsOf: data.appendingPathComponent("inventory.csv"), encoding: .utf8).split(separator: "\n")
        try Data(([String(rows[0])] + rows.filter { $0.contains("BigQuery Engagement Export") }.map(String.init)).joined(separator: "\n").utf8 + [10]).write(to: inventory)
        // No probes: nothing uninventoried; the credential is not monitored (medium), which the acknowledgement covers too.
        let probes = dir.appendingPathComponent("probes")
        try FileManager.default.createDirectory(at: probes, withIntermediateDirectories: true)
        let base = ["--data", dir.path, "--inventory", inventory.path, "--config", config.path, "--probes", probes.path]
        let silenced = try CLI.run(["risk"] + base + ["--fail-on", "medium"])
        #expect(silenced.status == 0, "stdout: \(silenced.stdout) stderr: \(silenced.stderr)")
        let after = try CLI.run(["risk"] + base + ["--fail-on", "medium", "--as-of", "2026-09-21"])
        #expect(after.status == 1)
        #expect(after.stdout.contains("acknowledgement expired on 2026-09-20") || after.stderr.contains("expired on 2026-09-20"))
        let checkGate = try CLI.run(["check"] + base + ["--fail-on", "medium"])
        #expect(checkGate.status == 0, "stderr: \(checkGate.stderr)")
    }
}

/// A run waits while another holds the output folder's lock, and goes on
/// once it is released: held here by the test itself, so the wait is certain.
struct OutputLockWaitTests {
    @Test func aRunWaitsForTheLockHolder() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports").path
        let fd = open(dir.appendingPathComponent(".reports.lock").path, O_RDWR | O_CREAT, 0o644)
        #expect(fd >= 0)
        #expect(flock(fd, LOCK_EX) == 0)
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["report", "--data", "data", "--out", out]
        process.currentDirectoryURL = CLI.packageRoot
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        // Long enough for the analysis; the write must still be waiting.
        var waited = 0
        while waited < 120, !FileManager.default.fileExists(atPath: out), process.isRunning {
            Thread.sleep(forTimeInterval: 0.5)
            waited += 1
            if waited == 40 { break }
        }
        #expect(process.isRunning, "the run did not wait for the lock")
        #expect(!FileManager.default.fileExists(atPath: out + "/history"))
        flock(fd, LOCK_UN)
        close(fd)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stderr.contains("another run is writing"))
        #expect(FileManager.default.fileExists(atPath: out + "/history/2026-09-02.json"))
    }
}

/// Files in history/ that are not snapshots: kept, never lost.
struct HistoryForeignFileTests {
    @Test func otherFilesAreCarriedOrTheFolderRefused() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("reports")
        let history = out.appendingPathComponent("history")
        try FileManager.default.createDirectory(at: history, withIntermediateDirectories: true)
        try Data("kept as it is\n".utf8).write(to: history.appendingPathComponent("README.txt"))
        let run = try CLI.run(["report", "--data", "data", "--out", out.path])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try String(contentsOf: history.appendingPathComponent("README.txt"), encoding: .utf8) == "kept as it is\n")
        #expect(FileManager.default.fileExists(atPath: history.appendingPathComponent("2026-09-02.json").path))

        // A name credgraph cannot write back: the folder is refused, nothing is lost.
        try Data("x".utf8).write(to: history.appendingPathComponent("my notes.txt"))
        let refused = try CLI.run(["report", "--data", "data", "--out", out.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("history/my notes.txt"))
        #expect(FileManager.default.fileExists(atPath: history.appendingPathComponent("my notes.txt").path))
        #expect(FileManager.default.fileExists(atPath: history.appendingPathComponent("README.txt").path))
    }
}
