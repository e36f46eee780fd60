import CredGraphCore
import Foundation

/// When an automation runs next, from mcdev's `schedule` (`icalRecur`,
/// `startDate` in the local time of `timezoneName`), so a report can say
/// when a broken feed will first be noticed: "first run after the secret
/// expires: Tue 2026-09-22 02:00 CEST".
///
/// Daily, weekly, monthly and yearly rules keep their wall-clock time across
/// daylight-saving changes (as Marketing Cloud runs them); hourly and
/// minutely rules step in absolute time.
public struct AutomationSchedule: Sendable, Hashable {
    public enum Frequency: String, Sendable { case minutely = "MINUTELY", hourly = "HOURLY", daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY" }

    public var frequency: Frequency
    public var interval: Int
    public var count: Int?
    /// Local wall-clock components of UNTIL, if any.
    public var until: DateComponents?
    /// Weekdays (1 = Sunday … 7 = Saturday) of BYDAY.
    public var weekdays: [Int]
    public var monthDays: [Int]
    public var start: DateComponents
    public var timeZone: TimeZone

    /// nil with the reason when the rule, the start or the time zone cannot be read.
    public static func parse(icalRecur: String, startDate: String, timeZoneName: String) -> Result<AutomationSchedule, ScheduleError> {
        guard let zone = timeZone(named: timeZoneName) else { return .failure(ScheduleError("unknown time zone '\(timeZoneName)'")) }
        guard let start = localComponents(startDate) else { return .failure(ScheduleError("startDate '\(startDate)' is not a date-time")) }
        var fields: [String: String] = [:]
        for part in icalRecur.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            guard pair.count == 2 else { continue }
            fields[pair[0].uppercased()] = pair[1]
        }
        guard let frequency = fields["FREQ"].flatMap({ Frequency(rawValue: $0.uppercased()) }) else {
            return .failure(ScheduleError("icalRecur '\(icalRecur)' has no FREQ credgraph knows"))
        }
        let interval = max(1, fields["INTERVAL"].flatMap { Int($0) } ?? 1)
        let count = fields["COUNT"].flatMap { Int($0) }
        let until = fields["UNTIL"].flatMap { icalComponents($0) }
        let dayNames = ["SU": 1, "MO": 2, "TU": 3, "WE": 4, "TH": 5, "FR": 6, "SA": 7]
        let weekdays = (fields["BYDAY"] ?? "").split(separator: ",").compactMap { dayNames[String($0.suffix(2)).uppercased()] }.sorted()
        let monthDays = (fields["BYMONTHDAY"] ?? "").split(separator: ",").compactMap { Int($0) }.sorted()
        return .success(AutomationSchedule(
            frequency: frequency, interval: interval, count: count, until: until, weekdays: weekdays, monthDays: monthDays,
            start: start, timeZone: zone))
    }

