import Testing
import CredGraphKit

/// iCalendar writing (RFC 5545) through the public helpers.
@Suite struct ICalendarTests {
    @Test func foldsAt75OctetsWithoutSplittingUTF8() {
        let text = "DESCRIPTION:" + String(repeating: "Rotation für Grüße – 🔑 ", count: 12)
        let folded = ICalendar.fold(text)
        #expect(folded.hasSuffix("\r\n"))
        let lines = String(folded.dropLast()).components(separatedBy: "\r\n") // "\r\n" is one Character
        #expect(lines.count > 3)
        for (i, line) in lines.enumerated() {
            #expect(line.utf8.count <= 75, "line \(i): \(line.utf8.count) octets")
            if i > 0 { #expect(line.hasPrefix(" ")) }
            // Each physical line is valid UTF-8 on its own: no character was cut.
            #expect(String(validating: Array(line.utf8), as: UTF8.self) != nil)
        }
        // Unfolding gives the line back.
        #expect(lines.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == text)
        #expect(ICalendar.fold("SHORT:x") == "SHORT:x\r\n")
        let exact = "X:" + String(repeating: "a", count: 73)
        #expect(ICalendar.fold(exact) == exact + "\r\n")
        #expect(ICalendar.fold(exact + "b") == exact + "\r\n b\r\n")
    }

    @Test func textAndParametersAreEscaped() {
        #expect(ICalendar.escapeText("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        #expect(ICalendar.escapeText("tab\there\u{7}") == "tab here")
        #expect(ICalendar.parameterValue("O'Connor, Liam") == "\"O'Connor, Liam\"")
        #expect(ICalendar.parameterValue("Dana \"DW\" Whitfield") == "Dana DW Whitfield")
        #expect(ICalendar.parameterValue("Ops:Team") == "\"Ops:Team\"")
    }

    @Test func uidIsStablePerCredentialAndHidesTheClientID() {
        let a = ICalendar.uid(clientID: "4f1c0d9e2b7a")
        #expect(a == ICalendar.uid(clientID: "4f1c0d9e2b7a"))
        #expect(a != ICalendar.uid(clientID: "4f1c0d9e2b7b"))
        #expect(a.hasPrefix("rotation-") && a.hasSuffix("@credgraph"))
        #expect(!a.contains("4f1c0d9e2b7a"))
    }

    @Test func previousStatesAreReadFromFoldedText() {
        let event = CalendarEvent(
            uid: "rotation-1@credgraph", sequence: 4, start: 1_790_000_000_000, end: 1_790_003_600_000,
            summary: "Rotate Boomi Store Systems (prod)", description: String(repeating: "long, text; ", count: 20), tentative: false,
            attendees: [("Dana Whitfield", "dana@example.com")], extra: [("X-CREDGRAPH-DUE-BY", "2026-09-30")])
        let text = ICalendar.document(name: "test", events: [event], stamp: 1_788_000_000_000)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.contains("ATTENDEE;CN=Dana Whitfield;ROLE=REQ-PARTICIPANT:mailto:dana@example.com\r\n"))
        #expect(text.contains("TRIGGER:-P7D\r\n") && text.contains("TRIGGER:-P1D\r\n"))
        #expect(text.contains("DTSTAMP:20260829T104000Z\r\n"))
        let states = ICalendar.eventStates(text)
        #expect(states["rotation-1@credgraph"] == ICalendar.EventState(sequence: 4, start: "20260921T141320Z", end: "20260921T151320Z"))
        #expect(ICalendar.eventStates("garbage\nBEGIN:VEVENT\nSEQUENCE:x\nEND:VEVENT").isEmpty)
    }
}
