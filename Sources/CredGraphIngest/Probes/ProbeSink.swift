/// Where the probe scan delivers what it read. Ingest does not know what the
/// sink makes of the probes (Risk's `ProbeAggregator` folds them into
/// evidence); the parallel scan needs from it only how probe names match the
/// inventory, which window counts towards latency, and a tally per worker.
package protocol ProbeSink {
    /// A worker's share of the evidence: what the probes that need no order add up to.
    associatedtype Tally: ProbeTally

    /// An empty tally for one worker, sized by the inventory (never by lines).
    func makeTally() -> Tally

    /// Adds a finished worker's tally: the result is that of having applied
    /// its facts here.
    mutating func merge(_ tally: Tally)

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

/// What one worker of the parallel scan folds on its own, out of order: the
/// facts of inventoried credentials that name no secret version. Everything
/// such a fact adds to is a count, a min/max, a histogram or an
/// order-independent set, so tallies merged in any order equal the facts
/// applied one by one; a fact that names a version (capped tables that keep
/// the first versions seen) or whose names the inventory lacks stays on the
/// ordered path.
package protocol ProbeTally: Sendable {
    /// One call per chunk, so the per-probe loop runs in the tally's module.
    /// Every fact has `credential >= 0` and `extra == -1`; its token latency
    /// is already in the worker's `LatencyParts`.
    mutating func fold(_ facts: UnsafeBufferPointer<ProbeFact>)
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
