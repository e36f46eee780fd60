import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk

/// The `--json` documents of outputs.md and metadata.md, each built as a
/// `JSONValue` and written by its one writer. Client ids are always whole:
/// JSON is for machines.
public struct JSONFormatter: OutputFormatter {
    public init() {}

    public func format(_ result: CommandResult) throws -> FormattedOutput {
        switch result {
        case .risk(let report): .text(Self.risk(report).serialized(.ordered))
        case .check(let summary): .text(Self.check(summary).serialized(.htmlSafe))
        case .blastRadius(let result): .text(Self.blastRadius(BlastRadiusDocument(result.radius)).serialized(.sorted))
        case .path(let r): .text(Self.path(r.graph.pathDocument(from: r.from, to: r.to, chains: r.chains)).serialized(.sorted))
        case .scan(let r): .text(Self.scan(MetadataScanDocument(r.scan, asOf: r.asOf)).serialized(.sorted))
        case .diagram, .reports: throw FormatError.unsupported(format: "JSON", result: result.name)
        }
    }
}

/// Object members with the absent ones left out (outputs.md: a key with no
/// value is not written as null).
private func members(_ pairs: [(String, JSONValue?)]) -> JSONValue {
    .object(pairs.compactMap { key, value in value.map { (key, $0) } })
}

private func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }

// MARK: - risk --json

extension JSONFormatter {
    /// Keys in the order outputs.md shows them.
    static func risk(_ report: RiskReport) -> JSONValue {
        .object([
            ("as_of", .string(report.asOf.description)),
            ("credentials", .array(report.credentials.map(credential))),
            ("findings", .array(report.globalFindings.map { f in
                members([
                    ("rule", .string(f.rule.rawValue)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message)),
                ] + sinceAndCause(f))
            })),
        ])
    }

    private static func credential(_ c: RiskAssessment) -> JSONValue {
        var pairs: [(String, JSONValue?)] = [
            ("client_id", .string(c.clientID)),
            ("installed_package", .string(c.installedPackage)),
            ("expires_on", .optional(c.expiresOn?.description)),
            ("days_left", .optional(c.daysLeft)),
            ("severity", .string(c.severity.rawValue)),
            ("rank", .int(c.rank)),
            ("consumers", .array(c.consumers.map { .object([("integration", .string($0.integration)), ("environment", .string($0.environment))]) })),
            ("blast_radius", .object([
                ("integrations", .int(c.blastRadius.integrations)),
                ("data_extensions", .int(c.blastRadius.dataExtensions)),
                ("assets", .int(c.blastRadius.assets)),
                ("sends", .int(c.blastRadius.sends)),
            ])),
            ("findings", .array(c.findings.map { f in
                members([
                    ("rule", .string(f.rule.rawValue)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message)),
                    ("remediation", .string(f.remediation)),
                ] + sinceAndCause(f))
            })),
            ("due_by", .optional(c.dueBy?.description)),
        ]
        if !c.siblings.isEmpty {
            pairs.append(("siblings", .array(c.siblings.map { s in
                .object([
                    ("client_id", .string(s.clientID)), ("installed_package", .string(s.installedPackage)),
                    ("environments", strings(s.environments)),
                ])
            })))
        }
        return members(pairs)
    }

    /// `since` (RFC 3339, UTC) and `cause`, only when the finding has them.
    /// outputs.md: `acknowledged` while a person's acknowledgement silences
    /// the finding; once past `until`, `acknowledgement_expired` says since
    /// when it counts again.
    private static func sinceAndCause(_ f: Finding) -> [(String, JSONValue?)] {
        [
            ("since", f.since.map { .string(Vocabulary.timestamp($0)) }), ("cause", f.cause.map(JSONValue.string)),
            (f.acknowledgement?.expired == true ? "acknowledgement_expired" : "acknowledged", f.acknowledgement.map { note in
                .object([("by", .string(note.by)), ("reason", .string(note.reason)), ("until", .string(note.until.description))])
            }),
        ]
    }
}

// MARK: - check --json

