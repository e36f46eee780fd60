import CredGraphCore

/// `secret-in-inventory`: an inventory cell looks like secret material. One
/// finding per sighting; the value itself was never kept.
public struct SecretInInventory: Rule {
    public static let id = "secret-in-inventory"
    public static let summary = "An inventory cell looks like secret material (value redacted)."
    public static let defaultSeverity = Severity.critical
    public static let thresholdDescription = "a cell the inventory loader flags as secret-like (for example a long high-entropy token in secret_location or notes)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let known = Set(context.inventory.credentials.map(\.clientID))
        return context.inventory.secretSightings.map { sighting in
            let clientID = sighting.clientID.flatMap { known.contains($0) ? $0 : nil }
            let package = clientID.flatMap { id in context.inventory.credentials.first { $0.clientID == id }?.installedPackage }
            let rowConsumers = context.inventory.consumers.indices.filter {
                context.inventory.consumers[$0].location == sighting.location
            }
            return Finding(
                rule: Self.id, severity: .critical,
                message: "\(sighting.location), column \(sighting.column): the cell looks like secret material (\(sighting.reason)). "
                    + "The value is redacted here and in every output.",
                remediation: "Remove the value from the inventory and from wherever the file has been (version control history, shared drives, "
                    + "ticket attachments); keep only a secret location such as vault:PATH. Treat the secret as exposed: "
                    + (package.map { "generate a new secret in \(Wording.setupPath($0)), roll it out to every consumer, verify, then activate it." }
                        ?? "rotate the credential it belongs to, rolling the new secret out to every consumer before activating it."),
                clientID: clientID, consumerIndices: rowConsumers, location: sighting.location
            )
        }
    }
}
