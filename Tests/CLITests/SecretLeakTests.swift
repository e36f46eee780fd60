import Foundation
import Testing

/// Secrets planted in every inventory column, every dependencies column, a
/// CSV header, the configuration and every probe field must never come back
/// out: no run of 16 bytes of any of them may appear in any output (standard
/// output, standard error, any file written) of any command.
@Suite struct SecretLeakTests {
    /// A deterministic secret generator: mixed-case letters and digits,
    /// shaped like the tokens people paste by mistake.
    struct Mint {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        mutating func pick(_ alphabet: String, _ count: Int) -> String {
            let chars = Array(alphabet)
            return String((0..<count).map { _ in chars[Int(next() % UInt64(chars.count))] })
        }
        /// Upper, lower and digits, with each class guaranteed.
        mutating func token(_ count: Int) -> String {
            "Q7k" + pick("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789", count - 3)
        }
    }

    /// A cell to plant and the secret inside it that must never be echoed.
    struct Plant {
        var cell: String
        var secret: String
    }

    /// One plant of each shape the detector knows, cycling with `index`.
    static func plant(_ index: Int, _ mint: inout Mint) -> Plant {
        switch index % 10 {
        case 0:
            let s = mint.token(24) // a Marketing Cloud client secret
            return Plant(cell: s, secret: s)
        case 1:
            let s = mint.token(40)
            return Plant(cell: "rotated; client_secret=\(s)", secret: s)
        case 2:
            let s = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ" + mint.token(20) + "." + mint.token(43)
            return Plant(cell: s, secret: s)
        case 3:
            let s = "ghp_" + mint.token(36)
            return Plant(cell: "token \(s)", secret: s)
        case 4:
            let s = mint.token(28)
            return Plant(cell: "https://svc:\(s)@api.example.com/v1", secret: s)
        case 5:
            let s = mint.token(20) + "!x"
            return Plant(cell: "password=\(s)", secret: s)
        case 6:
            let s = mint.token(30) + "+/" + mint.token(10) + "=="
            return Plant(cell: s, secret: s)
        case 7:
            let s = "AKIA" + mint.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
            return Plant(cell: "aws \(s)", secret: s)
        case 8:
            let s = "xoxb-" + mint.token(30)
            return Plant(cell: s, secret: s)
        default:
            let body = "MIIE" + mint.token(60)
            return Plant(cell: "-----BEGIN RSA PRIVATE KEY----- \(body) -----END RSA PRIVATE KEY-----", secret: body)
        }
    }

