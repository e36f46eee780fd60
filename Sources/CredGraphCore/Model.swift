/// The typed inventory and dependency model that ingest produces and every
/// later stage (graph, risk, render, report) reads.

/// Where a value came from, for diagnostics and findings.
/// Where in the inputs something sits: a file, and the physical line (1-based)
/// when it is one record. Diagnostics, findings, rows and templates share it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    /// Nil when the whole file is meant (a missing file, an empty one).
    public var line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    /// `FILE:LINE`, or `FILE` without a line.
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// A person or team, optionally `Name <email>`.
public struct Owner: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var name: String
    public var email: String?

    public init(name: String, email: String? = nil) {
        self.name = name
        self.email = email
    }

    /// Parses `Name <email>`, `Name (email)`, an e-mail address alone, or a
    /// plain name; nil for an empty cell. An address alone is also the name.
    public init?(parsing raw: String) {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        // ASCII (nearly every owner): the same steps on bytes, where a character is a byte.
        (name, email) = text.utf8.allSatisfy({ $0 < 0x80 }) ? Owner.parseASCII(Array(text.utf8), text) : Owner.parseCharacters(text)
    }

    /// `init(parsing:)` for trimmed, non-empty `text`, character by character.
    static func parseCharacters(_ text: String) -> (String, String?) {
        if let (open, close) = [("<", ">"), ("(", ")")].first(where: { text.hasSuffix($0.1) && text.contains($0.0) }),
           let start = text.lastIndex(of: Character(open)) {
            let name = text[..<start].trimmingWhitespace()
            let email = text[text.index(after: start)..<text.index(before: text.endIndex)].trimmingWhitespace()
            // `Team (EMEA)` is a name with a remark, not an address.
            if close == ")" && !Owner.isEmail(email) { return (text, nil) }
            return (name.isEmpty ? email : name, email.isEmpty ? nil : email)
        }
        return Owner.isEmail(text) ? (text, text) : (text, nil)
    }

    public var description: String {
        if let email, email != name { return "\(name) <\(email)>" }
        return name
    }

    /// `init(parsing:)` for ASCII `text` (trimmed, not empty), as `bytes`.
    static func parseASCII(_ bytes: [UInt8], _ text: String) -> (String, String?) {
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self).trimmingWhitespace() }
        let last = bytes[bytes.count - 1]
        for (open, close) in [(UInt8(ascii: "<"), UInt8(ascii: ">")), (UInt8(ascii: "("), UInt8(ascii: ")"))] where last == close {
            guard let start = bytes.lastIndex(of: open) else { continue }
            let name = string(0..<start)
            // The closing bracket is the last byte and not the opening one: start < count - 1.
            let email = string((start + 1)..<(bytes.count - 1))
            // `Team (EMEA)` is a name with a remark, not an address.
            if close == UInt8(ascii: ")") && !isEmail(email) { return (text, nil) }
            return (name.isEmpty ? email : name, email.isEmpty ? nil : email)
        }
        return isEmail(text) ? (text, text) : (text, nil)
    }

    /// `local@domain.tld`, without spaces or angle brackets.
    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0 == " " || $0 == "<" || $0 == ">" || $0 == "(" || $0 == ")" || $0 == "," }
    }

    public static func < (a: Owner, b: Owner) -> Bool {
        (a.name.lowercased(), a.email ?? "") < (b.name.lowercased(), b.email ?? "")
    }
}

public enum PackageType: String, Sendable, Hashable, Codable, CaseIterable {
    case serverToServer = "server-to-server"
    case webApp = "web-app"
    case publicApp = "public-app"
}

public enum ConsumerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case middleware
    case etl
    case warehouseSync = "warehouse-sync"
    case preferenceCenter = "preference-center"
    case triggeredMessaging = "triggered-messaging"
    case landingPage = "landing-page"
    case internalTool = "internal-tool"
    case other
}

public enum Criticality: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var weight: Int {
        switch self {
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.weight < b.weight }
}

