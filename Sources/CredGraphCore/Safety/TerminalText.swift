/// Text from the inputs reaches terminals through diagnostics and listings.
/// Control characters in it (an escape sequence, a carriage return, a NUL)
/// could repaint the screen, forge a line or hide one; they become U+FFFD.
/// Bidirectional overrides and isolates (U+202E…) could make a line read
/// backwards; they become U+FFFD too.
public enum TerminalText {
    /// Whether `scalar` changes the direction text is displayed in.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Untrusted text for a one-line message (a diagnostic's file name or
    /// message): control characters, line and paragraph separators and bidi
    /// controls are written as visible escapes (`\n`, `\r`, `\t`,
    /// `\u{202E}`), so no value can end the line, forge a second diagnostic or
    /// hide part of one.
    public static func oneLine(_ text: String) -> String {
        let needsWork = text.unicodeScalars.contains { s in
            s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value)
                || s == "\u{2028}" || s == "\u{2029}" || isBidiControl(s)
        }
        guard needsWork else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for s in text.unicodeScalars {
            switch s {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if s.value < 0x20 || s.value == 0x7F || (0x80...0x9F).contains(s.value)
                    || s == "\u{2028}" || s == "\u{2029}" || isBidiControl(s) {
                    out += "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out
    }

    /// `text` with every control character except line feed and tab replaced.
    public static func sanitized(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { bytes -> Bool in
            var previous: UInt8 = 0
            for b in bytes {
                if b < 0x20, b != 0x0A, b != 0x09 { return false }
                if b == 0x7F { return false }
                // C1 controls (U+0080...U+009F) are 0xC2 0x80...0x9F in UTF-8.
                if previous == 0xC2, b >= 0x80, b <= 0x9F { return false }
                // Bidi controls start with 0xD8 (U+061C) or 0xE2 0x80/0x81 (U+200E…U+2069).
                if b == 0xD8 || b == 0xE2 { return false }
                previous = b
            }
            return true
        }
        if clean { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = (scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t")
                || isBidiControl(scalar)
            out.append(isControl ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }
}
