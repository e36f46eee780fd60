import CredGraphCore
import Foundation

/// One template's text and where it came from (for error messages).
struct TemplateSource: Sendable {
    var name: String
    /// The file path, or `built-in NAME.mustache`.
    var path: String
    var text: String
}

/// Picks each template's text: the `--templates` folder wins, file by file,
/// over the templates built into the binary.
enum TemplateSources {
    static let fileExtension = ".mustache"

    /// The needed `names` first, then every other template of the folder and
    /// of the built-in set, so `{{> NAME}}` finds a partial the folder lacks.
    static func collect(directory: String?, names: [String]) throws(TemplateError) -> [TemplateSource] {
        let fromFolder = try directory.map { dir throws(TemplateError) in try read(folder: dir) } ?? [:]
        var sources: [TemplateSource] = []
        var taken = Set<String>()
        for name in names where !taken.contains(name) {
            if let source = fromFolder[name] ?? builtIn(name) {
                sources.append(source)
                taken.insert(name)
            } else {
                let path = directory.map { ($0 as NSString).appendingPathComponent(name + fileExtension) } ?? name + fileExtension
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template not found (neither in the --templates folder nor built in)")
            }
        }
        // Sorted, so which partial is registered does not depend on directory order.
        for name in fromFolder.keys.sorted() where !taken.contains(name) {
            sources.append(fromFolder[name]!)
            taken.insert(name)
        }
        for name in ReportTemplates.builtIn.keys.sorted() where !taken.contains(name) {
            sources.append(builtIn(name)!)
        }
        return sources
    }

    static func builtIn(_ name: String) -> TemplateSource? {
        ReportTemplates.builtIn[name].map { TemplateSource(name: name, path: "built-in \(name)\(fileExtension)", text: $0) }
    }

    /// Every `NAME.mustache` of the folder; the folder must exist.
    static func read(folder: String) throws(TemplateError) -> [String: TemplateSource] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(at: SourceLocation(file: folder, line: nil), message: "templates folder not found (--templates names a folder of .mustache files that override the built-in ones)")
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            throw TemplateError(at: SourceLocation(file: folder, line: nil), message: "templates folder cannot be read")
        }
        var sources: [String: TemplateSource] = [:]
        for entry in entries where entry.hasSuffix(fileExtension) && entry.count > fileExtension.count {
            let name = String(entry.dropLast(fileExtension.count))
            let path = (folder as NSString).appendingPathComponent(entry)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template cannot be read")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw TemplateError(at: SourceLocation(file: path, line: nil), message: "template is not valid UTF-8")
            }
            sources[name] = TemplateSource(name: name, path: path, text: text)
        }
        return sources
    }
}
