/// A problem found in the inputs, reported as `FILE:LINE: severity: message`.
///
/// Diagnostics are values: every stage appends to one `Diagnostics` list so a
/// run reports all of its problems at once instead of stopping at the first.
public struct Diagnostic: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error

        private var order: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    }

    /// The file, and the physical line (1-based) where the offending record
    /// starts when there is one: the location type findings use too.
    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    /// Further lines about the same problem, each printed as `FILE: note: …`.
    public var notes: [String]

    public init(file: String, line: Int?, severity: Severity, message: String, notes: [String] = []) {
        self.init(severity, message, at: SourceLocation(file: file, line: line), notes: notes)
    }

    public init(_ severity: Severity, _ message: String, at location: SourceLocation, notes: [String] = []) {
        self.location = location
        self.severity = severity
        self.message = message
        self.notes = notes
    }

    public var file: String {
        get { location.file }
        set { location.file = newValue }
    }

    public var line: Int? {
        get { location.line }
        set { location.line = newValue }
    }

    /// `FILE:LINE: severity: message`, or `FILE: severity: message` without a
    /// line. Always one line: a file name or message holding a line break
    /// (from a quoted CSV cell, a YAML key, a file name) is escaped visibly,
    /// so it can never forge a second diagnostic.
    public var formatted: String {
        let file = TerminalText.oneLine(file)
        let message = TerminalText.oneLine(message)
        if let line {
            return "\(file):\(line): \(severity.rawValue): \(message)"
        }
        return "\(file): \(severity.rawValue): \(message)"
    }

    /// `formatted`, then one `FILE: note: …` line per attached note.
    public var formattedLines: [String] {
        [formatted] + notes.map { Diagnostic(file: file, line: nil, severity: .note, message: $0).formatted }
    }
}

/// The diagnostics sink of one run: every stage appends to it, in the order
/// problems were found, and the command line drains it in one place
/// (`credgraph`'s `emit(_:)`). It knows whether errors occurred; a long
/// stage's live progress goes to `progress`, which the caller supplies.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) {
        items.append(diagnostic)
    }

    public mutating func append(contentsOf other: Diagnostics) {
        items.append(contentsOf: other.items)
    }

    public mutating func error(_ message: String, file: String, line: Int? = nil) {
        items.append(Diagnostic(file: file, line: line, severity: .error, message: message))
    }

    public mutating func warning(_ message: String, file: String, line: Int? = nil) {
        items.append(Diagnostic(file: file, line: line, severity: .warning, message: message))
    }

    public mutating func note(_ message: String, file: String, line: Int? = nil) {
        items.append(Diagnostic(file: file, line: line, severity: .note, message: message))
    }

    /// Notes of no input file (a diagram folded, an output written), under `source`.
    public mutating func note(_ message: String, source: String = "credgraph") {
        note(message, file: source)
    }

    public var errorCount: Int { items.count { $0.severity == .error } }
    public var warningCount: Int { items.count { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}

/// Where a long stage's progress line goes while it runs (the probe scan):
/// the command line passes one that redraws a line on a terminal's standard
/// error; the library never writes to a stream itself. `show` redraws the
/// line, `clear` removes it before other output.
public struct ProgressLine: Sendable {
    public var show: @Sendable (String) -> Void
    public var clear: @Sendable () -> Void

    public init(show: @escaping @Sendable (String) -> Void, clear: @escaping @Sendable () -> Void) {
        self.show = show
        self.clear = clear
    }
}
