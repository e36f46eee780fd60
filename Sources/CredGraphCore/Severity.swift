/// How bad a finding is. Ordered so that `critical` is the greatest: the
/// worst of a list is its `max()`.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low, info

    /// info 0 … critical 4.
    public var level: Int {
        switch self {
        case .info: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        case .critical: 4
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.level < b.level }

    /// Parses a severity name as given to `--fail-on` (case-insensitive).
    public init?(parsing raw: String) {
        self.init(rawValue: raw.trimmingWhitespace().lowercased())
    }
}
