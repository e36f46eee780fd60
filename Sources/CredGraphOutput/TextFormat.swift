import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphReport
import Foundation

/// Tables and listings for people, on standard output. Client ids are shown
/// as `clientIDs` says; every line is one line whatever the inputs hold.
public struct TextFormatter: OutputFormatter {
    public var clientIDs: ClientIDDisplay

    public init(clientIDs: ClientIDDisplay = .whole) {
        self.clientIDs = clientIDs
    }

    public func format(_ result: CommandResult) throws -> FormattedOutput {
        switch result {
        case .risk(let report): .text(riskTable(report))
        case .check(let summary): .text(checkSummary(summary))
        case .blastRadius(let result): .text(blastRadiusListing(result.radius) + automationRuns(result))
        case .path(let result): .text(pathListing(result))
        case .scan(let result): .text(scanListing(result.scan, asOf: result.asOf))
        case .diagram, .reports: throw FormatError.unsupported(format: "text", result: result.name)
        }
    }
}

// MARK: - risk

extension TextFormatter {
    /// One line per credential in rank order (uninventoried client ids too:
    /// nobody owns them, so nobody else will list them), then the findings
    /// that belong to no credential.
    func riskTable(_ report: RiskReport) -> String {
        let header = ["RANK", "CREDENTIAL", "PACKAGE", "SEVERITY", "DAYS LEFT", "CONSUMERS", "REACH", "TOP FINDING"]
        let ranked = report.credentials.map { c -> [String] in
            let top = c.topFinding.map { $0.rule.rawValue + (c.findings.count > 1 ? " (+\(c.findings.count - 1))" : "") } ?? "-"
            return [
                String(c.rank), clientIDs.id(c.clientID), c.installedPackage, c.severity.rawValue, Vocabulary.daysLeft(c.daysLeft),
                String(c.consumers.count), c.blastRadius.reachAbbreviated, top,
            ].map(tableCell)
        }
        let unownedRows = report.unowned.map { u -> [String] in
            [
                "-", clientIDs.id(u.clientID), "(not in the inventory)", u.severity.rawValue, "unknown",
                String(u.consumerReferences.count), "unknown", UninventoriedClient.id.rawValue,
            ].map(tableCell)
        }
        let rows = ranked + unownedRows
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        var out = "Risk as of \(report.asOf): \(Vocabulary.count(report.credentials.count, "credential"))"
        if let worst = report.worstSeverity { out += ", worst severity \(worst.rawValue)" }
        out += "\n\n" + line(header) + "\n" + rows.map(line).joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
        if !report.globalFindings.isEmpty {
            out += "\nNot tied to an inventoried credential:\n"
            for f in report.globalFindings {
                out += "  \(f.severity.rawValue)  \(f.rule): \(tableCell(clientIDs.text(f.message, naming: f.clientID)))\n"
            }
        }
        return out
    }
}

/// One table cell on one line, whatever the input holds.
private func tableCell(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
}

// MARK: - check

extension TextFormatter {
    /// One line per probe file (`FILE: 9 of 11 probe lines used (2
    /// malformed)`), then the summary. Probe lines are counted as used of
    /// read (blank lines aside), so lost probes show in the summary itself.
    func checkSummary(_ s: CheckSummary) -> String {
        var lines = s.probeFileStats.map { f in
            let read = f.stats.records + f.stats.malformed
            var text = "\(f.path): \(f.stats.records) of \(read) probe lines used"
            if f.stats.malformed > 0 { text += " (\(f.stats.malformed) malformed)" }
            return text
        }
        lines.append(
            "\(s.inventoryRows) rows, \(s.credentials) credentials, \(s.consumers) consumers, \(s.nodes) nodes, \(s.edges) edges, "
                + "\(s.probeRecords) of \(s.probeRecords + s.probeMalformed) probe lines used in \(Vocabulary.count(s.probeFiles, "file")), "
                + "\(Vocabulary.count(s.errors, "error")), \(Vocabulary.count(s.warnings, "warning"))")
        return lines.joined(separator: "\n") + "\n"
    }
}

// MARK: - blast-radius

