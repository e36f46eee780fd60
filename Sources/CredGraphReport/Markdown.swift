import CredGraphCore
internal import Mustache

/// Escapes text from the inputs for inline Markdown and GitHub table cells:
/// nothing an owner name or a note holds can end a cell, open a code span,
/// start HTML or a link, or break the line.
public func markdownEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var lastWasSpace = false
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\r", "\n", "\t", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}":
            if !lastWasSpace { out.append(" ") }
            lastWasSpace = true
            continue
        case "|": out.append("\\|")
        case "<": out.append("&lt;")
        case ">": out.append("&gt;")
        case "&": out.append("&amp;")
        // Only what can start emphasis, code, links or strikethrough inline;
        // values never stand at the start of a line in the templates.
        case "\\", "`", "*", "_", "[", "]", "~":
            out.append("\\")
            out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out.append(" ")
            } else if TerminalText.isBidiControl(scalar) {
                // A right-to-left override would make the rest of the line read backwards.
                out.append("\u{FFFD}")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        lastWasSpace = false
    }
    return out
}

/// The Mustache content type that applies `markdownEscape` to every `{{value}}`.
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { markdownEscape(text) }
}

/// Escapes text for a Mermaid gantt task name (no `:` or `#`, which the
/// grammar reads as separators or comments), and keeps it on one line.
public func mermaidText(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case ":", ";", "#", "`", "\"", "<", ">", "&", "|", "\\", "{", "}", "[", "]", "(", ")":
            out.append(" ")
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" || TerminalText.isBidiControl(scalar) {
                out.append(" ")
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
}
