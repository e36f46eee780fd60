import Foundation
import Testing
import TestSupport

/// `credgraph report --jobs N` renders diagrams in worker processes (the
/// hidden `render-worker` mode of the same binary): the reports are byte
/// for byte those of `--jobs 1` on the sample and on a generated estate,
/// also when workers die or answer garbage mid-run, and no worker outlives
/// the run (the test runner waits for the pipes every child holds).
@Suite(.serialized) struct DiagramWorkerTests {
    /// Runs credgraph with extra environment variables.
    static func run(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CLIResult {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        let result = try ProcessRunner.run(CLI.executable, arguments, in: CLI.packageRoot, environment: environment, timeout: 240)
        #expect(!result.timedOut, "credgraph \(arguments.joined(separator: " ")) ran past its deadline (a worker left running?)")
        return result
    }

    /// Every file under `root`, by relative path.
    static func contents(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in ReportCommandTests.files(under: root) {
            files[path] = try Data(contentsOf: root.appendingPathComponent(path))
        }
        return files
    }

    static func expectSame(_ a: [String: Data], _ b: [String: Data], _ what: String) {
        #expect(a.keys.sorted() == b.keys.sorted(), "\(what): different files")
        for (path, bytes) in a where b[path] != bytes {
            Issue.record("\(what): \(path) differs")
        }
    }

    /// The report of `data` into a fresh folder, with `--jobs` and environment.
    static func report(_ data: String, jobs: String, in dir: URL, environment: [String: String] = [:]) throws -> (CLIResult, [String: Data]) {
        let out = dir.appendingPathComponent("out-\(jobs)-\(environment.values.joined())")
        let result = try run(["report", "--data", data, "--out", out.path, "--as-of", "2026-09-02T06:00:00Z", "--jobs", jobs], environment: environment)
        return (result, try contents(out))
    }

    @Test func sampleReportsAreIdenticalWithOneAndThreeJobs() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (one, serial) = try Self.report("data", jobs: "1", in: dir)
        let (three, parallel) = try Self.report("data", jobs: "3", in: dir)
        #expect(one.status == 0 && three.status == 0, "stderr: \(three.stderr)")
        #expect(serial.keys.contains { $0.hasPrefix("change-review/") && $0.hasSuffix(".svg") })
        Self.expectSame(serial, parallel, "--jobs 3")
        #expect(!three.stderr.contains("worker"), "no worker should fail: \(three.stderr)")
    }

