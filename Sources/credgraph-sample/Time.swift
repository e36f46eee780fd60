/// Calendar arithmetic without Foundation (Howard Hinnant's algorithms), so
/// that nothing here depends on the machine's clock, time zone or locale.
struct CivilDate: Comparable, CustomStringConvertible {
    var year: Int, month: Int, day: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DD`; nil when malformed.
    init?(parsing text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(y, m, d)
    }

    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    var description: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }

    static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Seconds since the epoch of a UTC date-time.
func epochSeconds(_ date: CivilDate, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
    Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
}

/// Writes RFC 3339 timestamps as bytes, fast: the date part is cached per day.
struct TimestampFormatter {
    private var cachedDay = Int64.min
    private var cachedDate: [UInt8] = []

    /// `millis` since the epoch, shown at UTC offset `offsetMinutes`;
    /// `fraction` 0 (none) or 3 (milliseconds).
    mutating func append(_ millis: Int64, offsetMinutes: Int = 0, fractionDigits: Int = 0, to out: inout [UInt8]) {
        let local = millis + Int64(offsetMinutes) * 60_000
        let seconds = local >= 0 ? local / 1000 : (local - 999) / 1000
        let ms = Int(local - seconds * 1000)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        if day != cachedDay {
            cachedDay = day
            cachedDate = Array(CivilDate(daysSinceEpoch: Int(day)).description.utf8)
        }
        out.append(contentsOf: cachedDate)
        var rest = Int(seconds - day * 86_400)
        let h = rest / 3600
        rest -= h * 3600
        let m = rest / 60
        let s = rest - m * 60
        out.append(UInt8(ascii: "T"))
        append2(h, &out)
        out.append(UInt8(ascii: ":"))
        append2(m, &out)
        out.append(UInt8(ascii: ":"))
        append2(s, &out)
        if fractionDigits == 3 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(48 + ms / 100))
            out.append(UInt8(48 + (ms / 10) % 10))
            out.append(UInt8(48 + ms % 10))
        }
        if offsetMinutes == 0 {
            out.append(UInt8(ascii: "Z"))
        } else {
            let sign = offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            let abs = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes
            out.append(sign)
            append2(abs / 60, &out)
            out.append(UInt8(ascii: ":"))
            append2(abs % 60, &out)
        }
    }

    private func append2(_ v: Int, _ out: inout [UInt8]) {
        out.append(UInt8(48 + v / 10))
        out.append(UInt8(48 + v % 10))
    }
}

extension Array where Element == UInt8 {
    mutating func appendString(_ s: String) { append(contentsOf: s.utf8) }

    mutating func appendInt(_ value: Int) {
        if value == 0 { append(48); return }
        var v = value.magnitude
        if value < 0 { append(UInt8(ascii: "-")) }
        var divisor: UInt = 1
        while divisor <= v / 10 { divisor *= 10 }
        while divisor > 0 {
            append(UInt8(48 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }
}
