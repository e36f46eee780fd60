import Foundation

/// Says whether text looks like secret material, so that credgraph can report
/// it as a finding and never repeat it.
///
/// The rules aim at what ends up in inventories by mistake: a pasted client
/// secret or token, a PEM key, a `client_secret=…` line, credentials in a URL.
/// They must stay quiet on what inventories legitimately hold: names, notes,
/// vault paths, e-mail addresses, dates, client ids (lower-case alphanumeric,
/// which is why a token needs both letter cases) and identifiers such as
/// `Subscriber_Preferences_2024` (long runs of letters, unlike random text).
public enum SecretDetector {
    /// Shortest run of token characters considered a generated secret.
    static let minTokenLength = 20
    /// Shannon entropy, bits per character, a generated token reaches.
    static let minEntropy = 3.5
    /// Alphanumeric "atoms" (a digit run, an upper-case run, an optionally
    /// capitalised lower-case run) per alphanumeric character: random text
    /// switches class every one or two characters, words do not.
    static let minAtomDensity = 0.35

    /// Key names whose value is a secret whatever it looks like.
    static let secretKeys = [
        "client_secret", "clientsecret", "client-secret", "secret", "password", "passwd", "pwd",
        "api_key", "apikey", "api-key", "access_token", "refresh_token", "private_key", "access_key",
        "secret_key", "auth_token", "bearer",
    ]

    /// Values after a secret key that are references or placeholders, not secrets.
    static let placeholders: Set<String> = [
        "none", "null", "nil", "n/a", "na", "redacted", "[redacted]", "unknown", "tbd", "todo", "rotated",
        "expired", "same", "see", "xxx", "xxxx", "****", "********",
    ]

    /// The reason `text` looks like secret material, or nil.
    public static func looksLikeSecret(_ text: String) -> String? {
        if text.unicodeScalars.count < 8 { return nil }
        if text.contains("-----BEGIN") { return "PEM key block" }
        let lower = text.lowercased()
        if let reason = keyedSecret(lower: lower, original: text) { return reason }
        if containsCredentialsInURL(text) { return "credentials in a URL" }
        for token in tokens(of: text) {
            if isJWT(token) { return "JSON Web Token" }
            if let vendor = knownPrefix(token) { return vendor }
            if isHighEntropyToken(token) { return "high-entropy token" }
        }
        return nil
    }

    // MARK: - Rules

    /// `client_secret=…`, `password: …` and the like, with a value that is
    /// neither a placeholder nor a reference to a secret store.
    static func keyedSecret(lower: String, original: String) -> String? {
        let scalars = Array(lower.unicodeScalars)
        let originalScalars = Array(original.unicodeScalars)
        // Lower-casing can change the scalar count (rare letters); fall back to the lower-case text.
        let valueSource = originalScalars.count == scalars.count ? originalScalars : scalars
        for key in secretKeys {
            let keyScalars = Array(key.unicodeScalars)
            var start = 0
            while let found = find(keyScalars, in: scalars, from: start) {
                start = found + 1
                // The key must be a whole word: not part of a longer identifier.
                if found > 0, isIdentifierScalar(scalars[found - 1]) { continue }
                var i = found + keyScalars.count
                if i < scalars.count, isIdentifierScalar(scalars[i]) { continue }
                while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
                guard i < scalars.count, scalars[i] == "=" || scalars[i] == ":" else { continue }
                i += 1
                while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\"" || scalars[i] == "'" { i += 1 }
                var value = String.UnicodeScalarView()
                while i < scalars.count, !scalars[i].properties.isWhitespace, scalars[i] != "\"", scalars[i] != "'",
                      scalars[i] != ",", scalars[i] != ";", scalars[i] != "&" {
                    value.append(valueSource[i])
                    i += 1
                }
                if isSecretValue(String(value)) { return "\(key) assignment" }
            }
        }
        return nil
    }

