import CredGraphCore
import Foundation

/// What `credgraph scan` prints (metadata.md): counts by type, the edges
/// found, what was referenced but not retrieved, references built at run
/// time, credentials in code, and the next automation runs.

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
                                nextRuns: parsed.runs(after: asOf, limit: runs).map(formatTimestamp), problem: nil,
                                source: schedule.source.description)
            case .failure(let error):
                return Schedule(automation: schedule.automation.id, icalRecur: schedule.icalRecur, timezone: schedule.timeZoneName,
                                nextRuns: [], problem: error.description, source: schedule.source.description)
            }
        }
        skipped = Skipped(unknownTypes: scan.unknownTypes.values.reduce(0, +), files: scan.skippedFiles)
    }
}

extension MetadataScan {
    /// `scan --json`: pretty-printed, keys sorted, ending in a newline.
    public func jsonText(asOf: Int64) throws -> String {
        try GraphJSON.encode(MetadataScanDocument(self, asOf: asOf))
    }

    /// The listing for people.
    public func textListing(asOf: Int64, displayClientID: (String) -> String = { $0 }) -> String {
        func clean(_ s: String) -> String { GraphText.line(s) }
        var lines: [String] = []
        let folders = sources.map { "\($0.path) (\($0.shared ? "shared, " : "")\($0.environment))" }
        lines.append("Scanned \(sources.count == 1 ? "1 business unit" : "\(sources.count) business units"): " + clean(folders.joined(separator: ", ")))
        lines.append("")
        lines.append("Items by type (\(items.count)):")
        let width = countsByType.keys.map(\.count).max() ?? 0
        for type in countsByType.keys.sorted() {
            lines.append("  " + type.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(countsByType[type] ?? 0)")
        }
        if !unknownTypes.isEmpty || skippedFiles > 0 {
            let unknown = unknownTypes.keys.sorted().map { "\($0) \(unknownTypes[$0] ?? 0)" }
            var parts: [String] = []
            if !unknown.isEmpty { parts.append("\(unknownTypes.values.reduce(0, +)) of types credgraph does not read (\(unknown.joined(separator: ", ")))") }
            if skippedFiles > 0 { parts.append("\(skippedFiles) that could not be read (see the warnings)") }
            lines.append("Skipped files: " + clean(parts.joined(separator: "; ")))
        }

        lines.append("")
        lines.append("Edges (\(edges.count)):")
        for edge in edges {
            lines.append("  \(clean(edge.from.id)) -> \(clean(edge.to.id))  \(edge.relation.rawValue)  \(clean(edge.source.description))")
        }

        lines.append("")
        lines.append("Not retrieved (\(missing.count)):" + (missing.isEmpty ? " none" : ""))
        for entry in missing {
            lines.append("  \(clean(entry.node.id))  referenced from " + clean(entry.referencedFrom.map(\.description).joined(separator: ", ")))
        }

        lines.append("")
        lines.append("Unresolved references, built at run time (\(unresolved.count)):" + (unresolved.isEmpty ? " none" : ""))
        for entry in unresolved {
            lines.append("  \(clean(entry.source.description))  \(clean(entry.from.id))  \(clean(entry.reference))")
        }

        lines.append("")
        lines.append("Credentials in code (\(credentialsInCode.count)):" + (credentialsInCode.isEmpty ? " none" : ""))
        for hit in credentialsInCode {
            var what = hit.what.rawValue
            if let clientID = hit.clientID { what += " " + displayClientID(clientID) }
            if let reason = hit.reason { what += " (\(reason))" }
            lines.append("  \(clean(hit.source.description))  \(clean(hit.item.id))  \(clean(what)); value redacted")
        }

        if !schedules.isEmpty {
            lines.append("")
            lines.append("Automation schedules:")
            for schedule in schedules {
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

    /// For each automation a blast radius reaches: its first run at or after
    /// `instant` (the expiry), as `Tue 2026-09-22 02:00 CEST`. Keyed by the
    /// automation's graph name, folded.
    public func firstRuns(after instant: Int64) -> [String: String] {
        var out: [String: String] = [:]
        for schedule in schedules {
            guard case .success(let parsed) = schedule.parsed, let run = parsed.runs(after: instant, limit: 1).first else { continue }
            let key = NodeKey.fold(schedule.automation.name)
            if out[key] == nil { out[key] = parsed.format(run) }
        }
        return out
    }
}