    static func csvCell(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Writes the planted data folder; returns it and every secret planted.
    static func plantedData(in root: URL) throws -> (data: URL, secrets: [String]) {
        var mint = Mint(state: 0x5EC2E7)
        var secrets: [String] = []
        var index = 0
        func nextPlant() -> Plant {
            defer { index += 1 }
            let p = plant(index, &mint)
            secrets.append(p.secret)
            return p
        }
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data.appendingPathComponent("probes"), withIntermediateDirectories: true)

        // inventory.csv: a clean row, then one row per column with a secret in it,
        // and a header cell that is a secret itself.
        let columns = [
            "integration", "environment", "installed_package", "client_id", "package_type", "kind", "business_owner",
            "technical_owner", "secret_location", "secret_expires_on", "secret_generated_on", "secret_rotated_on",
            "criticality", "retry", "alerting", "lower_env_rotated_on", "e2e_tested_on", "writes", "notes",
        ]
        let clean = [
            "Boomi nightly ETL", "prod", "MC Boomi", "4f1c0d9e2b7a1234abcd5678", "server-to-server", "etl",
            "Jane Doe <jane@example.com>", "Data Team", "vault:secret/mc/boomi", "2026-09-30", "2026-04-03", "2026-04-03",
            "high", "3 attempts", "pager:mc-ops", "2026-08-01", "2026-08-02", "Loyalty_Tiers", "Nightly load",
        ]
        let headerSecret = nextPlant()
        var inventory = (columns + [csvCell(headerSecret.cell)]).joined(separator: ",") + "\n"
        inventory += (clean.map(csvCell) + [""]).joined(separator: ",") + "\n"
        for (i, _) in columns.enumerated() {
            var row = clean
            row[0] = "Consumer \(i)"
            row[i] = nextPlant().cell
            inventory += (row.map(csvCell) + [""]).joined(separator: ",") + "\r\n"
        }
        try inventory.write(to: data.appendingPathComponent("inventory.csv"), atomically: true, encoding: .utf8)

        // dependencies.csv: a clean edge, then one row per column with a secret.
        let depColumns = ["from", "to", "to_kind", "from_kind", "relation", "environment", "owner", "criticality"]
        let depClean = ["Loyalty_Tiers", "Tier email", "email", "data-extension", "reads", "prod", "CRM Team", "high"]
        var dependencies = depColumns.joined(separator: ",") + "\n" + depClean.map(csvCell).joined(separator: ",") + "\n"
        for i in depColumns.indices {
            var row = depClean
            row[i] = nextPlant().cell
            dependencies += row.map(csvCell).joined(separator: ",") + "\n"
        }
        try dependencies.write(to: data.appendingPathComponent("dependencies.csv"), atomically: true, encoding: .utf8)

        // Probe logs: each kept field carrying a secret, in JSON and in logfmt,
        // for the inventoried client id and for an unknown one.
        func json(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        var probes = ""
        for client in ["4f1c0d9e2b7a1234abcd5678", "9z9z9z9z9z9z"] {
            let fields = ["consumer", "secret_version", "error", "env", "client_id", "extra"]
            for field in fields {
                var values = [
                    "ts": "2026-09-01T23:00:00Z", "client_id": client, "status": "401", "env": "prod",
                    "consumer": "Boomi nightly ETL", "secret_version": "v3", "error": "invalid_client",
                ]
                values[field] = nextPlant().cell
                let keys = values.keys.sorted()
                probes += "{" + keys.map { "\"\($0)\":\"\(json(values[$0]!))\"" }.joined(separator: ",") + "}\n"
                values[field] = nextPlant().cell
                probes += keys.map { "\($0)=\"\(json(values[$0]!))\"" }.joined(separator: " ") + "\n"
            }
        }
        // A malformed line holding a secret: reported by line, never quoted.
        probes += "ts=not-a-time client_id=\(nextPlant().secret) status=abc\n"
        try probes.write(to: data.appendingPathComponent("probes/token-checks.log"), atomically: true, encoding: .utf8)

        // credgraph.yml: a secret used as a key.
        let config = "as_of: 2026-09-02\ndeadline: 2026-09-30\n\"\(json(nextPlant().cell))\": 1\n"
        try config.write(to: data.appendingPathComponent("credgraph.yml"), atomically: true, encoding: .utf8)
        return (data, secrets)
    }

    /// The subcommands `credgraph --help` lists, so commands added later are covered too.
    static func subcommands() throws -> [String] {
        let help = try CLI.run(["--help"]).stdout
        guard let section = help.range(of: "SUBCOMMANDS:") else { return [] }
        var names: [String] = []
        for line in help[section.upperBound...].split(separator: "\n") {
            let chars = Array(line)
            guard chars.count > 2, chars[0] == " ", chars[1] == " ", chars[2].isLetter else { continue }
            let name = String(chars[2...].prefix { $0.isLetter || $0 == "-" })
            if name != "help" { names.append(name) }
        }
        return names
    }

    /// Every way the test runs `command`; `out` is a fresh folder for its files.
    static func invocations(_ command: String, data: String, out: String) -> [[String]] {
        let common = ["--data", data, "--as-of", "2026-09-02"]
        switch command {
        case "check", "risk":
            return [[command] + common, [command, "--json"] + common]
        case "blast-radius":
            let refs = ["package:MC Boomi", "integration:Boomi nightly ETL", "de:Loyalty_Tiers"]
            return [
                [command] + refs + common,
                [command, "--json"] + refs + common,
                [command, "--upstream", "de:Loyalty_Tiers"] + common,
                [command, "--format", "svg", "--out", out + "/br.svg"] + refs + common,
                [command, "--format", "dot", "--out", out + "/br.dot"] + refs + common,
                [command, "--format", "png", "--out", out + "/br.png"] + refs + common,
                [command, "integration:Boomi nightly", "redacted"] + common, // unknown: closest matches are listed
            ]
        case "path":
            return [
                [command, "package:MC Boomi", "email:Tier email"] + common,
                [command, "--json", "package:MC Boomi", "email:Tier email"] + common,
            ]
        case "graph":
            return [
                [command, "--format", "dot"] + common,
                [command, "--format", "svg"] + common,
                [command, "--format", "svg", "--out", out + "/graph.svg"] + common,
                [command, "--format", "pdf", "--out", out + "/graph.pdf"] + common,
            ]
        default: // weekly, readiness, report and whatever comes next: Markdown under --out
            return [[command, "--out", out + "/" + command] + common, [command] + common]
        }
    }

    /// Every 16-byte run of every secret.
    static func windows(of secrets: [String]) -> Set<[UInt8]> {
        var set: Set<[UInt8]> = []
        for secret in secrets {
            let bytes = Array(secret.utf8)
            guard bytes.count >= 16 else { continue }
            for start in 0...(bytes.count - 16) { set.insert(Array(bytes[start..<(start + 16)])) }
        }
        return set
    }

    static func leak(in bytes: [UInt8], windows: Set<[UInt8]>) -> String? {
        guard bytes.count >= 16 else { return nil }
        for start in 0...(bytes.count - 16) {
            let window = Array(bytes[start..<(start + 16)])
            if windows.contains(window) { return String(decoding: window, as: UTF8.self) }
        }
        return nil
    }

    static func files(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    @Test func noPlantedSecretReachesAnyOutputOfAnyCommand() throws {
        let root = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let (data, secrets) = try Self.plantedData(in: root)
        #expect(secrets.count > 40)
        #expect(secrets.allSatisfy { $0.utf8.count >= 16 })
        let windows = Self.windows(of: secrets)
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        let commands = try Self.subcommands()
        #expect(Set(["check", "risk", "blast-radius", "path", "graph"]).isSubset(of: Set(commands)))
        var runs = 0
        var filesChecked = 0
        for command in commands {
            for arguments in Self.invocations(command, data: data.path, out: work.appendingPathComponent("\(command)-out").path) {
                let result = try CLI.run(arguments, in: work)
                runs += 1
                let shown = arguments.joined(separator: " ")
                #expect([0, 1, 2].contains(result.status), "\(shown) exited \(result.status)")
                if let found = Self.leak(in: Array(result.stdout.utf8), windows: windows) {
                    Issue.record("secret run '\(found)' on standard output of: \(shown)")
                }
                if let found = Self.leak(in: Array(result.stderr.utf8), windows: windows) {
                    Issue.record("secret run '\(found)' on standard error of: \(shown)")
                }
            }
        }
        for file in Self.files(under: work) {
            filesChecked += 1
            let bytes = Array(try Data(contentsOf: file))
            if let found = Self.leak(in: bytes, windows: windows) {
                Issue.record("secret run '\(found)' in \(file.path)")
            }
        }
        #expect(runs >= 15)
        #expect(filesChecked >= 5)

        // Not vacuous: the planted values were seen, reported by place, and withheld.
        let check = try CLI.run(["check", "--data", data.path], in: work)
        let inventoryWarnings = check.stderr.components(separatedBy: "\n").filter {
            $0.contains("inventory.csv:") && $0.contains("looks like secret material")
        }
        #expect(inventoryWarnings.count >= 19, "\(check.stderr)")
        #expect(check.stderr.contains("dependencies.csv:"))
        #expect(check.stderr.contains("looks like secret material (value withheld)"))
        #expect(check.stderr.contains("credgraph.yml:"))
    }
}
