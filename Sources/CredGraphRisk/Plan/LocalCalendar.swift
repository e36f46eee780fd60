import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import Foundation

/// Local dates and times in the rotation time zone. Foundation's calendar
/// applies the zone's daylight-saving rules, so a 09:00 window is 07:00 UTC
/// in a Berlin summer and 08:00 UTC in its winter.
package struct LocalCalendar: Sendable {
    package let zone: TimeZone
    /// The zone as configured (Foundation may report `UTC` as `GMT`).
    package let name: String
    private let calendar: Calendar

    package init(timezone: String) {
        name = timezone
        zone = TimeZone(identifier: timezone) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
    }

    /// The local calendar date of an instant.
    package func day(of millis: Int64) -> Day {
        let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
        return Day(year: c.year!, month: c.month!, day: c.day!) ?? Day(containing: millis)
    }

    /// Minutes after local midnight of an instant.
    package func minutes(of millis: Int64) -> Int {
        let c = calendar.dateComponents([.hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
        return c.hour! * 60 + c.minute!
    }

    /// The instant of a local date and time; nil when that local time does
    /// not exist (skipped by a daylight-saving change). `24:00` is the next midnight.
    package func instant(_ day: Day, minutes: Int) -> Int64? {
        if minutes >= 1440 { return instant(day.adding(days: 1), minutes: minutes - 1440) }
        let (y, m, d) = day.components
        var c = DateComponents()
        (c.year, c.month, c.day, c.hour, c.minute, c.second) = (y, m, d, minutes / 60, minutes % 60, 0)
        guard let date = calendar.date(from: c) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == y, back.month == m, back.day == d, back.hour == minutes / 60, back.minute == minutes % 60 else { return nil }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// `2026-10-27 09:00 Europe/Berlin`: the zone by name, since
    /// abbreviations differ between systems (`CET` or `GMT+1`).
    package func text(_ millis: Int64) -> String {
        "\(day(of: millis)) \(clockText(minutes(of: millis))) \(name)"
    }

    /// The zone's offset from UTC at an instant, as `+01:00`.
    package func offsetText(_ millis: Int64) -> String {
        let seconds = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
        let sign = seconds < 0 ? "-" : "+"
        let m = abs(seconds) / 60
        return "\(sign)\(pad(m / 60, 2)):\(pad(m % 60, 2))"
    }

    /// RFC 3339 in local time with its offset: `2026-10-27T09:00:00+01:00`.
    package func rfc3339(_ millis: Int64) -> String {
        "\(day(of: millis))T\(clockText(minutes(of: millis))):00\(offsetText(millis))"
    }
}

/// `2026-10-27T08:00:00Z`, whole seconds.
package func utcText(_ millis: Int64) -> String {
    let day = Day(containing: millis)
    let ms = millis - day.startMillis
    let seconds = Int(ms / 1000)
    return "\(day)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))Z"
}
