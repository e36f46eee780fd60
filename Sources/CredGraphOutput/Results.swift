import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphReport

/// The results of the commands that are not a stage's own value, as plain
/// values: what was computed, with nothing decided about how it is shown.

/// `blast-radius`: the traversal, and the first run of each automation it
/// reaches after the roots' secrets expire.
public struct BlastRadiusResult: Sendable {
    public var radius: BlastRadius
    public var automationRuns: [AutomationRun]
    /// The roots' earliest expiry, when one is known.
    public var expiry: Day?

    public init(_ radius: BlastRadius, automationRuns: [AutomationRun] = [], expiry: Day? = nil) {
        self.radius = radius
        self.automationRuns = automationRuns
        self.expiry = expiry
    }

    public init(_ radius: BlastRadius, analysis: Analysis) {
        self.init(radius, automationRuns: analysis.automationRuns(in: radius), expiry: analysis.expiryInstant(of: radius.roots).expiry)
    }
}

/// `path`: the shortest chains between two sets of nodes of a graph.
public struct PathResult: Sendable {
    public var graph: DependencyGraph
    public var from: [NodeID]
    public var to: [NodeID]
    public var chains: [DependencyChain]

    public init(graph: DependencyGraph, from: [NodeID], to: [NodeID], chains: [DependencyChain]) {
        self.graph = graph
        self.from = from
        self.to = to
        self.chains = chains
    }
}

/// `scan`: what the metadata says, with the instant the next runs are counted from.
public struct ScanResult: Sendable {
    public var scan: MetadataScan
    public var asOf: Int64

    public init(_ scan: MetadataScan, asOf: Int64) {
        self.scan = scan
        self.asOf = asOf
    }
}