/// Where a consumer reads its secret from.
public enum SecretLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    case vault(String)
    case ssm(String)
    case env(String)
    case file(String)
    case hardcoded
    case automationStudio
    /// A vendor holds the secret (a SaaS connector): nothing of ours to update, but the vendor must be asked to rotate.
    case vendor
    case unknown

    /// nil when the text is none of the forms of inputs.md.
    public init?(parsing raw: String) {
        let text = raw.trimmingWhitespace()
        switch text.lowercased() {
        case "hardcoded": self = .hardcoded; return
        case "automation-studio": self = .automationStudio; return
        case "vendor", "vendor-managed": self = .vendor; return
        case "unknown": self = .unknown; return
        default: break
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon].lowercased()
        let rest = String(text[text.index(after: colon)...]).trimmingWhitespace()
        guard !rest.isEmpty else { return nil }
        switch scheme {
        case "vault": self = .vault(rest)
        case "ssm": self = .ssm(rest)
        case "env": self = .env(rest)
        case "file": self = .file(rest)
        default: return nil
        }
    }

    /// True for the locations a rotation can update without a redeploy.
    public var isManagedStore: Bool {
        switch self {
        case .vault, .ssm, .vendor: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .vault(let p): "vault:\(p)"
        case .ssm(let p): "ssm:\(p)"
        case .env(let p): "env:\(p)"
        case .file(let p): "file:\(p)"
        case .hardcoded: "hardcoded"
        case .automationStudio: "automation-studio"
        case .vendor: "vendor"
        case .unknown: "unknown"
        }
    }
}

/// One row of inventory.csv: an integration in one environment, consuming
/// the secret of one credential.
public struct Consumer: Sendable, Hashable, Codable {
    public var integration: String
    /// Normalised: lower-case, `production` read as `prod`.
    public var environment: String
    public var installedPackage: String
    public var clientID: String
    public var packageType: PackageType?
    public var kind: ConsumerKind?
    public var businessOwner: Owner?
    public var technicalOwner: Owner?
    /// nil when the cell is empty.
    public var secretLocation: SecretLocation?
    public var secretExpiresOn: Day?
    public var secretGeneratedOn: Day?
    public var secretRotatedOn: Day?
    public var criticality: Criticality
    /// The cell as written; `none` means no retry.
    public var retry: String?
    /// The cell as written: `pager:…`, `email:…`, `slack:…` or `none`.
    public var alerting: String?
    public var lowerEnvRotatedOn: Day?
    public var e2eTestedOn: Day?
    /// Names of the data extensions this integration writes.
    public var writes: [String]
    public var notes: String?
    public var location: SourceLocation
    /// Date cells that did not parse, by column, as written (screened): a
    /// report shows "invalid date '30/09/2026'" for them, not "unknown".
    public var invalidDates: [String: String] = [:]

    public init(
        integration: String, environment: String, installedPackage: String, clientID: String,
        packageType: PackageType? = nil, kind: ConsumerKind? = nil,
        businessOwner: Owner? = nil, technicalOwner: Owner? = nil,
        secretLocation: SecretLocation? = nil, secretExpiresOn: Day? = nil,
        secretGeneratedOn: Day? = nil, secretRotatedOn: Day? = nil,
        criticality: Criticality = .medium, retry: String? = nil, alerting: String? = nil,
        lowerEnvRotatedOn: Day? = nil, e2eTestedOn: Day? = nil, writes: [String] = [],
        notes: String? = nil, location: SourceLocation
    ) {
        self.integration = integration
        self.environment = environment
        self.installedPackage = installedPackage
        self.clientID = clientID
        self.packageType = packageType
        self.kind = kind
        self.businessOwner = businessOwner
        self.technicalOwner = technicalOwner
        self.secretLocation = secretLocation
        self.secretExpiresOn = secretExpiresOn
        self.secretGeneratedOn = secretGeneratedOn
        self.secretRotatedOn = secretRotatedOn
        self.criticality = criticality
        self.retry = retry
        self.alerting = alerting
        self.lowerEnvRotatedOn = lowerEnvRotatedOn
        self.e2eTestedOn = e2eTestedOn
        self.writes = writes
        self.notes = notes
        self.location = location
    }

    /// `integration@environment`, the consumer's reference.
    public var reference: String { "\(integration)@\(environment)" }
}

/// How a credential's expiry date was established.
public enum ExpirySource: String, Sendable, Hashable, Codable {
    /// `secret_expires_on` in the inventory.
    case explicit
    /// `secret_generated_on` + `secret_ttl_days`.
    case derivedFromGeneration = "derived"
    /// Neither was given.
    case unknown
}

/// A client id and its one secret, with every consumer that must be updated
/// when it rotates.
public struct Credential: Sendable, Hashable, Codable {
    public var clientID: String
    public var installedPackage: String
    public var packageType: PackageType?
    /// The earliest expiry over the rows of this client id.
    public var expiresOn: Day?
    public var expirySource: ExpirySource
    public var generatedOn: Day?
    /// The latest rotation date over the rows of this client id.
    public var rotatedOn: Day?
    /// Indices into `Inventory.consumers`, in file order.
    public var consumerIndices: [Int]
    /// Where the credential first appears.
    public var location: SourceLocation