extension JSONFormatter {
    static func check(_ s: CheckSummary) -> JSONValue {
        .object([
            ("diagnostics", .array(s.diagnostics.map { d in
                .object([
                    ("file", .string(d.file)),
                    ("line", .optional(d.line)),
                    ("severity", .string(d.severity.rawValue)),
                    ("message", .string(d.message)),
                ])
            })),
            ("probe_files", .array(s.probeFileStats.map { f in
                .object([
                    ("file", .string(f.path)),
                    ("lines", .int(f.stats.lines)),
                    ("records", .int(f.stats.records)),
                    ("malformed", .int(f.stats.malformed)),
                ])
            })),
            ("summary", .object([
                ("rows", .int(s.inventoryRows)),
                ("credentials", .int(s.credentials)),
                ("consumers", .int(s.consumers)),
                ("nodes", .int(s.nodes)),
                ("edges", .int(s.edges)),
                ("probe_files", .int(s.probeFiles)),
                ("probe_lines", .int(s.probeLines)),
                ("probe_records", .int(s.probeRecords)),
                ("probe_malformed", .int(s.probeMalformed)),
                ("errors", .int(s.errors)),
                ("warnings", .int(s.warnings)),
            ])),
        ])
    }
}

// MARK: - blast-radius, path and scan --json (keys sorted by the style)

extension JSONFormatter {
    static func blastRadius(_ d: BlastRadiusDocument) -> JSONValue {
        .object([
            ("roots", strings(d.roots)),
            ("direction", .string(d.direction)),
            ("nodes", .array(d.nodes.map { n in
                members([
                    ("ref", .string(n.ref)), ("kind", .string(n.kind)), ("name", .string(n.name)),
                    ("environment", n.environment.map(JSONValue.string)), ("environments", n.environments.map(strings)),
                    ("depth", .int(n.depth)), ("owner", n.owner.map(JSONValue.string)),
                    ("business_owner", n.businessOwner.map(JSONValue.string)), ("criticality", n.criticality.map(JSONValue.string)),
                ])
            })),
            ("edges", .array(d.edges.map { e in
                members([
                    ("from", .string(e.from)), ("to", .string(e.to)), ("relation", .string(e.relation)),
                    ("environment", e.environment.map(JSONValue.string)), ("source", e.source.map(JSONValue.string)),
                ])
            })),
            ("owners_to_notify", strings(d.ownersToNotify)),
            ("counts", .object([
                ("integrations", .int(d.counts.integrations)), ("data_extensions", .int(d.counts.dataExtensions)),
                ("assets", .int(d.counts.assets)), ("sends", .int(d.counts.sends)),
            ])),
        ])
    }

    static func path(_ d: PathDocument) -> JSONValue {
        .object([
            ("from", strings(d.from)),
            ("to", strings(d.to)),
            ("chains", .array(d.chains.map { c in
                .object([
                    ("nodes", strings(c.nodes)), ("relations", strings(c.relations)),
                    // An edge of unknown origin is null here: the arrays line up with `relations`.
                    ("sources", .array(c.sources.map(JSONValue.optional))),
                ])
            })),
        ])
    }

    static func scan(_ d: MetadataScanDocument) -> JSONValue {
        .object([
            ("items", .array(d.items.map { i in
                members([
                    ("kind", .string(i.kind)), ("key", .string(i.key)), ("name", .string(i.name)),
                    ("environment", i.environment.map(JSONValue.string)), ("shared", i.shared.map(JSONValue.bool)),
                    ("file", .string(i.file)),
                ])
            })),
            ("counts", .object(d.counts.map { ($0.key, .int($0.value)) })),
            ("edges", .array(d.edges.map { e in
                .object([("from", .string(e.from)), ("to", .string(e.to)), ("relation", .string(e.relation)), ("source", .string(e.source))])
            })),
            ("missing", .array(d.missing.map { m in
                .object([("node", .string(m.node)), ("referenced_from", strings(m.referencedFrom))])
            })),
            ("unresolved", .array(d.unresolved.map { u in
                .object([("from", .string(u.from)), ("reference", .string(u.reference)), ("source", .string(u.source))])
            })),
            ("credentials_in_code", .array(d.credentialsInCode.map { c in
                members([
                    ("item", .string(c.item)), ("what", .string(c.what)), ("client_id", c.clientID.map(JSONValue.string)),
                    ("reason", c.reason.map(JSONValue.string)), ("source", .string(c.source)),
                ])
            })),
            ("schedules", .array(d.schedules.map { s in
                members([
                    ("automation", .string(s.automation)), ("ical_recur", .string(s.icalRecur)), ("timezone", .string(s.timezone)),
                    ("next_runs", strings(s.nextRuns)), ("problem", s.problem.map(JSONValue.string)), ("source", .string(s.source)),
                ])
            })),
            ("skipped", .object([("unknown_types", .int(d.skipped.unknownTypes)), ("files", .int(d.skipped.files))])),
        ])
    }
}
