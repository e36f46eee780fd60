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

    public init() {}
}

/// What every stage needs to know about the moment of the run.
public struct Clock: Sendable, Hashable {
    /// As-of, milliseconds since the epoch (UTC).
    public var asOf: Int64

    public init(asOf: Int64) { self.asOf = asOf }

    /// The UTC calendar day of as-of, from which `days_left` counts.
    public var asOfDay: Day { Day(containing: asOf) }
}