    public init(
        clientID: String, installedPackage: String, packageType: PackageType? = nil,
        expiresOn: Day?, expirySource: ExpirySource, generatedOn: Day? = nil,
        rotatedOn: Day? = nil, consumerIndices: [Int], location: SourceLocation
    ) {
        self.clientID = clientID
        self.installedPackage = installedPackage
        self.packageType = packageType
        self.expiresOn = expiresOn
        self.expirySource = expirySource
        self.generatedOn = generatedOn
        self.rotatedOn = rotatedOn
        self.consumerIndices = consumerIndices
        self.location = location
    }
}

/// A cell of the inventory that looks like secret material. The value itself
/// is never kept: only where it was and why it looked like a secret.
public struct SecretSighting: Sendable, Hashable, Codable {
    public var location: SourceLocation
    public var column: String
    public var clientID: String?
    public var reason: String

    public init(location: SourceLocation, column: String, clientID: String?, reason: String) {
        self.location = location
        self.column = column
        self.clientID = clientID
        self.reason = reason
    }
}

/// The parsed inventory: consumers in file order and credentials sorted by client id.
public struct Inventory: Sendable, Codable {
    public var consumers: [Consumer]
    public var credentials: [Credential]
    public var secretSightings: [SecretSighting]
    /// Data rows read, including rejected ones.
    public var rowCount: Int

    public init(consumers: [Consumer] = [], credentials: [Credential] = [], secretSightings: [SecretSighting] = [], rowCount: Int = 0) {
        self.consumers = consumers
        self.credentials = credentials
        self.secretSightings = secretSightings
        self.rowCount = rowCount
    }
}

extension Consumer {
    /// "invalid date '30/09/2026' in inventory.csv:7" when the row's expiry
    /// (or, with no expiry cell, its generation date) did not parse.
    public var invalidExpiryText: String? {
        guard let text = invalidDates["secret_expires_on"] ?? invalidDates["secret_generated_on"] else { return nil }
        return "invalid date '\(text)' in \(location)"
    }
}

/// Kinds of node in the dependency graph. Raw values are the `to_kind` names
/// of inputs.md (and the prefixes of node references).
public enum NodeKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case installedPackage = "package"
    case credential = "client"
    case integration
    case dataExtension = "data-extension"
    case query
    case automation
    case email
    case contentBlock = "content-block"
    case cloudpage
    case ssjs
    case ampscript
    case journey
    case triggeredSend = "triggered-send"
    case sms
    case push
    case report
    case other
    // Marketing Cloud metadata kinds (metadata.md).
    case dataView = "data-view"
    case event
    case emailSend = "email-send"
    case importFile = "import"
    case filter
    case dataExtract = "data-extract"
    case template

    /// A kind cell of dependencies.csv: the names above, and `de` for a data
    /// extension (what node references write).
    package init?(cell: String) {
        let text = normalizeEnumCell(cell)
        self.init(rawValue: text == "de" ? "data-extension" : text)
    }

    /// Layer order, upstream first: used for sorting and diagram ranks.
    public var layer: Int {
        switch self {
        case .installedPackage: 0
        case .credential: 1
        case .integration: 2
        case .dataExtension, .query, .automation, .dataView, .event, .importFile, .filter: 3
        case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report, .other, .dataExtract, .template: 4
        case .journey, .triggeredSend, .sms, .push, .emailSend: 5
        }
    }

    /// Counted as `assets` in `blast_radius`.
    public var isAsset: Bool { [.email, .contentBlock, .cloudpage, .ssjs, .ampscript, .template].contains(self) }
    /// Counted as `sends` in `blast_radius`.
    public var isSend: Bool { [.journey, .triggeredSend, .sms, .push, .emailSend].contains(self) }

    /// Kinds that may appear as `to_kind` in dependencies.csv.
    public static let downstreamKinds: [NodeKind] = allCases.filter { ![.installedPackage, .credential, .integration].contains($0) }

    public static func < (a: Self, b: Self) -> Bool {
        (a.layer, a.rawValue) < (b.layer, b.rawValue)
    }
}

public enum Relation: String, Sendable, Hashable, Codable, CaseIterable {
    case owns, authenticates, writes, feeds, reads, triggers
}

