/// Where, inside a text that `SecretDetector` flags, the secret material sits.
///
/// The redactor must remember the secret, not the whole cell around it: a
/// notes cell "Boomi nightly ETL, client_secret=…" would otherwise make every
/// later mention of "Boomi nightly ETL" disappear from the reports. The spans
/// follow the detector's own rules (same byte classes, same thresholds), so
/// what it flags is what gets remembered.
enum SecretSpans {
    /// Byte ranges of `text`'s UTF-8 that hold secret material. When the
    /// detector flags the text but no narrower span is found, the whole text.
    static func find(in text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { bytes -> [Range<Int>] in
            var spans = find(bytes: bytes)
            if spans.isEmpty, bytes.count >= 8, SecretDetector.looksLikeSecret(bytes: bytes) != nil {
                spans = [0..<bytes.count]
            }
            return spans
        }
    }

    /// The secret parts of `text` as strings (for registration).
    static func parts(of text: String) -> [String] {
        let utf8 = Array(text.utf8)
        return find(in: text).map { String(decoding: utf8[$0], as: UTF8.self) }
    }

    static func find(bytes b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        keyedValues(b, into: &spans)
        urlCredentials(b, into: &spans)
        tokens(b, into: &spans)
        var seen: Set<Range<Int>> = []
        return spans.filter { seen.insert($0).inserted }
    }

    /// The value of every `secret_key=value` the detector would flag.
    private static func keyedValues(_ b: UnsafeBufferPointer<UInt8>, into spans: inout [Range<Int>]) {
        for sep in 0..<b.count where b[sep] == UInt8(ascii: "=") || b[sep] == UInt8(ascii: ":") {
            var end = sep
            while end > 0, b[end - 1] == UInt8(ascii: " ") || b[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            if end > 0, b[end - 1] == UInt8(ascii: "\"") || b[end - 1] == UInt8(ascii: "'") { end -= 1 }
            var start = end
            while start > 0, SecretDetector.isNameByte(b[start - 1]) { start -= 1 }
            guard end - start >= 3, SecretDetector.matchingKey(b, start, end) != nil else { continue }
            var v = sep + 1
            while v < b.count, b[v] == UInt8(ascii: " ") || b[v] == UInt8(ascii: "\t") || b[v] == UInt8(ascii: "\"") || b[v] == UInt8(ascii: "'") {
                v += 1
            }
            var w = v
            while w < b.count, !SecretDetector.isValueEnd(b[w]) { w += 1 }
            if SecretDetector.isSecretValue(UnsafeBufferPointer(rebasing: b[v..<w])) { spans.append(v..<w) }
        }
    }

    /// The `user:password` of `scheme://user:password@host`.
    private static func urlCredentials(_ b: UnsafeBufferPointer<UInt8>, into spans: inout [Range<Int>]) {
        spans.append(contentsOf: SecretDetector.urlPasswordRanges(b))
    }

    /// Token runs the detector calls generated: JWTs, vendor tokens,
    /// high-entropy strings, and every long run inside a PEM block.
    private static func tokens(_ b: UnsafeBufferPointer<UInt8>, into spans: inout [Range<Int>]) {
        let pem = SecretDetector.contains(b, "-----BEGIN")
        var i = 0
        while i < b.count {
            guard SecretDetector.isTokenByte(b[i]) else { i += 1; continue }
            let start = i
            while i < b.count, SecretDetector.isTokenByte(b[i]) { i += 1 }
            guard i - start >= 16 else { continue }
            let token = UnsafeBufferPointer(rebasing: b[start..<i])
            if pem || SecretDetector.isJWT(token) || SecretDetector.knownPrefix(token) != nil {
                spans.append(start..<i)
                continue
            }
            // As the detector does: the parts between `=` signs, so `key=value` yields the value.
            var j = start
            while j < i {
                while j < i, b[j] == UInt8(ascii: "=") { j += 1 }
                let partStart = j
                while j < i, b[j] != UInt8(ascii: "=") { j += 1 }
                let part = UnsafeBufferPointer(rebasing: b[partStart..<j])
                if part.count >= SecretDetector.minTokenLength, SecretDetector.looksGenerated(part) { spans.append(partStart..<j) }
            }
            spans += SecretDetector.hexRuns(token).map { (start + $0.lowerBound)..<(start + $0.upperBound) }
        }
    }
}
