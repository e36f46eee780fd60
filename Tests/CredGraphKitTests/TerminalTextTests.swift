import Testing
@testable import CredGraphCore
import TestSupport

/// `TerminalText.sanitized` works on bytes (a whole JSON document passes
/// through it); it must replace exactly what the Unicode definition does:
/// general category Cc except line feed and tab, and the bidi controls.
@Suite struct TerminalTextTests {
    static func reference(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let replace = (scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t")
                || TerminalText.isBidiControl(scalar)
            out.append(replace ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    @Test func randomTextIsSanitizedAsTheScalarDefinitionSays() {
        var rng = SplitMix64(named: "terminal-text")
        // Every control and bidi control, their neighbours in UTF-8, and ordinary text.
        var scalars: [Unicode.Scalar] = (0...0xA0).compactMap(Unicode.Scalar.init)
        for value: UInt32 in [0x061B, 0x061C, 0x061D, 0x200D, 0x200E, 0x200F, 0x2010, 0x2026, 0x2028, 0x2029, 0x2029,
                              0x202A, 0x202E, 0x202F, 0x2065, 0x2066, 0x2069, 0x206A, 0x20AC, 0xE9, 0xFFFD, 0x1F600, 0x0600] {
            scalars.append(Unicode.Scalar(value)!)
        }
        for _ in 0..<5_000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<rng.between(1, 24) {
                view.append(rng.chance(0.4) ? scalars[rng.below(scalars.count)] : Unicode.Scalar(UInt8(rng.between(0x20, 0x7E))))
            }
            let text = String(view)
            #expect(TerminalText.sanitized(text) == Self.reference(text))
        }
    }
}
