import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender

/// The redactor, the secret spans it remembers, terminal text and safe writes.
@Suite struct SafetyTests {
    static let secret = "Q7kTovKZy4qdT75fAbc123XyZ9" // 26 characters, generated-looking

    @Test func redactorCutsEveryRunOfSixteenBytesOfASecret() {
        let redactor = Redactor()
        #expect(redactor.isEmpty)
        #expect(redactor.redact("nothing registered \(Self.secret)") == "nothing registered \(Self.secret)")
        redactor.register(Self.secret)
        #expect(!redactor.isEmpty)
        // Whole, truncated, embedded, twice, at the very start and end.
        #expect(redactor.redact("a \(Self.secret) b") == "a [redacted] b")
        #expect(redactor.redact(String(Self.secret.prefix(16))) == "[redacted]")
        #expect(redactor.redact("x" + String(Self.secret.dropFirst(5)) + "y") == "x[redacted]y")
        #expect(redactor.redact("\(Self.secret)|\(Self.secret)") == "[redacted]|[redacted]")
        // Fifteen bytes of it share no window: left alone (too short to identify anything).
        let fifteen = String(Self.secret.prefix(15))
        #expect(redactor.redact(fifteen) == fifteen)
        // Text that merely resembles it is untouched.
        #expect(redactor.redact("Boomi nightly ETL") == "Boomi nightly ETL")
    }

    @Test func shortSecretsAreMatchedWhole() {
        let redactor = Redactor()
        redactor.register("hunt3r!x9") // 9 bytes: a keyed password
        redactor.register("short") // under 8 bytes: ignored
        #expect(redactor.redact("password hunt3r!x9 here") == "password [redacted] here")
        #expect(redactor.redact("short and hunt3r!x") == "short and hunt3r!x")
    }

    @Test func redactionKeepsUTF8Valid() {
        let redactor = Redactor()
        let secret = "éQ7kTovKZy4qdT75fAbc"
        redactor.register(secret)
        let out = redactor.redact("<\(secret)>")
        #expect(out == "<[redacted]>")
        let bytes = redactor.redact(bytes: Array("ü\(secret)ü".utf8))
        #expect(String(validating: bytes, as: UTF8.self) != nil)
        #expect(redactor.containsSecret(Array("zz\(secret)".utf8)))
        #expect(!redactor.containsSecret(Array("zz".utf8)))
    }

    @Test func spansAreTheSecretNotTheCellAroundIt() {
        #expect(SecretSpans.parts(of: "Boomi nightly ETL, client_secret=\(Self.secret)") == [Self.secret])
        #expect(SecretSpans.parts(of: "https://svc:\(Self.secret)@api.example.com") == [Self.secret])
        #expect(SecretSpans.parts(of: "token ghp_\(Self.secret)0123456789") == ["ghp_\(Self.secret)0123456789"])
        let pem = "-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEAx7 -----END RSA PRIVATE KEY-----"
        #expect(SecretSpans.parts(of: pem).contains("MIIEowIBAAKCAQEAx7"))
        // Nothing secret: nothing remembered.
        #expect(SecretSpans.parts(of: "vault:secret/data/mc/boomi-prod#v3").isEmpty)
        #expect(SecretSpans.parts(of: "Subscriber_Preferences_2024").isEmpty)
    }

    @Test func terminalTextLosesControlCharacters() {
        #expect(TerminalText.sanitized("plain\ttext\nline") == "plain\ttext\nline")
        #expect(TerminalText.sanitized("a\u{1B}[2Jb\rc\u{0}d\u{7F}e\u{9B}f") == "a\u{FFFD}[2Jb\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f")
        #expect(TerminalText.sanitized("Préférences ✓") == "Préférences ✓")
    }

    @Test func inventoryLoaderRemembersSecretsAndDropsASecretClientID() throws {
        let dir = try ProbeTempDir()
        let clientSecret = "Zr8KpQ2mWx7NvB4tYc9LdF3h"
        let noteSecret = "Hq3TnV8wRz5KmP2xLb7YcJ4d"
        let file = try dir.write("inventory.csv", """
            integration,environment,installed_package,client_id,notes
            Boomi,prod,MC Boomi,\(clientSecret),ok
            Prefs,prod,MC Prefs,9a8b7c6d5e4f,"moved; client_secret=\(noteSecret)"
            """)
        var diagnostics = Diagnostics()
        let inventory = InventoryLoader.load(path: file, secretTTLDays: 180, diagnostics: &diagnostics)
        #expect(inventory.consumers.map(\.integration) == ["Prefs"])
        #expect(inventory.consumers[0].notes == InventoryLoader.redacted)
        #expect(inventory.secretSightings.map(\.clientID) == [nil, "9a8b7c6d5e4f"])
        #expect(diagnostics.items.contains { $0.line == 2 && $0.message.contains("required cell 'client_id' is empty") })
        let shown = diagnostics.items.map(\.formatted).joined(separator: "\n")
        #expect(!shown.contains(clientSecret) && !shown.contains(noteSecret))
        // Remembered by the shared redactor, which cuts them from any later output.
        #expect(Redactor.shared.redact("x \(clientSecret) \(noteSecret)") == "x [redacted] [redacted]")
    }

