import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `credgraph init DIR` writes: a data folder a new user fills in,
/// with one example row per CSV and a commented settings file. `check`
/// accepts it as written (a test runs it), so each file also shows the
/// shape of valid input.
public enum StarterData {
    /// File name and text, in the order they are written.
    public static func files(today: Day) -> [(name: String, text: String)] {
        [("inventory.csv", inventory(today: today)), ("dependencies.csv", dependencies), ("credgraph.yml", settings)]
    }

    /// One consumer of one credential. The client id is obviously not a
    /// real one, and no secret is ever written (the inventory must not hold
    /// one). The secret was generated "today", so its expiry follows from
    /// `secret_ttl_days` (Marketing Cloud: 180 days).
    static func inventory(today: Day) -> String {
        """
        integration,environment,installed_package,client_id,package_type,kind,business_owner,technical_owner,secret_location,secret_expires_on,secret_generated_on,secret_rotated_on,criticality,retry,alerting,lower_env_rotated_on,e2e_tested_on,writes,notes
        Example Order Sync,prod,Example Installed Package,example-not-a-real-client-id,server-to-server,middleware,Example Business Owner <owner@example.com>,Example Technical Owner <tech@example.com>,vault:kv/marketing-cloud/prod/example-order-sync,,\(today),\(today),medium,"exponential backoff, 3 attempts",email:integration-team@example.com,,,Example_Orders,"Example row written by credgraph init: replace it with your integrations, one row per consumer and environment"

        """
    }

    /// The data extension the example integration writes, read by an email.
    static let dependencies = """
        from,from_kind,to,to_kind,relation,environment,scope,owner,criticality
        Example_Orders,data-extension,Example Order Confirmation,email,reads,,,Example Business Owner <owner@example.com>,medium

        """

    /// Every key credgraph reads, at its default, with what it means
    /// (docs/inputs.md has the full story).
    static let settings = """
        # credgraph settings (docs/inputs.md, "credgraph.yml"). Every key is optional
        # and shown here at its default; delete what you do not change.

        # The point in time of the reports: a date (midnight UTC) or an RFC 3339
        # date-time. Default: now. --as-of on the command line wins.
        # as_of: 2026-09-02

        # The readiness target date (readiness.md counts what must happen before it).
        # Default: none. --deadline on the command line wins.
        # deadline: 2026-09-30

        # Days of probe evidence considered, counted back from as_of.
        window_days: 7

        # When a row has secret_generated_on but no secret_expires_on, the expiry is
        # that date plus this many days. Marketing Cloud client secrets expire
        # 180 days after they are generated.
        secret_ttl_days: 180

        thresholds:
          expiry_critical_days: 7   # a secret expiring within this many days is critical
          expiry_high_days: 30      # ... within this many days is high
          expiry_medium_days: 60    # ... within this many days is medium
          probe_stale_minutes: 30   # no probe for this long: the evidence is stale
          latency_p95_ms: 2000      # token calls slower than this at the 95th percentile

        reports:
          # Show only the last 4 characters of client ids in reports and diagrams.
          mask_client_ids: true

        # Reading probe logs (files under probes/; JSON lines or logfmt by default).
        probes:
          # auto (per line: a JSON object or logfmt; a file starting with [ is a JSON
          # array), jsonl, logfmt or json-array.
          format: auto
          # Where each field is in an export of a log platform: dotted paths reach
          # into nested JSON. Uncomment and adapt, for example:
          # fields:
          #   ts: content.timestamp
          #   client_id: content.attributes.client_id
          #   status: content.attributes.http.status_code
          # auto (RFC 3339; YYYY-MM-DD HH:MM:SS[.fff] in timezone; epoch seconds or
          # milliseconds by magnitude), or rfc3339, epoch_s, epoch_ms,
          # "YYYY-MM-DD HH:MM:SS".
          time_format: auto
          # The time zone of times written without an offset (an IANA name).
          timezone: UTC
          # A file with a larger share of malformed lines than this, or with no
          # usable line, is an error.
          max_malformed_share: 0.05

        # Marketing Cloud metadata to scan (an mcdev retrieve folder per business
        # unit, paths relative to this file; docs/inputs.md). Default: none.
        # metadata:
        #   - path: retrieve/acme/Prod_BU
        #     environment: prod
        #   - path: retrieve/acme/_ParentBU_
        #     environment: prod
        #     shared: true   # the parent business unit: its shared data extensions serve every environment

        """

    /// Writes the starter files into `directory` (created when missing).
    /// Refuses, writing nothing, when any of them exists already; each file
    /// is written beside and linked into place, so none is ever half written
    /// and none is overwritten even by a race.
    public static func write(into directory: String, today: Day) throws(OutputError) {
        let files = files(today: today)
        let paths = files.map { (directory as NSString).appendingPathComponent($0.name) }
        let existing = paths.filter { FileManager.default.fileExists(atPath: $0) || isSymbolicLink($0) }
        guard existing.isEmpty else {
            throw OutputError("\(existing.joined(separator: ", ")): already exist\(existing.count == 1 ? "s" : ""); credgraph init does not overwrite files (choose a new folder, or move them away)")
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError("\(directory): cannot create the folder: \(error.localizedDescription)")
        }
        for (file, path) in zip(files, paths) {
            let temporary = (directory as NSString).appendingPathComponent(".\(file.name).credgraph-init-\(getpid())")
            guard FileManager.default.createFile(atPath: temporary, contents: Data(file.text.utf8)) else {
                throw OutputError("\(path): cannot write")
            }
            defer { unlink(temporary) }
            // link(2) fails when the name exists, where rename(2) would replace it.
            guard link(temporary, path) == 0 else {
                let reason = errno == EEXIST ? "already exists; credgraph init does not overwrite files" : String(cString: strerror(errno))
                throw OutputError("\(path): \(reason)")
            }
        }
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
    }
}
