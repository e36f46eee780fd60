import CredGraphRender
import CredGraphReport

/// The Markdown reports: weekly pages, readiness, change reviews and the
/// index, through templates/*.mustache (wording lives in the templates).
/// The result is a set of files for an output folder; `report` also puts
/// its diagrams in that set.
public struct MarkdownFormatter: OutputFormatter {
    public var templates: ReportTemplates
    public var kind: ReportKind
    public var diagramOptions: DiagramOptions
    /// Worker processes for the diagrams (`report --jobs`); in-process by default.
    public var diagramWorkers: DiagramWorkers

    public init(
        templates: ReportTemplates, kind: ReportKind = .all, diagramOptions: DiagramOptions = DiagramOptions(),
        diagramWorkers: DiagramWorkers = .inProcess
    ) {
        self.templates = templates
        self.kind = kind
        self.diagramOptions = diagramOptions
        self.diagramWorkers = diagramWorkers
    }

    public func format(_ result: CommandResult) throws -> FormattedOutput {
        guard case .reports(let context) = result else { throw FormatError.unsupported(format: "Markdown", result: result.name) }
        return .files(try buildReports(context, templates: templates, kind: kind, diagramOptions: diagramOptions, diagramWorkers: diagramWorkers))
    }
}
