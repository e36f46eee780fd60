import CredGraphCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads mcdev retrieve folders (metadata.md) into a `MetadataScan`.
///
/// Every file problem (malformed JSON, a query without its SQL, an
/// unreadable, oversized or binary file, a symlink loop) is one warning
/// naming the file; the file is skipped and the scan goes on.
public enum MetadataReader {
    /// Larger files are skipped: no real script or asset is this big, and a
    /// retrieve can hold exported media.
    public static let maxFileBytes = 8 << 20

    /// Scans `sources`. `clientIDs` are the inventory's (to find them in code);
    /// `declared` are the nodes of dependencies.csv (a reference to one of
    /// them is not *missing*).
    public static func scan(sources: [MetadataSource], clientIDs: Set<String> = [], declared: Set<NodeKey> = []) -> MetadataScan {
        var reader = Reader(clientIDs: Set(clientIDs.map { $0.lowercased() }), declared: declared)
        for (index, source) in sources.enumerated() {
            reader.read(source: source, index: index)
        }
        var scan = reader.finish()
        scan.sources = sources
        return scan
    }
}

// MARK: - Types

/// mcdev types credgraph reads, by lower-cased type name.
enum MetadataTypes {
    static let kinds: [String: NodeKind] = [
        "dataextension": .dataExtension, "query": .query, "automation": .automation, "journey": .journey,
        "interaction": .journey, "event": .event, "triggeredsend": .triggeredSend, "emailsend": .emailSend,
        "importfile": .importFile, "filter": .filter, "datafilter": .filter, "dataextract": .dataExtract,
        "script": .ssjs, "mobilemessage": .sms, "mobilepush": .push, "email": .email,
        "asset": .contentBlock, "assetmessage": .email,
    ]

    /// Types of `r__TYPE_…` fields that name settings, not items: no edge.
    static let settings: Set<String> = [
        "folder", "senderprofile", "sendclassification", "deliveryprofile", "list", "field", "filelocation",
        "dataextracttype", "mobilecode", "mobilekeyword", "campaign", "user", "domainverification", "attributeset",
        "attributegroup", "businessunit", "contenttype", "publicationlist",
    ]

    /// Asset subtypes (folder names and `assetType.name`) by kind.
    static func assetKind(subtype: String, assetTypeName: String?) -> NodeKind? {
        let typeName = assetTypeName?.lowercased() ?? ""
        if typeName == "webpage" || typeName == "landingpage" || typeName.hasSuffix("cloudpage") { return .cloudpage }
        if typeName.hasSuffix("email") { return .email }
        if typeName.hasSuffix("template") { return .template }
        if typeName.hasSuffix("block") { return .contentBlock }
        switch subtype.lowercased() {
        case "message", "email": return .email
        case "block", "code", "textfile", "other": return .contentBlock
        case "template": return .template
        case "webpage", "cloudpage", "landingpage": return .cloudpage
        default: return nil  // images, documents, video: no code, no references
        }
    }

    static let assetKinds: [NodeKind] = [.email, .contentBlock, .template, .cloudpage]

    /// Candidate kinds of a referenced mcdev type.
    static func targetKinds(_ type: String) -> [NodeKind]? {
        switch type {
        case "asset": assetKinds
        case "assetmessage", "email": [.email, .template]
        default: kinds[type].map { [$0] }
        }
    }

    /// Code file extensions read next to a `*-meta.json`.
    static let codeExtensions: Set<String> = ["sql", "ssjs", "html", "amp", "js", "txt"]
}

// MARK: - Reader

private struct Reader {
    let clientIDs: Set<String>
    let declared: Set<NodeKey>
    var scan = MetadataScan()
    var items: [MetadataItem] = []
    var itemSource: [Int] = []
    var sources: [MetadataSource] = []
    var rawEdges: [RawEdge] = []
    var unresolved: [(owner: Int, reference: String, source: SourceLocation)] = []
    var credentials: [(owner: Int, what: CodeCredential.What, clientID: String?, reason: String?, source: SourceLocation)] = []
    var schedules: [(owner: Int, recur: String, start: String, zone: String, source: SourceLocation)] = []
    var visitedDirectories: Set<[UInt64]> = []
    /// File names by folder, from the walk: companions are found without
    /// listing a folder of thousands of assets once per asset.
    var namesByDirectory: [String: [String]] = [:]
    /// Code files by folder and stem (`KEY` of `KEY.TYPE-meta.EXT`).
    var companionsByStem: [String: [String: [String]]] = [:]

