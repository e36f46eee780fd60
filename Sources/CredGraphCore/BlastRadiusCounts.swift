/// What a failing node reaches downstream, counted as outputs.md defines the
/// `blast_radius` object. The graph stage computes it; the risk stage ranks by it.
public struct BlastRadiusCounts: Sendable, Hashable, Codable, Comparable {
    /// Consumers (integration and environment) reached.
    public var integrations: Int
    /// Of those, the ones in `prod`.
    public var productionIntegrations: Int
    public var dataExtensions: Int
    /// Nodes of kind email, content-block, cloudpage, ssjs or ampscript.
    public var assets: Int
    /// Nodes of kind journey, triggered-send, sms or push.
    public var sends: Int
    /// Sum of the criticality weights (low 1 … critical 4) of every node reached.
    public var criticalityScore: Int

    public init(integrations: Int = 0, productionIntegrations: Int = 0, dataExtensions: Int = 0, assets: Int = 0, sends: Int = 0, criticalityScore: Int = 0) {
        self.integrations = integrations
        self.productionIntegrations = productionIntegrations
        self.dataExtensions = dataExtensions
        self.assets = assets
        self.sends = sends
        self.criticalityScore = criticalityScore
    }

    /// Bigger reach sorts greater: consumers, production consumers, data
    /// extensions, assets, sends, then criticality (the rank order of outputs.md).
    public static func < (a: Self, b: Self) -> Bool {
        (a.integrations, a.productionIntegrations, a.dataExtensions, a.assets, a.sends, a.criticalityScore)
            < (b.integrations, b.productionIntegrations, b.dataExtensions, b.assets, b.sends, b.criticalityScore)
    }
}
