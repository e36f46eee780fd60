import CredGraphCore

/// `secret-in-inventory`: an inventory cell looks like secret material. One
/// finding per sighting; the value itself was never kept.
public struct SecretInInventory: Rule {
    public static let id = RuleID("secret-in-inventory")
    public static let topic = RuleTopic.secretStorage
    public static let summary = "An inventory cell looks like secret material (value redacted)."
    public static let defaultSeverity = Severity.critical
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "a cell looks like secret material"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per cell that the inventory loader flags as secret material
    (for example a long high-entropy token in `secret_location` or `notes`). The
    message gives file:line, the column and why it looked like a secret; the
    value is never kept or shown. A run of 32 or more hex digits (a hex-encoded
    key, but also a digest or a commit id) is reported as "long hexadecimal
    string, possibly a secret": check what it is before rotating.

    **Means** the secret must be treated as exposed.

    **Do**: remove the value from the inventory and from wherever the file has
    been (version control history, shared drives, ticket attachments); generate a
    new secret, roll it out to every consumer, verify, activate.
    """#

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
                rule: Self.id, severity: Self.defaultSeverity,
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

extension SecretInInventory {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("a `notes` cell holding `client_secret=` and a long random token",
                        rows: [ExampleRow(notes: "client_secret=Zk8QmW2vXr7TbN4pLc9HsJ6dYf3GaE5uRq1")], severity: .critical),
        ],
        nonTriggering: [
            RuleExample("a `notes` cell of plain words", rows: [ExampleRow(notes: "Anypoint app order-events-v3, two workers")]),
        ]
    )
}
