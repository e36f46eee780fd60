import Foundation

/// Says whether text looks like secret material, so that credgraph can report
/// it as a finding and never repeat it.
///
/// The rules aim at what ends up in inventories by mistake: a pasted client
/// secret or token, a PEM key, a `client_secret=…` line, credentials in a URL.
/// They must stay quiet on what inventories legitimately hold: names, notes,
/// vault paths, e-mail addresses, dates, client ids (lower-case alphanumeric,
/// which is why a token needs both letter cases) and identifiers such as
/// `Subscriber_Preferences_2024` (words, unlike random text).
///
/// The thresholds are measured, not guessed: `SecretDetectorCorpusTests`
/// generates thousands of random secrets of each shape and thousands of
/// legitimate inventory values, and prints recall and false positives.
///
/// Works on UTF-8 bytes without allocating per token: it is meant to be
/// cheap enough for every inventory cell and, later, for probe fields.
public enum SecretDetector {
    /// Shortest run of token characters considered a generated secret.
    static let minTokenLength = 20
    /// Shannon entropy, bits per character, a generated token reaches.
    static let minEntropy = 3.5
    /// Alphanumeric "atoms" (a digit run, an upper-case run, an optionally
    /// capitalised lower-case run) per alphanumeric character: random text
    /// switches class every one or two characters, words do not.
    static let minAtomDensity = 0.35
    /// "Non-word" atoms (see `structurePenalty`) a generated token has at
    /// least, in all and per character. Random text of 20 characters has 6
    /// on average and fewer than 2 about once in a thousand; identifiers
    /// made of words have 0 or 1.
    static let minNonWordAtoms = 2
    static let minNonWordAtomsPerCharacter = 0.08
    /// Shortest run of hex digits taken for a possible secret (an MD5-sized
    /// key or longer); a GUID's runs are at most 12.
    static let minHexRun = 32
    /// Shortest value after a secret key (`password=…`) taken for a secret.
    package static let minKeyedValueLength = 8

    /// Key names whose value is a secret whatever it looks like. A key also
    /// matches at the end of a longer name after `_` or `-` (`SFMC_CLIENT_SECRET=`).
    package static let secretKeys: [[UInt8]] = [
        "client_secret", "clientsecret", "client-secret", "secret", "password", "passwd", "pwd",
        "api_key", "apikey", "api-key", "access_token", "refresh_token", "private_key", "access_key",
        "secret_key", "auth_token",
    ].map { Array($0.utf8) }

    /// Values after a secret key that are placeholders, not secrets.
    package static let placeholders: Set<[UInt8]> = Set([
        "redacted", "[redacted]", "unknown", "rotated", "********", "changeme", "required",
    ].map { Array($0.utf8) })

