import Foundation
import CredGraphKit
#if canImport(Glibc)
import Glibc
#endif

/// The one place diagnostics leave the tool: each one line (plus its notes)
/// on standard error, redacted and sanitized by `printError`, in the order
/// the stages found them.
func emit(_ diagnostics: Diagnostics) {
    for diagnostic in diagnostics.items {
        for line in diagnostic.formattedLines { printError(line) }
    }
}

/// Notes of no input file (`credgraph: note: …`), through the same sink.
func emitNotes(_ notes: [String]) {
    var diagnostics = Diagnostics()
    for note in notes { diagnostics.note(note) }
    emit(diagnostics)
}

/// The probe scan's progress line: redrawn in place on standard error, and
/// only when that is a terminal (never in pipes, files or CI logs).
func terminalProgressLine() -> ProgressLine? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return ProgressLine(
        show: { writeStandardError("\r" + TerminalText.sanitized($0) + "\u{1B}[K") },
        clear: { writeStandardError("\r\u{1B}[K") }
    )
}

/// A raw write (the progress line's carriage return and erase-line are its
/// own; `printError` would strip them).
private func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { bytes in
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let written = write(STDERR_FILENO, base + offset, bytes.count - offset)
            if written <= 0 { return }
            offset += written
        }
    }
}
