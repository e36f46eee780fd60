import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The findings of the second adversarial round (issue 18), each as a
/// reproduction through the built executable, with variants: a crash on a
/// huge latency, Graphviz escapes growing output with the square of a name,
/// `--out` replacing what credgraph did not write, secrets escaping the
/// redactor, hangs on special files, and smaller defects.
@Suite struct AdversarialRegressionTests {
    typealias H = HostileInputTests

    static let templates = CLI.packageRoot.appendingPathComponent("templates").path

    /// Every command that reads the inputs, with what it needs.
    static func commands(out: URL) -> [[String]] {
        [
            ["check"], ["risk"], ["risk", "--json"], ["graph", "--format", "dot"],
            ["report", "--templates", templates, "--out", out.appendingPathComponent("r").path],
            ["blast-radius", "client:4f1c0d9e2b7a"], ["path", "integration:Boomi nightly ETL@prod", "de:Loyalty_Tiers"],
        ]
    }

    /// Runs `arguments` on `data` (with a fixed --as-of) and checks it ended orderly.
    @discardableResult
    static func orderly(
        _ arguments: [String], data: URL, in root: URL, statuses: Set<Int32> = [0, 1], timeout: TimeInterval = 60,
        _ name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> H.Run {
        let full = [arguments[0], "--data", data.path, "--as-of", "2026-09-02T12:00:00Z"] + arguments.dropFirst()
        let run = try H.run(full, in: root, timeout: timeout)
        #expect(!run.timedOut, "\(name): \(arguments[0]) hung", sourceLocation: sourceLocation)
        #expect(!run.crashed, "\(name): \(arguments[0]) crashed: \(run.stderr.prefix(500))", sourceLocation: sourceLocation)
        #expect(statuses.contains(run.status), "\(name): \(arguments.joined(separator: " ")) exited \(run.status): \(run.stderr.prefix(500))", sourceLocation: sourceLocation)
        return run
    }

    // MARK: 1. A huge latency

    @Test func hugeLatencyIsAMalformedLineNotACrash() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // The reproduction, in every command.
        let data = try H.dataFolder(root) { data in
            try Data("ts=2026-09-02T11:00:00Z client_id=4f1c0d9e2b7a status=200 latency_ms=1e19\n".utf8)
                .write(to: data.appendingPathComponent("probes/checks.log"))
        }
        for command in Self.commands(out: root) {
            let run = try Self.orderly(command, data: data, in: root, "latency 1e19")
            #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: invalid latency_ms"), "\(command[0]): \(run.stderr)")
        }
        // Other huge numbers, in both line forms.
        for value in ["9223372036854775808", "18446744073709551616", "1e308", "1.7976931348623157e308", "99999999999999999999999", "86400001", "9.3e18"] {
            let variant = try H.dataFolder(root.appendingPathComponent("v\(value.hashValue & 0xFFFF)")) { data in
                try Data("""
                    ts=2026-09-02T11:00:00Z client_id=4f1c0d9e2b7a status=200 latency_ms=\(value)
                    {"ts":"2026-09-02T11:05:00Z","client_id":"4f1c0d9e2b7a","status":200,"latency_ms":\(value)}
                    {"ts":"2026-09-02T11:06:00Z","client_id":"4f1c0d9e2b7a","status":200,"duration_ms":"\(value)"}

                    """.utf8).write(to: data.appendingPathComponent("probes/checks.log"))
            }
            for command in [["check"], ["risk"], ["graph", "--format", "svg"]] {
                let run = try Self.orderly(command, data: variant, in: root, "latency \(value)")
                #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: invalid latency_ms"), "\(value): \(run.stderr)")
                #expect(run.stderr.contains("checks.log:3: warning: malformed probe line: invalid duration_ms"), "\(value): \(run.stderr)")
            }
        }
        // A day is still a latency; it is reported, not refused.
        let slow = try H.dataFolder(root.appendingPathComponent("slow")) { data in
            let lines = (0..<20).map { "ts=2026-09-02T11:\(10 + $0):00Z client_id=4f1c0d9e2b7a status=200 latency_ms=86400000" }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: data.appendingPathComponent("probes/checks.log"))
        }
        let risk = try Self.orderly(["risk", "--json"], data: slow, in: root, "latency one day")
        #expect(!risk.stderr.contains("malformed"))
        #expect(risk.stdout.contains("Token p95 latency 86400000 ms"))
    }

    // MARK: 2. Graphviz escapes

    @Test func graphvizEscapesInNamesStayLinear() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for escape in ["\\L", "\\N", "\\G", "\\E", "\\H", "\\T", "\\l", "\\n", "\\r", "\\\\"] {
            let repeated = String(repeating: escape, count: 3_000)
            let data = try H.dataFolder(root.appendingPathComponent("e\(escape.unicodeScalars.last!.value)")) { data in
                try Data("""
                    integration,environment,installed_package,client_id,secret_expires_on,technical_owner,business_owner
                    A\(repeated),prod,P\(repeated),4f1c0d9e2b7a,2026-09-30,T\(repeated),B\(repeated)

                    """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
                try Data("""
                    from,to,to_kind,owner
                    A\(repeated),D\(repeated),data-extension,O\(repeated)

                    """.utf8).write(to: data.appendingPathComponent("dependencies.csv"))
            }
            // Every clustering for the escape that blew up; one for the rest (suite time).
            for cluster in escape == "\\L" ? ["environment", "owner", "package"] : ["owner"] {
                let out = root.appendingPathComponent("g-\(escape.unicodeScalars.last!.value)-\(cluster).svg")
                try Self.orderly(["graph", "--cluster-by", cluster, "--out", out.path], data: data, in: root, "escape \(escape)")
                let size = (try? FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0
                // About 20 copies of a 6 KB name at most; quadratic growth was 100 MB here.
                #expect(size > 0 && size < 1_500_000, "\(escape) by \(cluster): \(size) bytes")
            }
            guard ["\\L", "\\N", "\\\\"].contains(escape) else { continue }
            let report = root.appendingPathComponent("rep-\(escape.unicodeScalars.last!.value)")
            try Self.orderly(["report", "--templates", Self.templates, "--out", report.path], data: data, in: root, "escape \(escape) report")
        }
    }

    @Test func theSegfaultingNameIsDrawn() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // `"L\L\…"` of 150,000 pairs, as an integration and as an installed package.
        let name = "L" + String(repeating: "\\L", count: 150_000)
        let data = try H.dataFolder(root) { data in
            try Data("""
                integration,environment,installed_package,client_id,secret_expires_on,technical_owner
                \(name),prod,\(name),4f1c0d9e2b7a,2026-09-30,Data Team

                """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
        }
        try Self.orderly(["graph", "--out", root.appendingPathComponent("g.svg").path], data: data, in: root, "150,000 \\L")
        try Self.orderly(["report", "--templates", Self.templates, "--out", root.appendingPathComponent("r").path], data: data, in: root, "150,000 \\L report")
    }

    // MARK: 3. --out

    @Test func reportCommandsRefuseFoldersTheyDidNotWrite() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let data = try H.dataFolder(root)
        // A copy of docs/ (only Markdown: the old extension check let it be wiped).
        let docs = root.appendingPathComponent("docs-copy")
        try fm.copyItem(at: CLI.packageRoot.appendingPathComponent("docs"), to: docs)
        let before = try fm.contentsOfDirectory(atPath: docs.path).sorted()
        for command in ["report", "weekly", "readiness"] {
            for target in [docs, data] {
                let run = try Self.orderly([command, "--templates", Self.templates, "--out", target.path], data: data, in: root, statuses: [2], "\(command) into \(target.lastPathComponent)")
                #expect(run.stderr.contains("credgraph: error:") && run.stderr.contains("is not a folder credgraph wrote"), "\(command): \(run.stderr)")
            }
        }
        #expect(try fm.contentsOfDirectory(atPath: docs.path).sorted() == before)
        #expect(!fm.fileExists(atPath: data.appendingPathComponent("readiness.md").path))
        #expect(!fm.fileExists(atPath: data.appendingPathComponent("weekly").path))

        // credgraph's own folder: report, then weekly and readiness into it, then report again.
        let out = root.appendingPathComponent("out")
        for command in ["report", "weekly", "readiness", "report", "readiness", "weekly"] {
            try Self.orderly([command, "--templates", Self.templates, "--out", out.path], data: data, in: root, "\(command) into its own folder")
        }
        #expect(fm.fileExists(atPath: out.appendingPathComponent("graph.svg").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent("weekly/README.md").path))
        // A file someone added is never deleted: the next run refuses.
        try Data("mine".utf8).write(to: out.appendingPathComponent("weekly/notes.md"))
        for command in ["report", "weekly", "readiness"] {
            let run = try Self.orderly([command, "--templates", Self.templates, "--out", out.path], data: data, in: root, statuses: [2], "\(command) with a foreign file")
            #expect(run.stderr.contains("weekly/notes.md"), "\(run.stderr)")
        }
        #expect(try String(contentsOf: out.appendingPathComponent("weekly/notes.md"), encoding: .utf8) == "mine")

        // A link, a FIFO, a file as the output folder; and `/`.
        let link = root.appendingPathComponent("link")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: docs.path)
        let fifo = root.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        for target in [link.path, fifo.path, data.appendingPathComponent("inventory.csv").path, "/"] {
            for command in ["report", "weekly", "readiness"] {
                let run = try Self.orderly([command, "--templates", Self.templates, "--out", target], data: data, in: root, statuses: [2], "\(command) into \(target)", )
                #expect(run.stderr.hasPrefix("credgraph: error:") || run.stderr.contains("\ncredgraph: error:"), "\(run.stderr)")
                #expect(run.stderr.contains(target == "/" ? "into /" : target), "the path is named whole: \(run.stderr)")
            }
        }
        #expect(try fm.contentsOfDirectory(atPath: docs.path).sorted() == before)
    }

    @Test func diagramOutRefusesWhatItDidNotWrite() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let data = try H.dataFolder(root)
        let inventory = data.appendingPathComponent("inventory.csv")
        let original = try Data(contentsOf: inventory)
        let fifo = root.appendingPathComponent("fifo.svg")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let link = root.appendingPathComponent("link.svg")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: inventory.path)
        let deviceLink = root.appendingPathComponent("null.svg")
        try fm.createSymbolicLink(atPath: deviceLink.path, withDestinationPath: "/dev/null")
        let folder = root.appendingPathComponent("folder.svg")
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let readme = root.appendingPathComponent("README.md")
        try Data("# mine\n".utf8).write(to: readme)
        for target in [inventory, fifo, link, deviceLink, folder, readme] {
            for command in [["graph", "--format", "svg", "--out", target.path], ["blast-radius", "client:4f1c0d9e2b7a", "--format", "png", "--out", target.path]] {
                let run = try Self.orderly(command, data: data, in: root, statuses: [2], timeout: 30, "\(command[0]) --out \(target.lastPathComponent)")
                #expect(run.stderr.contains("credgraph: error: refusing to"), "\(target.lastPathComponent): \(run.stderr)")
            }
        }
        #expect(try Data(contentsOf: inventory) == original)
        #expect(try String(contentsOf: readme, encoding: .utf8) == "# mine\n")
        // Its own diagrams, of every format, are replaced.
        for format in ["svg", "png", "pdf", "dot"] {
            let out = root.appendingPathComponent("own.\(format)")
            try Self.orderly(["graph", "--out", out.path], data: data, in: root, "graph \(format)")
            try Self.orderly(["graph", "--out", out.path], data: data, in: root, "graph \(format) again")
            try Self.orderly(["blast-radius", "client:4f1c0d9e2b7a", "--out", out.path], data: data, in: root, "blast-radius \(format) over graph")
        }
        // No temporary file is left beside them.
        #expect(try fm.contentsOfDirectory(atPath: root.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func aKilledReportsStagingIsRemovedByTheNextRun() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        let data = try H.dataFolder(root)
        let out = root.appendingPathComponent("reports")
        // What a report killed half way leaves: its staging folder (manifest
        // first), with the process id of a process that is gone.
        let dead = try ProcessRunner.run(URL(fileURLWithPath: "/bin/true"), []).processIdentifier
        let staging = root.appendingPathComponent(".reports.staging-\(dead)")
        try fm.createDirectory(at: staging.appendingPathComponent("weekly"), withIntermediateDirectories: true)
        try Data("# credgraph output: the files below were written by credgraph, which replaces them on its next run.\n".utf8)
            .write(to: staging.appendingPathComponent(".credgraph-manifest"))
        try Data("half".utf8).write(to: staging.appendingPathComponent("weekly/a.md"))
        // A folder of the same shape that is not credgraph's is left alone.
        let theirs = root.appendingPathComponent(".reports.old-\(dead)")
        try fm.createDirectory(at: theirs, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: theirs.appendingPathComponent("keep.txt"))
        try Self.orderly(["report", "--templates", Self.templates, "--out", out.path], data: data, in: root, "report after a killed one")
        #expect(!fm.fileExists(atPath: staging.path))
        #expect(fm.fileExists(atPath: theirs.appendingPathComponent("keep.txt").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent(".credgraph-manifest").path))
    }

    // MARK: 4. Secrets

    @Test func secretsDoNotLeakThroughEscapesFileNamesOrNestedKeys() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let notes = "Tr0ub4dor_3xyz_Qq"
        let github = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
        let aws = "AKIAIOSFODNN7EXAMPLE"
        let slack = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
        let pem = "Zq8\\Wv3*Xk9_Lm2&Np5<Rt7"
        let data = try H.dataFolder(root) { data in
            try Data("""
                integration,environment,installed_package,client_id,secret_expires_on,technical_owner,notes
                Boomi nightly ETL,prod,MC Boomi,4f1c0d9e2b7a,2026-09-30,Data Team,client_secret=\(notes)
                Preference center,prod,MC Prefs,9a8b7c6d5e4f,2026-12-01,Web Team,"password=\(pem)"

                """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
            // The registered secrets arrive again through fields nobody screens as such.
            try Data("""
                ts=2026-09-02T11:00:00Z client_id=4f1c0d9e2b7a status=200 latency_ms=12 secret_version=\(notes)
                {"ts":"2026-09-02T11:01:00Z","client_id":"9a8b7c6d5e4f","status":401,"secret_version":"\(pem.replacingOccurrences(of: "\\", with: "\\\\"))"}

                """.utf8).write(to: data.appendingPathComponent("probes/checks.log"))
            try Data("not a probe line\n".utf8).write(to: data.appendingPathComponent("probes/\(github).log"))
            try Data("reports:\n  \(aws): 1\nthresholds:\n  \(slack): 2\n".utf8).write(to: data.appendingPathComponent("credgraph.yml"))
        }
        let secrets = [notes, github, aws, slack, pem]
        func leaks(_ text: String) -> [String] {
            let variants = secrets.flatMap { s in
                [s, s.replacingOccurrences(of: "_", with: "\\_"), s.replacingOccurrences(of: "\\", with: "\\\\"),
                 s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"),
                 s.replacingOccurrences(of: "-", with: "&#45;"), s.replacingOccurrences(of: "_", with: "\\u005f")]
            }
            // Any 10 characters in a row of a secret (its escaped forms too) is a leak.
            return variants.filter { v in
                let chars = Array(v)
                return (0...(chars.count - 10)).contains { text.contains(String(chars[$0..<($0 + 10)])) }
            }
        }
        let out = root.appendingPathComponent("out")
        var runs: [[String]] = Self.commands(out: out) + [["check", "--json"], ["blast-radius", "client:4f1c0d9e2b7a", "--json"]]
        for format in ["svg", "dot", "png", "pdf"] {
            runs.append(["graph", "--out", out.appendingPathComponent("g.\(format)").path])
        }
        for command in runs {
            let run = try Self.orderly(command, data: data, in: root, statuses: [0, 1, 2], "secrets")
            #expect(leaks(run.stderr + run.stdout).isEmpty, "\(command): \(run.stderr)")
        }
        // Every file written: text as text, binary as its bytes (PNG, PDF).
        let walker = FileManager.default.enumerator(atPath: out.path)
        var written = 0
        while let path = walker?.nextObject() as? String {
            guard let bytes = FileManager.default.contents(atPath: out.appendingPathComponent(path).path) else { continue }
            written += 1
            #expect(leaks(String(decoding: bytes, as: UTF8.self)).isEmpty, "\(path)")
            #expect(leaks(path).isEmpty)
        }
        #expect(written > 10)
        // And the nested keys and the file name were reported, withheld.
        let check = try Self.orderly(["check"], data: data, in: root, "secrets check")
        #expect(check.stderr.contains("credgraph.yml:2: warning: unknown key ignored: its name looks like secret material (withheld)"))
        #expect(check.stderr.contains("credgraph.yml:4: warning: unknown key ignored: its name looks like secret material (withheld)"))
        #expect(check.stderr.contains("probes/[redacted]:1: warning: malformed probe line"))
    }

    // MARK: 5. Hangs

    @Test func specialFilesAsInputsAreRefusedNotRead() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        for name in ["inventory.csv", "dependencies.csv", "credgraph.yml"] {
            for kind in name == "inventory.csv" ? ["fifo", "zero", "urandom", "null", "tty"] : ["fifo", "zero", "null"] {
                let data = try H.dataFolder(root.appendingPathComponent("\(name)-\(kind)")) { data in
                    let url = data.appendingPathComponent(name)
                    try? fm.removeItem(at: url)
                    switch kind {
                    case "fifo": #expect(mkfifo(url.path, 0o644) == 0)
                    case "zero": try fm.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/zero")
                    case "urandom": try fm.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/urandom")
                    case "null": try fm.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/null")
                    default: try fm.createSymbolicLink(atPath: url.path, withDestinationPath: "/dev/tty")
                    }
                }
                for command in [["check"], ["graph", "--format", "dot"]] {
                    let run = try Self.orderly(command, data: data, in: root, timeout: 30, "\(name) as \(kind)")
                    #expect(run.status == 1)
                    // A terminal device may not even open without a terminal; either way it is not read.
                    #expect((run.stderr.contains("\(name): error: is a") && run.stderr.contains("not a regular file"))
                            || (kind == "tty" && run.stderr.contains("\(name): error: cannot open")), "\(name) \(kind): \(run.stderr)")
                }
                // Named explicitly, too.
                let explicit = name == "inventory.csv" ? "--inventory" : name == "dependencies.csv" ? "--dependencies" : "--config"
                let run = try H.run(["check", "--data", data.path, explicit, data.appendingPathComponent(name).path], in: root, timeout: 30)
                #expect(!run.timedOut && !run.crashed && run.status == 1, "\(explicit) \(kind): \(run.stderr)")
            }
        }
    }

    @Test func devicesAndSparseFilesAreNotReadAsLogs() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try H.dataFolder(root) { data in
            // 10 GB of holes: minutes of NULs if read.
            for name in ["probes/holes.log", "probes/holes.log.gz", "dependencies.csv"] {
                let url = data.appendingPathComponent(name)
                #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
                #expect(truncate(url.path, 10 << 30) == 0)
            }
        }
        let run = try Self.orderly(["check"], data: data, in: root, timeout: 60, "sparse files")
        for name in ["probes/holes.log", "probes/holes.log.gz", "dependencies.csv"] {
            #expect(run.stderr.contains("\(name): error:") && run.stderr.contains("sparse file of 10737418240 bytes"), "\(name): \(run.stderr)")
        }
        for device in ["/dev/zero", "/dev/urandom"] {
            let explicit = try H.run(["check", "--data", data.path, "--probes", device], in: root, timeout: 30)
            #expect(!explicit.timedOut && !explicit.crashed && explicit.status == 1, "\(device): \(explicit.stderr)")
            #expect(explicit.stderr.contains("\(device): error: probe path is a device or socket, not a log"), "\(explicit.stderr)")
        }
    }

    @Test func aGzipBombIsRefusedQuickly() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try H.dataFolder(root) { data in
            // About 400 MB of blank lines in about 400 KB.
            try ProcessRunner.shell("head -c 400000000 /dev/zero | tr '\\0' '\\n' | gzip -1 > '\(data.path)/probes/blank.log.gz'")
        }
        let started = Date()
        let run = try Self.orderly(["check"], data: data, in: root, timeout: 60, "gzip bomb")
        #expect(run.stderr.contains("blank.log.gz: error: cannot read probe log after line") && run.stderr.contains("decompression bomb"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    // MARK: 6. Smaller defects

    @Test func untrustedTextCannotForgeDiagnosticLines() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let forged = "\ndata/inventory.csv:7: error: FORGED"
        let data = try H.dataFolder(root) { data in
            try Data("""
                integration,environment,installed_package,client_id,secret_expires_on,technical_owner,criticality
                Boomi nightly ETL,prod,MC Boomi,4f1c0d9e2b7a,2026-09-30,Data Team,"bad\(forged)"
                Pref\u{202E}center,prod,MC Prefs,9a8b7c6d5e4f,not-a-date\u{202E},Web Team,high

                """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
            try Data("thresholds:\n  \"bad\(forged.replacingOccurrences(of: "\n", with: "\\n"))\": 1\n".utf8)
                .write(to: data.appendingPathComponent("credgraph.yml"))
            try Data("garbage\n".utf8).write(to: data.appendingPathComponent("probes/a\(forged.replacingOccurrences(of: "/", with: "-")).log"))
        }
        let run = try Self.orderly(["check"], data: data, in: root, "forged lines")
        for line in run.stderr.split(separator: "\n") {
            #expect(!line.hasPrefix("data/inventory.csv:7"), "forged: \(run.stderr)")
            #expect(line.hasPrefix(data.path) || line.hasPrefix("credgraph:"), "unattributed: \(line)")
        }
        #expect(run.stderr.contains("\\ndata/inventory.csv:7: error: FORGED"), "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains("\u{202E}"))
        #expect(run.stderr.contains("\\u{202E}"), "\(run.stderr)")
        // Reports do not carry the override either.
        let out = root.appendingPathComponent("r")
        try Self.orderly(["report", "--templates", Self.templates, "--out", out.path], data: data, in: root, "bidi report")
        let walker = FileManager.default.enumerator(atPath: out.path)
        while let path = walker?.nextObject() as? String {
            let text = String(decoding: FileManager.default.contents(atPath: out.appendingPathComponent(path).path) ?? Data(), as: UTF8.self)
            #expect(!text.unicodeScalars.contains("\u{202E}"), "\(path)")
        }
    }

    @Test func anOversizedHeaderDoesNotMakeLineTwoTheHeader() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["inventory.csv", "dependencies.csv"] {
            let data = try H.dataFolder(root.appendingPathComponent(name)) { data in
                let header = name == "inventory.csv"
                    ? "integration,environment,installed_package,client_id" + String(repeating: ",x", count: 10_001)
                    : "from,to,to_kind" + String(repeating: ",x", count: 10_001)
                let second = name == "inventory.csv" ? "integration,environment,installed_package,client_id" : "from,to,to_kind"
                try Data("\(header)\n\(second)\nA,prod,P,4f1c0d9e2b7a\n".utf8).write(to: data.appendingPathComponent(name))
            }
            let run = try Self.orderly(["check"], data: data, in: root, "header of 10,002 cells in \(name)")
            #expect(run.status == 1)
            #expect(run.stderr.contains("\(name):1: error: record has more than 10000 cells"), "\(run.stderr)")
            #expect(run.stderr.contains("\(name): error: the header line was skipped"), "\(run.stderr)")
        }
    }

    @Test func yamlDuplicateAndMergeKeysNameTheLine() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cases = [
            ("window_days: 7\nwindow_days: 9\n", "credgraph.yml:1: error: invalid YAML: duplicate key 'window_days'"),
            ("thresholds:\n  latency_p95_ms: 1\n  latency_p95_ms: 2\n", "credgraph.yml:2: error: invalid YAML: duplicate key 'latency_p95_ms'"),
            ("base: &b\n  x: 1\nthresholds:\n  <<: *b\n", "credgraph.yml:"),
        ]
        for (index, (yaml, expected)) in cases.enumerated() {
            let data = try H.dataFolder(root.appendingPathComponent("y\(index)")) { data in
                try Data(yaml.utf8).write(to: data.appendingPathComponent("credgraph.yml"))
            }
            let run = try Self.orderly(["check"], data: data, in: root, "yaml \(index)")
            #expect(run.stderr.contains(expected), "\(yaml): \(run.stderr)")
            #expect(!run.stderr.contains("cannot parse"), "\(run.stderr)")
            for line in run.stderr.split(separator: "\n") where line.contains("credgraph.yml") {
                #expect(line.contains("credgraph.yml:"), "\(line)")
            }
        }
    }

    @Test func aLinkToAnotherFileIsNotEchoed() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let passwd = root.appendingPathComponent("passwd")
        try Data("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n".utf8).write(to: passwd)
        for name in ["inventory.csv", "dependencies.csv"] {
            let data = try H.dataFolder(root.appendingPathComponent(name)) { data in
                try FileManager.default.removeItem(at: data.appendingPathComponent(name))
                try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent(name).path, withDestinationPath: passwd.path)
            }
            let run = try Self.orderly(["check"], data: data, in: root, "\(name) linked to a passwd file")
            #expect(run.stderr.contains("\(name):1: error: missing required columns: the first line names none of the expected ones"), "\(run.stderr)")
            #expect(!run.stderr.contains("root:x") && !run.stderr.contains("/bin/bash"), "\(run.stderr)")
        }
    }

    @Test func aComputedExpiryPastYear9999IsNotEmitted() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try H.dataFolder(root) { data in
            try Data("""
                integration,environment,installed_package,client_id,secret_generated_on,technical_owner
                Boomi nightly ETL,prod,MC Boomi,4f1c0d9e2b7a,9999-06-01,Data Team

                """.utf8).write(to: data.appendingPathComponent("inventory.csv"))
            try Data("secret_ttl_days: 3650\n".utf8).write(to: data.appendingPathComponent("credgraph.yml"))
        }
        for command in [["risk", "--json"], ["check", "--json"], ["blast-radius", "client:4f1c0d9e2b7a", "--json"], ["graph", "--format", "dot"]] {
            let run = try Self.orderly(command, data: data, in: root, "year 10000")
            let text = run.stdout + run.stderr
            #expect(!text.contains("10000-") && !text.contains("+10000") && !text.contains("10009"), "\(command): \(text.prefix(400))")
        }
    }

    @Test func duplicateProbeKeysMakeTheLineMalformed() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = try H.dataFolder(root) { data in
            try Data("""
                {"ts":"2026-09-02T11:00:00Z","client_id":"4f1c0d9e2b7a","status":401,"status":200}
                ts=2026-09-02T11:00:00Z client_id=4f1c0d9e2b7a status=200 client_id=9a8b7c6d5e4f
                {"ts":"2026-09-02T11:00:00Z","client_id":"4f1c0d9e2b7a","status":200,"http_status":500}

                """.utf8).write(to: data.appendingPathComponent("probes/checks.log"))
        }
        let run = try Self.orderly(["check"], data: data, in: root, "duplicate keys")
        #expect(run.stderr.contains("checks.log:1: warning: malformed probe line: duplicate status"), "\(run.stderr)")
        #expect(run.stderr.contains("checks.log:2: warning: malformed probe line: duplicate client_id"), "\(run.stderr)")
        #expect(run.stderr.contains("checks.log:3: warning: malformed probe line: duplicate http_status"), "\(run.stderr)")
    }
}
