import Foundation
import Testing
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit

/// Next runs from `icalRecur`, `startDate` and the time zone, across DST changes.
struct AutomationScheduleTests {
    func schedule(_ recur: String, _ start: String, _ zone: String = "W. Europe Standard Time") throws -> AutomationSchedule {
        try AutomationSchedule.parse(icalRecur: recur, startDate: start, timeZoneName: zone).get()
    }

    func ms(_ text: String) -> Int64 { parseRFC3339(text) ?? 0 }

    @Test func dailyKeepsWallClockTimeAcrossTheAutumnChange() throws {
        let s = try schedule("FREQ=DAILY;INTERVAL=1", "2026-09-01T04:00:00")
        // Europe leaves summer time on Sunday 2026-10-25 (03:00 CEST becomes 02:00 CET).
        let runs = s.runs(after: ms("2026-10-23T12:00:00Z"), limit: 4)
        #expect(runs.map(formatTimestamp) == [
            "2026-10-24T02:00:00Z",  // 04:00 CEST
            "2026-10-25T03:00:00Z",  // 04:00 CET, the first day after the change
            "2026-10-26T03:00:00Z",
            "2026-10-27T03:00:00Z",
        ])
        #expect(s.format(runs[0]) == "Sat 2026-10-24 04:00 CEST")
        #expect(s.format(runs[1]) == "Sun 2026-10-25 04:00 CET")
        // 02:00 happens twice that night: the run is the first of them.
        let ambiguous = try schedule("FREQ=DAILY;INTERVAL=1", "2026-09-01T02:00:00")
        let night = ambiguous.runs(after: ms("2026-10-24T12:00:00Z"), limit: 2)
        #expect(night.map(formatTimestamp) == ["2026-10-25T00:00:00Z", "2026-10-26T01:00:00Z"])
    }

    @Test func springChangeInChicago() throws {
        let s = try schedule("FREQ=DAILY;INTERVAL=1", "2026-01-01T06:30:00", "Central Standard Time")
        let runs = s.runs(after: ms("2026-03-07T00:00:00Z"), limit: 2)
        #expect(runs.map(formatTimestamp) == ["2026-03-07T12:30:00Z", "2026-03-08T11:30:00Z"])
        #expect(s.format(runs[1]) == "Sun 2026-03-08 06:30 CDT")
    }

    @Test func firstRunAfterASecretExpires() throws {
        let s = try schedule("FREQ=DAILY;INTERVAL=1", "2026-03-01T02:00:00")
        let expiry = Day(parsing: "2026-09-22")!.startMillis
        let first = try #require(s.runs(after: expiry).first)
        #expect(s.format(first) == "Tue 2026-09-22 02:00 CEST")
    }

    @Test func weeklyOnChosenDaysWithInterval() throws {
        let s = try schedule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2026-04-06T06:00:00", "GMT Standard Time")
        let runs = s.runs(after: ms("2026-04-06T00:00:00Z"), limit: 4).map { s.format($0) }
        #expect(runs == ["Mon 2026-04-06 06:00 BST", "Thu 2026-04-09 06:00 BST", "Mon 2026-04-20 06:00 BST", "Thu 2026-04-23 06:00 BST"])
    }

    @Test func hourlyStepsInAbsoluteTimeAndJumpsAhead() throws {
        let s = try schedule("FREQ=HOURLY;INTERVAL=2", "2020-01-01T00:15:00", "UTC")
        let runs = s.runs(after: ms("2026-09-02T12:00:00Z"), limit: 2)
        #expect(runs.map(formatTimestamp) == ["2026-09-02T12:15:00Z", "2026-09-02T14:15:00Z"])
        let minutely = try schedule("FREQ=MINUTELY;INTERVAL=15", "2026-09-01T00:00:00", "UTC")
        #expect(minutely.runs(after: ms("2026-09-02T12:01:00Z")).map(formatTimestamp) == ["2026-09-02T12:15:00Z"])
    }

    @Test func monthlyCountAndUntilEndTheSchedule() throws {
        let monthly = try schedule("FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1", "2026-01-01T03:00:00", "UTC")
        #expect(monthly.runs(after: ms("2026-02-15T00:00:00Z"), limit: 2).map(formatTimestamp) == ["2026-03-01T03:00:00Z", "2026-04-01T03:00:00Z"])
        let once = try schedule("FREQ=DAILY;COUNT=1;INTERVAL=1", "2022-07-30T00:00:00")
        #expect(once.runs(after: ms("2026-01-01T00:00:00Z")).isEmpty)
        #expect(once.runs(after: ms("2022-07-29T00:00:00Z")).map(formatTimestamp) == ["2022-07-29T22:00:00Z"])
        let until = try schedule("FREQ=DAILY;UNTIL=20260905T000000;INTERVAL=1", "2026-09-01T08:00:00", "UTC")
        #expect(until.runs(after: ms("2026-09-03T00:00:00Z"), limit: 5).map(formatTimestamp) == ["2026-09-03T08:00:00Z", "2026-09-04T08:00:00Z"])
    }

    @Test func unreadableSchedulesSayWhy() {
        if case .failure(let error) = AutomationSchedule.parse(icalRecur: "FREQ=DAILY", startDate: "2026-01-01T00:00:00", timeZoneName: "Mars Standard Time") {
            #expect(error.description.contains("Mars Standard Time"))
        } else { Issue.record("an unknown time zone must fail") }
        if case .failure(let error) = AutomationSchedule.parse(icalRecur: "FREQ=SOMETIMES", startDate: "2026-01-01T00:00:00", timeZoneName: "UTC") {
            #expect(error.description.contains("FREQ"))
        } else { Issue.record("an unknown FREQ must fail") }
    }
}
