import CredGraphCore

/// A column a loader understands: its canonical name, whether it must be
/// present, and the other names it is accepted under.
public struct CSVColumn: Sendable, Hashable {
    public var name: String
    public var required: Bool
    public var aliases: [String]

    public init(_ name: String, required: Bool = false, aliases: [String] = []) {
        self.name = name
        self.required = required
        self.aliases = aliases
    }
}

/// The header line resolved against a loader's columns: which cell holds
/// which column.
public struct CSVHeader: Sendable {
    /// Cells per record the header announces.
    public let fieldCount: Int
    /// For each position: the canonical name of a known column, or the name
    /// as written for an unknown one (used to say where a secret was seen).
    public let columnNames: [String]
    /// The header's physical line.
    public let line: Int
    private let index: [String: Int]

    /// Whether the file has the column (canonical name).
    public func has(_ column: String) -> Bool { index[column] != nil }

    /// The cell of `column` in `cells`, or "" when the file lacks the column.
    public func value(_ column: String, in cells: [String]) -> String {
        guard let i = index[column], i < cells.count else { return "" }
        return cells[i]
    }

    /// Case-insensitive after trimming; runs of spaces, hyphens and
    /// underscores read as one underscore (`Client ID`, `client-id`, `client_id`).
    public static func normalize(_ raw: String) -> String {
        var out = ""
        var pendingUnderscore = false
        for scalar in raw.trimmingWhitespace().lowercased().unicodeScalars {
            if scalar == "-" || scalar == "_" || scalar.properties.isWhitespace {
                pendingUnderscore = true
                continue
            }
            if pendingUnderscore, !out.isEmpty { out.append("_") }
            pendingUnderscore = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Maps the header record onto `columns`. An unknown column is a warning;
    /// a duplicate known column is an error (the first copy is used); a
    /// missing required column is an error naming it, and makes the result nil
    /// since no row could be read.
    public static func resolve(
        _ record: CSVRecord, columns: [CSVColumn], file: String, diagnostics: inout Diagnostics
    ) -> CSVHeader? {
        var lookup: [String: String] = [:]
        for column in columns {
            lookup[normalize(column.name)] = column.name
            for alias in column.aliases { lookup[normalize(alias)] = column.name }
        }
        // Not one known column: this is not the file it should be (a link to
        // another file, a wrong export). Its first line is not echoed, since
        // it may be anything (`/etc/passwd`, a token).
        if !record.cells.contains(where: { lookup[normalize($0)] != nil }) {
            for raw in record.cells where SecretDetector.looksLikeSecret(raw) != nil { Redactor.shared.registerSecrets(in: raw) }
            diagnostics.error(
                "missing required columns: the first line names none of the expected ones (\(columns.filter(\.required).map(\.name).joined(separator: ", "))); is this the right file? Its content is not shown",
                file: file, line: record.line)
            return nil
        }
        var index: [String: Int] = [:]
        var names: [String] = []
        for (position, raw) in record.cells.enumerated() {
            let number = position + 1
            // A header cell is echoed in messages: never one that looks like a secret.
            let shown: String
            if SecretDetector.looksLikeSecret(raw) != nil {
                Redactor.shared.registerSecrets(in: raw)
                shown = "column \(number)"
                diagnostics.warning("header cell \(number) looks like secret material; its name is redacted", file: file, line: record.line)
            } else {
                shown = raw
            }
            guard !raw.isEmpty else {
                names.append("column \(number)")
                diagnostics.warning("column \(number) has no name; its cells are ignored", file: file, line: record.line)
                continue
            }
            guard let canonical = lookup[normalize(raw)] else {
                names.append(shown)
                diagnostics.warning("unknown column '\(shown)' is ignored", file: file, line: record.line)
                continue
            }
            names.append(canonical)
            if let first = index[canonical] {
                diagnostics.error(
                    "duplicate column '\(shown)': column \(first + 1) is already '\(canonical)'; the first is used",
                    file: file, line: record.line)
                continue
            }
            index[canonical] = position
        }
        var complete = true
        for column in columns where column.required && index[column.name] == nil {
            diagnostics.error("missing required column '\(column.name)'", file: file, line: record.line)
            complete = false
        }
        guard complete else { return nil }
        return CSVHeader(fieldCount: record.cells.count, columnNames: names, line: record.line, index: index)
    }
}

/// A cell quoted in a message: shortened, so a long cell cannot flood the output.
func quotedCell(_ text: String, limit: Int = 40) -> String {
    text.count <= limit ? "'\(text)'" : "'\(text.prefix(limit))…'"
}

/// A cell quoted in a message, unless it looks like secret material: then
/// only a placeholder, so no message can leak it.
func displayCell(_ text: String) -> String {
    SecretDetector.looksLikeSecret(text) == nil ? quotedCell(text) : "(a value that looks like a secret)"
}

/// Levenshtein distance, capped: returns nil as soon as it must exceed `limit`.
func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if abs(x.count - y.count) > limit { return nil }
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        var rowMin = current[0]
        for j in 1...y.count {
            let cost = x[i - 1] == y[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            rowMin = min(rowMin, current[j])
        }
        if rowMin > limit { return nil }
        swap(&previous, &current)
    }
    return previous[y.count] <= limit ? previous[y.count] : nil
}