/// A node downstream of an integration, declared in dependencies.csv (or a
/// data extension named in an inventory `writes` cell).
public struct DownstreamNode: Sendable, Hashable, Codable {
    public var kind: NodeKind
    /// The name as first written.
    public var name: String
    public var owner: Owner?
    public var criticality: Criticality?
    public var location: SourceLocation?
    /// `scope: shared` in dependencies.csv: one object for every environment
    /// (a data extension of the parent business unit), not one per environment.
    public var shared: Bool = false

    public init(kind: NodeKind, name: String, owner: Owner? = nil, criticality: Criticality? = nil, location: SourceLocation? = nil, shared: Bool = false) {
        self.shared = shared
        self.kind = kind
        self.name = name
        self.owner = owner
        self.criticality = criticality
        self.location = location
    }

    /// Names compare case-insensitively after trimming.
    public var key: NodeKey { NodeKey(kind: kind, name: name) }
}

/// Identity of a node: kind plus the folded name.
public struct NodeKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var kind: NodeKind
    public var folded: String

    public init(kind: NodeKind, name: String) {
        self.kind = kind
        self.folded = NodeKey.fold(name)
    }

    /// For a name already folded: resolving a name against every kind folds it once, not per kind.
    package init(kind: NodeKind, folded: String) {
        self.kind = kind
        self.folded = folded
    }

    public static func fold(_ name: String) -> String { name.trimmingWhitespace().lowercased() }

    public static func < (a: Self, b: Self) -> Bool { (a.kind, a.folded) < (b.kind, b.folded) }

    public var description: String { "\(kind.rawValue):\(folded)" }
}

/// One resolved edge of dependencies.csv (or of an inventory `writes` cell).
public struct DependencyEdge: Sendable, Hashable, Codable {
    /// For an integration, kind `.integration` and the integration's name.
    public var from: NodeKey
    public var to: NodeKey
    public var relation: Relation
    /// Lower-case environment the edge is limited to; nil means all.
    public var environment: String?
    public var location: SourceLocation?

    public init(from: NodeKey, to: NodeKey, relation: Relation, environment: String? = nil, location: SourceLocation? = nil) {
        self.from = from
        self.to = to
        self.relation = relation
        self.environment = environment
        self.location = location
    }
}

/// The parsed dependencies: downstream nodes by key and the edges between them.
public struct Dependencies: Sendable, Codable {
    public var nodes: [NodeKey: DownstreamNode]
    public var edges: [DependencyEdge]
    public var rowCount: Int

    public init(nodes: [NodeKey: DownstreamNode] = [:], edges: [DependencyEdge] = [], rowCount: Int = 0) {
        self.nodes = nodes
        self.edges = edges
        self.rowCount = rowCount
    }
}

extension StringProtocol {
    /// Trims spaces, tabs and line breaks (what spreadsheets leave around cells).
    public func trimmingWhitespace() -> String {
        // Printable ASCII at both ends (the usual cell): the first and last scalars are those bytes, nothing to trim.
        let string = String(self)
        if let first = string.utf8.first, let last = string.utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return string
        }
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].properties.isWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].properties.isWhitespace { end = scalars.index(before: end) }
        // Nothing to trim is the usual cell: no rebuilding scalar by scalar.
        if start == scalars.startIndex && end == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }
}

/// Enum cells compare lower-case, with spaces and underscores read as hyphens
/// (`Server to Server`, `server_to_server` and `server-to-server` are one value).
package func normalizeEnumCell(_ raw: String) -> String {
    // ASCII (every enum value): the same steps on bytes. White_Space in ASCII is tab to carriage return, and space.
    if raw.utf8.allSatisfy({ $0 < 0x80 }) {
        var out: [UInt8] = []
        var pendingHyphen = false
        for byte in raw.utf8 {
            if byte == 45 || byte == 95 || byte == 32 || (byte >= 9 && byte <= 13) {
                pendingHyphen = true
                continue
            }
            if pendingHyphen, !out.isEmpty { out.append(45) }
            pendingHyphen = false
            out.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
    return normalizeEnumCellScalars(raw)
}

/// `normalizeEnumCell`, scalar by scalar (any text).
package func normalizeEnumCellScalars(_ raw: String) -> String {
    var out = ""
    var pendingHyphen = false
    for scalar in raw.trimmingWhitespace().lowercased().unicodeScalars {
        if scalar == "-" || scalar == "_" || scalar.properties.isWhitespace {
            pendingHyphen = true
            continue
        }
        if pendingHyphen, !out.isEmpty { out.append("-") }
        pendingHyphen = false
        out.unicodeScalars.append(scalar)
    }
    return out
}
