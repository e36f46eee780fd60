import CredGraphCore


/// Finds the inventory credential and consumer a probe belongs to. Read-only
/// once built, so the parallel probe scan shares one among its workers.
package struct ProbeMatcher: Sendable {
    private struct ConsumerKey: Hashable, Sendable {
        var clientID: String
        var integration: String
        var environment: String
    }

    private struct NameKey: Hashable, Sendable {
        var clientID: String
        var integration: String
    }

    private let credentialIndex: [String: Int]
    /// Consumers by client id, integration name as written and environment:
    /// the common case, looked up without folding the probe's name.
    private let exactConsumerIndex: [ConsumerKey: Int]
    /// The same with folded names, for probes that spell the name differently.
    private let consumerIndex: [ConsumerKey: Int]
    /// Consumers of a credential by integration name, for probes without `env`.
    private let consumersByName: [NameKey: [Int]]

    package init(inventory: Inventory) {
        var credentialIndex: [String: Int] = [:]
        for (i, credential) in inventory.credentials.enumerated() where credentialIndex[credential.clientID] == nil {
            credentialIndex[credential.clientID] = i
        }
        self.credentialIndex = credentialIndex

        var exactConsumerIndex: [ConsumerKey: Int] = [:]
        var consumerIndex: [ConsumerKey: Int] = [:]
        var consumersByName: [NameKey: [Int]] = [:]
        for (i, consumer) in inventory.consumers.enumerated() {
            let name = NodeKey.fold(consumer.integration)
            let environment = normalizeEnvironment(consumer.environment)
            let exact = ConsumerKey(clientID: consumer.clientID, integration: consumer.integration, environment: environment)
            if exactConsumerIndex[exact] == nil { exactConsumerIndex[exact] = i }
            let key = ConsumerKey(clientID: consumer.clientID, integration: name, environment: environment)
            if consumerIndex[key] == nil { consumerIndex[key] = i }
            consumersByName[NameKey(clientID: consumer.clientID, integration: name), default: []].append(i)
        }
        self.exactConsumerIndex = exactConsumerIndex
        self.consumerIndex = consumerIndex
        self.consumersByName = consumersByName
    }

    /// The index in `Inventory.credentials` of a client id.
    package func credential(clientID: String) -> Int? { credentialIndex[clientID] }

    package func consumer(of record: ProbeRecord) -> Int? {
        consumer(clientID: record.clientID, name: record.consumer, environment: record.environment)
    }

    /// The inventory consumer a probe came from: its `consumer` and `env`
    /// among the consumers of its client id; without `env`, only when the
    /// name is unambiguous for that client id.
    package func consumer(clientID: String, name: String?, environment: String?) -> Int? {
        guard let name, !name.isEmpty else { return nil }
        if let env = environment, !env.isEmpty {
            // ProbeRecord environments are already normalised; the exact name is the usual case.
            if let k = exactConsumerIndex[ConsumerKey(clientID: clientID, integration: name, environment: env)] { return k }
            return consumerIndex[ConsumerKey(clientID: clientID, integration: NodeKey.fold(name), environment: normalizeEnvironment(env))]
        }
        let folded = NodeKey.fold(name)
        guard let candidates = consumersByName[NameKey(clientID: clientID, integration: folded)], candidates.count == 1 else { return nil }
        return candidates.first
    }
}
