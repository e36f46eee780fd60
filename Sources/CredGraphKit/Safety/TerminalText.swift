/// Text from the inputs reaches terminals through diagnostics and listings.
/// Control characters in it (an escape sequence, a carriage return, a NUL)
/// could repaint the screen, forge a line or hide one; they become U+FFFD.
public enum TerminalText {
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
                previous = b
            }
            return true
        }
        if clean { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let isControl = scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t"
            out.append(isControl ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }
}
