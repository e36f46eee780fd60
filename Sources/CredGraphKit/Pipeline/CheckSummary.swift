import CredGraphCore
import CredGraphIngest
import CredGraphRisk
import CredGraphReport

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
    public var probeMalformed: Int
    /// What each probe file yielded.
    public var probeFileStats: [ProbeFileStats]
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
        probeMalformed = result.probeStats.malformed
        probeFileStats = result.probeFileStats
        errors = diagnostics.errorCount
        warnings = diagnostics.warningCount
        self.diagnostics = diagnostics.items
    }

    /// The one-line summary for people. Probe lines are counted as used of
    /// read (blank lines aside), so lost probes show in the summary itself.
    public var line: String {
        "\(inventoryRows) rows, \(credentials) credentials, \(consumers) consumers, \(nodes) nodes, \(edges) edges, "
            + "\(probeRecords) of \(probeRecords + probeMalformed) probe lines used in \(probeFiles) \(probeFiles == 1 ? "file" : "files"), "
            + "\(errors) \(errors == 1 ? "error" : "errors"), "
            + "\(warnings) \(warnings == 1 ? "warning" : "warnings")"
    }

    /// One line per probe file: `FILE: 9 of 11 probe lines used (2 malformed)`.
    public var probeFileLines: [String] {
        probeFileStats.map { f in
            let read = f.stats.records + f.stats.malformed
            var text = "\(f.path): \(f.stats.records) of \(read) probe lines used"
            if f.stats.malformed > 0 { text += " (\(f.stats.malformed) malformed)" }
            return text
        }
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
            ("probe_files", .array(probeFileStats.map { f in
                .object([
                    ("file", .string(f.path)),
                    ("lines", .int(f.stats.lines)),
                    ("records", .int(f.stats.records)),
                    ("malformed", .int(f.stats.malformed)),
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
                ("probe_malformed", .int(probeMalformed)),
                ("errors", .int(errors)),
                ("warnings", .int(warnings)),
            ])),
        ]).serialized()
    }
}
