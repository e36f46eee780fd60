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
            // Eight bytes at a time while they are all printable ASCII (most of a JSON document).
            var i = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
                while i + 8 <= bytes.count {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let del = w ^ (ones &* 0x7F)
                    // No byte with its top bit set, none below 0x20, none equal to 0x7F.
                    guard (w | ((w &- ones &* 0x20) & ~w) | ((del &- ones) & ~del)) & tops == 0 else { break }
                    i += 8
                }
                if i > 0 { previous = bytes[i - 1] }
            }
            for b in bytes[i...] {
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
        // Byte by byte over the valid UTF-8 of a String (a whole JSON document may
        // come here for one "…"): the controls (general category Cc: U+0000-U+001F,
        // U+007F-U+009F) and the bidi controls all have short, fixed encodings.
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                var length = 0 // bytes of a character to replace, 0 to keep the byte
                if b < 0x20 {
                    if b != 0x0A && b != 0x09 { length = 1 }
                } else if b == 0x7F {
                    length = 1
                } else if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F {
                    length = 2
                } else if b == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C { // U+061C
                    length = 2
                } else if b == 0xE2, i + 2 < n {
                    let (x, y) = (bytes[i + 1], bytes[i + 2])
                    // U+200E, U+200F, U+202A-U+202E; U+2066-U+2069
                    if (x == 0x80 && (y == 0x8E || y == 0x8F || (0xAA...0xAE).contains(y))) || (x == 0x81 && (0xA6...0xA9).contains(y)) {
                        length = 3
                    }
                }
                if length == 0 {
                    out.append(b)
                    i += 1
                } else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD]) // U+FFFD
                    i += length
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
