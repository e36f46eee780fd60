import CredGraphCore
import CredGraphIngest

/// `secret-in-code`: Marketing Cloud code (a script, email, block or
/// CloudPage of an mcdev retrieve) holds an inventoried client id, a
/// `/v2/token` call or secret material. That code is a consumer nobody can
/// update from a vault. One finding per item (and per client id it holds),
/// naming every file and line; the value is never shown.
public struct SecretInCode: Rule {
    public static let id = RuleID("secret-in-code")
    public static let topic = RuleTopic.secretStorage
    public static let summary = "Marketing Cloud code holds a client id, a token call or secret material: a consumer no vault can update (value redacted)."
    public static let defaultSeverity = Severity.high
    /// The docs table's "fires when" (Markdown).
    public static let thresholdDescription = "the scanned Marketing Cloud metadata holds an inventoried client id, a `/v2/token` call or secret material in code"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per Marketing Cloud item of the scanned metadata (`--metadata`,
    `metadata:`; see `credgraph scan`) whose code (a script, email, content
    block, template, CloudPage or mobile message) holds an inventoried client id,
    a call to the `/v2/token` endpoint, or secret material found by the
    inventory's own detector. In code a keyed value (`client_secret: …`) counts
    only when it is a string literal: `client_secret: Lookup(…)` reads it at run
    time. The message names the item, its environment and every file:line with
    what was found; the value is never shown (it is handed to the redactor, so no
    output repeats it). A finding with an inventoried client id belongs to that
    credential, and the item becomes a consumer of it in the graph
    (`authenticates`), so its blast radius counts what the code feeds; one
    without a client id is a finding of the whole estate.

    **Means** a consumer nobody can update from a vault: a rotation must find and
    edit the code, and anyone who can read the business unit's content can read
    what it holds.

    **Do**: move the token call into a service that reads the secret from a vault
    at run time (or at least one protected place the rotation updates), remove
    the value from the item and from the retrieve's version history; when secret
    material was found, treat it as exposed: generate a new secret in the
    package's Staged Secret section, move every consumer to it, verify each, then
    activate.
    """#

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
                findings.append(Finding(rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation, clientID: nil, location: location))
            } else {
                for clientID in clientIDs {
                    findings.append(Finding(rule: Self.id, severity: Self.defaultSeverity, message: message, remediation: remediation, clientID: clientID, location: location))
                }
            }
        }
        return findings
    }
}

extension SecretInCode {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("a script activity of the retrieve calls `/v2/token` with the inventoried client id",
                        metadata: [
                            "script/token_call.script-meta.json": #"{"name": "Token Call", "key": "token_call", "r__folder_Path": "Scripts"}"#,
                            "script/token_call.script-meta.ssjs": #"<script runat="server">var url = "https://mc.auth.marketingcloudapis.com/v2/token"; var id = "client-aaaa1111";</script>"#,
                        ],
                        severity: .high),
        ],
        nonTriggering: [
            RuleExample("a script activity that only deletes old rows",
                        metadata: [
                            "script/purge.script-meta.json": #"{"name": "Purge", "key": "purge", "r__folder_Path": "Scripts"}"#,
                            "script/purge.script-meta.ssjs": #"<script runat="server">Platform.Function.DeleteData("Shipment_Events", ["Old"], [true]);</script>"#,
                        ]),
        ]
    )
}
