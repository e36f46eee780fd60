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

    public var file: String
    /// The physical line (1-based) where the offending record starts, when there is one.
    public var line: Int?
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int?, severity: Severity, message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
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
}

/// The diagnostics of one run, in the order they were found.
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

    public var errorCount: Int { items.count { $0.severity == .error } }
    public var warningCount: Int { items.count { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
}
