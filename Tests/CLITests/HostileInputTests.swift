import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken inputs, run through the built executable: every run
/// ends by itself (no crash, no hang), exits 0, 1 or 2, and says what is
/// wrong naming the file (and the line where there is one). Garbage never
/// passes silently.
@Suite struct HostileInputTests {
    static let inventory = """
        integration,environment,installed_package,client_id,secret_expires_on,technical_owner,notes
        Boomi nightly ETL,prod,MC Boomi,4f1c0d9e2b7a,2026-09-30,Data Team,"Nightly, full load"
        Preference center,prod,MC Prefs,9a8b7c6d5e4f,2026-12-01,Web Team,CloudPage form
        Preference center,qa,MC Prefs,9a8b7c6d5e4f,2026-12-01,Web Team,

        """
    static let dependencies = """
        from,to,to_kind
        Boomi nightly ETL,Loyalty_Tiers,data-extension
        Loyalty_Tiers,Tier email,email

        """
    static let probes = """
        {"ts":"2026-09-01T10:05:00Z","env":"prod","client_id":"4f1c0d9e2b7a","consumer":"Boomi nightly ETL","status":200,"latency_ms":182}
        ts=2026-09-01T10:10:00.250+02:00 env=prod client_id=9a8b7c6d5e4f endpoint=token status=401 error=invalid_client

        """

    typealias Run = ProcessResult

