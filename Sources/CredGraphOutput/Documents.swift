import CredGraphCore
import CredGraphIngest
import CredGraphGraph

/// The `--json` documents of the listings (outputs.md, metadata.md) as plain
/// values. `Codable` so that scripts and tests can read them back;
/// JSONFormat writes them, through JSONValue.

/// The `blast-radius --json` document of outputs.md. Nodes and edges name
/// nodes by their full reference (`ref`), which the CLI also accepts back.
public struct BlastRadiusDocument: Sendable, Hashable, Codable {
    public struct Node: Sendable, Hashable, Codable {
        public var ref: String
        public var kind: String
        public var name: String
        /// A consumer's environment.
        public var environment: String?
        /// For other nodes, the environments they are reached in, when the
        /// traversal was pinned to some (absent means all).
        public var environments: [String]?
        public var depth: Int
        /// A consumer's technical owner (else its business owner); a
        /// downstream node's owner.
        public var owner: String?
        /// A consumer's business owner.
        public var businessOwner: String?
        public var criticality: String?

        enum CodingKeys: String, CodingKey {
            case ref, kind, name, environment, environments, depth, owner, criticality
            case businessOwner = "business_owner"
        }
    }

    public struct Edge: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var relation: String
        public var environment: String?
        /// Where the edge was declared (`FILE:LINE`), when known.
        public var source: String?
    }

    public struct Counts: Sendable, Hashable, Codable {
        public var integrations: Int
        public var dataExtensions: Int
        public var assets: Int
        public var sends: Int

        enum CodingKeys: String, CodingKey {
            case integrations, assets, sends
            case dataExtensions = "data_extensions"
        }
    }

    public var roots: [String]
    public var direction: String
    public var nodes: [Node]
    public var edges: [Edge]
    public var ownersToNotify: [String]
    public var counts: Counts

    enum CodingKeys: String, CodingKey {
        case roots, direction, nodes, edges, counts
        case ownersToNotify = "owners_to_notify"
    }

    public init(_ radius: BlastRadius) {
        var referenceByID: [NodeID: String] = [:]
        for reached in radius.nodes { referenceByID[reached.node.id] = reached.node.reference }
        roots = radius.roots.map { referenceByID[$0] ?? $0.rawValue }
        direction = radius.direction.rawValue
        nodes = radius.nodes.map { reached in
            let node = reached.node
            return Node(
                ref: node.reference, kind: node.kind.rawValue, name: node.name, environment: node.environment,
                environments: node.environment == nil && !reached.environments.isEmpty ? reached.environments : nil,
                depth: reached.depth,
                owner: (node.technicalOwner ?? node.owner ?? node.businessOwner)?.description,
                businessOwner: node.technicalOwner == nil ? nil : node.businessOwner?.description,
                criticality: node.criticality?.rawValue)
        }
        edges = radius.edges.map { edge in
            Edge(from: referenceByID[edge.from] ?? edge.from.rawValue, to: referenceByID[edge.to] ?? edge.to.rawValue,
                 relation: edge.relation.rawValue, environment: edge.environment, source: edge.source?.description)
        }
        ownersToNotify = radius.ownersToNotify.map(\.description)
        counts = Counts(
            integrations: radius.counts.integrations, dataExtensions: radius.counts.dataExtensions,
            assets: radius.counts.assets, sends: radius.counts.sends)
    }
}


/// The `path --json` document: the chains as lists of references.
public struct PathDocument: Sendable, Hashable, Codable {
    public struct Chain: Sendable, Hashable, Codable {
        public var nodes: [String]
        public var relations: [String]
        /// `FILE:LINE` of each edge (dependencies.csv or a metadata file); null when unknown.
        public var sources: [String?]
    }

    public var from: [String]
    public var to: [String]
    public var chains: [Chain]
}


