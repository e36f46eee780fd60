import Foundation
import CredGraphKit

/// Messages for people go to standard error; results to standard output.
/// Both pass through the redactor (no remembered secret leaves the process)
/// and lose control characters (no input can drive the terminal).
func printError(_ text: String) {
    FileHandle.standardError.write(Data(TerminalText.sanitized(Redactor.shared.redact(text + "\n")).utf8))
}

func printOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(TerminalText.sanitized(Redactor.shared.redact(text.hasSuffix("\n") ? text : text + "\n")).utf8))
}