extension TextFormatter {
    /// The roots, the counts, the nodes grouped by depth then kind (each with
    /// kind, name, environment(s) and owners), then "Owners to notify:".
    func blastRadiusListing(_ radius: BlastRadius) -> String {
        func label(_ node: GraphNode) -> String {
            GraphText.line(node.kind == .credential ? clientIDs.id(node.name) : node.name)
        }
        func reference(_ node: GraphNode) -> String {
            node.kind == .credential ? "client:" + label(node) : GraphText.line(node.reference)
        }
        let nodes = radius.nodes
        let rootNodes = nodes.filter { $0.depth == 0 }.map(\.node)
        var lines: [String] = []
        let heading = radius.direction == .downstream ? "Blast radius of " : "Upstream of "
        var scope = radius.direction.rawValue
        if let maxDepth = radius.maxDepth { scope += ", depth <= \(maxDepth)" }
        lines.append(heading + (rootNodes.isEmpty ? "(nothing)" : rootNodes.map(reference).joined(separator: ", ")) + " (\(scope))")
        lines.append("Reached: " + radius.counts.reach)

        let kindWidth = nodes.map(\.node.kind.rawValue.count).max() ?? 0
        // The declared edge a node was first reached by: `reads, FILE:LINE`.
        var depthOf: [NodeID: Int] = [:]
        for reached in nodes { depthOf[reached.node.id] = reached.depth }
        var reachedVia: [NodeID: String] = [:]
        for edge in radius.edges {
            // A consumer's and a credential's own inventory row goes without saying.
            guard edge.relation != .owns, !(edge.relation == .authenticates && edge.to.rawValue.hasPrefix("integration:")),
                  let source = edge.source, reachedVia[edge.to] == nil,
                  let toDepth = depthOf[edge.to], let fromDepth = depthOf[edge.from],
                  fromDepth + 1 == toDepth, radius.direction == .downstream else { continue }
            reachedVia[edge.to] = "\(edge.relation.rawValue), \(source)"
        }
        var currentDepth = -1
        for reached in nodes {
            if reached.depth != currentDepth {
                currentDepth = reached.depth
                lines.append("")
                lines.append("Depth \(currentDepth)")
            }
            let node = reached.node
            var line = "  " + node.kind.rawValue.padding(toLength: kindWidth, withPad: " ", startingAt: 0) + "  " + label(node)
            if node.kind == .integration, let environment = node.environment {
                line += " @" + GraphText.line(environment)
            } else if !reached.environments.isEmpty {
                line += " [" + reached.environments.map(GraphText.line).joined(separator: ", ") + "]"
            }
            var owners: [String] = []
            if let owner = node.technicalOwner { owners.append("\(owner) (technical)") }
            if let owner = node.businessOwner { owners.append("\(owner) (business)") }
            if let owner = node.owner { owners.append(owner.description) }
            if !owners.isEmpty {
                line += "  " + Vocabulary.noun(owners.count, "owner") + ": " + GraphText.line(owners.joined(separator: ", "))
            }
            if let source = reachedVia[node.id] { line += "  (" + GraphText.line(source) + ")" }
            lines.append(line)
        }
        lines.append("")
        if radius.ownersToNotify.isEmpty {
            lines.append("Owners to notify: none named")
        } else {
            lines.append("Owners to notify:")
            lines.append(contentsOf: radius.ownersToNotify.map { "  " + GraphText.line($0.description) })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The listing's closing section for automations, or "" when none is reached.
    func automationRuns(_ result: BlastRadiusResult) -> String {
        let runs = result.automationRuns
        guard !runs.isEmpty, result.radius.direction == .downstream else { return "" }
        var lines = ["", result.expiry.map { "Automations reached, first run after the secret expires (\($0)):" } ?? "Automations reached, next run:"]
        let width = runs.map(\.automation.count).max() ?? 0
        for run in runs {
            lines.append("  " + GraphText.line(run.automation).padding(toLength: width, withPad: " ", startingAt: 0) + "  " + run.firstRun)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

// MARK: - path

extension TextFormatter {
    /// A heading, then one chain a line, each edge's `FILE:LINE` under it;
    /// says so when there is none.
    func pathListing(_ result: PathResult) -> String {
        let graph = result.graph
        let from = result.from.map { graph.displayReference($0, clientIDs) }.joined(separator: ", ")
        let to = result.to.map { graph.displayReference($0, clientIDs) }.joined(separator: ", ")
        guard let first = result.chains.first else {
            return "No dependency chain from \(from) to \(to).\n"
        }
        let edgesText = Vocabulary.count(first.length, "edge")
        let heading = result.chains.count == 1
            ? "1 shortest chain (\(edgesText)) from \(from) to \(to):"
            : "\(result.chains.count) shortest chains (\(edgesText) each) from \(from) to \(to):"
        var lines = [heading]
        for chain in result.chains {
            lines.append("  " + graph.describe(chain, clientIDs: clientIDs))
            // Where each edge comes from, so a derived edge can be checked in its file.
            if chain.sources.contains(where: { $0 != nil }) {
                for (i, source) in chain.sources.enumerated() {
                    lines.append("    " + chain.relations[i].rawValue + "  " + GraphText.line(source?.description ?? "(no source)"))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension DependencyGraph {
    /// `A -> B -> C`, each node by its full reference (so with its kind).
    public func describe(_ chain: DependencyChain, clientIDs: ClientIDDisplay = .whole) -> String {
        chain.nodes.map { displayReference($0, clientIDs) }.joined(separator: " -> ")
    }

    fileprivate func displayReference(_ id: NodeID, _ clientIDs: ClientIDDisplay) -> String {
        guard let node = node(id) else { return GraphText.line(id.rawValue) }
        if node.kind == .credential { return "client:" + GraphText.line(clientIDs.id(node.name)) }
        return GraphText.line(node.reference)
    }
}

// MARK: - scan

extension TextFormatter {
    /// Counts by type, the edges found, what was referenced but not
    /// retrieved, references built at run time, credentials in code (values
    /// never shown), and each automation's next run.
    func scanListing(_ scan: MetadataScan, asOf: Int64) -> String {
        func clean(_ s: String) -> String { GraphText.line(s) }
        var lines: [String] = []
        let folders = scan.sources.map { "\($0.path) (\($0.shared ? "shared, " : "")\($0.environment))" }
        lines.append("Scanned \(Vocabulary.count(scan.sources.count, "business unit")): " + clean(folders.joined(separator: ", ")))
        lines.append("")
        lines.append("Items by type (\(scan.items.count)):")
        let countsByType = scan.countsByType
        let width = countsByType.keys.map(\.count).max() ?? 0
        for type in countsByType.keys.sorted() {
            lines.append("  " + type.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(countsByType[type] ?? 0)")
        }
        if !scan.unknownTypes.isEmpty || scan.skippedFiles > 0 {
            let unknown = scan.unknownTypes.keys.sorted().map { "\($0) \(scan.unknownTypes[$0] ?? 0)" }
            var parts: [String] = []
            if !unknown.isEmpty { parts.append("\(scan.unknownTypes.values.reduce(0, +)) of types credgraph does not read (\(unknown.joined(separator: ", ")))") }
            if scan.skippedFiles > 0 { parts.append("\(scan.skippedFiles) that could not be read (see the warnings)") }
            lines.append("Skipped files: " + clean(parts.joined(separator: "; ")))
        }

        lines.append("")
        lines.append("Edges (\(scan.edges.count)):")
        for edge in scan.edges {
            lines.append("  \(clean(edge.from.id)) -> \(clean(edge.to.id))  \(edge.relation.rawValue)  \(clean(edge.source.description))")
        }

        lines.append("")
        lines.append("Not retrieved (\(scan.missing.count)):" + (scan.missing.isEmpty ? " none" : ""))
        for entry in scan.missing {
            lines.append("  \(clean(entry.node.id))  referenced from " + clean(entry.referencedFrom.map(\.description).joined(separator: ", ")))
        }

        lines.append("")
        lines.append("Unresolved references, built at run time (\(scan.unresolved.count)):" + (scan.unresolved.isEmpty ? " none" : ""))
        for entry in scan.unresolved {
            lines.append("  \(clean(entry.source.description))  \(clean(entry.from.id))  \(clean(entry.reference))")
        }

        lines.append("")
        lines.append("Credentials in code (\(scan.credentialsInCode.count)):" + (scan.credentialsInCode.isEmpty ? " none" : ""))
        for hit in scan.credentialsInCode {
            var what = hit.what.rawValue
            if let clientID = hit.clientID { what += " " + clientIDs.id(clientID) }
            if let reason = hit.reason { what += " (\(reason))" }
            lines.append("  \(clean(hit.source.description))  \(clean(hit.item.id))  \(clean(what)); value redacted")
        }

        if !scan.schedules.isEmpty {
            lines.append("")
            lines.append("Automation schedules:")
            for schedule in scan.schedules {
                switch schedule.parsed {
                case .success(let parsed):
                    let next = parsed.runs(after: asOf, limit: 1).first.map { "next run " + parsed.format($0) } ?? "no run after as-of"
                    lines.append("  \(clean(schedule.automation.id))  \(clean(schedule.icalRecur))  \(next)")
                case .failure(let error):
                    lines.append("  \(clean(schedule.automation.id))  schedule not understood: \(clean(error.description))")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