    @Test func probeFieldsThatLookSecretAreWithheld() {
        let secret = "Wm4Qz8RtY2KpL7NvXc3B"
        var parser = ProbeLineParser()
        func parse(_ line: String) -> ProbeLineParser.Outcome {
            var bytes = Array(line.utf8)
            return bytes.withUnsafeMutableBytes { parser.parse(UnsafeRawBufferPointer($0)) }
        }
        for field in ["consumer", "secret_version", "client_id", "env"] {
            var values = ["ts": "2026-09-01T10:00:00Z", "client_id": "abc", "status": "200"]
            values[field] = secret
            let line = values.keys.sorted().map { "\($0)=\(values[$0]!)" }.joined(separator: " ")
            guard case .malformed(let message) = parse(line) else {
                Issue.record("\(field) carrying a secret was accepted")
                continue
            }
            #expect(message.contains("looks like secret material (value withheld)"))
            #expect(!message.contains(secret))
        }
        // The error text is classified, not echoed: a secret in it becomes the marker, the record stays.
        guard case .record(let record) = parse("ts=2026-09-01T10:00:00Z client_id=abc status=401 error=\"invalid_client client_secret=\(secret)\"") else {
            Issue.record("probe with a secret in its error was dropped")
            return
        }
        #expect(record.error == Redactor.marker)
        #expect(Redactor.shared.redact(secret) == Redactor.marker)
    }

    @Test func outputFolderIsReplacedOnlyWhenItHoldsNothingElse() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-safety-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        var files = OutputFiles()
        files.add("README.md", "new")
        files.add("weekly/a.md", "a")
        // Someone's folder (a .git, a file credgraph does not write) is never replaced.
        let theirs = root.appendingPathComponent("theirs")
        try fm.createDirectory(at: theirs.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: theirs.appendingPathComponent("README.md"))
        #expect(throws: OutputError.self) { try files.write(to: theirs.path) }
        #expect(try String(contentsOf: theirs.appendingPathComponent("README.md"), encoding: .utf8) == "keep")
        let data = root.appendingPathComponent("data")
        try fm.createDirectory(at: data.appendingPathComponent("probes"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: data.appendingPathComponent("probes/a.log"))
        #expect(throws: OutputError.self) { try files.write(to: data.path) }
        #expect(fm.fileExists(atPath: data.appendingPathComponent("probes/a.log").path))
        // An empty folder is taken; an earlier run (only names this run writes) is replaced whole.
        let ours = root.appendingPathComponent("ours")
        try fm.createDirectory(at: ours, withIntermediateDirectories: true)
        try files.write(to: ours.path)
        var second = OutputFiles()
        second.add("README.md", "second")
        second.add("weekly/b.md", "b")
        try second.write(to: ours.path)
        #expect(!fm.fileExists(atPath: ours.appendingPathComponent("weekly/a.md").path))
        #expect(try String(contentsOf: ours.appendingPathComponent("README.md"), encoding: .utf8) == "second")
        #expect(try fm.contentsOfDirectory(atPath: root.path).sorted() == ["data", "ours", "theirs"])
        // A failing run (an unsafe path) leaves the previous run whole.
        var hostile = OutputFiles()
        hostile.add("README.md", "x")
        hostile.add("weekly/../../escape.md", "x")
        #expect(throws: OutputError.self) { try hostile.write(to: ours.path) }
        #expect(fm.fileExists(atPath: ours.appendingPathComponent("weekly/b.md").path))
        #expect(try String(contentsOf: ours.appendingPathComponent("README.md"), encoding: .utf8) == "second")
    }

    @Test func writesAreRedactedAndBinaryWithASecretIsRefused() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-safety-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = "Tg6Hs2Jk9Lm4Np7Qr3Vw"
        Redactor.shared.register(secret)
        let text = root.appendingPathComponent("graph.dot").path
        try OutputFiles.writeAtomically(Array("label=\"\(secret)\"".utf8), to: text)
        #expect(try String(contentsOfFile: text, encoding: .utf8) == "label=\"[redacted]\"")
        let binary = root.appendingPathComponent("graph.png").path
        #expect(throws: OutputError.self) { try OutputFiles.writeAtomically([0x89, 0xFF] + Array(secret.utf8), to: binary) }
        #expect(!FileManager.default.fileExists(atPath: binary))
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["graph.dot"])
        // A link planted at the temporary name is not followed.
        let victim = root.appendingPathComponent("victim.txt")
        try Data("untouched".utf8).write(to: victim)
        let target = root.appendingPathComponent("out.svg")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent(".out.svg.tmp-\(getpid())").path, withDestinationPath: victim.path)
        try OutputFiles.writeAtomically(Array("<svg/>".utf8), to: target.path)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched")
        #expect(try String(contentsOf: target, encoding: .utf8) == "<svg/>")
    }
}
