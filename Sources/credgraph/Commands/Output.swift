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

/// A command's result on standard output, in the format asked for: the JSON
/// document with `--json`, else the text for people (client ids as
/// `reports.mask_client_ids` says).
func printResult(_ result: CommandResult, json: Bool, settings: Config) throws {
    printOutput(try standardOutputFormatter(json: json, clientIDs: ClientIDDisplay(settings)).text(result))
}
