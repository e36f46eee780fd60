import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

@Suite struct ProbeFilesTests {
    @Test func foldersAreSearchedRecursivelyAndSorted() throws {
        let dir = try ProbeTempDir()
        let root = dir.path + "/probes"
        for name in ["b.log", "a.log.gz", "sub/z.jsonl", "sub/deeper/m.log", "A.log", ".hidden.log", ".git/config", "sub/.cache/x.log"] {
            try dir.write("probes/" + name, "x")
        }
        try FileManager.default.createDirectory(atPath: root + "/emptydir", withIntermediateDirectories: true)
        var diagnostics = Diagnostics()
        let files = ProbeLog.files(at: [root + "/"], diagnostics: &diagnostics)
        #expect(diagnostics.items.isEmpty)
        #expect(files == ["A.log", "a.log.gz", "b.log", "sub/deeper/m.log", "sub/z.jsonl"].map { root + "/" + $0 })
    }

    @Test func symlinkLoopsAndDuplicatesEnd() throws {
        let dir = try ProbeTempDir()
        let root = dir.path + "/probes"
        try dir.write("probes/a.log", "x")
        try dir.write("probes/sub/b.log", "x")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: root + "/sub/loop", withDestinationPath: root)
        try fm.createSymbolicLink(atPath: root + "/sub/self", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: root + "/c.log", withDestinationPath: root + "/a.log")
        try fm.createSymbolicLink(atPath: root + "/dangling.log", withDestinationPath: root + "/gone.log")
        var diagnostics = Diagnostics()
        let files = ProbeLog.files(at: [root, root + "/sub/b.log", root], diagnostics: &diagnostics)
        #expect(files == [root + "/a.log", root + "/sub/b.log"])
        #expect(diagnostics.items.map(\.file) == [root + "/dangling.log"])
        #expect(diagnostics.items.first?.severity == .warning)
    }

    @Test func explicitFilesAreKeptAndMissingPathsReported() throws {
        let dir = try ProbeTempDir()
        let hidden = try dir.write(".explicit.log", "x")
        let plain = try dir.write("z.log", "x")
        let missing = dir.path + "/missing"
        var diagnostics = Diagnostics()
        let files = ProbeLog.files(at: [plain, missing, hidden], diagnostics: &diagnostics)
        #expect(files == [hidden, plain])
        #expect(diagnostics.items == [Diagnostic(
            file: missing, line: nil, severity: .error, message: "probe path not found: no such file or directory")])
    }

    @Test func scanningEveryFileOfAFolder() throws {
        let dir = try ProbeTempDir()
        try dir.write("probes/2026-09-01.log", ProbeLogTests.mixed.joined(separator: "\n"))
        try dir.write("probes/old/2026-08-31.log.gz", gzipMember(Array(ProbeLogTests.mixed[0].utf8)))
        try dir.write("probes/old/broken.log", "garbage\n")
        var diagnostics = Diagnostics()
        var total = ProbeScanStats()
        var statuses: [Int] = []
        for file in ProbeLog.files(at: [dir.path + "/probes"], diagnostics: &diagnostics) {
            total.add(ProbeLog.scan(file: file, options: ProbeScanOptions(), diagnostics: &diagnostics) { statuses.append($0.status) })
        }
        #expect(statuses == [200, 401, 429, 200])
        #expect(total.records == 4)
        #expect(total.malformed == 1)
        #expect(diagnostics.items.map(\.formatted) == [
            dir.path + "/probes/old/broken.log:1: warning: malformed probe line: missing ts, client_id, status",
            dir.path + "/probes/old/broken.log: error: no usable probe record: all 1 line is malformed, so none of its probes count. "
                + "First bad line 1: missing ts, client_id, status.",
        ])
    }
}
