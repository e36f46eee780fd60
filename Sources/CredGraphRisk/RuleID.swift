/// A rule's stable id, e.g. `secret-expiring`: what findings, JSON and
/// reports print, and what readiness, diagrams and reports compare against.
///
/// Each rule file owns its constant (`AuthFailing.id`); code elsewhere names
/// that constant rather than spelling the id, so a renamed or removed rule
/// fails to compile instead of silently matching nothing. There is no
/// string-literal conversion for that reason.
public struct RuleID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }

    // Encoded as its bare string, so JSON output is what it was with a String.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