extension DependencyGraph {
    public func pathDocument(from sources: [NodeID], to targets: [NodeID], chains: [DependencyChain]) -> PathDocument {
        PathDocument(
            from: sources.map { node($0)?.reference ?? $0.rawValue },
            to: targets.map { node($0)?.reference ?? $0.rawValue },
            chains: chains.map { chain in
                PathDocument.Chain(nodes: chain.nodes.map { node($0)?.reference ?? $0.rawValue }, relations: chain.relations.map(\.rawValue),
                                   sources: chain.sources.map { $0?.description })
            })
    }
}

/// `credgraph scan --json`.
public struct MetadataScanDocument: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var kind: String
        public var key: String
        public var name: String
        public var environment: String?
        public var shared: Bool?
        public var file: String
    }

    public struct Edge: Sendable, Hashable, Codable {
        public var from: String
        public var to: String
        public var relation: String
        public var source: String
    }

    public struct Missing: Sendable, Hashable, Codable {
        public var node: String
        public var referencedFrom: [String]
        enum CodingKeys: String, CodingKey {
            case node
            case referencedFrom = "referenced_from"
        }
    }

    public struct Unresolved: Sendable, Hashable, Codable {
        public var from: String
        public var reference: String
        public var source: String
    }

    public struct Credential: Sendable, Hashable, Codable {
        public var item: String
        public var what: String
        public var clientID: String?
        public var reason: String?
        public var source: String
        enum CodingKeys: String, CodingKey {
            case item, what, reason, source
            case clientID = "client_id"
        }
    }

    public struct Schedule: Sendable, Hashable, Codable {
        public var automation: String
        public var icalRecur: String
        public var timezone: String
        /// The next runs after as-of, RFC 3339 UTC.
        public var nextRuns: [String]
        public var problem: String?
        public var source: String
        enum CodingKeys: String, CodingKey {
            case automation, timezone, problem, source
            case icalRecur = "ical_recur"
            case nextRuns = "next_runs"
        }
    }

    public struct Skipped: Sendable, Hashable, Codable {
        public var unknownTypes: Int
        public var files: Int
        enum CodingKeys: String, CodingKey {
            case files
            case unknownTypes = "unknown_types"
        }
    }

    public var items: [Item]
    public var counts: [String: Int]
    public var edges: [Edge]
    public var missing: [Missing]
    public var unresolved: [Unresolved]
    public var credentialsInCode: [Credential]
    public var schedules: [Schedule]
    public var skipped: Skipped

    enum CodingKeys: String, CodingKey {
        case items, counts, edges, missing, unresolved, schedules, skipped
        case credentialsInCode = "credentials_in_code"
    }

    public init(_ scan: MetadataScan, asOf: Int64, runs: Int = 3) {
        items = scan.items.map {
            Item(kind: $0.kind.rawValue, key: $0.key, name: $0.name, environment: $0.environment,
                 shared: $0.environment == nil ? true : nil, file: $0.file)
        }
        counts = scan.countsByType
        edges = scan.edges.map { Edge(from: $0.from.id, to: $0.to.id, relation: $0.relation.rawValue, source: $0.source.description) }
        missing = scan.missing.map { Missing(node: $0.node.id, referencedFrom: $0.referencedFrom.map(\.description)) }
        unresolved = scan.unresolved.map { Unresolved(from: $0.from.id, reference: $0.reference, source: $0.source.description) }
        credentialsInCode = scan.credentialsInCode.map {
            Credential(item: $0.item.id, what: $0.what.rawValue, clientID: $0.clientID, reason: $0.reason, source: $0.source.description)
        }
        schedules = scan.schedules.map { schedule in
            switch schedule.parsed {
            case .success(let parsed):
                return Schedule(automation: schedule.automation.id, icalRecur: schedule.icalRecur, timezone: schedule.timeZoneName,
                                nextRuns: parsed.runs(after: asOf, limit: runs).map(Vocabulary.timestamp), problem: nil,
                                source: schedule.source.description)
            case .failure(let error):
                return Schedule(automation: schedule.automation.id, icalRecur: schedule.icalRecur, timezone: schedule.timeZoneName,
                                nextRuns: [], problem: error.description, source: schedule.source.description)
            }
        }
        skipped = Skipped(unknownTypes: scan.unknownTypes.values.reduce(0, +), files: scan.skippedFiles)
    }
}

