/// What `credgraph check` reports about a run: counts of what was read and
/// of the problems found.
public struct CheckSummary: Sendable, Hashable {
    public var inventoryRows: Int
    public var credentials: Int
    public var consumers: Int
    public var nodes: Int
    public var edges: Int
    public var probeFiles: Int
    public var probeLines: Int
    public var probeRecords: Int
    public var errors: Int
    public var warnings: Int
    public var diagnostics: [Diagnostic]

    public init(_ analysis: Analysis) {
        self.init(analysis.ingest, diagnostics: analysis.diagnostics)
    }

    public init(_ result: IngestResult, diagnostics: Diagnostics? = nil) {
        let diagnostics = diagnostics ?? result.diagnostics
        inventoryRows = result.inventory.rowCount
        credentials = result.inventory.credentials.count
        consumers = result.inventory.consumers.count
        nodes = result.dependencies.nodes.count
        edges = result.dependencies.edges.count
        probeFiles = result.probeFiles.count
        probeLines = result.probeStats.lines
        probeRecords = result.probeStats.records
        errors = diagnostics.errorCount
        warnings = diagnostics.warningCount
        self.diagnostics = diagnostics.items
    }

    /// The one-line summary for people.
    public var line: String {
        "\(inventoryRows) rows, \(credentials) credentials, \(consumers) consumers, \(nodes) nodes, \(edges) edges, "
            + "\(probeLines) probe lines in \(probeFiles) files, \(errors) \(errors == 1 ? "error" : "errors"), "
            + "\(warnings) \(warnings == 1 ? "warning" : "warnings")"
    }

    public func json() throws -> String {
        JSONValue.object([
            ("diagnostics", .array(diagnostics.map { d in
                .object([
                    ("file", .string(d.file)),
                    ("line", .optional(d.line)),
                    ("severity", .string(d.severity.rawValue)),
                    ("message", .string(d.message)),
                ])
            })),
            ("summary", .object([
                ("rows", .int(inventoryRows)),
                ("credentials", .int(credentials)),
                ("consumers", .int(consumers)),
                ("nodes", .int(nodes)),
                ("edges", .int(edges)),
                ("probe_files", .int(probeFiles)),
                ("probe_lines", .int(probeLines)),
                ("probe_records", .int(probeRecords)),
                ("errors", .int(errors)),
                ("warnings", .int(warnings)),
            ])),
        ]).serialized()
    }
}
