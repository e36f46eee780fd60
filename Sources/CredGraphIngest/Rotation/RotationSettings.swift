import CredGraphCore
import Foundation

/// The `rotation:` settings of `credgraph.yml` (inputs.md): the release
/// windows and freezes `credgraph plan` places rotations into, and the
/// capacity that also sets the `expiry-cluster` threshold.
public struct RotationSettings: Sendable, Hashable {
    /// IANA name; windows and freezes are local times and dates in this zone.
    public var timezone = "UTC"
    /// Rotate at least this many days before `due_by`.
    public var leadDays = 14
    /// A lower-environment sibling rotates at least this many days before its prod credential.
    public var rehearsalDays = 3
    public var maxPerDay = 3
    /// Rotations in any 7 consecutive days; also the `expiry-cluster` threshold.
    public var maxPerWeek = 5
    public var slotMinutes = 60
    public var windows: [ReleaseWindow] = [ReleaseWindow(days: [.tue, .wed, .thu], from: 9 * 60, to: 16 * 60)]
    public var freezes: [Freeze] = []

    public init() {}
}

public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case mon = 0, tue, wed, thu, fri, sat, sun

    public var name: String { ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue] }
    public var displayName: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue] }

    /// `tue`, `Tuesday`, `TUE`.
    public init?(parsing text: String) {
        let t = text.trimmingWhitespace().lowercased()
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        guard let i = Weekday.allCases.firstIndex(where: { $0.name == t || full[$0.rawValue] == t }) else { return nil }
        self = Weekday.allCases[i]
    }

    /// The weekday of a calendar date (1970-01-01 was a Thursday).
    public init(of day: Day) {
        let r = ((day.daysSinceEpoch + 3) % 7 + 7) % 7
        self = Weekday(rawValue: r)!
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A weekly release window, local time: `from` and `to` in minutes after midnight.
public struct ReleaseWindow: Sendable, Hashable {
    public var days: [Weekday]
    public var from: Int
    public var to: Int

    public init(days: [Weekday], from: Int, to: Int) {
        self.days = days
        self.from = from
        self.to = to
    }

    public var description: String {
        "\(days.sorted().map(\.displayName).joined(separator: ", ")) \(clockText(from))–\(clockText(to))"
    }
}

/// No rotation on these local dates (inclusive).
public struct Freeze: Sendable, Hashable {
    public var from: Day
    public var to: Day
    public var reason: String

    public init(from: Day, to: Day, reason: String) {
        self.from = from
        self.to = to
        self.reason = reason
    }

    public func contains(_ day: Day) -> Bool { day >= from && day <= to }

    public var description: String { reason.isEmpty ? "freeze \(from) to \(to)" : "\(reason) freeze (\(from) to \(to))" }
}

/// `HH:MM` from minutes after midnight.
package func clockText(_ minutes: Int) -> String { "\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))" }

/// Minutes after midnight from `HH:MM` (`24:00` allowed as the end of a day).
package func parseClock(_ text: String) -> Int? {
    let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
          let h = Int(parts[0]), let m = Int(parts[1]), (0...59).contains(m), (0...24).contains(h), h < 24 || m == 0
    else { return nil }
    return h * 60 + m
}
