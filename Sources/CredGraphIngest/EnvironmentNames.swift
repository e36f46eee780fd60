import CredGraphCore

/// The usual environment names, and the closest of them to an unusual one,
/// so that `PRD` or `Stage` in an inventory is noticed rather than becoming
/// an environment of its own.
public enum EnvironmentNames {
    public static let usual = ["dev", "qa", "uat", "staging", "prod"]

    /// Spellings people use for the usual names.
    private static let synonyms: [String: String] = [
        "prd": "prod", "prod1": "prod", "live": "prod", "prdn": "prod", "produktion": "prod",
        "development": "dev", "develop": "dev", "devel": "dev", "dv": "dev",
        "test": "qa", "tst": "qa", "testing": "qa", "sit": "qa", "qas": "qa",
        "acceptance": "uat", "acc": "uat", "uat1": "uat",
        "stage": "staging", "stg": "staging", "stag": "staging", "preprod": "staging", "pre-prod": "staging",
        "preproduction": "staging", "pre-production": "staging",
    ]

    /// Whether a normalised name is usual or declared under `environments:`.
    public static func isUsual(_ environment: String, declared: [String]) -> Bool {
        usual.contains(environment) || declared.contains(environment)
    }

    /// The usual name an unusual one most likely means, or nil.
    public static func closest(to raw: String) -> String? {
        let name = normalizeEnvironment(raw)
        if let known = synonyms[name] { return known }
        let scored = usual.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= max(1, min($0.0.count, name.count) / 2) }
        return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    static func warning(raw: String, rows: Int) -> String {
        let shown = TerminalText.sanitized(raw.count > 40 ? String(raw.prefix(40)) + "…" : raw)
        let name = normalizeEnvironment(raw)
        var text = "environment '\(shown)' is not one of \(usual.joined(separator: ", "))"
        if let guess = closest(to: raw) { text += "; it looks like \(guess)" }
        text += " (\(rows) \(rows == 1 ? "row" : "rows")). Probes and dependencies must use the same name. "
        text += "Correct the cell, or declare '\(TerminalText.sanitized(name))' under environments: in credgraph.yml if it is a real environment."
        return text
    }

    /// Levenshtein distance over characters (names are short).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
