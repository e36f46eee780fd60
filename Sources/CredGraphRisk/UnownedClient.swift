import CredGraphCore

/// A client id that probes name and the inventory lacks: an integration
/// nobody owns on record. Every output that counts credentials lists these
/// too (risk table, readiness as Blocked, the weekly index, the graph), since
/// the people who must act are exactly the ones who do not know about it.
public struct UnownedClient: Sendable, Hashable {
    public var clientID: String
    public var probes: Int
    public var first: Int64
    public var last: Int64
    /// Environments and consumer names the probes gave (capped, sorted).
    public var environments: [String]
    public var consumers: [String]
    /// The `uninventoried-client` finding about it.
    public var finding: Finding?

    public init(_ probes: UnknownClientProbes, finding: Finding?) {
        clientID = probes.clientID
        self.probes = probes.probes
        first = probes.first
        last = probes.last
        environments = probes.environments.names
        consumers = probes.consumers.names
        self.finding = finding
    }

    /// `Agency Dashboard Connector@prod`, or the environments alone when no consumer was named.
    public var consumerReferences: [String] {
        if consumers.isEmpty { return environments.map { "unnamed consumer@\($0)" } }
        if environments.count == 1 { return consumers.map { "\($0)@\(environments[0])" } }
        return consumers
    }

    public var severity: Severity { finding?.severity ?? .high }
}
