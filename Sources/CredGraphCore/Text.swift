import Foundation

/// Text helpers shared by the listings (graph, metadata scan) and their inputs.
package enum GraphText {
    /// `trimmingWhitespace()`, without rebuilding the (usual) already-trimmed string.
    package static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if first.properties.isWhitespace || last.properties.isWhitespace { return text.trimmingWhitespace() }
        return text
    }

    /// One line for a terminal: control characters (line breaks, escapes)
    /// become spaces, so an input name cannot forge extra output lines.
    package static func line(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
