import CredGraphCore
internal import Mustache

/// Escapes text from the inputs for inline Markdown and GitHub table cells:
/// nothing an owner name or a note holds can end a cell, open a code span,
/// start HTML or a link, or break the line.
public func markdownEscape(_ text: String) -> String {
    // Most values are plain ASCII with nothing to escape: returned as they are
    // (every template value and table cell goes through here).
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && !markdownSpecial($0) }) { return text }
    // Built as UTF-8 bytes: appending to a String scalar by scalar was the
    // larger part of a big estate's page time.
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 16)
    var lastWasSpace = false
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\r", "\n", "\t", "\u{2028}", "\u{2029}", "\u{0B}", "\u{0C}":
            if !lastWasSpace { out.append(0x20) }
            lastWasSpace = true
            continue
        case "|": out.append(contentsOf: "\\|".utf8)
        case "<": out.append(contentsOf: "&lt;".utf8)
        case ">": out.append(contentsOf: "&gt;".utf8)
        case "&": out.append(contentsOf: "&amp;".utf8)
        // Only what can start emphasis, code, links or strikethrough inline;
        // values never stand at the start of a line in the templates.
        case "\\", "`", "*", "_", "[", "]", "~":
            out.append(UInt8(ascii: "\\"))
            out.append(UInt8(scalar.value))
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out.append(0x20)
            } else if TerminalText.isBidiControl(scalar) {
                // A right-to-left override would make the rest of the line read backwards.
                out.append(contentsOf: "\u{FFFD}".utf8)
            } else if scalar.isASCII {
                out.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        lastWasSpace = false
    }
    return String(decoding: out, as: UTF8.self)
}

/// The ASCII characters `markdownEscape` changes (besides control characters).
@inline(__always)
private func markdownSpecial(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "|"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "\\"), UInt8(ascii: "`"),
         UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "~"):
        return true
    default:
        return false
    }
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
