import CredGraphCore

/// Reads dependencies.csv into downstream nodes and resolved edges, and adds
/// the edges the inventory's `writes` cells declare.
public enum DependencyLoader {
    public static let columns: [CSVColumn] = [
        CSVColumn("from", required: true),
        CSVColumn("to", required: true),
        CSVColumn("to_kind", required: true),
        CSVColumn("from_kind"),
        CSVColumn("relation"),
        CSVColumn("environment", aliases: ["env"]),
        CSVColumn("owner"),
        CSVColumn("criticality"),
        CSVColumn("scope"),
    ]

    /// Relations a dependencies.csv row may name (the others are the graph's own).
    static let fileRelations: [Relation] = [.writes, .feeds, .reads, .triggers]

    /// Loads `path` against `inventory`. Rows with a wrong cell count, an
    /// empty required cell, an unknown kind or relation, or a `from` that
    /// resolves to no node or to several are skipped with an error; an
    /// unknown criticality is an error that leaves the node's criticality
    /// empty. The inventory's `writes` edges are added even when the file
    /// cannot be read.
    public static func load(path: String, inventory: Inventory, diagnostics: inout Diagnostics) -> Dependencies {
        // Rows are checked in two passes; report their problems in line order.
        var local = Diagnostics()
        let dependencies = load(path: path, inventory: inventory, into: &local)
        let ordered = local.items.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            return la != lb ? la < lb : a.offset < b.offset
        }
        for item in ordered { diagnostics.append(item.element) }
        return dependencies
    }

    static func load(path: String, inventory: Inventory, into diagnostics: inout Diagnostics) -> Dependencies {
        var dependencies = Dependencies()
        let rows = readRows(path: path, dependencies: &dependencies, diagnostics: &diagnostics)
        return build(rows: rows, path: path, inventory: inventory, dependencies: dependencies, diagnostics: &diagnostics)
    }

    /// The dependencies the inventory's `writes` cells declare, for a run
    /// without dependencies.csv.
    public static func fromInventory(_ inventory: Inventory) -> Dependencies {
        var diagnostics = Diagnostics()
        return build(rows: [], path: "", inventory: inventory, dependencies: Dependencies(), diagnostics: &diagnostics)
    }

    private static func build(rows: [Row], path: String, inventory: Inventory, dependencies: Dependencies, diagnostics: inout Diagnostics) -> Dependencies {
        var dependencies = dependencies
        var nodes = NodeTable()
        for row in rows {
            nodes.declare(row.toKey, name: row.to, owner: row.owner, criticality: row.criticality,
                          location: SourceLocation(file: path, line: row.line), diagnostics: &diagnostics)
            if row.shared { nodes.nodes[row.toKey]?.shared = true }
        }
        for consumer in inventory.consumers {
            for name in consumer.writes {
                nodes.declare(NodeKey(kind: .dataExtension, name: name), name: name, owner: nil, criticality: nil,
                              location: consumer.location, diagnostics: &diagnostics)
            }
        }

        var integrations: [String: String] = [:]
        var environments: Set<String> = []
        for consumer in inventory.consumers {
            let folded = NodeKey.fold(consumer.integration)
            if integrations[folded] == nil { integrations[folded] = consumer.integration }
            environments.insert(consumer.environment)
        }

        var edges: [DependencyEdge] = []
        for row in rows {
            let location = SourceLocation(file: path, line: row.line)
            guard let from = resolveFrom(row, nodes: nodes, integrations: integrations, file: path, diagnostics: &diagnostics) else {
                continue
            }
            if let environment = row.environment, !environments.isEmpty, !environments.contains(environment) {
                diagnostics.warning("environment \(displayCell(environment)) appears in no inventory row", file: path, line: row.line)
            }
            let relation = row.relation ?? defaultRelation(from: from.kind, to: row.toKey.kind)
            edges.append(DependencyEdge(from: from, to: row.toKey, relation: relation, environment: row.environment, location: location))
        }
        for consumer in inventory.consumers {
            for name in consumer.writes {
                edges.append(DependencyEdge(
                    from: NodeKey(kind: .integration, name: consumer.integration),
                    to: NodeKey(kind: .dataExtension, name: name),
                    relation: .writes, environment: consumer.environment, location: consumer.location))
            }
        }

        dependencies.nodes = nodes.nodes
        dependencies.edges = collapse(edges)
        return dependencies
    }

    /// The relation a row means when it names none.
    public static func defaultRelation(from: NodeKind, to: NodeKind) -> Relation {
        if from == .integration { return .writes }
        if to.isSend { return .triggers }
        if from == .dataExtension {
            switch to {
            case .dataExtension, .query, .automation: return .feeds
            case .email, .contentBlock, .cloudpage, .ssjs, .ampscript, .report: return .reads
            default: break
            }
        }
        return .feeds
    }

    // MARK: - Rows

    struct Row {
        var line: Int
        var from: String
        var fromKind: NodeKind?
        var to: String
        var toKey: NodeKey
        var relation: Relation?
        var environment: String?
        var owner: Owner?
        var criticality: Criticality?
        /// `scope: shared`: the `to` node is one object for every environment.
        var shared = false
    }

    static func readRows(path: String, dependencies: inout Dependencies, diagnostics: inout Diagnostics) -> [Row] {
        guard let reader = CSVReader.open(path: path, diagnostics: &diagnostics) else { return [] }
        guard let headerRecord = reader.next(diagnostics: &diagnostics) else {
            diagnostics.error("empty file: expected a header line", file: path)
            return []
        }
        // A first record skipped for a limit (too many cells, an oversized
        // cell) was the header: the next line must not take its place.
        guard reader.skippedRecords == 0 else {
            diagnostics.error("the header line was skipped (see above), so no row is read", file: path)
            return []
        }
        guard let header = CSVHeader.resolve(headerRecord, columns: columns, file: path, diagnostics: &diagnostics) else {
            return []
        }
        var rows: [Row] = []
        while let record = reader.next(diagnostics: &diagnostics) {
            dependencies.rowCount += 1
            if let row = parseRow(record, header: header, file: path, diagnostics: &diagnostics) { rows.append(row) }
        }
        dependencies.rowCount += reader.skippedRecords
        return rows
    }

    static func parseRow(_ record: CSVRecord, header: CSVHeader, file: String, diagnostics: inout Diagnostics) -> Row? {
        let line = record.line
        guard record.cells.count == header.fieldCount else {
            diagnostics.error("row has \(record.cells.count) cells, the header has \(header.fieldCount); row skipped", file: file, line: line)
            return nil
        }
        // Node names and owners reach every output: a row carrying secret material is
        // dropped, its value kept only by the redactor (which cuts it out of every output).
        var secretColumns: [String] = []
        for (i, text) in record.cells.enumerated() where SecretDetector.looksLikeSecret(text) != nil {
            Redactor.shared.registerSecrets(in: text)
            secretColumns.append(i < header.columnNames.count ? "'\(header.columnNames[i])'" : "\(i + 1)")
        }
        if !secretColumns.isEmpty {
            diagnostics.error(
                "column \(secretColumns.joined(separator: ", ")) looks like secret material; the value is redacted and the row skipped: remove it and rotate that secret",
                file: file, line: line)
            return nil
        }
        func cell(_ column: String) -> String { header.value(column, in: record.cells) }
        // Cells are echoed in messages: never one that looks like a secret.
        func shown(_ text: String) -> String { displayCell(text) }
        var valid = true
        for column in ["from", "to", "to_kind"] where cell(column).isEmpty {
            diagnostics.error("required cell '\(column)' is empty; row skipped", file: file, line: line)
            valid = false
        }

        var toKind: NodeKind?
        if !cell("to_kind").isEmpty {
            toKind = NodeKind(cell: cell("to_kind")).flatMap { NodeKind.downstreamKinds.contains($0) ? $0 : nil }
            if toKind == nil {
                let expected = NodeKind.downstreamKinds.map { $0 == .dataExtension ? "data-extension (or de)" : $0.rawValue }.joined(separator: ", ")
                diagnostics.error("unknown to_kind \(shown(cell("to_kind"))) (expected one of: \(expected)); row skipped", file: file, line: line)
                valid = false
            }
        }
        var fromKind: NodeKind?
        if !cell("from_kind").isEmpty {
            let fromKinds = [NodeKind.integration] + NodeKind.downstreamKinds
            fromKind = NodeKind(cell: cell("from_kind")).flatMap { fromKinds.contains($0) ? $0 : nil }
            if fromKind == nil {
                let expected = fromKinds.map(\.rawValue).joined(separator: ", ")
                diagnostics.error("unknown from_kind \(shown(cell("from_kind"))) (expected one of: \(expected)); row skipped", file: file, line: line)
                valid = false
            }
        }
        var relation: Relation?
        if !cell("relation").isEmpty {
            relation = Relation(rawValue: normalizeEnumCell(cell("relation"))).flatMap { fileRelations.contains($0) ? $0 : nil }
            if relation == nil {
                let expected = fileRelations.map(\.rawValue).joined(separator: ", ")
                diagnostics.error("unknown relation \(shown(cell("relation"))) (expected one of: \(expected)); row skipped", file: file, line: line)
                valid = false
            }
        }
        var criticality: Criticality?
        if !cell("criticality").isEmpty {
            criticality = Criticality(rawValue: normalizeEnumCell(cell("criticality")))
            if criticality == nil {
                let expected = Criticality.allCases.map(\.rawValue).joined(separator: ", ")
                diagnostics.error("unknown criticality \(shown(cell("criticality"))) (expected one of: \(expected))", file: file, line: line)
            }
        }
        var shared = false
        switch normalizeEnumCell(cell("scope")) {
        case "": break
        case "shared": shared = true
        default:
            diagnostics.error("unknown scope \(shown(cell("scope"))) (expected shared, or empty for one object per environment)", file: file, line: line)
        }
        guard valid, let toKind else { return nil }
        let environment = cell("environment").isEmpty ? nil : normalizeEnvironment(cell("environment"))
        return Row(
            line: line, from: cell("from"), fromKind: fromKind, to: cell("to"),
            toKey: NodeKey(kind: toKind, name: cell("to")), relation: relation, environment: environment,
            owner: Owner(parsing: cell("owner")), criticality: criticality, shared: shared)
    }

    // MARK: - Nodes

    /// Downstream nodes by key, keeping the first spelling and the first
    /// non-empty owner and criticality.
    struct NodeTable {
        var nodes: [NodeKey: DownstreamNode] = [:]
        var ownerSource: [NodeKey: SourceLocation] = [:]
        var criticalitySource: [NodeKey: SourceLocation] = [:]

        mutating func declare(
            _ key: NodeKey, name: String, owner: Owner?, criticality: Criticality?, location: SourceLocation,
            diagnostics: inout Diagnostics
        ) {
            var node = nodes[key] ?? DownstreamNode(kind: key.kind, name: name, location: location)
            if let owner {
                if let existing = node.owner {
                    if existing != owner, let first = ownerSource[key] {
                        diagnostics.warning(
                            "\(key.kind.rawValue) \(displayCell(node.name)) has owner \(displayCell(owner.description)) here but \(displayCell(existing.description)) at \(first); the first is kept",
                            file: location.file, line: location.line)
                    }
                } else {
                    node.owner = owner
                    ownerSource[key] = location
                }
            }
            if let criticality {
                if let existing = node.criticality {
                    if existing != criticality, let first = criticalitySource[key] {
                        diagnostics.warning(
                            "\(key.kind.rawValue) \(displayCell(node.name)) has criticality \(criticality.rawValue) here but \(existing.rawValue) at \(first); the first is kept",
                            file: location.file, line: location.line)
                    }
                } else {
                    node.criticality = criticality
                    criticalitySource[key] = location
                }
            }
            nodes[key] = node
        }
    }

    // MARK: - Resolving `from`

    static func resolveFrom(
        _ row: Row, nodes: NodeTable, integrations: [String: String], file: String, diagnostics: inout Diagnostics
    ) -> NodeKey? {
        let folded = NodeKey.fold(row.from)
        var kinds: [NodeKind] = []
        if integrations[folded] != nil { kinds.append(.integration) }
        for kind in NodeKind.downstreamKinds where nodes.nodes[NodeKey(kind: kind, folded: folded)] != nil {
            kinds.append(kind)
        }
        let name = displayCell(row.from)
        if let fromKind = row.fromKind {
            if kinds.contains(fromKind) { return NodeKey(kind: fromKind, name: row.from) }
            var message = "from \(name) with from_kind \(fromKind.rawValue) matches no node"
            if !kinds.isEmpty {
                message += "; the name is known as kind \(kinds.map(\.rawValue).joined(separator: ", "))"
            }
            diagnostics.error(message + "; row skipped", file: file, line: row.line)
            return nil
        }
        switch kinds.count {
        case 1:
            return NodeKey(kind: kinds[0], name: row.from)
        case 0:
            var message = "from \(name) matches no integration of the inventory and no 'to' of this file"
            let suggestions = closestNames(to: folded, nodes: nodes, integrations: integrations)
            if !suggestions.isEmpty {
                message += "; did you mean " + suggestions.map { displayCell($0) }.joined(separator: ", ") + "?"
            }
            diagnostics.error(message + "; row skipped", file: file, line: row.line)
        default:
            diagnostics.error(
                "from \(name) is ambiguous: it names nodes of kinds \(kinds.map(\.rawValue).joined(separator: ", ")); set from_kind; row skipped",
                file: file, line: row.line)
        }
        return nil
    }

    /// Up to three known names within edit distance 3 of `folded`, closest first.
    static func closestNames(to folded: String, nodes: NodeTable, integrations: [String: String]) -> [String] {
        var candidates: [String: String] = integrations
        for node in nodes.nodes.values {
            let key = NodeKey.fold(node.name)
            if candidates[key] == nil { candidates[key] = node.name }
        }
        var scored: [(distance: Int, name: String)] = []
        for (key, name) in candidates {
            if let distance = editDistance(folded, key, limit: 3) { scored.append((distance, name)) }
        }
        scored.sort { ($0.distance, $0.name) < ($1.distance, $1.name) }
        return scored.prefix(3).map(\.name)
    }

    // MARK: - Edges

    /// Drops identical edges and environment-limited copies of an edge that
    /// holds in all environments (the first seen keeps its location), and
    /// sorts the rest.
    static func collapse(_ edges: [DependencyEdge]) -> [DependencyEdge] {
        struct Identity: Hashable {
            var from: NodeKey, to: NodeKey, relation: Relation, environment: String?
        }
        var everywhere: Set<Identity> = []
        for edge in edges where edge.environment == nil {
            everywhere.insert(Identity(from: edge.from, to: edge.to, relation: edge.relation, environment: nil))
        }
        var seen: Set<Identity> = []
        var kept: [DependencyEdge] = []
        for edge in edges {
            let identity = Identity(from: edge.from, to: edge.to, relation: edge.relation, environment: edge.environment)
            if edge.environment != nil,
               everywhere.contains(Identity(from: edge.from, to: edge.to, relation: edge.relation, environment: nil)) {
                continue
            }
            if seen.insert(identity).inserted { kept.append(edge) }
        }
        return kept.sorted(by: edgeOrder)
    }

    static func edgeOrder(_ a: DependencyEdge, _ b: DependencyEdge) -> Bool {
        if a.from != b.from { return a.from < b.from }
        if a.to != b.to { return a.to < b.to }
        if a.relation != b.relation { return a.relation.rawValue < b.relation.rawValue }
        return (a.environment ?? "") < (b.environment ?? "")
    }
}
