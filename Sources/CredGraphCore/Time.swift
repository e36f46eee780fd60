/// A calendar date (UTC), stored as days since 1970-01-01.
///
/// Dates in the inputs are civil dates; keeping them as a day number makes
/// `days_left` plain subtraction and needs no Foundation calendar.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// nil when the fields do not form a real date.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        daysSinceEpoch = Day.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD`, or an RFC 3339 date-time whose date is used.
    public init?(parsing text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let date = Day.parseDate(bytes, 0) else { return nil }
        if bytes.count == 10 {
            self = date
        } else if let ms = parseRFC3339(bytes) {
            // The date as written (before any offset is applied) is the one meant.
            _ = ms
            self = date
        } else {
            return nil
        }
    }

    /// Midnight UTC of this day, in milliseconds since the epoch.
    public var startMillis: Int64 { Int64(daysSinceEpoch) * 86_400_000 }

    public var components: (year: Int, month: Int, day: Int) {
        Day.civilFromDays(daysSinceEpoch)
    }

    public var description: String {
        let (y, m, d) = components
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    public static func - (a: Day, b: Day) -> Int { a.daysSinceEpoch - b.daysSinceEpoch }

    /// The UTC day containing the instant `millis`.
    public init(containing millis: Int64) {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        daysSinceEpoch = Int(days)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD` at `start`, validated.
    static func parseDate(_ b: [UInt8], _ start: Int) -> Day? {
        guard b.count >= start + 10, b[start + 4] == UInt8(ascii: "-"), b[start + 7] == UInt8(ascii: "-"),
              let y = digits(b, start, 4), let m = digits(b, start + 5, 2), let d = digits(b, start + 8, 2)
        else { return nil }
        return Day(year: y, month: m, day: d)
    }
}

/// Parses an RFC 3339 date-time (`Z` or `±HH:MM` offset, optional fraction)
/// into milliseconds since the epoch, UTC. Accepts `T`, `t` or a space between
/// date and time. nil when malformed.
public func parseRFC3339(_ text: some StringProtocol) -> Int64? {
    parseRFC3339(Array(text.utf8))
}

public func parseRFC3339(_ b: [UInt8]) -> Int64? {
    b.withUnsafeBufferPointer { parseRFC3339(bytes: UnsafeRawBufferPointer($0)) }
}

/// Byte-level RFC 3339 parser, the hot path of probe ingestion.
public func parseRFC3339(bytes b: UnsafeRawBufferPointer) -> Int64? {
    let n = b.count
    guard n >= 20 else { return nil }
    @inline(__always) func digit(_ i: Int) -> Int? {
        let c = b[i]
        return c >= 48 && c <= 57 ? Int(c - 48) : nil
    }
    @inline(__always) func num(_ i: Int, _ count: Int) -> Int? {
        var v = 0
        for k in i..<(i + count) {
            guard let d = digit(k) else { return nil }
            v = v * 10 + d
        }
        return v
    }
    guard let year = num(0, 4), b[4] == 45, let month = num(5, 2), b[7] == 45, let day = num(8, 2),
          b[10] == 84 || b[10] == 116 || b[10] == 32,
          let hour = num(11, 2), b[13] == 58, let minute = num(14, 2), b[16] == 58, let second = num(17, 2)
    else { return nil }
    guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year),
          hour <= 23, minute <= 59, second <= 60 else { return nil }
    var i = 19
    var millis = 0
    if i < n, b[i] == 46 { // '.'
        i += 1
        var scale = 100
        let fracStart = i
        while i < n, let d = digit(i) {
            millis += d * scale
            scale /= 10
            i += 1
        }
        guard i > fracStart else { return nil }
    }
    guard i < n else { return nil }
    var offsetMinutes = 0
    switch b[i] {
    case 90, 122: // 'Z', 'z'
        i += 1
    case 43, 45: // '+', '-'
        guard i + 6 <= n, let oh = num(i + 1, 2), b[i + 3] == 58, let om = num(i + 4, 2), oh <= 23, om <= 59
        else { return nil }
        offsetMinutes = (oh * 60 + om) * (b[i] == 45 ? -1 : 1)
        i += 6
    default:
        return nil
    }
    guard i == n, year >= 1 else { return nil }
    let days = Day.daysFromCivil(year: year, month: month, day: day)
    let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes * 60)
    let instant = secs * 1000 + Int64(millis)
    // The offset may carry a date past year 9999 or before year 1 (`9999-12-31T23:00:00-23:59`),
    // which no date of credgraph can show or parse back (found by fuzzing).
    guard rfc3339Range.contains(instant) else { return nil }
    return instant
}

/// Instants credgraph reads and writes: years 0001 to 9999, in UTC.
let rfc3339Range: ClosedRange<Int64> =
    Int64(Day.daysFromCivil(year: 1, month: 1, day: 1)) * 86_400_000...(Int64(Day.daysFromCivil(year: 9999, month: 12, day: 31)) + 1) * 86_400_000 - 1

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
public func formatTimestamp(_ millis: Int64) -> String {
    let day = Day(containing: millis)
    let secOfDay = Int((millis - day.startMillis) / 1000)
    return "\(day)T\(pad(secOfDay / 3600, 2)):\(pad(secOfDay / 60 % 60, 2)):\(pad(secOfDay % 60, 2))Z"
}

private func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int? {
    var v = 0
    for i in start..<(start + count) {
        let c = b[i]
        guard c >= 48 && c <= 57 else { return nil }
        v = v * 10 + Int(c - 48)
    }
    return v
}

package func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// `2026-09-02 11:59 UTC`.
package func reportTime(_ millis: Int64?) -> String {
    guard let millis else { return "never" }
    let iso = formatTimestamp(millis)
    return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
}