    init(clientIDs: Set<String>, declared: Set<NodeKey>) {
        self.clientIDs = clientIDs
        self.declared = declared
    }

    /// One end of an edge: the item the file describes, or something it names.
    enum Endpoint: Hashable {
        case item(Int)
        case reference(Target)
    }

    struct Target: Hashable {
        var kinds: [NodeKind]
        var identifier: ScriptReference.Identifier
        var value: String
        /// `ENT.` in SQL: only the parent BU.
        var enterprise: Bool = false
    }

    struct RawEdge {
        var owner: Int
        var from: Endpoint
        var to: Endpoint
        var relation: Relation
        var source: SourceLocation
    }

    mutating func warn(_ message: String, _ file: String, line: Int? = nil) {
        scan.diagnostics.warning(message, file: file, line: line)
        scan.skippedFiles += 1
    }

    // MARK: Walking

    mutating func read(source: MetadataSource, index: Int) {
        sources.append(source)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            if let location = source.location {
                scan.diagnostics.error("metadata folder '\(source.path)' not found", file: location.file, line: location.line)
            } else {
                scan.diagnostics.error("metadata folder not found", file: source.path, line: nil)
            }
            return
        }
        var files: [String] = []
        walk(source.path, depth: 0, into: &files)
        for file in files {
            let directory = (file as NSString).deletingLastPathComponent
            let name = (file as NSString).lastPathComponent
            namesByDirectory[directory, default: []].append(name)
            let ext = (name as NSString).pathExtension.lowercased()
            if MetadataTypes.codeExtensions.contains(ext), let meta = name.range(of: "-meta."),
               let dot = name[..<meta.lowerBound].lastIndex(of: ".") {
                companionsByStem[directory, default: [:]][String(name[..<dot]), default: []].append(name)
            }
        }
        // Metadata files first, so every item exists before code refers to it.
        for file in files where file.hasSuffix("-meta.json") {
            readItem(file, sourceIndex: index)
        }
    }

    private mutating func walk(_ directory: String, depth: Int, into files: inout [String]) {
        var info = stat()
        guard stat(directory, &info) == 0 else {
            warn("cannot read the folder", directory)
            return
        }
        let identity = [UInt64(info.st_dev), UInt64(info.st_ino)]
        guard visitedDirectories.insert(identity).inserted, depth < 32 else {
            warn("symlink loop: this folder leads back to one already scanned; skipped", directory)
            return
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            warn("cannot read the folder", directory)
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var entry = stat()
            guard stat(path, &entry) == 0 else {
                // A dangling symlink or a file gone meanwhile.
                warn("cannot read the file (a broken link?)", path)
                continue
            }
            if (entry.st_mode & S_IFMT) == S_IFDIR {
                walk(path, depth: depth + 1, into: &files)
            } else if (entry.st_mode & S_IFMT) == S_IFREG {
                files.append(path)
            }
        }
    }

    /// The text of a file, or nil with one warning naming it.
    private mutating func text(of path: String) -> String? {
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) > MetadataReader.maxFileBytes {
            warn("file of \(Int(info.st_size) / (1 << 20)) MiB is larger than \(MetadataReader.maxFileBytes >> 20) MiB; skipped", path)
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() else {
            warn("cannot read the file", path)
            return nil
        }
        try? handle.close()
        let bytes = [UInt8](data)
        if bytes.contains(0) {
            warn("binary file (it holds NUL bytes); skipped", path)
            return nil
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            warn("not valid UTF-8 text; skipped", path)
            return nil
        }
        return text
    }

    // MARK: Items

    private mutating func readItem(_ path: String, sourceIndex: Int) {
        let fileName = (path as NSString).lastPathComponent
        let base = String(fileName.dropLast("-meta.json".count))
        guard let dot = base.lastIndex(of: ".") else {
            warn("not an mcdev metadata file name (KEY.TYPE-meta.json); skipped", path)
            return
        }
        let stem = String(base[..<dot])
        let typeToken = String(base[base.index(after: dot)...])
        let typeParts = typeToken.split(separator: "-", maxSplits: 1).map(String.init)
        let type = typeParts[0]
        let lowerType = type.lowercased()
        guard MetadataTypes.kinds[lowerType] != nil else {
            scan.unknownTypes[type, default: 0] += 1
            return
        }
        guard let text = text(of: path) else { return }
        let root: JSONNode
        do {
            root = try JSONLineParser.parse(Array(text.utf8))
        } catch {
            warn("malformed JSON: \(error.message); skipped", path, line: error.line)
            return
        }
        guard case .object = root.value else {
            warn("malformed metadata: expected a JSON object; skipped", path, line: root.line)
            return
        }
        let source = sources[sourceIndex]
        var kind = MetadataTypes.kinds[lowerType]!
        if lowerType == "asset" {
            let subtype = typeParts.count > 1 ? typeParts[1] : ""
            guard let assetKind = MetadataTypes.assetKind(subtype: subtype, assetTypeName: root["assetType"]?["name"]?.text) else {
                scan.unknownTypes["asset-" + subtype, default: 0] += 1
                return
            }
            kind = assetKind
        }
        let key = root.member("customerKey", "key", "eventDefinitionKey")?.text
            ?? (lowerType == "mobilemessage" || lowerType == "mobilepush" ? root.member("id")?.text : nil) ?? stem
        let name = root.member("name")?.text ?? key
        let node = MetadataNode(kind: kind, key: key, name: name, environment: source.shared ? nil : source.environment, retrieved: true)
        let owner = items.count
        items.append(MetadataItem(
            type: type, node: node, file: path,
            assetID: lowerType == "asset" ? root.member("id")?.text : nil))
        itemSource.append(sourceIndex)
        scan.countsByType[type, default: 0] += 1

        readReferences(root, owner: owner, ownerType: lowerType, file: path, inTriggers: false)
        switch lowerType {
        case "automation": readAutomation(root, owner: owner, file: path)
        case "dataextract": readDataExtract(root, owner: owner, file: path)
        case "query": readQuery(root, owner: owner, file: path, stem: stem)
        default: break
        }
        readCode(root, owner: owner, lowerType: lowerType, file: path, stem: stem)
    }

    /// Every `r__…` field anywhere in the item (metadata.md), except the
    /// automation's own `r__key`/`r__type` pairs, read by `readAutomation`.
    private mutating func readReferences(_ node: JSONNode, owner: Int, ownerType: String, file: String, inTriggers: Bool) {
        for (key, value) in node.members {
            let lower = key.lowercased()
            if lower.hasPrefix("r__"), lower != "r__key", lower != "r__type" {
                addFieldReference(lower, value, owner: owner, ownerType: ownerType, file: file, inTriggers: inTriggers)
                continue
            }
            if ownerType == "automation", lower == "steps" { continue }
            readReferences(value, owner: owner, ownerType: ownerType, file: file, inTriggers: inTriggers || lower == "triggers")
        }
        for element in node.elements {
            readReferences(element, owner: owner, ownerType: ownerType, file: file, inTriggers: inTriggers)
        }
    }

    /// `r__TYPE_key`, `r__ROLE_TYPE_key`, `r__TYPE_name`, `r__TYPE_CustomerKey`.
    private mutating func addFieldReference(_ field: String, _ value: JSONNode, owner: Int, ownerType: String, file: String, inTriggers: Bool) {
        let parts = field.dropFirst(3).split(separator: "_").map(String.init)
        guard parts.count == 2 || parts.count == 3 else { return }  // r__asset_name_readOnly and the like
        let identifierWord = parts[parts.count - 1]
        let identifier: ScriptReference.Identifier
        switch identifierWord {
        case "key", "customerkey": identifier = .key
        case "name": identifier = .name
        case "id": identifier = .id
        default: return  // paths, ids of settings
        }
        let type = parts[parts.count - 2]
        let role = parts.count == 3 ? parts[0] : ""
        if MetadataTypes.settings.contains(type) { return }
        guard let kinds = MetadataTypes.targetKinds(type) else { return }
        let values = value.elements.isEmpty ? [value] : value.elements
        for element in values {
            guard let text = element.text?.trimmingWhitespace(), !text.isEmpty else { continue }
            let target = Endpoint.reference(Target(kinds: kinds, identifier: identifier, value: text))
            let (outward, relation) = direction(ownerType: ownerType, target: kinds[0], role: role, inTriggers: inTriggers)
            let location = SourceLocation(file: file, line: element.line)
            if outward {
                rawEdges.append(RawEdge(owner: owner, from: .item(owner), to: target, relation: relation, source: location))
            } else {
                rawEdges.append(RawEdge(owner: owner, from: target, to: .item(owner), relation: relation, source: location))
            }
        }
    }

    /// Whether the edge leaves the item (it writes or triggers the target)
    /// or enters it (it reads the target), and the relation (metadata.md).
    private func direction(ownerType: String, target: NodeKind, role: String, inTriggers: Bool) -> (Bool, Relation) {
        if role == "destination" || role == "target" { return (true, .writes) }
        if role == "source" { return (false, .reads) }
        switch ownerType {
        case "query", "importfile":
            if target == .dataExtension { return (true, .writes) }
        case "journey", "interaction":
            if target == .dataExtension { return inTriggers ? (false, .reads) : (true, .writes) }
            if [.triggeredSend, .email, .sms, .push, .emailSend].contains(target) || MetadataTypes.assetKinds.contains(target) {
                return (true, .triggers)
            }
        default:
            break
        }
        return (false, .reads)
    }

    /// Activities feed their automation (one that fails stops it), and the
    /// activities of step N run before those of step N+1.
    private mutating func readAutomation(_ root: JSONNode, owner: Int, file: String) {
        var previous: [Endpoint] = []
        for step in root["steps"]?.elements ?? [] {
            var current: [(Endpoint, Int)] = []
            for activity in step.member("activities")?.elements ?? [] {
                guard let type = activity.member("r__type")?.text?.lowercased() else { continue }
                guard let kinds = MetadataTypes.targetKinds(type) else { continue }  // fileTransfer, wait, …
                let target: Target
                if let key = activity.member("r__key")?.text, !key.isEmpty {
                    target = Target(kinds: kinds, identifier: .key, value: key)
                } else if let name = activity.member("name")?.text, !name.isEmpty {
                    target = Target(kinds: kinds, identifier: .name, value: name)
                } else { continue }
                current.append((.reference(target), activity.line))
                rawEdges.append(RawEdge(owner: owner, from: .reference(target), to: .item(owner), relation: .feeds,
                                        source: SourceLocation(file: file, line: activity.line)))
            }
            for before in previous {
                for (after, line) in current {
                    rawEdges.append(RawEdge(owner: owner, from: before, to: after, relation: .triggers, source: SourceLocation(file: file, line: line)))
                }
            }
            if !current.isEmpty { previous = current.map(\.0) }
        }
        if let schedule = root["schedule"], let recur = schedule.member("icalRecur")?.text, let start = schedule.member("startDate")?.text {
            let zone = schedule.member("timezoneName")?.text ?? "UTC"
            schedules.append((owner, recur, start, zone, SourceLocation(file: file, line: schedule.line)))
        }
    }

    /// An extract names its data extension in `dataFields` (`DECustomerKey`).
    private mutating func readDataExtract(_ root: JSONNode, owner: Int, file: String) {
        for field in root["dataFields"]?.elements ?? [] where field.member("name")?.text?.lowercased() == "decustomerkey" {
            guard let value = field.member("value"), let key = value.text, !key.isEmpty else { continue }
            rawEdges.append(RawEdge(
                owner: owner, from: .reference(Target(kinds: [.dataExtension], identifier: .key, value: key)), to: .item(owner),
                relation: .reads, source: SourceLocation(file: file, line: value.line)))
        }
    }

    /// Tables of the SQL (companion `.sql` or `queryText`), and the target
    /// data extension when only `targetKey` names it.
    private mutating func readQuery(_ root: JSONNode, owner: Int, file: String, stem: String) {
        let hasTargetReference = root.members.contains { $0.key.lowercased().hasPrefix("r__dataextension_") }
        if !hasTargetReference, let target = root.member("targetKey"), let key = target.text, !key.isEmpty {
            rawEdges.append(RawEdge(
                owner: owner, from: .item(owner), to: .reference(Target(kinds: [.dataExtension], identifier: .key, value: key)),
                relation: .writes, source: SourceLocation(file: file, line: target.line)))
        }
        let directory = (file as NSString).deletingLastPathComponent
        let sqlPath = directory + "/" + stem + ".query-meta.sql"
        var sql: String?
        var sqlFile = sqlPath
        var baseLine = 1
        if FileManager.default.fileExists(atPath: sqlPath) {
            guard let text = text(of: sqlPath) else { return }
            sql = text
        } else if let inline = root.member("queryText"), let text = inline.text {
            sql = text
            sqlFile = file
            baseLine = inline.line
        }
        guard let sql else {
            warn("query has no SQL: the companion file \(stem).query-meta.sql is missing", file)
            return
        }
        for table in SQLTables.references(in: sql) {
            let line = sqlFile == file ? baseLine : table.line
            let kinds: [NodeKind] = table.isDataView ? [.dataView] : [.dataExtension]
            rawEdges.append(RawEdge(
                owner: owner, from: .reference(Target(kinds: kinds, identifier: .name, value: table.name, enterprise: table.enterprise)),
                to: .item(owner), relation: .reads, source: SourceLocation(file: sqlFile, line: line)))
        }
    }

    // MARK: Code

    /// Companion code files, and code held in the JSON itself.
    private mutating func readCode(_ root: JSONNode, owner: Int, lowerType: String, file: String, stem: String) {
        guard ["script", "asset", "mobilemessage", "mobilepush", "email"].contains(lowerType) else { return }
        let directory = (file as NSString).deletingLastPathComponent
        var codeFiles: [String] = []
        if let names = namesByDirectory[directory] {
            for name in (companionsByStem[directory]?[stem] ?? []).sorted() {
                codeFiles.append(directory + "/" + name)
            }
            // mcdev's folder layout for assets: KEY/KEY.asset-…-meta.json with views beside it.
            if (directory as NSString).lastPathComponent == stem {
                for name in names.sorted() where !name.hasPrefix(stem + ".") && !name.hasSuffix(".json") {
                    let ext = (name as NSString).pathExtension.lowercased()
                    if MetadataTypes.codeExtensions.contains(ext) { codeFiles.append(directory + "/" + name) }
                }
            }
        }
        for path in codeFiles {
            guard let code = text(of: path) else { continue }
            readCode(code, owner: owner, file: path, fixedLine: nil)
        }
        // Inline code: `script`, `content`, `superContent`, `views.*.content`, an SMS `text`.
        let fields: Set<String> = ["script", "content", "supercontent", "text", "ampscript", "html"]
        func visit(_ node: JSONNode, _ reader: inout Reader) {
            for (key, value) in node.members {
                if fields.contains(key.lowercased()), case .string(let code) = value.value, !code.isEmpty {
                    reader.readCode(code, owner: owner, file: file, fixedLine: value.line)
                } else {
                    visit(value, &reader)
                }
            }
            for element in node.elements { visit(element, &reader) }
        }
        visit(root, &self)
    }

    /// AMPscript/SSJS references and credentials in one piece of code.
    /// `fixedLine`: the code is a JSON string, so every hit is on that line.
    private mutating func readCode(_ code: String, owner: Int, file: String, fixedLine: Int?) {
        for reference in ScriptReferences.references(in: code) {
            let location = SourceLocation(file: file, line: fixedLine ?? reference.line)
            guard let value = reference.value, !value.isEmpty else {
                unresolved.append((owner, "\(reference.function)(\(reference.expression ?? ""))", location))
                continue
            }
            let kinds: [NodeKind] = reference.target == .dataExtension ? [.dataExtension] : [.contentBlock, .email, .template, .cloudpage]
            // `Lookup("ENT.Shared_DE", …)` reads a data extension of the parent BU.
            let enterprise = reference.target == .dataExtension && value.lowercased().hasPrefix("ent.")
            let target = Endpoint.reference(Target(
                kinds: kinds, identifier: reference.identifier, value: enterprise ? String(value.dropFirst(4)) : value, enterprise: enterprise))
            switch reference.access {
            case .reads: rawEdges.append(RawEdge(owner: owner, from: target, to: .item(owner), relation: .reads, source: location))
            case .includes: rawEdges.append(RawEdge(owner: owner, from: target, to: .item(owner), relation: .feeds, source: location))
            case .writes: rawEdges.append(RawEdge(owner: owner, from: .item(owner), to: target, relation: .writes, source: location))
            }
        }
        for hit in CodeSecrets.find(in: code, clientIDs: clientIDs) {
            credentials.append((owner, hit.what, hit.clientID, hit.reason, SourceLocation(file: file, line: fixedLine ?? hit.line)))
        }
    }

    // MARK: Resolution

    struct IndexKey: Hashable {
        var kind: NodeKind
        var identifier: ScriptReference.Identifier
        var value: String
    }

    mutating func finish() -> MetadataScan {
        var index: [IndexKey: [Int]] = [:]
        for (i, item) in items.enumerated() {
            index[IndexKey(kind: item.kind, identifier: .key, value: NodeKey.fold(item.key)), default: []].append(i)
            index[IndexKey(kind: item.kind, identifier: .name, value: NodeKey.fold(item.name)), default: []].append(i)
            if let id = item.assetID { index[IndexKey(kind: item.kind, identifier: .id, value: id), default: []].append(i) }
        }

        var edges: Set<MetadataEdge> = []
        var missing: [String: MissingNode] = [:]

        func resolve(_ endpoint: Endpoint, owner: Int, source: SourceLocation) -> MetadataNode {
            switch endpoint {
            case .item(let i):
                return items[i].node
            case .reference(let target):
                let ownerSource = sources[itemSource[owner]]
                var value = target.value
                // ContentBlockByName takes a Content Builder path: the block is its last part.
                if target.identifier == .name, target.kinds.contains(.contentBlock), let last = value.split(whereSeparator: { $0 == "\\" || $0 == "/" }).last {
                    value = String(last)
                }
                var candidates: [Int] = []
                for kind in target.kinds {
                    candidates += index[IndexKey(kind: kind, identifier: target.identifier, value: target.identifier == .id ? value : NodeKey.fold(value))] ?? []
                }
                func rank(_ i: Int) -> Int {
                    let s = sources[itemSource[i]]
                    if target.enterprise { return s.shared ? 0 : 9 }
                    if itemSource[i] == itemSource[owner] { return 0 }
                    if s.shared { return 1 }
                    if s.environment == ownerSource.environment { return 2 }
                    return 9
                }
                if let best = candidates.filter({ rank($0) < 9 }).min(by: { (rank($0), $0) < (rank($1), $1) }) {
                    return items[best].node
                }
                let environment = (target.enterprise || ownerSource.shared) ? nil : ownerSource.environment
                let kind = target.kinds[0]
                if kind == .dataView {
                    return MetadataNode(kind: .dataView, key: value, name: value, environment: environment, retrieved: true)
                }
                let node = MetadataNode(kind: kind, key: value, name: value, environment: environment, retrieved: false)
                if !declared.contains(NodeKey(kind: kind, name: value)) {
                    missing[node.id, default: MissingNode(node: node, referencedFrom: [])].referencedFrom.append(source)
                }
                return node
            }
        }

        for edge in rawEdges {
            let from = resolve(edge.from, owner: edge.owner, source: edge.source)
            let to = resolve(edge.to, owner: edge.owner, source: edge.source)
            guard from.id != to.id else { continue }
            edges.insert(MetadataEdge(from: from, to: to, relation: edge.relation, source: edge.source))
        }

        var result = scan
        result.items = items.sorted { ($0.node.id, $0.file) < ($1.node.id, $1.file) }
        // One edge per endpoints and relation, with the first place that declares it
        // (an emailSend names its email by key and by name).
        var seen: Set<String> = []
        result.edges = edges.sorted { a, b in
            (a.from.id, a.to.id, a.relation.rawValue, a.source.file, (a.source.line ?? 0))
                < (b.from.id, b.to.id, b.relation.rawValue, b.source.file, (b.source.line ?? 0))
        }.filter { seen.insert($0.from.id + "\u{0}" + $0.to.id + "\u{0}" + $0.relation.rawValue).inserted }
        result.missing = missing.values.map { entry in
            var entry = entry
            entry.referencedFrom = Array(Set(entry.referencedFrom)).sorted { ($0.file, $0.line ?? 0) < ($1.file, $1.line ?? 0) }
            return entry
        }.sorted { $0.node.id < $1.node.id }
        result.unresolved = unresolved.map { UnresolvedReference(from: items[$0.owner].node, reference: $0.reference, source: $0.source) }
            .sorted { ($0.source.file, ($0.source.line ?? 0), $0.reference) < ($1.source.file, ($1.source.line ?? 0), $1.reference) }
        result.credentialsInCode = credentials.map {
            CodeCredential(item: items[$0.owner].node, what: $0.what, clientID: $0.clientID, reason: $0.reason, source: $0.source)
        }.sorted { ($0.source.file, ($0.source.line ?? 0), $0.what.rawValue) < ($1.source.file, ($1.source.line ?? 0), $1.what.rawValue) }
        result.schedules = schedules.map {
            MetadataSchedule(automation: items[$0.owner].node, icalRecur: $0.recur, startDate: $0.start, timeZoneName: $0.zone, source: $0.source)
        }.sorted { $0.automation.id < $1.automation.id }
        return result
    }
}
