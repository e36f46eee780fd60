import Testing
import CredGraphKit

@Suite struct TimeTests {
    @Test func parsesDates() {
        #expect(Day(parsing: "2026-09-30")?.description == "2026-09-30")
        #expect(Day(parsing: "2026-02-30") == nil)
        #expect(Day(parsing: "2024-02-29") != nil)
        #expect(Day(parsing: "2026-09-30T23:30:00-05:00")?.description == "2026-09-30")
        #expect(Day(parsing: "30/09/2026") == nil)
        #expect(Day(parsing: "2026-9-30") == nil)
    }

    @Test func rfc3339OffsetsAndFractions() {
        let base = parseRFC3339("2026-09-01T10:05:00Z")
        #expect(base == Int64(Day(parsing: "2026-09-01")!.startMillis) + (10 * 3600 + 5 * 60) * 1000)
        #expect(parseRFC3339("2026-09-01T12:05:00+02:00") == base)
        #expect(parseRFC3339("2026-09-01T05:05:00.250-05:00") == base! + 250)
        #expect(parseRFC3339("2026-09-01T10:05:00.5Z") == base! + 500)
        #expect(parseRFC3339("2026-09-01T10:05:00.123456789Z") == base! + 123)
        #expect(parseRFC3339("2026-09-01T10:05:00") == nil)
        #expect(parseRFC3339("2026-09-01T10:05:00.Z") == nil)
        #expect(parseRFC3339("2026-09-01T25:05:00Z") == nil)
        #expect(parseRFC3339("2026-09-01T10:05:00+0200") == nil)
    }

    @Test func formatsTimestamps() {
        #expect(formatTimestamp(parseRFC3339("2026-09-01T12:05:07+02:00")!) == "2026-09-01T10:05:07Z")
        #expect(formatTimestamp(0) == "1970-01-01T00:00:00Z")
    }

    @Test func dayArithmetic() {
        let a = Day(parsing: "2026-09-02")!
        let b = Day(parsing: "2026-09-30")!
        #expect(b - a == 28)
        #expect(a.adding(days: 180).description == "2027-03-01")
        #expect(Day(containing: parseRFC3339("2026-09-01T23:59:59.999Z")!).description == "2026-09-01")
    }
}