    /// An estate of 30 packages no other test uses, made by credgraph-sample
    /// (built beside credgraph): 60 change-review diagrams.
    @Test func generatedEstateIsIdenticalWithOneAndThreeJobsAndWhenWorkersFail() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = CLI.executable.deletingLastPathComponent().appendingPathComponent("credgraph-sample")
        try #require(FileManager.default.isExecutableFile(atPath: sample.path), "build credgraph-sample first (swift build --build-tests builds it)")
        let data = dir.appendingPathComponent("estate")
        let made = try ProcessRunner.run(sample, ["estate", "--out", data.path, "--packages", "30", "--seed", "11"])
        try #require(made.status == 0, "credgraph-sample: \(made.stderr)")
        let (one, serial) = try Self.report(data.path, jobs: "1", in: dir)
        #expect(serial.keys.filter { $0.hasPrefix("change-review/") && $0.hasSuffix(".svg") }.count >= 30)
        let (three, parallel) = try Self.report(data.path, jobs: "3", in: dir)
        #expect(three.status == one.status)
        Self.expectSame(serial, parallel, "--jobs 3")
        // A worker that exits without answering after 2 diagrams, one that
        // exits at once, one that answers garbage: the others (and this
        // process) render their share, and the reader cannot tell.
        for fault in ["exit-after:2", "exit-after:0", "garbage-after:1"] {
            let (broken, files) = try Self.report(data.path, jobs: "3", in: dir, environment: ["CREDGRAPH_WORKER_FAULT": fault])
            #expect(broken.status == one.status, "\(fault): \(broken.stderr)")
            #expect(!broken.crashed)
            Self.expectSame(serial, files, fault)
            #expect(broken.stderr.contains("credgraph: warning: diagram worker"), "\(fault): the failure is told")
        }
    }

    @Test func jobsOutOfRangeOrNotANumberIsAUsageError() throws {
        for value in ["0", "-1", "abc", "1.5", "65"] {
            let result = try CLI.run(["report", "--data", "data", "--out", "/tmp/credgraph-never-written-\(getpid())", "--jobs", value])
            #expect(result.status == 2, "--jobs \(value): \(result.stderr)")
            #expect(result.stderr.contains("jobs"), "--jobs \(value): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/credgraph-never-written-\(getpid())"))
    }

    @Test func workerModeIsHiddenAndAnswersOnlyFrames() throws {
        let help = try CLI.run(["--help"])
        #expect(!help.stdout.contains("render-worker"))
        let completion = try CLI.run(["--generate-completion-script", "bash"])
        #expect(!completion.stdout.contains("render-worker"))
        // Standard input is empty (closed): the worker exits at once, quietly.
        let idle = try CLI.run(["render-worker"])
        #expect(idle.status == 0)
        #expect(idle.stdout.isEmpty && idle.stderr.isEmpty)
        // A request that is not a diagram gets one refusal frame, status 2.
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("request")
        try Data([5, 0, 0, 0, 0, 0, 1, 2, 3]).write(to: input)
        let bad = try ProcessRunner.shell("'\(CLI.executable.path)' render-worker < '\(input.path)'")
        #expect(bad.status == 2)
        #expect(bad.stdoutBytes.count >= 5)
        #expect(bad.stdoutBytes.prefix(5) == [UInt8(bad.stdoutBytes.count - 4), 0, 0, 0, 2])

        // Two requests written by hand (DiagramWire's layout): a drawable
        // diagram, then one whose edge names a node it lacks. The first
        // comes back as SVG, the second as the Graphviz error text
        // `renderDiagram` throws in-process; one frame each, nothing else.
        func frame(_ payload: [UInt8]) -> [UInt8] {
            let n = UInt32(payload.count)
            return [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)] + payload
        }
        func text(_ s: String) -> [UInt8] { frame(Array(s.utf8)) }  // a string: its length, then its bytes
        let none: [UInt8] = [0, 0, 0, 0]
        func request(edgeTo target: String) -> [UInt8] {
            frame([0, 0] + text("g") + none + none + none + none  // svg, automatic engine, name, attributes, clusters
                + [1, 0, 0, 0] + text("a") + none + [0]  // one node, no attributes, no cluster
                + [1, 0, 0, 0] + text("a") + text(target) + none  // one edge
                + none + none + [0])  // ranks, notes, no width
        }
        try Data(request(edgeTo: "a") + request(edgeTo: "b")).write(to: input)
        let answers = try ProcessRunner.shell("'\(CLI.executable.path)' render-worker < '\(input.path)'")
        #expect(answers.status == 0, "stderr: \(answers.stderr)")
        var rest = answers.stdoutBytes[...]
        func next() -> (status: UInt8, body: [UInt8])? {
            guard rest.count >= 5 else { return nil }
            let s = rest.startIndex
            let n = Int(rest[s]) | Int(rest[s + 1]) << 8 | Int(rest[s + 2]) << 16 | Int(rest[s + 3]) << 24
            guard rest.count >= 4 + n, n >= 1 else { return nil }
            defer { rest = rest.dropFirst(4 + n) }
            return (rest[s + 4], Array(rest[(s + 5)..<(s + 4 + n)]))
        }
        let drawn = try #require(next())
        #expect(drawn.status == 0)
        #expect(String(decoding: drawn.body, as: UTF8.self).contains("<svg"))
        let refused = try #require(next())
        #expect(refused.status == 1)
        #expect(String(decoding: refused.body, as: UTF8.self) == "diagram edge a -> b names a node that is not in the diagram")
        #expect(rest.isEmpty, "nothing but frames on standard output")
    }
}
