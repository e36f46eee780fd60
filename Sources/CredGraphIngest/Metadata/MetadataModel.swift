import CredGraphCore

/// What credgraph reads from an mcdev retrieve (metadata.md): items, the
/// edges between them with the file and line each comes from, what is
/// referenced but was not retrieved, what is built at run time, and
/// credentials found in code.

/// One business-unit folder of a retrieve and the environment it serves.
public struct MetadataSource: Sendable, Hashable, Codable {
    public var path: String
    /// Lower-case environment (`prod`, `qa`, …).
    public var environment: String
    /// The parent BU: its shared data extensions serve every environment.
    public var shared: Bool
    /// Where the mapping was written (credgraph.yml line), for diagnostics.
    public var location: SourceLocation?

    public init(path: String, environment: String, shared: Bool = false, location: SourceLocation? = nil) {
        self.path = path
        self.environment = environment.trimmingWhitespace().lowercased()
        self.shared = shared
        self.location = location
    }
}

/// A node of the metadata graph: an item that was retrieved, or one that is
/// only referenced (`retrieved == false`), or a system data view.
public struct MetadataNode: Sendable, Hashable {
    public var kind: NodeKind
    /// CustomerKey / key of the item; for a node known only by name, the name.
    public var key: String
    /// The item's name; for a node known only by key, the key.
    public var name: String
    /// The environment of the business unit; nil for a shared (parent BU) node.
    public var environment: String?
    public var retrieved: Bool

    public init(kind: NodeKind, key: String, name: String, environment: String?, retrieved: Bool) {
        self.kind = kind
        self.key = key
        self.name = name
        self.environment = environment
        self.retrieved = retrieved
    }

    /// `KIND:KEY@ENV`, or `KIND:KEY` for a shared node (metadata.md).
    public var id: String {
        kind.rawValue + ":" + key + (environment.map { "@" + $0 } ?? "")
    }
}

/// One retrieved item.
public struct MetadataItem: Sendable, Hashable {
    /// The mcdev type (`query`, `asset`, `dataExtension`, …).
    public var type: String
    public var node: MetadataNode
    /// The `*-meta.json` file.
    public var file: String
    /// Asset id (for `ContentBlockById`), when the item has one.
    public var assetID: String?

    public var kind: NodeKind { node.kind }
    public var key: String { node.key }
    public var name: String { node.name }
    public var environment: String? { node.environment }
}

public struct MetadataEdge: Sendable, Hashable {
    public var from: MetadataNode
    public var to: MetadataNode
    public var relation: Relation
    /// The file and line the edge was read from.
    public var source: SourceLocation
}

/// A reference to a node that is not among the scanned files (nor in
/// dependencies.csv): one entry per target, with every place naming it.
public struct MissingNode: Sendable, Hashable {
    public var node: MetadataNode
    public var referencedFrom: [SourceLocation]
}

/// A reference built at run time: listed, never guessed.
public struct UnresolvedReference: Sendable, Hashable {
    public var from: MetadataNode
    /// The call as written, e.g. `Lookup(@deName)`.
    public var reference: String
    public var source: SourceLocation
}

/// An inventoried client id, a `/v2/token` call or secret material in code.
/// The value itself is never kept.
public struct CodeCredential: Sendable, Hashable {
    public enum What: String, Sendable, Hashable {
        case clientID = "client id"
        case tokenCall = "token call"
        case secretMaterial = "secret material"
    }

    public var item: MetadataNode
    public var what: What
    /// The inventoried client id the code holds (itself not a secret, masked in reports).
    public var clientID: String?
    /// For secret material, why it looked like one (never any part of the value).
    public var reason: String?
    public var source: SourceLocation
}

/// An automation's schedule as mcdev writes it.
public struct MetadataSchedule: Sendable, Hashable {
    public var automation: MetadataNode
    public var icalRecur: String
    /// `startDate` as written: local wall-clock time in `timeZoneName`.
    public var startDate: String
    public var timeZoneName: String
    public var source: SourceLocation
}

/// The result of scanning every metadata folder of a run.
public struct MetadataScan: Sendable {
    public var sources: [MetadataSource] = []
    /// Sorted by node id.
    public var items: [MetadataItem] = []
    /// Deduplicated, sorted by from, to, relation, source.
    public var edges: [MetadataEdge] = []
    public var missing: [MissingNode] = []
    public var unresolved: [UnresolvedReference] = []
    public var credentialsInCode: [CodeCredential] = []
    public var schedules: [MetadataSchedule] = []
    /// Items read, by mcdev type.
    public var countsByType: [String: Int] = [:]
    /// Metadata files of types credgraph does not know, by type.
    public var unknownTypes: [String: Int] = [:]
    /// Files that could not be used (malformed, unreadable, too large, binary, a loop).
    public var skippedFiles = 0
    public var diagnostics = Diagnostics()

    public init() {}

    public var isEmpty: Bool { sources.isEmpty }
}