    /// Runs credgraph with a deadline: a hang is a failure, not a stuck test.
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 60) throws -> Run {
        try ProcessRunner.run(CLI.executable, arguments, in: directory, timeout: timeout)
    }

    /// A data folder with the clean inputs, then `edit` applied.
    static func dataFolder(_ root: URL, _ edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let data = root.appendingPathComponent("data")
        let fm = FileManager.default
        try fm.createDirectory(at: data.appendingPathComponent("probes"), withIntermediateDirectories: true)
        try Data(inventory.utf8).write(to: data.appendingPathComponent("inventory.csv"))
        try Data(dependencies.utf8).write(to: data.appendingPathComponent("dependencies.csv"))
        try Data(probes.utf8).write(to: data.appendingPathComponent("probes/checks.log"))
        try edit(data)
        return data
    }

    /// Runs `check` (and `risk`) on a data folder built by `edit`, and checks
    /// the promises every run keeps. Returns the `check` run.
    @discardableResult
    static func expectOrderly(
        _ name: String, extra: [String] = [], statuses: Set<Int32> = [0, 1, 2],
        _ edit: (URL) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try dataFolder(root, edit)
        var first: Run?
        for command in ["check", "risk"] {
            let run = try run([command, "--data", data.path, "--as-of", "2026-09-02"] + extra, in: root)
            #expect(!run.timedOut, "\(name): \(command) hung", sourceLocation: sourceLocation)
            #expect(!run.crashed, "\(name): \(command) crashed: \(run.stderr)", sourceLocation: sourceLocation)
            #expect(statuses.contains(run.status), "\(name): \(command) exited \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
            // Every message names a file (FILE:LINE: or FILE:) or is credgraph's own.
            for line in run.stderr.split(separator: "\n") {
                let named = line.hasPrefix(data.path) || line.hasPrefix("credgraph:")
                #expect(named, "\(name): \(command): unattributed message: \(line.prefix(200))", sourceLocation: sourceLocation)
            }
            #expect(!run.stderr.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" },
                    "\(name): control characters reached the terminal", sourceLocation: sourceLocation)
            if first == nil { first = run }
        }
        return first!
    }

    static func write(_ bytes: [UInt8], _ url: URL) throws { try Data(bytes).write(to: url) }

    // MARK: - Cases

    @Test func bitFlipsNeverCrashOrHang() throws {
        var state: UInt64 = 0xB17F11B5
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for round in 0..<6 {
            try Self.expectOrderly("bit flips \(round)") { data in
                for name in ["inventory.csv", "dependencies.csv", "probes/checks.log"] {
                    let url = data.appendingPathComponent(name)
                    var bytes = Array(try Data(contentsOf: url))
                    for _ in 0..<(4 + round * 3) {
                        let i = next() % bytes.count
                        bytes[i] ^= UInt8(1 << (next() % 8))
                    }
                    try Self.write(bytes, url)
                }
            }
        }
    }

    @Test func truncationIsReportedWithItsLine() throws {
        // Cut inside the quoted notes cell of line 2.
        let cut = Array(Self.inventory.utf8).prefix { $0 != UInt8(ascii: "\"") }.count + 5
        let run = try Self.expectOrderly("truncated inventory", statuses: [1]) { data in
            try Self.write(Array(Array(Self.inventory.utf8)[..<cut]), data.appendingPathComponent("inventory.csv"))
        }
        #expect(run.stderr.contains("inventory.csv:2: error: unterminated quoted cell"))

        let json = try Self.expectOrderly("truncated probe line") { data in
            let probes = Array(Self.probes.utf8)
            try Self.write(Array(probes[..<60]), data.appendingPathComponent("probes/checks.log"))
        }
        #expect(json.stderr.contains("checks.log:1: warning: malformed probe line"))

        let gz = try Self.expectOrderly("truncated gzip", statuses: [1]) { data in
            try Self.write([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03, 0xAB, 0xCD], data.appendingPathComponent("probes/old.log.gz"))
        }
        #expect(gz.stderr.contains("old.log.gz: error: cannot read probe log"))
    }

    @Test func nulBytesAreFlagged() throws {
        let run = try Self.expectOrderly("NUL in a cell") { data in
            let text = Self.inventory.replacingOccurrences(of: "Data Team", with: "Data\u{0}Team")
            try Self.write(Array(text.utf8), data.appendingPathComponent("inventory.csv"))
            try Self.write(Array(Self.probes.replacingOccurrences(of: "Boomi nightly", with: "Boomi\u{0}nightly").utf8),
                           data.appendingPathComponent("probes/checks.log"))
        }
        #expect(run.stderr.contains("inventory.csv:2: warning: NUL byte"))
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: control character"))

        let zeros = try Self.expectOrderly("a file of NULs", statuses: [1]) { data in
            try Self.write([UInt8](repeating: 0, count: 4096), data.appendingPathComponent("inventory.csv"))
        }
        #expect(zeros.stderr.contains("inventory.csv:1: error: missing required column"))
    }

    @Test func invalidUTF8IsFlagged() throws {
        let run = try Self.expectOrderly("invalid UTF-8") { data in
            var bytes = Array(Self.inventory.utf8)
            bytes.replaceSubrange(bytes.firstIndex(of: UInt8(ascii: "B"))!..<(bytes.firstIndex(of: UInt8(ascii: "B"))! + 1), with: [0xFF, 0xFE, 0xC3])
            try Self.write(bytes, data.appendingPathComponent("inventory.csv"))
            var probe = Array(#"{"ts":"2026-09-01T10:05:00Z","client_id":"4f1c0d9e2b7a","consumer":"Boomi "#.utf8)
            probe += [0xC3, 0x28]
            probe += Array(#"","status":200}"#.utf8) + [10]
            try Self.write(probe, data.appendingPathComponent("probes/checks.log"))
        }
        #expect(run.stderr.contains("inventory.csv:2: warning: invalid UTF-8 replaced"))
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: invalid consumer: not UTF-8"))

        let utf16 = try Self.expectOrderly("UTF-16 inventory", statuses: [1]) { data in
            var bytes: [UInt8] = [0xFF, 0xFE]
            for unit in Self.inventory.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            try Self.write(bytes, data.appendingPathComponent("inventory.csv"))
        }
        #expect(utf16.stderr.contains("inventory.csv: error: file is UTF-16 encoded"))
    }

    @Test func fiveMegabyteLinesHitTheLimits() throws {
        let big = String(repeating: "x", count: 5_000_000)
        let run = try Self.expectOrderly("5 MB lines", statuses: [1]) { data in
            try Self.write(Array((Self.inventory + "Huge,prod,MC Huge,hugeclient,2026-09-30,Ops,\(big)\n").utf8),
                           data.appendingPathComponent("inventory.csv"))
            try Self.write(Array((Self.dependencies + "\"\(big)\",x,email\n").utf8), data.appendingPathComponent("dependencies.csv"))
            try Self.write(Array((Self.probes + "ts=2026-09-01T10:05:00Z client_id=4f1c0d9e2b7a status=200 note=\(big)\n").utf8),
                           data.appendingPathComponent("probes/checks.log"))
        }
        #expect(run.stderr.contains("inventory.csv:5: error: a cell is longer than 1048576 bytes; record skipped"))
        #expect(run.stderr.contains("dependencies.csv:4: error: a cell is longer than 1048576 bytes; record skipped"))
        #expect(run.stderr.contains("checks.log:3: warning: malformed probe line: longer than 1048576 bytes"))
    }

    @Test func deepNestingIsRefusedNotRecursed() throws {
        let deep = String(repeating: "[", count: 100_000)
        let run = try Self.expectOrderly("100,000 nested brackets", statuses: [1]) { data in
            try Self.write(Array(#"{"ts":"2026-09-01T10:05:00Z","client_id":"4f1c0d9e2b7a","status":200,"x":\#(deep)"#.utf8) + [10],
                           data.appendingPathComponent("probes/checks.log"))
            try Self.write(Array(deep.utf8), data.appendingPathComponent("credgraph.yml"))
        }
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: JSON nested deeper than 512 levels"))
        #expect(run.stderr.contains("credgraph.yml:1: error: invalid YAML"))
        let braces = try Self.expectOrderly("nested YAML mappings", statuses: [1]) { data in
            try Self.write(Array(("as_of: " + String(repeating: "{a: ", count: 100_000)).utf8), data.appendingPathComponent("credgraph.yml"))
        }
        #expect(braces.stderr.contains("credgraph.yml:1: error: invalid YAML"))
    }

    @Test func unbalancedQuotesAreReported() throws {
        let run = try Self.expectOrderly("unbalanced quotes", statuses: [1]) { data in
            let text = Self.inventory.replacingOccurrences(of: "Preference center,qa", with: "\"Preference center,qa")
            try Self.write(Array(text.utf8), data.appendingPathComponent("inventory.csv"))
            try Self.write(Array((Self.probes + "ts=2026-09-01T10:05:00Z client_id=\"4f1c0d9e2b7a status=200\n").utf8),
                           data.appendingPathComponent("probes/checks.log"))
        }
        #expect(run.stderr.contains("inventory.csv:4: error: unterminated quoted cell"))
        #expect(run.stderr.contains("checks.log:3: warning: malformed probe line: unterminated string"))
    }

    @Test func carriageReturnOnlyLineEnds() throws {
        let run = try Self.expectOrderly("CR-only line ends") { data in
            try Self.write(Array(Self.inventory.replacingOccurrences(of: "\n", with: "\r").utf8), data.appendingPathComponent("inventory.csv"))
            try Self.write(Array(Self.dependencies.replacingOccurrences(of: "\n", with: "\r").utf8), data.appendingPathComponent("dependencies.csv"))
            try Self.write(Array(Self.probes.replacingOccurrences(of: "\n", with: "\r").utf8), data.appendingPathComponent("probes/checks.log"))
        }
        // CSV reads lone CRs as line ends; a probe log must use LF, and says so.
        #expect(run.stdout.contains("3 rows, 2 credentials, 3 consumers"))
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line"))
        #expect(run.stderr.contains("CR-only line ends?"))
    }

    @Test func missingEmptyFolderAndUnreadableFiles() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try Self.dataFolder(root)
        let folder = root.appendingPathComponent("a-folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let empty = root.appendingPathComponent("empty.csv")
        try Self.write([], empty)
        let loop = root.appendingPathComponent("loop.csv")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: loop.path)
        let locked = root.appendingPathComponent("locked.csv")
        try Data(Self.inventory.utf8).write(to: locked)
        chmod(locked.path, 0)

        struct Case {
            var arguments: [String]
            var status: Int32
            var says: String
        }
        var cases = [
            Case(arguments: ["--inventory", root.appendingPathComponent("missing.csv").path], status: 2, says: "missing.csv' not found"),
            Case(arguments: ["--probes", root.appendingPathComponent("missing-probes").path], status: 2, says: "missing-probes' not found"),
            Case(arguments: ["--config", root.appendingPathComponent("missing.yml").path], status: 2, says: "missing.yml' not found"),
            Case(arguments: ["--dependencies", root.appendingPathComponent("missing.csv").path], status: 2, says: "missing.csv' not found"),
            Case(arguments: ["--inventory", empty.path], status: 1, says: "empty.csv: error: empty file"),
            Case(arguments: ["--dependencies", empty.path], status: 1, says: "empty.csv: error: empty file"),
            Case(arguments: ["--inventory", folder.path], status: 1, says: "a-folder: error: is a directory"),
            Case(arguments: ["--dependencies", folder.path], status: 1, says: "a-folder: error: is a directory"),
            Case(arguments: ["--config", folder.path], status: 1, says: "a-folder: error: is a directory"),
            Case(arguments: ["--inventory", loop.path], status: 2, says: "loop.csv"),
            Case(arguments: ["--data", root.appendingPathComponent("no-data").path], status: 2, says: "no-data' not found"),
        ]
        #if os(Linux)
        // Readable to nobody, root included: reading fails with EIO.
        cases.append(Case(arguments: ["--inventory", "/proc/self/mem"], status: 1, says: "/proc/self/mem: error: read failed"))
        #endif
        if geteuid() != 0 { // root reads anything, so this case only means something for other users
            cases.append(Case(arguments: ["--inventory", locked.path], status: 1, says: "locked.csv: error: cannot open: Permission denied"))
        }
        for c in cases {
            let run = try Self.run(["check", "--data", data.path] + c.arguments, in: root)
            #expect(!run.timedOut && !run.crashed)
            #expect(run.status == c.status, "\(c.arguments): exit \(run.status): \(run.stderr)")
            #expect(run.stderr.contains(c.says), "\(c.arguments): \(run.stderr)")
        }
        // An empty probe log and an empty configuration are fine: no lines, all defaults.
        try Self.write([], data.appendingPathComponent("probes/checks.log"))
        try Self.write([], data.appendingPathComponent("credgraph.yml"))
        let quiet = try Self.run(["check", "--data", data.path], in: root)
        #expect(quiet.status == 0, "\(quiet.stderr)")
    }

    @Test func binaryGarbageNeverPassesSilently() throws {
        var state: UInt64 = 0x6A5BA6E
        var garbage: [UInt8] = []
        for _ in 0..<30_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            garbage.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        let run = try Self.expectOrderly("random bytes", statuses: [1]) { data in
            try Self.write(garbage, data.appendingPathComponent("inventory.csv"))
            try Self.write(garbage, data.appendingPathComponent("dependencies.csv"))
            try Self.write(garbage, data.appendingPathComponent("probes/checks.log"))
            try Self.write(garbage, data.appendingPathComponent("credgraph.yml"))
        }
        #expect(run.stderr.contains("inventory.csv:1: error: missing required column"))
        #expect(run.stderr.contains("credgraph.yml"))
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line"))
        // Escape sequences in a header cell do not reach the terminal.
        let escapes = try Self.expectOrderly("escape sequences") { data in
            try Self.write(Array(Self.inventory.replacingOccurrences(of: ",notes", with: ",\u{1B}[2J\u{1B}]0;pwned\u{07}").utf8),
                           data.appendingPathComponent("inventory.csv"))
        }
        #expect(escapes.stderr.contains("unknown column"))
    }
}
