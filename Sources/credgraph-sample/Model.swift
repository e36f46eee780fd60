import Foundation

/// The generator's own small model of an estate: what is written to
/// inventory.csv, dependencies.csv and the probe logs, plus the findings each
/// credential is planted to trigger (the source of truth for the docs table
/// and the test expectations).

/// How one consumer's probes behave over the window.
struct ProbePlan {
    /// Path under `probes/`; the extension decides the form (`.jsonl`, `.log`, `.gz`).
    var file: String
    /// The environment as the probe runner writes it (may be `production`).
    var env: String
    var medianLatencyMs: Double = 180
    var latencySpread: Double = 0.9
    /// Share of token probes that are slow (2.1 s to 4.8 s): the latency-degraded plant.
    var slowShare: Double = 0.002
    /// Shares of non-auth failures per probe.
    var serverErrorShare: Double = 0.002
    var throttledShare: Double = 0.0
    var timeoutShare: Double = 0.001
    /// Every N-th tick also makes a REST or SOAP call (0: never).
    var apiCallEvery: Int = 0
    var apiEndpoint: String = "rest"
    var apiMedianLatencyMs: Double = 450
    /// From this instant (ms since the epoch) token requests answer 401 invalid_client
    /// (or `authFailStatus`: 403 when the package lost access to the business unit).
    var authFailFrom: Int64? = nil
    var authFailStatus: Int = 401
    /// No probes after this instant (the runner died).
    var stopAt: Int64? = nil
    /// Secret versions used, each from an instant on; empty: the field is not logged.
    var versions: [(from: Int64, version: String)] = []
    /// Show timestamps at this UTC offset, with milliseconds.
    var offsetMinutes: Int = 0
    var fractionalSeconds: Bool = false
    /// In a mixed file, this consumer's lines are JSON (true) or logfmt with field aliases (false).
    var mixedAsJSON: Bool = true
}

struct ConsumerRow {
    var integration: String
    var environment: String
    var kind: String
    var businessOwner: String
    var technicalOwner: String
    var secretLocation: String
    var secretExpiresOn: String = ""
    var secretGeneratedOn: String = ""
    var secretRotatedOn: String = ""
    var criticality: String = "medium"
    var retry: String = "exponential backoff, 5 attempts"
    var alerting: String
    var lowerEnvRotatedOn: String = ""
    var e2eTestedOn: String = ""
    var writes: [String] = []
    var notes: String = ""
    var probe: ProbePlan?
}

struct CredentialPlan {
    /// Stable key: seeds the client id and the probe randomness.
    var key: String
    var installedPackage: String
    var packageType: String
    /// Rule ids of outputs.md this credential must trigger (sorted when written).
    var rules: [String]
    /// One line for the docs: what was planted and where.
    var story: String
    var rows: [ConsumerRow]

    var clientID: String { makeClientID(for: key) }
}

/// Probes for a client id that no inventory row names.
struct StrayProbes {
    var key: String
    var consumer: String
    var story: String
    var probe: ProbePlan
    var clientID: String { makeClientID(for: key) }
}

struct DependencyRow {
    var from: String
    var fromKind: String = ""
    var to: String
    var toKind: String
    var relation: String = ""
    var environment: String = ""
    var owner: String = ""
    var criticality: String = ""
}

struct Estate {
    var asOf: Int64  // ms since the epoch
    var credentials: [CredentialPlan]
    var strays: [StrayProbes]
    var dependencies: [DependencyRow]
}

let inventoryHeader = [
    "integration", "environment", "installed_package", "client_id", "package_type", "kind",
    "business_owner", "technical_owner", "secret_location", "secret_expires_on", "secret_generated_on",
    "secret_rotated_on", "criticality", "retry", "alerting", "lower_env_rotated_on", "e2e_tested_on",
    "writes", "notes",
]

let dependencyHeader = ["from", "from_kind", "to", "to_kind", "relation", "environment", "owner", "criticality"]

/// RFC 4180 quoting: only where a cell needs it.
func csvField(_ value: String) -> String {
    let needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
        || value.hasPrefix(" ") || value.hasSuffix(" ")
    guard needsQuotes else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

func csvLine(_ cells: [String]) -> String { cells.map(csvField).joined(separator: ",") + "\n" }

extension CredentialPlan {
    func inventoryCells(_ row: ConsumerRow) -> [String] {
        [
            row.integration, row.environment, installedPackage, clientID, packageType, row.kind,
            row.businessOwner, row.technicalOwner, row.secretLocation, row.secretExpiresOn, row.secretGeneratedOn,
            row.secretRotatedOn, row.criticality, row.retry, row.alerting, row.lowerEnvRotatedOn, row.e2eTestedOn,
            row.writes.joined(separator: ";"), row.notes,
        ]
    }
}

extension DependencyRow {
    var cells: [String] { [from, fromKind, to, toKind, relation, environment, owner, criticality] }
}
