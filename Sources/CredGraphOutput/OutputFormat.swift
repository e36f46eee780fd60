import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
import CredGraphReport

/// The output layer: a command computes a result (a plain value) and asks
/// for it in a format; the formatter of that format, one file each, writes
/// it. No result type formats itself, and no command formats by hand.
///
///     TextFormat.swift      tables and listings for people
///     JSONFormat.swift      the --json documents, through JSONValue (the one writer)
///     MarkdownFormat.swift  the reports, through templates/*.mustache
///     DiagramFormat.swift   DOT, SVG, PNG, PDF, through the renderer
public protocol OutputFormatter: Sendable {
    /// The result in this format, or `FormatError.unsupported` when the
    /// format has no rendering of it (a risk table has no diagram).
    func format(_ result: CommandResult) throws -> FormattedOutput
}

/// What a command computed, ready to be formatted.
public enum CommandResult: Sendable {
    case risk(RiskReport)
    case check(CheckSummary)
    case blastRadius(BlastRadiusResult)
    case path(PathResult)
    case scan(ScanResult)
    case diagram(Diagram)
    case reports(ReportContext)

    var name: String {
        switch self {
        case .risk: "risk"
        case .check: "check"
        case .blastRadius: "blast-radius"
        case .path: "path"
        case .scan: "scan"
        case .diagram: "diagram"
        case .reports: "reports"
        }
    }
}

/// A formatted result: one text document, one binary document, or a set of
/// files for an output folder.
public enum FormattedOutput: Sendable {
    case text(String)
    case bytes([UInt8])
    case files(OutputFiles)

    /// The document as text (`nil` for a set of files).
    public var text: String? {
        switch self {
        case .text(let text): text
        case .bytes(let bytes): String(decoding: bytes, as: UTF8.self)
        case .files: nil
        }
    }

    /// The document as bytes (`nil` for a set of files).
    public var bytes: [UInt8]? {
        switch self {
        case .text(let text): Array(text.utf8)
        case .bytes(let bytes): bytes
        case .files: nil
        }
    }
}

public enum FormatError: Error, Sendable, CustomStringConvertible {
    case unsupported(format: String, result: String)

    public var description: String {
        switch self {
        case .unsupported(let format, let result): "credgraph: error: \(result) has no \(format) output"
        }
    }
}

extension OutputFormatter {
    /// The result as one text document; throws for a set of files.
    public func text(_ result: CommandResult) throws -> String {
        let output = try format(result)
        guard let text = output.text else { throw FormatError.unsupported(format: "single-document", result: result.name) }
        return text
    }
}

/// The formatter of a command's standard output: the JSON document when
/// `--json` is given, else the text for people, client ids shown as the
/// settings say (JSON always has them whole).
public func standardOutputFormatter(json: Bool, clientIDs: ClientIDDisplay) -> any OutputFormatter {
    json ? JSONFormatter() : TextFormatter(clientIDs: clientIDs)
}

extension ClientIDDisplay {
    /// As `reports.mask_client_ids` says, for tables and listings (ids are
    /// masked where a listing names them; free text is masked per finding).
    public init(_ settings: Config) {
        self.init(masking: settings.reports.maskClientIDs)
    }
}
