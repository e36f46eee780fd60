/// Where the probe scan delivers what it read. Ingest does not know what the
/// sink makes of the probes (Risk's `ProbeAggregator` folds them into
/// evidence); the parallel scan needs from it only how probe names match the
/// inventory and which window counts towards latency.
package protocol ProbeSink {
    /// What the scan's workers share to resolve names and record latencies.
    var probeMatching: ProbeMatching { get }

    /// One whole probe: the JSON-array path, and lines whose client id or
    /// consumer name the inventory lacks.
    mutating func add(_ record: ProbeRecord)

    /// A parsed chunk's probes, in reading order. One call per chunk, so the
    /// per-probe loop runs inside the sink's own module, without a dynamic
    /// call per line. A fact with `credential < 0` stands for
    /// `records[extra]`; otherwise `extra` indexes `versions` (or is -1), and
    /// the fact's token latency is already in the workers' `LatencyParts`.
    mutating func add(_ facts: UnsafeBufferPointer<ProbeFact>, records: [ProbeRecord], versions: [String])

    /// The token latencies the workers recorded for the facts of `add(_:records:versions:)`.
    mutating func mergeTokenLatency(_ parts: LatencyParts)
}

/// How the scan's workers resolve probes before the sink sees them: the
/// inventory matcher, the latency window and the table sizes.
package struct ProbeMatching: Sendable {
    package var matcher: ProbeMatcher
    /// Probes from here to `asOf` (inclusive, ms) count towards latency.
    package var windowStart: Int64
    package var asOf: Int64
    package var credentialCount: Int
    package var consumerCount: Int

    package init(matcher: ProbeMatcher, windowStart: Int64, asOf: Int64, credentialCount: Int, consumerCount: Int) {
        self.matcher = matcher
        self.windowStart = windowStart
        self.asOf = asOf
        self.credentialCount = credentialCount
        self.consumerCount = consumerCount
    }
}
