import CredGraphCore
import CredGraphIngest

/// `secret-in-code`: Marketing Cloud code (a script, email, block or
/// CloudPage of an mcdev retrieve) holds an inventoried client id, a
/// `/v2/token` call or secret material. That code is a consumer nobody can
/// update from a vault. One finding per item (and per client id it holds),
/// naming every file and line; the value is never shown.
public struct SecretInCode: Rule {
    public static let id = "secret-in-code"
    public static let summary = "Marketing Cloud code holds a client id, a token call or secret material: a consumer no vault can update (value redacted)."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "the scanned metadata (--metadata, metadata:) holds an inventoried client id, a /v2/token call or secret material in code"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let hits = context.metadata.credentialsInCode
        guard !hits.isEmpty else { return [] }
        let known = Set(context.inventory.credentials.map(\.clientID))
        var byItem: [String: [CodeCredential]] = [:]
        for hit in hits { byItem[hit.item.id, default: []].append(hit) }
        var findings: [Finding] = []
        for itemID in byItem.keys.sorted() {
            let itemHits = byItem[itemID] ?? []
            let item = itemHits[0].item
            let clientIDs = Set(itemHits.compactMap(\.clientID)).filter { known.contains($0) }.sorted()
            let places = itemHits.map { hit -> String in
                switch hit.what {
                case .clientID: "\(hit.source) (client id)"
                case .tokenCall: "\(hit.source) (call to /v2/token)"
                case .secretMaterial: "\(hit.source) (secret material: \(hit.reason ?? "secret-like value"))"
                }
            }
            let holdsSecret = itemHits.contains { $0.what == .secretMaterial }
            let environment = item.environment.map { " in \($0)" } ?? " in the parent business unit"
            let message = "\(item.kind.rawValue) '\(item.name)'\(environment) holds credentials in its code: \(Wording.list(places)). "
                + "It is a consumer nobody can update from a vault; the value is redacted here and in every output."
            var remediation = "Move the token call out of Marketing Cloud code into a service that reads the secret from a vault at run time, "
                + "or at least into one protected place the rotation updates; then remove the value from the "
                + "\(item.kind.rawValue) and from the retrieve's version history."
            if holdsSecret {
                remediation += " Treat the secret as exposed: generate a new one in the package's Staged Secret section "
                    + "(Setup > Apps > Installed Packages), move every consumer to it and verify each, then activate it."
            } else {
                remediation += " Until then, add this code to the rotation checklist: it must receive the staged secret like any other consumer."
            }
            let location = itemHits.first?.source
            if clientIDs.isEmpty {
                findings.append(Finding(rule: Self.id, severity: .high, message: message, remediation: remediation, clientID: nil, location: location))
            } else {
                for clientID in clientIDs {
                    findings.append(Finding(rule: Self.id, severity: .high, message: message, remediation: remediation, clientID: clientID, location: location))
                }
            }
        }
        return findings
    }
}