    static func isSecretValue(_ value: String) -> Bool {
        guard value.unicodeScalars.count >= 8 else { return false }
        let lower = value.lowercased()
        if placeholders.contains(lower) { return false }
        // References to where the secret lives are what an inventory should hold.
        if let first = value.unicodeScalars.first, "$<{%*[(".unicodeScalars.contains(first) { return false }
        if SecretLocation(parsing: value) != nil { return false }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return false }
        var hasUpper = false, hasLower = false, hasDigit = false, hasSymbol = false
        for s in value.unicodeScalars {
            if s.properties.isUppercase { hasUpper = true }
            else if s.properties.isLowercase { hasLower = true }
            else if ("0"..."9").contains(s) { hasDigit = true }
            else { hasSymbol = true }
        }
        // A plain word ("rotation", "quarterly") after the key is prose, not a secret.
        return hasDigit || hasSymbol || (hasUpper && hasLower)
    }

    /// `scheme://user:password@host`.
    static func containsCredentialsInURL(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        let marker = Array("://".unicodeScalars)
        var start = 0
        while let found = find(marker, in: scalars, from: start) {
            start = found + 1
            var i = found + marker.count
            var sawColon = false
            var userLength = 0
            while i < scalars.count {
                let s = scalars[i]
                if s == "/" || s == "?" || s == "#" || s.properties.isWhitespace { break }
                if s == "@" { return sawColon && userLength > 0 && i > 0 && scalars[i - 1] != ":" }
                if s == ":" { sawColon = true } else if !sawColon { userLength += 1 }
                i += 1
            }
        }
        return false
    }

    /// Three base64url segments, the first decoding to a JSON object (`eyJ` is `{"`).
    static func isJWT(_ token: Substring) -> Bool {
        guard token.hasPrefix("eyJ") else { return false }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count >= 10, parts[1].count >= 4 else { return false }
        return parts.allSatisfy { part in part.unicodeScalars.allSatisfy { isBase64URL($0) } }
    }

    /// Vendor token formats that announce themselves.
    static func knownPrefix(_ token: Substring) -> String? {
        let prefixes = [
            ("ghp_", "GitHub token"), ("gho_", "GitHub token"), ("ghs_", "GitHub token"),
            ("github_pat_", "GitHub token"), ("xoxb-", "Slack token"), ("xoxp-", "Slack token"),
            ("xoxa-", "Slack token"), ("sk_live_", "Stripe key"), ("AKIA", "AWS access key id"),
        ]
        for (prefix, name) in prefixes where token.hasPrefix(prefix) {
            let rest = token.dropFirst(prefix.count)
            guard rest.count >= 16 else { continue }
            if prefix == "AKIA" {
                // An access key id is exactly 16 upper-case letters and digits after the prefix.
                if rest.count == 16, rest.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
                    return name
                }
                continue
            }
            return name
        }
        return nil
    }

    /// A generated secret: long, both letter cases, characters spread out
    /// (high entropy) and switching class often (not words).
    static func isHighEntropyToken(_ token: Substring) -> Bool {
        // Base64 padding and the '=' of key=value are not part of the value's shape.
        for part in token.split(separator: "=") where part.unicodeScalars.count >= minTokenLength {
            var hasUpper = false, hasLower = false, hasDigit = false
            for s in part.unicodeScalars {
                if ("A"..."Z").contains(s) { hasUpper = true }
                else if ("a"..."z").contains(s) { hasLower = true }
                else if ("0"..."9").contains(s) { hasDigit = true }
            }
            guard hasUpper, hasLower else { continue }
            if !hasDigit, part.unicodeScalars.count < 32 { continue }
            guard entropy(part) >= minEntropy, atomDensity(part) >= minAtomDensity else { continue }
            return true
        }
        return false
    }

    // MARK: - Measures

    /// Shannon entropy in bits per character.
    static func entropy(_ text: Substring) -> Double {
        var counts: [Unicode.Scalar: Int] = [:]
        var total = 0
        for s in text.unicodeScalars {
            counts[s, default: 0] += 1
            total += 1
        }
        guard total > 0 else { return 0 }
        var bits = 0.0
        for count in counts.values {
            let p = Double(count) / Double(total)
            bits -= p * log2(p)
        }
        return bits
    }

    /// Alphanumeric atoms per alphanumeric character (see `minAtomDensity`).
    static func atomDensity(_ text: Substring) -> Double {
        enum Class { case upper, lower, digit, other }
        var atoms = 0
        var alnum = 0
        var previous = Class.other
        for s in text.unicodeScalars {
            let current: Class
            if ("A"..."Z").contains(s) { current = .upper }
            else if ("a"..."z").contains(s) { current = .lower }
            else if ("0"..."9").contains(s) { current = .digit }
            else { current = .other }
            if current != .other {
                alnum += 1
                // "Word" continues upper -> lower (capitalised) and within one class.
                let continues = current == previous || (previous == .upper && current == .lower)
                if !continues { atoms += 1 }
            }
            previous = current
        }
        guard alnum > 0 else { return 0 }
        return Double(atoms) / Double(alnum)
    }

    // MARK: - Helpers

    /// Maximal runs of characters a token is made of (base64, base64url, hex, dots).
    static func tokens(of text: String) -> [Substring] {
        text.split { !isTokenCharacter($0) }
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        guard c.isASCII, let s = c.unicodeScalars.first else { return false }
        return ("A"..."Z").contains(s) || ("a"..."z").contains(s) || ("0"..."9").contains(s)
            || s == "+" || s == "/" || s == "=" || s == "_" || s == "-" || s == "." || s == "~"
    }

    static func isBase64URL(_ s: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(s) || ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "-" || s == "_" || s == "="
    }

    static func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s) || s == "_"
    }

    static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0], Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
