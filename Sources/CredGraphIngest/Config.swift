import CredGraphCore

/// Settings from `credgraph.yml`; every key has the default of inputs.md.
public struct Config: Sendable, Hashable {
    public struct Thresholds: Sendable, Hashable {
        public var expiryCriticalDays = 7
        public var expiryHighDays = 30
        public var expiryMediumDays = 60
        public var probeStaleMinutes = 30
        public var latencyP95Ms = 2000
        public init() {}
    }

    public struct Reports: Sendable, Hashable {
        /// Show only the last 4 characters of client ids in reports.
        public var maskClientIDs = true
        public init() {}
    }

    /// The report's point in time, milliseconds since the epoch (UTC); nil means now.
    public var asOf: Int64?
    /// The readiness target.
    public var deadline: Day?
    /// Days of probe evidence considered, ending at as-of.
    public var windowDays = 7
    /// expiry = secret_generated_on + this, when no expiry date is given.
    public var secretTTLDays = 180
    public var thresholds = Thresholds()
    public var reports = Reports()
    /// `metadata:`: mcdev business-unit folders (paths relative to the
    /// configuration file's folder) and their environments (metadata.md).
    public var metadata: [MetadataSource] = []
    /// Environment names besides the usual ones (`environments:`), so that
    /// a deliberate `perf` or `sandbox` is not flagged as a likely typo.
    public var environments: [String] = []
    /// How probe exports from log platforms are read (`probes:`).
    public var probes = ProbeSettings()
    /// `acknowledgements:`: findings a person decided to live with, until a date.
    public var acknowledgements: [Acknowledgement] = []
    /// The rotation calendar (`rotation:`): windows, freezes, capacity.
    public var rotation = RotationSettings()

    public init() {}
}

/// The `probes:` settings: where the fields of a log platform's export are
/// and how its times are written.
public struct ProbeSettings: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// Per line: JSON object or logfmt; a file starting with `[` is a JSON array.
        case auto
        case jsonl
        case logfmt
        case jsonArray = "json-array"
    }

    public enum TimeFormat: String, Sendable, Hashable, CaseIterable {
        /// RFC 3339; `YYYY-MM-DD HH:MM:SS[.fff]` in `timezone`; epoch seconds or milliseconds by magnitude.
        case auto
        case rfc3339
        case epochSeconds = "epoch_s"
        case epochMillis = "epoch_ms"
        case local = "YYYY-MM-DD HH:MM:SS"
    }

    public var format = Format.auto
    /// Canonical field name (`ts`, `client_id`, `status`, `env`, `consumer`,
    /// `endpoint`, `latency_ms`, `error`, `secret_version`) to a dotted path.
    public var fields: [String: String] = [:]
    public var timeFormat = TimeFormat.auto
    /// IANA name, for times written without an offset.
    public var timezone = "UTC"
    /// A file with a larger share of malformed lines (or no usable line) is an error.
    public var maxMalformedShare = 0.05

    /// The canonical field names `fields` may map.
    public static let fieldNames = ["ts", "client_id", "status", "env", "consumer", "endpoint", "latency_ms", "error", "secret_version"]

    public init() {}

    /// True when no line may be read by the native fast path: a fixed line
    /// form or time format changes what a native line means.
    var readsEveryLineMapped: Bool { format != .auto || timeFormat != .auto }
}

/// What every stage needs to know about the moment of the run.
public struct Clock: Sendable, Hashable {
    /// As-of, milliseconds since the epoch (UTC).
    public var asOf: Int64

    public init(asOf: Int64) { self.asOf = asOf }

    /// The UTC calendar day of as-of, from which `days_left` counts.
    public var asOfDay: Day { Day(containing: asOf) }
}
