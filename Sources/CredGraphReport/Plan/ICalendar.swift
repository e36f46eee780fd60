import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
import Foundation

/// iCalendar (RFC 5545), written by hand: no Swift package kept under
/// /opt/swift-packages writes it. What a calendar client needs to update an
/// event instead of duplicating it: a stable UID, SEQUENCE raised when the
/// event moves, DTSTAMP from as-of (byte-identical files run to run), CRLF
/// line ends, lines folded at 75 octets on UTF-8 character boundaries, and
/// TEXT values escaped. Times are UTC (`Z`), so no VTIMEZONE is needed; the
/// description states the local time of the rotation's zone.
public enum ICalendar {
    /// `\`, `;`, `,` and line breaks escaped, other control characters dropped (RFC 5545 3.3.11).
    public static func escapeText(_ text: String) -> String {
        var out = ""
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    if scalar == "\t" { out += " " }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// A parameter value (`CN=`): quoted when it holds `:`, `;` or `,`;
    /// double quotes and control characters, which it cannot hold, dropped.
    public static func parameterValue(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }))
        return cleaned.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"\(cleaned)\"" : cleaned
    }

    /// One content line folded: at most 75 octets a line, continuation lines
    /// starting with a space, never inside a UTF-8 character; CRLF after each.
    public static func fold(_ line: String) -> String {
        var out = ""
        var current = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if current + size > limit {
                out += "\r\n "
                current = 1
                limit = 75
            }
            out.unicodeScalars.append(scalar)
            current += size
        }
        return out + "\r\n"
    }

    /// `20260909T070000Z`.
    public static func dateTime(_ millis: Int64) -> String {
        let day = Day(containing: millis)
        let (y, m, d) = day.components
        let seconds = Int((millis - day.startMillis) / 1000)
        return "\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))T\(pad(seconds / 3600, 2))\(pad(seconds / 60 % 60, 2))\(pad(seconds % 60, 2))Z"
    }

    /// The UID of a credential's rotation: from the client id alone (never
    /// the slot), hashed so that the id itself is not in the file.
    public static func uid(clientID: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "credgraph-rotation:\(clientID)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "rotation-" + String(repeating: "0", count: 16 - hex.count) + hex + "@credgraph"
    }

    /// What the previous run's calendar said about each event: its SEQUENCE
    /// and its times, by UID.
    public struct EventState: Sendable, Hashable {
        public var sequence: Int
        public var start: String
        public var end: String
        public init(sequence: Int, start: String, end: String) {
            self.sequence = sequence
            self.start = start
            self.end = end
        }
    }

    /// Reads the events of an iCalendar text (unfolding lines); unknown or
    /// malformed content is skipped, since the file is only a hint.
    public static func eventStates(_ text: String) -> [String: EventState] {
        var lines: [String] = []
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            if let first = line.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += line.dropFirst()
            } else {
                lines.append(line)
            }
        }
        var states: [String: EventState] = [:]
        var inEvent = false
        var uid: String?
        var sequence = 0
        var start = ""
        var end = ""
        for line in lines {
            if line == "BEGIN:VEVENT" { inEvent = true; uid = nil; sequence = 0; start = ""; end = ""; continue }
            guard inEvent else { continue }
            if line == "END:VEVENT" {
                if let uid { states[uid] = EventState(sequence: sequence, start: start, end: end) }
                inEvent = false
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].split(separator: ";").first.map(String.init) ?? ""
            let value = String(line[line.index(after: colon)...])
            switch name {
            case "UID": uid = value
            case "SEQUENCE": sequence = Int(value).map { max(0, min($0, 1_000_000)) } ?? 0
            case "DTSTART": start = value
            case "DTEND": end = value
            default: break
            }
        }
        return states
    }

    /// Reads `path` when it is a regular file of a sensible size; empty otherwise.
    public static func previousStates(at path: String) -> [String: EventState] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size < 32 << 20,
              let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8)
        else { return [:] }
        return eventStates(text)
    }
}

/// One event of a rotation calendar, before serialisation.
public struct CalendarEvent: Sendable, Hashable {
    public var uid: String
    public var sequence: Int
    public var start: Int64
    public var end: Int64
    public var summary: String
    public var description: String
    public var tentative: Bool
    /// (name, e-mail) of owners with an address.
    public var attendees: [(name: String, email: String)]
    /// `X-CREDGRAPH-…` properties, for tools that check the plan.
    public var extra: [(name: String, value: String)]

    public init(uid: String, sequence: Int, start: Int64, end: Int64, summary: String, description: String, tentative: Bool,
                attendees: [(name: String, email: String)], extra: [(name: String, value: String)]) {
        self.uid = uid
        self.sequence = sequence
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.tentative = tentative
        self.attendees = attendees
        self.extra = extra
    }

    public static func == (a: Self, b: Self) -> Bool { a.uid == b.uid && a.start == b.start && a.summary == b.summary }
    public func hash(into h: inout Hasher) { h.combine(uid) }
}

extension ICalendar {
    /// A whole VCALENDAR with its events, in the order given.
    public static func document(name: String, events: [CalendarEvent], stamp: Int64) -> String {
        var out = ""
        func line(_ text: String) { out += fold(text) }
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:-//credgraph//rotation calendar//EN")
        line("CALSCALE:GREGORIAN")
        line("X-WR-CALNAME:" + escapeText(name))
        for event in events {
            line("BEGIN:VEVENT")
            line("UID:" + event.uid)
            line("DTSTAMP:" + dateTime(stamp))
            line("SEQUENCE:\(event.sequence)")
            line("DTSTART:" + dateTime(event.start))
            line("DTEND:" + dateTime(event.end))
            line("SUMMARY:" + escapeText(event.summary))
            line("DESCRIPTION:" + escapeText(event.description))
            line("STATUS:" + (event.tentative ? "TENTATIVE" : "CONFIRMED"))
            line("TRANSP:OPAQUE")
            for attendee in event.attendees {
                line("ATTENDEE;CN=\(parameterValue(attendee.name));ROLE=REQ-PARTICIPANT:mailto:\(attendee.email)")
            }
            for (name, value) in event.extra { line("\(name):" + escapeText(value)) }
            for (trigger, words) in [("-P7D", "in a week"), ("-P1D", "tomorrow")] {
                line("BEGIN:VALARM")
                line("ACTION:DISPLAY")
                line("DESCRIPTION:" + escapeText("\(event.summary) \(words)"))
                line("TRIGGER:" + trigger)
                line("END:VALARM")
            }
            line("END:VEVENT")
        }
        line("END:VCALENDAR")
        return out
    }
}