    public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The first `limit` runs at or after `after` (milliseconds since 1970, UTC).
    public func runs(after: Int64, limit: Int = 1) -> [Int64] {
        let calendar = calendar
        guard let startDate = calendar.date(from: start) else { return [] }
        let untilDate = until.flatMap { calendar.date(from: $0) }
        let afterDate = Date(timeIntervalSince1970: Double(after) / 1000)
        var out: [Int64] = []
        var produced = 0
        func emit(_ date: Date) -> Bool {  // false: stop
            if let untilDate, date > untilDate { return false }
            produced += 1
            if let count, produced > count { return false }
            if date >= afterDate, date >= startDate { out.append(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
            return out.count < limit
        }
        switch frequency {
        case .minutely, .hourly:
            let step = Double(interval) * (frequency == .hourly ? 3600 : 60)
            // Jump close to `after` instead of stepping through years of runs.
            var n = 0.0
            if afterDate > startDate { n = max(0, ((afterDate.timeIntervalSince(startDate)) / step).rounded(.down) - 1) }
            produced = Int(n)
            var date = startDate.addingTimeInterval(n * step)
            for _ in 0..<100_000 {
                if !emit(date) { break }
                date = date.addingTimeInterval(step)
            }
        case .daily, .weekly, .monthly, .yearly:
            let time = (start.hour ?? 0, start.minute ?? 0, start.second ?? 0)
            var day = DateComponents(year: start.year, month: start.month, day: start.day)
            guard let firstDay = calendar.date(from: day) else { return [] }
            var iterations = 0
            dayLoop: while iterations < 200_000 {
                iterations += 1
                guard let dayDate = calendar.date(from: day) else { break }
                if matches(day: dayDate, firstDay: firstDay, calendar: calendar) {
                    var components = day
                    (components.hour, components.minute, components.second) = time
                    if let date = calendar.date(from: components), !emit(date) { break dayLoop }
                }
                guard let next = calendar.date(byAdding: .day, value: 1, to: dayDate) else { break }
                day = calendar.dateComponents([.year, .month, .day], from: next)
                if let untilDate, next > untilDate.addingTimeInterval(86_400) { break }
            }
        }
        return out
    }

    /// Whether the rule runs on this local day.
    private func matches(day: Date, firstDay: Date, calendar: Calendar) -> Bool {
        let days = calendar.dateComponents([.day], from: firstDay, to: day).day ?? 0
        let c = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
        let s = start
        switch frequency {
        case .daily:
            return days % interval == 0
        case .weekly:
            let weekdays = self.weekdays.isEmpty ? [calendar.component(.weekday, from: firstDay)] : self.weekdays
            // Weeks counted from the start's week (Sunday-based, as Marketing Cloud shows them).
            let startWeekday = calendar.component(.weekday, from: firstDay)
            let week = (days + startWeekday - 1) / 7
            return week % interval == 0 && weekdays.contains(c.weekday ?? 0)
        case .monthly:
            let months = ((c.year ?? 0) - (s.year ?? 0)) * 12 + (c.month ?? 0) - (s.month ?? 0)
            let monthDays = self.monthDays.isEmpty ? [s.day ?? 1] : self.monthDays
            return months % interval == 0 && monthDays.contains(c.day ?? 0)
        case .yearly:
            return ((c.year ?? 0) - (s.year ?? 0)) % interval == 0 && c.month == s.month && c.day == s.day
        case .minutely, .hourly:
            return true
        }
    }

    /// `Tue 2026-09-22 02:00 CEST`, in the schedule's own time zone.
    public func format(_ ms: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let weekday = names[max(0, min(6, (c.weekday ?? 1) - 1))]
        return "\(weekday) \(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) " + Self.abbreviation(timeZone, at: date)
    }

    /// Common abbreviations (Foundation on Linux only says `GMT+2`).
    static func abbreviation(_ zone: TimeZone, at date: Date) -> String {
        let dst = zone.isDaylightSavingTime(for: date)
        let table: [String: (String, String)] = [
            "Europe/Berlin": ("CET", "CEST"), "Europe/Paris": ("CET", "CEST"), "Europe/Amsterdam": ("CET", "CEST"),
            "Europe/Warsaw": ("CET", "CEST"), "Europe/Madrid": ("CET", "CEST"), "Europe/Rome": ("CET", "CEST"),
            "Europe/London": ("GMT", "BST"), "America/New_York": ("EST", "EDT"), "America/Chicago": ("CST", "CDT"),
            "America/Denver": ("MST", "MDT"), "America/Los_Angeles": ("PST", "PDT"), "Australia/Sydney": ("AEST", "AEDT"),
            "Asia/Kolkata": ("IST", "IST"), "Asia/Tokyo": ("JST", "JST"), "UTC": ("UTC", "UTC"),
        ]
        if let pair = table[zone.identifier] { return dst ? pair.1 : pair.0 }
        let seconds = zone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "UTC\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// Windows names (what Marketing Cloud writes) and IANA names.
    static let windowsZones: [String: String] = [
        "w. europe standard time": "Europe/Berlin", "central europe standard time": "Europe/Budapest",
        "central european standard time": "Europe/Warsaw", "romance standard time": "Europe/Paris",
        "gmt standard time": "Europe/London", "greenwich standard time": "UTC", "utc": "UTC",
        "coordinated universal time": "UTC", "eastern standard time": "America/New_York",
        "central standard time": "America/Chicago", "mountain standard time": "America/Denver",
        "pacific standard time": "America/Los_Angeles", "us mountain standard time": "America/Phoenix",
        "aus eastern standard time": "Australia/Sydney", "india standard time": "Asia/Kolkata",
        "tokyo standard time": "Asia/Tokyo", "e. south america standard time": "America/Sao_Paulo",
        "fle standard time": "Europe/Helsinki", "gtb standard time": "Europe/Athens",
        "singapore standard time": "Asia/Singapore", "china standard time": "Asia/Shanghai",
    ]

    static func timeZone(named name: String) -> TimeZone? {
        let trimmed = name.trimmingWhitespace()
        if let iana = windowsZones[trimmed.lowercased()] { return TimeZone(identifier: iana) }
        return TimeZone(identifier: trimmed)
    }

    /// `2026-09-01T02:00:00` (fractions and any offset ignored: mcdev writes local time).
    static func localComponents(_ text: String) -> DateComponents? {
        let digits = text.trimmingWhitespace().split { !$0.isNumber }.map { Int($0) ?? -1 }
        guard digits.count >= 3, digits[0] > 1900, (1...12).contains(digits[1]), (1...31).contains(digits[2]) else { return nil }
        return DateComponents(
            year: digits[0], month: digits[1], day: digits[2],
            hour: digits.count > 3 ? digits[3] : 0, minute: digits.count > 4 ? digits[4] : 0, second: digits.count > 5 ? digits[5] : 0)
    }

    /// `20790602T050000` (UNTIL).
    static func icalComponents(_ text: String) -> DateComponents? {
        let t = Array(text.trimmingWhitespace().utf8)
        guard t.count >= 8 else { return nil }
        func number(_ r: Range<Int>) -> Int? { r.upperBound <= t.count ? Int(String(decoding: t[r], as: UTF8.self)) : nil }
        guard let y = number(0..<4), let m = number(4..<6), let d = number(6..<8) else { return nil }
        return DateComponents(year: y, month: m, day: d, hour: number(9..<11) ?? 0, minute: number(11..<13) ?? 0, second: number(13..<15) ?? 0)
    }
}

extension MetadataSchedule {
    /// The parsed schedule, or why it cannot be read.
    public var parsed: Result<AutomationSchedule, AutomationSchedule.ScheduleError> {
        AutomationSchedule.parse(icalRecur: icalRecur, startDate: startDate, timeZoneName: timeZoneName)
    }
}
