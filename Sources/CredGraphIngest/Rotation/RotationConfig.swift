import CredGraphCore
import Foundation
internal import Yams

/// Reading the `rotation:` block of `credgraph.yml`. Every problem names its
/// key path and line; "no windows at all" is one error for the whole block,
/// not one per credential later.
extension ConfigLoader.Reader {
    package mutating func rotation(_ node: Node, _ path: String, into settings: inout RotationSettings) {
        var sawWindows = false
        var windowsLine: Int?
        section(node, path) { key, value, path, r in
            switch key {
            case "timezone":
                if let s = r.string(value, path) {
                    if TimeZone(identifier: s) != nil {
                        settings.timezone = s
                    } else {
                        r.mismatch(path, value, expected: "an IANA time zone name such as UTC or Europe/Berlin ('\(TerminalText.oneLine(String(s.prefix(60))))' is unknown)")
                    }
                }
            case "lead_days":
                if let n = r.int(value, path, range: 0...365) { settings.leadDays = n }
            case "rehearsal_days":
                if let n = r.int(value, path, range: 0...365) { settings.rehearsalDays = n }
            case "max_per_day":
                if let n = r.int(value, path, range: 1...1000) { settings.maxPerDay = n }
            case "max_per_week":
                if let n = r.int(value, path, range: 1...5000) { settings.maxPerWeek = n }
            case "slot_minutes":
                if let n = r.int(value, path, range: 5...1440) { settings.slotMinutes = n }
            case "windows":
                sawWindows = true
                windowsLine = value.mark?.line
                if let windows = r.releaseWindows(value, path) { settings.windows = windows }
            case "freeze", "freezes":
                if let freezes = r.freezes(value, path) { settings.freezes = freezes }
            default:
                r.unknown(path, value)
            }
        }
        if sawWindows, settings.windows.isEmpty {
            diagnostics.error("'\(path).windows' lists no release window: no rotation could ever be planned; give at least one (default: tue, wed, thu 09:00 to 16:00) or leave the key out",
                              file: file, line: windowsLine ?? node.mark?.line)
        }
        // A window shorter than a slot holds no rotation; all of them so is the same impossible calendar.
        if !settings.windows.isEmpty, !settings.windows.contains(where: { $0.to - $0.from >= settings.slotMinutes }) {
            diagnostics.error("no release window of '\(path).windows' is as long as slot_minutes (\(settings.slotMinutes)): no rotation could ever be planned",
                              file: file, line: windowsLine ?? node.mark?.line)
        }
    }

    /// `windows:`: a list of `{days, from, to}`; nil (after errors) when one is malformed.
    package mutating func releaseWindows(_ node: Node, _ path: String) -> [ReleaseWindow]? {
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "[]" { return [] }
        guard case .sequence(let sequence) = node else {
            mismatch(path, node, expected: "a list of {days, from, to}")
            return nil
        }
        var windows: [ReleaseWindow] = []
        var ok = true
        for (i, entry) in sequence.enumerated() {
            let entryPath = "\(path)[\(i)]"
            var days: [Weekday]?
            var from: Int?
            var to: Int?
            var entryOK = true
            section(entry, entryPath) { key, value, keyPath, r in
                switch key {
                case "days":
                    guard let names = r.stringList(value, keyPath) else { entryOK = false; return }
                    var parsed: [Weekday] = []
                    for name in names {
                        if let day = Weekday(parsing: name) {
                            if !parsed.contains(day) { parsed.append(day) }
                        } else {
                            r.mismatch(keyPath, value, expected: "a list of day names (mon, tue, wed, thu, fri, sat, sun); '\(TerminalText.oneLine(String(name.prefix(40))))' is not one")
                            entryOK = false
                            return
                        }
                    }
                    days = parsed
                case "from", "to":
                    guard let text = r.plainScalar(value), let minutes = parseClock(text) else {
                        r.mismatch(keyPath, value, expected: "a local time HH:MM (quoted: \"09:00\")")
                        entryOK = false
                        return
                    }
                    if key == "from" { from = minutes } else { to = minutes }
                default:
                    r.unknown(keyPath, value)
                }
            }
            guard entryOK else { ok = false; continue }
            guard let days, !days.isEmpty, let from, let to else {
                diagnostics.error("'\(entryPath)' needs days, from and to", file: file, line: entry.mark?.line)
                ok = false
                continue
            }
            guard from < to else {
                diagnostics.error("'\(entryPath).to' (\(clockText(to))) must be after from (\(clockText(from))); a window ends on the day it starts",
                                  file: file, line: entry.mark?.line)
                ok = false
                continue
            }
            windows.append(ReleaseWindow(days: days, from: from, to: to))
        }
        return ok ? windows : nil
    }

    /// `freeze:`: a list of `{from, to, reason}`, inclusive local dates.
    package mutating func freezes(_ node: Node, _ path: String) -> [Freeze]? {
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "[]" { return [] }
        guard case .sequence(let sequence) = node else {
            mismatch(path, node, expected: "a list of {from, to, reason}")
            return nil
        }
        var freezes: [Freeze] = []
        var ok = true
        for (i, entry) in sequence.enumerated() {
            let entryPath = "\(path)[\(i)]"
            var from: Day?
            var to: Day?
            var reason = ""
            var entryOK = true
            section(entry, entryPath) { key, value, keyPath, r in
                switch key {
                case "from", "to":
                    guard let day = r.date(value, keyPath) else { entryOK = false; return }
                    if key == "from" { from = day } else { to = day }
                case "reason":
                    if let s = r.plainScalar(value) { reason = s }
                default:
                    r.unknown(keyPath, value)
                }
            }
            guard entryOK else { ok = false; continue }
            guard let from, let to else {
                diagnostics.error("'\(entryPath)' needs from and to (inclusive dates)", file: file, line: entry.mark?.line)
                ok = false
                continue
            }
            guard from <= to else {
                diagnostics.error("'\(entryPath)' is inverted: to (\(to)) is before from (\(from))", file: file, line: entry.mark?.line)
                ok = false
                continue
            }
            freezes.append(Freeze(from: from, to: to, reason: reason))
        }
        return ok ? freezes : nil
    }
}
