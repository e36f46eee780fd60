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
        // Clean when nothing below would be replaced: checked with the same tests,
        // eight bytes at a time where they are all printable ASCII (most of a JSON document).
        let clean = text.withUTF8 { bytes -> Bool in
            guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
            let ones: UInt64 = 0x0101_0101_0101_0101, tops: UInt64 = 0x8080_8080_8080_8080
            let n = bytes.count
            var i = 0
            while i < n {
                if i + 8 <= n {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let del = w ^ (ones &* 0x7F)
                    // No byte with its top bit set, none below 0x20, none equal to 0x7F.
                    if (w | ((w &- ones &* 0x20) & ~w) | ((del &- ones) & ~del)) & tops == 0 {
                        i += 8
                        continue
                    }
                }
                if TerminalText.replacedLength(bytes, at: i) > 0 { return false }
                i += 1
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
                let length = TerminalText.replacedLength(bytes, at: i)
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

    /// How many bytes at `i` make a character to replace (0: keep the byte): the
    /// controls (general category Cc: U+0000-U+001F but tab and line feed,
    /// U+007F-U+009F) and the bidi controls, all with short, fixed encodings.
    @inline(__always)
    static func replacedLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let n = bytes.count
        let b = bytes[i]
        if b < 0x20 { return b != 0x0A && b != 0x09 ? 1 : 0 }
        if b == 0x7F { return 1 }
        if b == 0xC2, i + 1 < n, bytes[i + 1] >= 0x80, bytes[i + 1] <= 0x9F { return 2 }
        if b == 0xD8, i + 1 < n, bytes[i + 1] == 0x9C { return 2 } // U+061C
        if b == 0xE2, i + 2 < n {
            let (x, y) = (bytes[i + 1], bytes[i + 2])
            // U+200E, U+200F, U+202A-U+202E; U+2066-U+2069
            if (x == 0x80 && (y == 0x8E || y == 0x8F || (0xAA...0xAE).contains(y))) || (x == 0x81 && (0xA6...0xA9).contains(y)) {
                return 3
            }
        }
        return 0
    }
}
