import CredGraphCore
import Foundation
internal import Mustache

/// The report templates, read from `templates/` (or `--templates DIR`).
/// Every template is rendered with Markdown escaping of `{{values}}`; the
/// model hands pre-built safe fragments (diagram links, Mermaid) to `{{{…}}}`.
public struct ReportTemplates: Sendable {
    /// The templates credgraph needs, by file name without `.mustache`.
    public static let names = ["index", "weekly-index", "weekly-owner", "change-review", "readiness"]

    private var templates: [String: MustacheTemplate]
    private var library: MustacheLibrary

    /// Loads every template of `names` from `directory`. A missing template
    /// or a syntax error is an error naming the template file and line.
    public static func load(directory: String, names: [String] = ReportTemplates.names) throws(TemplateError) -> ReportTemplates {
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        var templates: [String: MustacheTemplate] = [:]
        var library = MustacheLibrary()
        for name in names {
            let path = (directory as NSString).appendingPathComponent("\(name).mustache")
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template not found (templates are read from --templates, default templates/)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template is not valid UTF-8")
            }
            do {
                // The pragma goes on the template's first line so reported
                // line numbers stay those of the file.
                let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: MARKDOWN}}" + text)
                templates[name] = template
                library.register(template, named: name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(at: SourceLocation(file: path, line: error.context.lineNumber), message: "template syntax error: \(error.error) at column \(error.context.columnNumber)")
            } catch {
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template syntax error: \(error)")
            }
        }
        return ReportTemplates(templates: templates, library: library)
    }

    /// Renders the named template with a model (structs, arrays, dictionaries).
    public func render(_ name: String, _ model: Any) -> String {
        guard let template = templates[name] else { return "" }
        return template.render(model, library: library)
    }
}

/// A template that cannot be used: an error diagnostic at the template's file
/// (and line, for a syntax error), formatted like every other one.
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(at location: SourceLocation, message: String) {
        self.location = location
        self.message = message
    }

    public var template: String { location.file }
    public var line: Int? { location.line }

    public var diagnostic: Diagnostic { Diagnostic(.error, message, at: location) }

    public var description: String { diagnostic.formatted }
}
