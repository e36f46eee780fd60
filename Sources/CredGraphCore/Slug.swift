/// A file name fragment from any text: lower-case ASCII letters, digits and
/// `-` only, so no input can name a path outside the output folder.
public func slug(_ text: String) -> String {
    var out = ""
    var pendingDash = false
    for scalar in text.unicodeScalars {
        let folded = asciiFold(scalar)
        for c in folded.unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(c)
            } else if c >= "A" && c <= "Z" {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.unicodeScalars.append(Unicode.Scalar(c.value + 32)!)
            } else {
                pendingDash = true
            }
        }
        if out.utf8.count >= 80 { break }
    }
    return out.isEmpty ? "unnamed" : out
}

/// Slugs for a list of names, made unique with `-2`, `-3` … in list order.
public func uniqueSlugs(_ names: [String]) -> [String] {
    var used: Set<String> = []
    return names.map { name in
        let base = slug(name)
        var candidate = base
        var n = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }
}

private func asciiFold(_ scalar: Unicode.Scalar) -> String {
    if scalar.isASCII { return String(scalar) }
    // Latin letters with diacritics: keep the base letter.
    let decomposed = String(scalar).decomposedStringWithCanonicalMapping
    let base = decomposed.unicodeScalars.filter(\.isASCII)
    if !base.isEmpty { return String(String.UnicodeScalarView(base)) }
    switch scalar {
    case "ß": return "ss"
    case "æ", "Æ": return "ae"
    case "ø", "Ø": return "o"
    case "œ", "Œ": return "oe"
    case "ł", "Ł": return "l"
    case "đ", "Đ": return "d"
    default: return " "
    }
}