    /// The reason `text` looks like secret material, or nil. The reason never
    /// contains any part of the text.
    public static func looksLikeSecret(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count >= 8 else { return nil }
            return looksLikeSecret(bytes: bytes)
        }
    }

    static func looksLikeSecret(bytes b: UnsafeBufferPointer<UInt8>) -> String? {
        if contains(b, "-----BEGIN") { return "PEM key block" }
        if let key = keyedSecret(b) { return "\(key) assignment" }
        if containsCredentialsInURL(b) { return "credentials in a URL" }
        var i = 0
        while i < b.count {
            guard isTokenByte(b[i]) else { i += 1; continue }
            let start = i
            while i < b.count, isTokenByte(b[i]) { i += 1 }
            guard i - start >= 16 else { continue }
            let token = UnsafeBufferPointer(rebasing: b[start..<i])
            if isJWT(token) { return "JSON Web Token" }
            if let vendor = knownPrefix(token) { return vendor }
            if isHighEntropyToken(token) { return "high-entropy token" }
            if !hexRuns(token).isEmpty { return "long hexadecimal string, possibly a secret" }
        }
        return nil
    }

    // MARK: - Rules

    /// `client_secret=…`, `"password": "…"` and the like, with a value that is
    /// neither a placeholder nor a reference to a secret store. Returns the key.
    static func keyedSecret(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        for sep in 0..<b.count where b[sep] == UInt8(ascii: "=") || b[sep] == UInt8(ascii: ":") {
            // The name before the separator (spaces and one closing quote allowed between).
            var end = sep
            while end > 0, b[end - 1] == UInt8(ascii: " ") || b[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            if end > 0, b[end - 1] == UInt8(ascii: "\"") || b[end - 1] == UInt8(ascii: "'") { end -= 1 }
            var start = end
            while start > 0, isNameByte(b[start - 1]) { start -= 1 }
            guard end - start >= 3, let key = matchingKey(b, start, end) else { continue }
            // The value: after spaces and an opening quote, up to a space, quote or list separator.
            var v = sep + 1
            while v < b.count, b[v] == UInt8(ascii: " ") || b[v] == UInt8(ascii: "\t") || b[v] == UInt8(ascii: "\"") || b[v] == UInt8(ascii: "'") {
                v += 1
            }
            var w = v
            while w < b.count, !isValueEnd(b[w]) { w += 1 }
            if isSecretValue(UnsafeBufferPointer(rebasing: b[v..<w])) {
                return String(decoding: key, as: UTF8.self)
            }
        }
        return nil
    }

    /// The key `b[start..<end]` is (case-insensitively), or ends with after `_` / `-`.
    static func matchingKey(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8]? {
        let length = end - start
        for key in secretKeys where key.count <= length {
            let offset = end - key.count
            if offset > start, b[offset - 1] != UInt8(ascii: "_"), b[offset - 1] != UInt8(ascii: "-") { continue }
            var same = true
            for k in 0..<key.count where lower(b[offset + k]) != key[k] {
                same = false
                break
            }
            if same { return key }
        }
        return nil
    }

    static func isSecretValue(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        guard v.count >= minKeyedValueLength, let first = v.first else { return false }
        if placeholders.contains(v.map(lower)) { return false }
        // References to where the secret lives are what an inventory should hold.
        if [UInt8]("$<{%*[(".utf8).contains(first) { return false }
        if startsWithScheme(v) { return false }
        var upper = false, lowerCase = false, digit = false, symbol = false
        for c in v {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lowerCase = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = true
            default: symbol = true
            }
        }
        // A plain word ("stored", "quarterly") after the key is prose, not a secret.
        return digit || symbol || (upper && lowerCase)
    }

    /// `vault:`, `ssm:`, `env:`, `file:`, `http:`, `https:`: a reference, not a value.
    static func startsWithScheme(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let colon = v.firstIndex(of: UInt8(ascii: ":")), colon <= 5 else { return false }
        let scheme = String(decoding: v[0..<colon].map(lower), as: UTF8.self)
        return ["vault", "ssm", "env", "file", "http", "https"].contains(scheme)
    }

    /// `scheme://user:password@host`.
    static func containsCredentialsInURL(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        !urlPasswordRanges(b).isEmpty
    }

    /// The byte ranges of the `password` in every `scheme://user:password@host`.
    /// The detector asks whether there is one; the redactor masks each.
    static func urlPasswordRanges(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i + 3 <= b.count {
            defer { i += 1 }
            guard b[i] == UInt8(ascii: ":"), i + 2 < b.count, b[i + 1] == UInt8(ascii: "/"), b[i + 2] == UInt8(ascii: "/") else { continue }
            var j = i + 3
            var colon: Int?
            while j < b.count {
                let c = b[j]
                if c == UInt8(ascii: "/") || c == UInt8(ascii: "?") || c == UInt8(ascii: "#") || c == UInt8(ascii: " ") { break }
                if c == UInt8(ascii: "@") {
                    if let colon, colon > i + 3, colon + 1 < j { ranges.append((colon + 1)..<j) }
                    break
                }
                if c == UInt8(ascii: ":"), colon == nil { colon = j }
                j += 1
            }
        }
        return ranges
    }

    /// Three base64url segments, the first decoding to a JSON object (`eyJ` is `{"`).
    static func isJWT(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t.count >= 16, t[0] == UInt8(ascii: "e"), t[1] == UInt8(ascii: "y"), t[2] == UInt8(ascii: "J") else { return false }
        var dots: [Int] = []
        for (i, c) in t.enumerated() {
            if c == UInt8(ascii: ".") {
                dots.append(i)
            } else if !(isAlnum(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: "=")) {
                return false
            }
        }
        return dots.count == 2 && dots[0] >= 10 && dots[1] - dots[0] > 4
    }

    /// Vendor token formats that announce themselves.
    static func knownPrefix(_ t: UnsafeBufferPointer<UInt8>) -> String? {
        let prefixes: [(String, String)] = [
            ("ghp_", "GitHub token"), ("gho_", "GitHub token"), ("ghs_", "GitHub token"),
            ("github_pat_", "GitHub token"), ("xoxb-", "Slack token"), ("xoxp-", "Slack token"),
            ("xoxa-", "Slack token"), ("sk_live_", "Stripe key"),
        ]
        for (prefix, name) in prefixes {
            let p = Array(prefix.utf8)
            if t.count >= p.count + 16, t.starts(with: p) { return name }
        }
        // An AWS access key id: AKIA and 16 upper-case letters or digits.
        if t.count == 20, t.starts(with: Array("AKIA".utf8)),
           t.dropFirst(4).allSatisfy({ isDigit($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            return "AWS access key id"
        }
        return nil
    }

    /// A generated secret: long, both letter cases, characters spread out
    /// (high entropy) and switching class often (not words).
    static func isHighEntropyToken(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        // Base64 padding and the '=' of key=value are not part of the value's shape.
        var i = 0
        while i < t.count {
            while i < t.count, t[i] == UInt8(ascii: "=") { i += 1 }
            let start = i
            while i < t.count, t[i] != UInt8(ascii: "=") { i += 1 }
            let part = UnsafeBufferPointer(rebasing: t[start..<i])
            if part.count >= minTokenLength, looksGenerated(part) { return true }
        }
        return false
    }

    /// Both letter cases, and built unlike words: enough non-word atoms for
    /// its length, or (the older test, kept for what it catches beyond) high
    /// entropy and dense class switches with at least one non-word atom.
    static func looksGenerated(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
        var upper = false, lowerCase = false
        for c in part {
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) { upper = true }
            else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) { lowerCase = true }
        }
        guard upper, lowerCase else { return false }
        let (nonWord, characters) = structurePenalty(part)
        if nonWord >= minNonWordAtoms, Double(nonWord) >= minNonWordAtomsPerCharacter * Double(characters) { return true }
        return nonWord >= 1 && entropy(part) >= minEntropy && atomDensity(part) >= minAtomDensity
    }

    /// The runs of at least `minHexRun` hex digits (one letter case, letters
    /// and digits both) in a token, bounded by anything that is not a letter
    /// or digit: an MD5 or SHA digest, a hex-encoded key.
    static func hexRuns(_ t: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var i = 0
        while i < t.count {
            guard isAlnum(t[i]) else { i += 1; continue }
            let start = i
            var hex = true, upper = false, lowerCase = false, letter = false, digit = false
            while i < t.count, isAlnum(t[i]) {
                let c = t[i]
                if isDigit(c) { digit = true }
                else if (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c) { letter = true; lowerCase = true }
                else if (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c) { letter = true; upper = true }
                else { hex = false }
                i += 1
            }
            if hex, i - start >= minHexRun, letter, digit, !(upper && lowerCase) { runs.append(start..<i) }
        }
        return runs
    }

    /// How many atoms of a token do not read as parts of words, and over how
    /// many characters. The token is cut into segments at anything but
    /// letters, digits and `+` (which only base64 has), and each segment
    /// into atoms (as `atomDensity` does; `+` runs are atoms of their own).
    /// In a segment of more than one atom, a non-word atom is a `+` run, a
    /// digit run between two other atoms, a letter atom of 1 or 2 letters,
    /// or a longer one that is not pronounceable (no vowel, or a letter pair
    /// that English words almost never have). Upper-case abbreviations of 2
    /// to 4 letters (`SMS`, `FR`), a trailing version (`V2`, `Q3`, `v10`)
    /// and `B2B`-style abbreviations are allowed, since identifiers have them.
    static func structurePenalty(_ t: UnsafeBufferPointer<UInt8>) -> (nonWord: Int, characters: Int) {
        var nonWord = 0, characters = 0
        var segment: [UInt8] = []
        segment.reserveCapacity(t.count)
        var i = 0
        while i < t.count {
            guard isAlnum(t[i]) || t[i] == UInt8(ascii: "+") else { i += 1; continue }
            segment.removeAll(keepingCapacity: true)
            let start = i
            while i < t.count, isAlnum(t[i]) || t[i] == UInt8(ascii: "+") {
                // `MuleSoftv2`: a version glued to a word ends the segment before it.
                if i > start, isVersionSuffix(t, i) { break }
                // `B2B`, `B2C`: read as one capitalised three-letter atom.
                if i + 2 < t.count, isUpper(t[i]), isDigit(t[i + 1]), isUpper(t[i + 2]) {
                    segment += [t[i], lower(t[i + 2]), UInt8(ascii: "x")]
                    i += 3
                } else {
                    segment.append(t[i])
                    i += 1
                }
            }
            characters += i - start
            nonWord += segment.withUnsafeBufferPointer(nonWordAtoms)
        }
        return (nonWord, characters)
    }

    /// `v2`, `V10` from `i` to the end of the letters and digits, after a letter.
    private static func isVersionSuffix(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard t[i] == UInt8(ascii: "v") || t[i] == UInt8(ascii: "V"), isLetter(t[i - 1]), i + 1 < t.count, isDigit(t[i + 1]) else { return false }
        var j = i + 1
        while j < t.count, isDigit(t[j]) { j += 1 }
        return j == t.count || !(isAlnum(t[j]) || t[j] == UInt8(ascii: "+"))
    }

    private static func nonWordAtoms(_ s: UnsafeBufferPointer<UInt8>) -> Int {
        // 1 upper, 2 lower, 3 digit, 4 `+`; an atom continues in its class and from upper to lower,
        // except that an upper-case run before a capitalised word ends a letter early (`SFMC|Client`).
        func kind(_ c: UInt8) -> Int { isUpper(c) ? 1 : isLower(c) ? 2 : isDigit(c) ? 3 : 4 }
        var boundaries = [0]
        for k in 1..<max(1, s.count) {
            let (a, b) = (kind(s[k - 1]), kind(s[k]))
            if a == 1, b == 2 {
                if k >= 2, kind(s[k - 2]) == 1, boundaries[boundaries.count - 1] < k - 1 { boundaries.append(k - 1) }
            } else if a != b {
                boundaries.append(k)
            }
        }
        let atoms = zip(boundaries, boundaries.dropFirst() + [s.count]).map { $0..<$1 }
        guard atoms.count > 1 else { return 0 }
        var end = atoms.count
        let last = atoms[end - 1], beforeLast = atoms[end - 2]
        if isDigit(s[last.lowerBound]), isLetter(s[beforeLast.lowerBound]), beforeLast.count <= 2 {
            end -= 2
        } else if isLetter(s[last.lowerBound]), last.count <= 2 {
            end -= 1
        }
        var count = 0
        for index in 0..<end {
            let atom = atoms[index]
            let first = s[atom.lowerBound]
            if first == UInt8(ascii: "+") {
                count += 1
            } else if isDigit(first) {
                if index > 0, index < atoms.count - 1 { count += 1 }
            } else if atom.count >= 2, atom.count <= 4, s[atom].allSatisfy(isUpper) {
                continue  // an abbreviation: `SMS`, `FR`, `SFMC`
            } else if atom.count <= 2 || !pronounceable(UnsafeBufferPointer(rebasing: s[atom])) {
                count += 1
            }
        }
        return count
    }

    /// Has a vowel, and no letter pair from `rareLetterPairs`, or exactly
    /// one where two words meet (`Snow|flake`: both sides have a vowel and
    /// at least 2 letters).
    static func pronounceable(_ letters: UnsafeBufferPointer<UInt8>) -> Bool {
        func isVowel(_ c: UInt8) -> Bool { [0, 4, 8, 14, 20, 24].contains(Int(lower(c) - UInt8(ascii: "a"))) }
        func letter(_ k: Int) -> Int { Int(lower(letters[k]) - UInt8(ascii: "a")) }
        var rare: [Int] = []
        for k in 1..<max(1, letters.count) where rarePair[letter(k - 1) * 26 + letter(k)] { rare.append(k) }
        guard letters.contains(where: isVowel) else { return false }
        if rare.isEmpty { return true }
        guard rare.count == 1, let split = rare.first, split >= 2, letters.count - split >= 2 else { return false }
        return letters[..<split].contains(where: isVowel) && letters[split...].contains(where: isVowel)
    }

    /// Letter pairs that make up the rarest 0.1% of the pairs in English words
    /// of three letters or more, counted over the manual pages of a Debian
    /// system (4,000 pages, 2.3 million words).
    static let rareLetterPairs = [
        "ah ao bq bx bz cj cw cx cz dq dx dz fb fg fj fm fp fq fv fw fx fz gj gv gw gx gz hf hg hh hj hk hq",
        "hv hw hx iy jb jc jd jf jg jh ji jj jk jl jm jn jp jq jr jt jv jw jx jy jz kh kj kk ko kp kq kr kv",
        "kw kx ky kz lh lj lq lx lz mf mg mh mj mq mr mv mx mz nj nq nw nx oq oz pb pj pq px pz qa qb qc qe",
        "qf qg qh qi qj qk qm qn qo qp qq qr qv qw qx qy qz rj rq rx rz sj sx sz tj tk tq tv tz uh uj uk uq",
        "uv uw uy uz vb vd vf vg vh vj vk vn vq vt vu vv vw vx vy vz wb wf wg wj wk wm wp wq wt wu wv wx wy",
        "wz xb xg xh xj xk xn xq xr xu xv xw xz yf yg yh yj yk yq yu yv yx yy zb zc zd zf zg zh zj zk zl zm",
        "zn zp zq zr zs zt zv zw zx zy zz",
    ]

    private static let rarePair: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26)
        for line in rareLetterPairs {
            for pair in line.split(separator: " ") {
                let b = Array(pair.utf8)
                table[Int(b[0] - UInt8(ascii: "a")) * 26 + Int(b[1] - UInt8(ascii: "a"))] = true
            }
        }
        return table
    }()

    // MARK: - Measures

    /// Shannon entropy in bits per character (ASCII bytes).
    static func entropy(_ t: UnsafeBufferPointer<UInt8>) -> Double {
        guard !t.isEmpty else { return 0 }
        var counts = [Int](repeating: 0, count: 256)
        for c in t { counts[Int(c)] += 1 }
        let total = Double(t.count)
        var bits = 0.0
        for count in counts where count > 0 {
            let p = Double(count) / total
            bits -= p * log2(p)
        }
        return bits
    }

    static func entropy(_ text: String) -> Double {
        var text = text
        return text.withUTF8 { entropy($0) }
    }

    /// Alphanumeric atoms per alphanumeric character (see `minAtomDensity`).
    static func atomDensity(_ t: UnsafeBufferPointer<UInt8>) -> Double {
        // 0 other, 1 upper, 2 lower, 3 digit
        var atoms = 0
        var alnum = 0
        var previous = 0
        for c in t {
            let current: Int
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) { current = 1 }
            else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) { current = 2 }
            else if isDigit(c) { current = 3 }
            else { current = 0 }
            if current != 0 {
                alnum += 1
                // A word continues within one class and from upper to lower (capitalised).
                if !(current == previous || (previous == 1 && current == 2)) { atoms += 1 }
            }
            previous = current
        }
        return alnum == 0 ? 0 : Double(atoms) / Double(alnum)
    }

    static func atomDensity(_ text: String) -> Double {
        var text = text
        return text.withUTF8 { atomDensity($0) }
    }

    // MARK: - Bytes

    /// Characters a token is made of: base64, base64url, hex, dots.
    @inline(__always) static func isTokenByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "~")
    }

    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }

    @inline(__always) static func isValueEnd(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
            || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: ",") || c == UInt8(ascii: ";")
            || c == UInt8(ascii: "&")
    }

    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || isDigit(c)
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") }

    @inline(__always) static func isLower(_ c: UInt8) -> Bool { c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) ? c + 32 : c
    }

    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard b.count >= n else { return false }
        return needle.withUTF8Buffer { p in
            var i = 0
            while i + n <= b.count {
                if b[i] == p[0] {
                    var k = 1
                    while k < n, b[i + k] == p[k] { k += 1 }
                    if k == n { return true }
                }
                i += 1
            }
            return false
        }
    }
}
