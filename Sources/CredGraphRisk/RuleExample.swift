import CredGraphCore

/// A rule's examples, SwiftLint style: small estates it must fire on and
/// estates it must stay quiet on. The rule's test file runs each one through
/// the whole pipeline (real files, real loaders) and docs/rules.md lists them.
public struct RuleExamples: Sendable {
    public var triggering: [RuleExample]
    public var nonTriggering: [RuleExample]

    public init(triggering: [RuleExample], nonTriggering: [RuleExample]) {
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// One small estate: inventory rows, probe lines and settings, described in
/// a line for the docs. Everything not given is healthy (an owned consumer,
/// secret in a vault, expiring months after `asOf`, alerting and retry set).
public struct RuleExample: Sendable {
    /// What the estate shows, for docs/rules.md.
    public var description: String
    public var rows: [ExampleRow]
    public var probes: [ExampleProbe]
    /// Extra credgraph.yml lines (`as_of` is always `RuleExample.asOf`).
    public var config: [String]
    /// Files of a metadata retrieve, by path under `metadata/` (read with `metadata:`).
    public var metadata: [String: String]
    /// The severity a triggering example must report (nil: any the rule declares).
    public var severity: Severity?

    public init(
        _ description: String, rows: [ExampleRow] = [ExampleRow()], probes: [ExampleProbe] = [],
        config: [String] = [], metadata: [String: String] = [:], severity: Severity? = nil
    ) {
        self.description = description
        self.rows = rows
        self.probes = probes
        self.config = config
        self.metadata = metadata
        self.severity = severity
    }

    /// The as-of of every example.
    public static let asOf = "2026-09-02T12:00:00Z"
    static let asOfMillis: Int64 = 1_788_350_400_000

    /// The example as the files of a data folder, by relative path.
    public var files: [String: String] {
        var files: [String: String] = [
            "inventory.csv": ([ExampleRow.header] + rows.map(\.csvLine)).joined(separator: "\n") + "\n",
            "dependencies.csv": "from,from_kind,to,to_kind,relation,environment,owner,criticality\n",
        ]
        var yaml = ["as_of: \(Self.asOf)"] + config
        if !metadata.isEmpty {
            yaml += ["metadata:", "  - path: metadata", "    environment: prod"]
            for (path, text) in metadata { files["metadata/" + path] = text }
        }
        files["credgraph.yml"] = yaml.joined(separator: "\n") + "\n"
        if !probes.isEmpty {
            files["probes/probes.jsonl"] = probes.map { $0.jsonLine(asOf: Self.asOfMillis) }.joined(separator: "\n") + "\n"
        }
        return files
    }
}

/// An inventory row (inputs.md columns); the defaults are a healthy prod consumer.
public struct ExampleRow: Sendable {
    public var integration = "Orders Sync"
    public var environment = "prod"
    public var package = "Orders Connector"
    public var client = ExampleRow.defaultClient
    public var technicalOwner = "Platform Team <platform@example.com>"
    public var businessOwner = "CRM Team <crm@example.com>"
    public var secretLocation = "vault:kv/mc/orders"
    public var expiresOn = "2027-01-31"
    public var generatedOn = ""
    public var rotatedOn = ""
    public var retry = "exponential backoff"
    public var alerting = "pager:crm-oncall"
    public var lowerEnvRotatedOn = ""
    public var notes = ""

    public static let defaultClient = "client-aaaa1111"

    public init(
        _ integration: String = "Orders Sync", env: String = "prod", package: String = "Orders Connector",
        client: String = ExampleRow.defaultClient, technicalOwner: String = "Platform Team <platform@example.com>",
        businessOwner: String = "CRM Team <crm@example.com>", secretLocation: String = "vault:kv/mc/orders",
        expiresOn: String = "2027-01-31", generatedOn: String = "", rotatedOn: String = "", retry: String = "exponential backoff",
        alerting: String = "pager:crm-oncall", lowerEnvRotatedOn: String = "", notes: String = ""
    ) {
        self.integration = integration
        self.environment = env
        self.package = package
        self.client = client
        self.technicalOwner = technicalOwner
        self.businessOwner = businessOwner
        self.secretLocation = secretLocation
        self.expiresOn = expiresOn
        self.generatedOn = generatedOn
        self.rotatedOn = rotatedOn
        self.retry = retry
        self.alerting = alerting
        self.lowerEnvRotatedOn = lowerEnvRotatedOn
        self.notes = notes
    }

    static let header = "integration,environment,installed_package,client_id,technical_owner,business_owner,secret_location,"
        + "secret_expires_on,secret_generated_on,secret_rotated_on,retry,alerting,lower_env_rotated_on,notes"

    var csvLine: String {
        [integration, environment, package, client, technicalOwner, businessOwner, secretLocation, expiresOn, generatedOn,
         rotatedOn, retry, alerting, lowerEnvRotatedOn, notes].map(Self.cell).joined(separator: ",")
    }

    static func cell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A probe line (inputs.md), dated in minutes before the examples' as-of.
public struct ExampleProbe: Sendable {
    public var minutesAgo: Int
    public var consumer: String?
    public var env: String?
    public var client: String
    public var status: Int
    public var error: String?
    public var latencyMs: Int
    public var version: String?

    public init(
        minutesAgo: Int, consumer: String? = "Orders Sync", env: String? = "prod", client: String = ExampleRow.defaultClient,
        status: Int = 200, error: String? = nil, latencyMs: Int = 150, version: String? = nil
    ) {
        self.minutesAgo = minutesAgo
        self.consumer = consumer
        self.env = env
        self.client = client
        self.status = status
        self.error = error
        self.latencyMs = latencyMs
        self.version = version
    }

    /// One probe every 10 minutes over the last `hours`, all with `status`.
    public static func steady(
        _ consumer: String = "Orders Sync", hours: Int = 6, env: String = "prod", client: String = ExampleRow.defaultClient,
        status: Int = 200, error: String? = nil, latencyMs: Int = 150, version: String? = nil, fromMinutesAgo start: Int = 0
    ) -> [ExampleProbe] {
        stride(from: start, to: start + hours * 60, by: 10).map {
            ExampleProbe(minutesAgo: $0, consumer: consumer, env: env, client: client, status: status, error: error,
                         latencyMs: latencyMs, version: version)
        }
    }

    func jsonLine(asOf: Int64) -> String {
        var fields = ["\"ts\":\(asOf - Int64(minutesAgo) * 60_000)", "\"client_id\":\"\(client)\"", "\"endpoint\":\"token\"",
                      "\"status\":\(status)", "\"latency_ms\":\(latencyMs)"]
        if let env { fields.append("\"env\":\"\(env)\"") }
        if let consumer { fields.append("\"consumer\":\"\(consumer)\"") }
        if let error { fields.append("\"error\":\"\(error)\"") }
        if let version { fields.append("\"secret_version\":\"\(version)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }
}
