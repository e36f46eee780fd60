import Testing
@testable import CredGraphCore
import TestSupport

/// The byte-level paths for ASCII text (owners, enum cells, trimming) against
/// the character- and scalar-level code they shortcut, on generated strings
/// full of the characters those functions look at.
@Suite struct ASCIIFastPathTests {
    static let alphabet: [String] = [
        "a", "Z", "0", ".", "@", "<", ">", "(", ")", ",", " ", "\t", "\r", "\n", "\u{0B}", "\u{0C}", "-", "_",
        "\u{1F}", "\u{7F}", "x", "y", "é", "\u{A0}", "\u{2003}", "\u{85}", "\u{301}", "ß", "Ä",
    ]

    static func text(_ rng: inout SplitMix64, asciiOnly: Bool) -> String {
        let letters = asciiOnly ? alphabet.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : alphabet
        return (0..<rng.below(14)).map { _ in letters[rng.below(letters.count)] }.joined()
    }

    /// What `trimmingWhitespace` was before its shortcut: White_Space scalars off both ends.
    static func trimmedByScalars(_ s: String) -> String {
        var scalars = Array(s.unicodeScalars)
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }

    @Test func ownersParseAlikeOnBytesAndCharacters() {
        var rng = SplitMix64(seed: 16)
        var compared = 0
        for _ in 0..<30_000 {
            let text = Self.text(&rng, asciiOnly: true).trimmingWhitespace()
            guard !text.isEmpty else { continue }
            let bytes = Owner.parseASCII(Array(text.utf8), text)
            let characters = Owner.parseCharacters(text)
            #expect(bytes.0 == characters.0 && bytes.1 == characters.1, "\(text.debugDescription)")
            compared += 1
        }
        #expect(compared > 20_000)
        for text in ["Ops <ops@example.com>", "Team (EMEA)", "a (b@c.de)", "<>", "x@y.z", "()", "Name <>", "(x@y.z)"] {
            let bytes = Owner.parseASCII(Array(text.utf8), text)
            let characters = Owner.parseCharacters(text)
            #expect(bytes.0 == characters.0 && bytes.1 == characters.1, "\(text)")
        }
    }

    @Test func trimmingAndEnumCellsMatchTheScalarWay() {
        var rng = SplitMix64(seed: 17)
        for round in 0..<30_000 {
            let text = Self.text(&rng, asciiOnly: round % 2 == 0)
            #expect(text.trimmingWhitespace() == Self.trimmedByScalars(text), "\(text.debugDescription)")
            #expect(text[...].trimmingWhitespace() == Self.trimmedByScalars(text), "\(text.debugDescription)")
            #expect(normalizeEnumCell(text) == normalizeEnumCellScalars(text), "\(text.debugDescription)")
        }
        #expect(normalizeEnumCell(" Server_to  Server ") == "server-to-server")
    }
}
