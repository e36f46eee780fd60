import CredGraphCore
import CredGraphIngest

/// A credential's counterpart in another environment: teams usually install
/// one package per environment ("Boomi Store Systems" in prod, "Boomi Store
/// Systems Sandbox" in qa) with consumers of the same integration names, so
/// the sibling is where a rotation is rehearsed before prod.
public struct SiblingLink: Sendable, Hashable {
    public var clientID: String
    public var installedPackage: String
    /// The environments in which the sibling has consumers of the same names.
    public var environments: [String]
    /// The integration names the two have in common, sorted.
    public var integrations: [String]

    public init(clientID: String, installedPackage: String, environments: [String], integrations: [String]) {
        self.clientID = clientID
        self.installedPackage = installedPackage
        self.environments = environments
        self.integrations = integrations
    }
}

/// The sibling links of every credential, aligned with `inventory.credentials`.
///
/// For each environment in which a credential has no consumer, its sibling
/// there is the other credential with the most consumers in that environment
/// whose integration names (folded) are among the credential's own; ties go
/// to the client id first in order, so the result never depends on row
/// order. A credential that shares names in several environments is one link
/// listing them all.
public func siblingLinks(_ inventory: Inventory) -> [[SiblingLink]] {
    let consumers = inventory.consumers
    func rows(_ credential: Credential) -> [Consumer] {
        credential.consumerIndices.filter { consumers.indices.contains($0) }.map { consumers[$0] }
    }
    let names: [Set<String>] = inventory.credentials.map { Set(rows($0).map { NodeKey.fold($0.integration) }) }
    let environments: [Set<String>] = inventory.credentials.map { Set(rows($0).map { normalizeEnvironment($0.environment) }) }
    // Credentials with a consumer of a given folded name, for a quick lookup.
    var byName: [String: [Int]] = [:]
    for (i, set) in names.enumerated() { for name in set { byName[name, default: []].append(i) } }

    return inventory.credentials.indices.map { i in
        // environment → (candidate → shared names)
        var candidates: [String: [Int: Set<String>]] = [:]
        for name in names[i] {
            for j in byName[name] ?? [] where j != i {
                for row in rows(inventory.credentials[j]) where NodeKey.fold(row.integration) == name {
                    let env = normalizeEnvironment(row.environment)
                    guard !environments[i].contains(env) else { continue }
                    candidates[env, default: [:]][j, default: []].insert(row.integration)
                }
            }
        }
        var links: [Int: (envs: [String], names: Set<String>)] = [:]
        for env in candidates.keys.sorted() {
            let best = candidates[env]!.max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count
                    : inventory.credentials[a.key].clientID > inventory.credentials[b.key].clientID
            }!
            links[best.key, default: ([], [])].envs.append(env)
            links[best.key]!.names.formUnion(best.value)
        }
        return links.keys.sorted { inventory.credentials[$0].clientID < inventory.credentials[$1].clientID }.map { j in
            SiblingLink(
                clientID: inventory.credentials[j].clientID, installedPackage: inventory.credentials[j].installedPackage,
                environments: links[j]!.envs, integrations: links[j]!.names.sorted())
        }
    }
}
