import CredGraphCore
import Foundation

/// Credentials in Marketing Cloud code (`secret-in-code`): an inventoried
/// client id, a call to the `/v2/token` endpoint, or secret material (the
/// inventory's own detector). The value is never kept: what is secret is
/// handed to the redactor, so no output can repeat it even by accident.
enum CodeSecrets {
    struct Hit {
        var what: CodeCredential.What
        var clientID: String?
        var reason: String?
        var line: Int
    }

    /// One hit per kind and line, in line order.
    static func find(in code: String, clientIDs: Set<String>) -> [Hit] {
        var hits: [Hit] = []
        var lineNumber = 0
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.utf8.count >= 8 else { continue }
            if !clientIDs.isEmpty {
                var seen: Set<String> = []
                for token in alphanumericTokens(line) where token.count >= 16 {
                    let lower = token.lowercased()
                    if clientIDs.contains(lower), seen.insert(lower).inserted {
                        hits.append(Hit(what: .clientID, clientID: lower, reason: nil, line: lineNumber))
                    }
                }
            }
            if line.range(of: "/v2/token", options: .caseInsensitive) != nil {
                hits.append(Hit(what: .tokenCall, clientID: nil, reason: nil, line: lineNumber))
            }
            if let reason = secretReason(String(line)) {
                hits.append(Hit(what: .secretMaterial, clientID: nil, reason: reason, line: lineNumber))
            }
        }
        return hits
    }

    /// Why a line of code holds secret material, or nil. In code,
    /// `client_secret: getSecret()` is an expression, not a secret: a keyed
    /// value counts only when it is a string literal, and then only the
    /// literal is remembered by the redactor (not the code around it).
    static func secretReason(_ line: String) -> String? {
        guard let reason = SecretDetector.looksLikeSecret(line) else { return nil }
        guard reason.hasSuffix("assignment") else {
            // Markup is full of long mixed-case tokens that are not secrets:
            // URLs (`http://www.w3.org/TR/html4/loose.dtd`) and inline images
            // (`data:image/png;base64,…`). Credentials in a URL still count.
            guard reason == "credentials in a URL" || SecretDetector.looksLikeSecret(withoutLinks(line)) != nil else { return nil }
            _ = Redactor.shared.registerSecrets(in: reason == "credentials in a URL" ? line : withoutLinks(line))
            return reason
        }
        let literals = keyedLiterals(line)
        guard !literals.isEmpty else { return nil }
        for literal in literals { Redactor.shared.register(literal) }
        return reason
    }

    /// The line with `scheme://…` links and `data:` URIs blanked out (up to a quote, bracket or space).
    static func withoutLinks(_ line: String) -> String {
        var b = Array(line.utf8)
        let lower = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        func isEnd(_ c: UInt8) -> Bool {
            c == 0x20 || c == 0x09 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: ")")
                || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
        }
        var i = 0
        while i < b.count {
            var start: Int?
            if b[i] == UInt8(ascii: ":"), i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/") {
                var s = i
                while s > 0, (lower[s - 1] >= 0x61 && lower[s - 1] <= 0x7A) { s -= 1 }
                start = s
            } else if i + 5 <= b.count, Array(lower[i..<(i + 5)]) == Array("data:".utf8), i == 0 || !(lower[i - 1] >= 0x61 && lower[i - 1] <= 0x7A) {
                start = i
            }
            if let s = start {
                var j = i
                while j < b.count, !isEnd(b[j]) { j += 1 }
                for k in s..<j { b[k] = 0x20 }
                i = j
                continue
            }
            i += 1
        }
        return String(decoding: b, as: UTF8.self)
    }

    /// String literals assigned to a secret-looking key on this line:
    /// `client_secret: "…"`, `"client_secret":"…"`, `password = '…'`.
    static func keyedLiterals(_ line: String) -> [String] {
        let b = Array(line.utf8)
        let lower = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        var out: [String] = []
        for key in SecretDetector.secretKeys {
            var start = 0
            while let range = find(key, in: lower, from: start) {
                start = range.upperBound
                var i = range.upperBound
                // The key must end there (`secret` is not `secretary`).
                if i < b.count, isNameByte(b[i]) { continue }
                while i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") || b[i] == 0x20 || b[i] == 0x09 { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: ":") || b[i] == UInt8(ascii: "=") else { continue }
                i += 1
                while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
                guard i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") else { continue }
                let quote = b[i]
                var j = i + 1
                while j < b.count, b[j] != quote { j += 1 }
                guard j < b.count, j - i - 1 >= SecretDetector.minKeyedValueLength else { continue }
                let value = String(decoding: b[(i + 1)..<j], as: UTF8.self)
                if !SecretDetector.placeholders.contains(Array(value.lowercased().utf8)), !value.contains("%%"), !value.hasPrefix("{{") {
                    out.append(value)
                }
            }
        }
        return out
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Range<Int>? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle {
                // Not the tail of a longer name either.
                if i == 0 || !isNameByte(hay[i - 1]) || hay[i - 1] == UInt8(ascii: "_") || hay[i - 1] == UInt8(ascii: "-") {
                    return i..<(i + needle.count)
                }
            }
            i += 1
        }
        return nil
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private static func alphanumericTokens(_ line: Substring) -> [Substring] {
        line.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
