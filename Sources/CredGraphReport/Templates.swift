import CredGraphCore
import Foundation
internal import Mustache

/// The report templates: built into the binary (`builtIn`, generated from
/// `templates/`), each overridden by a file of the same name in a
/// `--templates DIR` folder when there is one.
/// Every template is rendered with Markdown escaping of `{{values}}`; the
/// model hands pre-built safe fragments (diagram links, Mermaid) to `{{{…}}}`.
public struct ReportTemplates: Sendable {
    /// The templates credgraph needs, by file name without `.mustache`.
    public static let names = ["index", "weekly-index", "weekly-owner", "change-review", "readiness", "plan"]

    private var templates: [String: MustacheTemplate]
    private var library: MustacheLibrary

    /// The built-in templates only: what `report` uses without `--templates`.
    public static func builtInTemplates(names: [String] = ReportTemplates.names) throws(TemplateError) -> ReportTemplates {
        try load(directory: nil, names: names)
    }

    /// Loads every template of `names`: from `directory` when it holds
    /// `NAME.mustache`, else the built-in one (file by file). Every other
    /// `.mustache` file of `directory` is there as a partial (`{{> NAME}}`),
    /// and a partial it lacks falls back to the built-in one too. A missing
    /// folder or template, or a syntax error, is an error naming the file
    /// and line.
    public static func load(directory: String?, names: [String] = ReportTemplates.names) throws(TemplateError) -> ReportTemplates {
        let sources = try TemplateSources.collect(directory: directory, names: names)
        MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN")
        var templates: [String: MustacheTemplate] = [:]
        var library = MustacheLibrary()
        for source in sources {
            do {
                // The pragma goes on the template's first line so reported
                // line numbers stay those of the file.
                let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: MARKDOWN}}" + source.text)
                templates[source.name] = template
                library.register(template, named: source.name)
            } catch let error as MustacheTemplate.ParserError {
                throw TemplateError(at: SourceLocation(file: source.path, line: error.context.lineNumber), message: "template syntax error: \(error.error) at column \(error.context.columnNumber)")
            } catch {
                throw TemplateError(at: SourceLocation(file: source.path, line: nil), message: "template syntax error: \(error)")
            }
        }
        return ReportTemplates(templates: templates, library: library)
    }

    /// Renders the named template with a model (structs, arrays, dictionaries).
    public func render(_ name: String, _ model: Any) -> String {
        guard let template = templates[name] else { return "" }
        return template.render(templateModel(model), library: library)
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
