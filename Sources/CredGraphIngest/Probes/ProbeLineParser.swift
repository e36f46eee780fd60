import CredGraphCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a probe line was rejected. The message names keys and byte columns,
/// never the line's content: a probe line may carry a secret.
struct ProbeLineProblem: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Parses one probe line, JSON object or logfmt, at the byte level.
///
/// Kept text values become ids in the parser's symbol tables (checked and
/// made into a `String` the first time a value is met, then only hashed and
/// compared); everything else is compared and converted in place. The scratch
/// buffers are reused from line to line.
struct ProbeLineParser {
    enum Outcome: Equatable {
        case blank
        case record(ProbeRecord)
        case malformed(String)
    }

    /// What `parseFields` found: the fields of a well-formed line, as symbol ids.
    enum FieldsOutcome {
        case blank
        case fields(Fields)
        case malformed(String)
    }

    /// Deepest nesting skipped inside a value; deeper is malformed (and never recursion).
    static let maxNesting = 512

    /// States of a checked identifier or environment value.
    static let valid: SymbolTable.State = 0
    static let hasControl: SymbolTable.State = 1
    static let notUTF8: SymbolTable.State = 2
    /// Secret material: withheld (the value is kept only by the redactor).
    static let looksSecret: SymbolTable.State = 3

    // Shared with the screen, JSON and logfmt parts (extensions in their own files).
    var scratch: [UInt8] = []
    var keyScratch: [UInt8] = []
    var brackets: [UInt8] = []
    var timestamps = TimestampParser()
    /// client_id, consumer and secret_version values (the same check applies to all three).
    var identifiers = SymbolTable()
    /// env values, normalised.
    var environments = SymbolTable()
    /// error texts (cut to `maxErrorBytes`), flagged when they are an OAuth auth error code.
    var errors = SymbolTable()
    /// Identity members of JSON lines seen before, taken whole when a line repeats them.
    var repeats = RepeatedMembers()
    /// The keys of the JSON line before, by member position.
    var keys = RepeatedKeys()
    /// Off only to check that taking repeated members gives what reading them does.
    var reusesRepeatedMembers = true
    /// The layout of a line read in full, to read the next ones against (`LineTemplate`).
    var template = LineTemplate()
    var recording = LineTemplate.Recording()
    /// Off only to check that reading against the template gives what reading in full does.
    var usesLineTemplate = true
    /// Lines read against the template (for tests: the path is taken).
    var templateLines = 0

    init() {
        scratch.reserveCapacity(256)
        keyScratch.reserveCapacity(64)
        brackets.reserveCapacity(ProbeLineParser.maxNesting)
    }

    /// Changes whenever a symbol table starts over (ids are then reused).
    var generation: Int { identifiers.generation &+ environments.generation &+ errors.generation }

    mutating func parse(_ line: UnsafeRawBufferPointer) -> Outcome {
        switch parseFields(line) {
        case .blank: return .blank
        case .malformed(let message): return .malformed(message)
        case .fields(let fields): return .record(record(fields))
        }
    }

    mutating func parseFields(_ line: UnsafeRawBufferPointer) -> FieldsOutcome {
        let n = line.count
        var i = 0
        while i < n, line[i] == 32 || line[i] == 9 || line[i] == 13 { i += 1 }
        if i == n { return .blank }
        identifiers.startLine()
        environments.startLine()
        errors.startLine()
        var fields = Fields()
        do throws(ProbeLineProblem) {
            if line[i] == 123 { // '{'
                if !template.isEmpty && parseWithTemplate(line, from: i, into: &fields) {
                    templateLines &+= 1
                } else {
                    fields = Fields()
                    try parseJSON(line, from: i, into: &fields)
                }
            } else {
                try parseLogfmt(line, from: i, into: &fields)
            }
            try fields.checkComplete()
            return .fields(fields)
        } catch {
            // Only on failure, so the hot path pays nothing: a CR inside the line
            // means CR-only line ends, which would otherwise read as a baffling value error.
            let hint = line.contains(13) ? " (the line holds a carriage return: CR-only line ends? use LF or CRLF)" : ""
            return .malformed("malformed probe line: " + error.message + hint)
        }
    }

    /// The record of complete fields, its text taken from the symbol tables.
    func record(_ fields: Fields) -> ProbeRecord {
        ProbeRecord(
            timestamp: fields.timestamp ?? 0, clientID: identifiers.strings[Int(fields.clientID)], status: fields.status ?? 0,
            environment: fields.environment < 0 ? nil : environments.strings[Int(fields.environment)],
            consumer: fields.consumer < 0 ? nil : identifiers.strings[Int(fields.consumer)],
            endpoint: fields.endpoint, latencyMs: fields.latencyMs,
            error: fields.error < 0 ? nil : errors.strings[Int(fields.error)],
            secretVersion: fields.secretVersion < 0 ? nil : identifiers.strings[Int(fields.secretVersion)]
        )
    }

    /// Whether the error text of `fields` is an OAuth code meaning the secret no longer works.
    func hasAuthErrorCode(_ fields: Fields) -> Bool {
        fields.error >= 0 && errors.flags[Int(fields.error)]
    }

}
