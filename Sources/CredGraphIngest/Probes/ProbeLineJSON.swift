/// A probe line that is a JSON object: keys found without decoding, nested
/// values skipped without recursion, strings and numbers scanned at the byte level.
extension ProbeLineParser {
    mutating func parseJSON(_ p: UnsafeRawBufferPointer, from start: Int, into fields: inout Fields) throws(ProbeLineProblem) {
        let n = p.count
        var i = ProbeLineParser.skipWhitespace(p, start + 1)
        // The run of identity members (see `RepeatedMembers`): where it starts, where it
        // ends so far (after its last comma), how many members and which fields it gave.
        var member = 0
        var runStart = -1
        var runFirstMember = -1
        var runEnd = -1
        var runMembers = 0
        var runGiven: UInt16 = 0
        var runClosed = !reusesRepeatedMembers
        if reusesRepeatedMembers { repeats.check(generation: generation) }
        let records = reusesRepeatedMembers && usesLineTemplate
        if records { recording.start() }
        if i < n && p[i] == 125 { // '}': the empty object
            i += 1
        } else {
            while true {
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }
                if member == repeats.startMember, !runClosed, case let found = repeats.match(p, at: i), found >= 0,
                   case let entry = repeats.entries[Int(found)], entry.given & fields.given == 0 {
                    // The same bytes as a run parsed before, from the same state: the same fields.
                    take(entry, found, &fields)
                    if records {
                        recording.add(i, i + entry.length, .run, nil)
                        recording.runMember = member
                        recording.runMembers = entry.members
                    }
                    member += entry.members
                    runClosed = true
                    i = ProbeLineParser.skipWhitespace(p, i + entry.length)
                    continue
                }
                let memberStart = i
                let known: (field: ProbeField, name: StaticString)?
                let repeated = reusesRepeatedMembers ? keys.match(p, at: i, member: member) : (length: 0, known: nil)
                if repeated.length > 0 {
                    // The same bytes, up to the colon, as this member's key on the line before.
                    known = repeated.known
                    i = ProbeLineParser.skipWhitespace(p, i + repeated.length)
                } else {
                    guard p[i] == 34 else { throw ProbeLineProblem("expected a JSON key at column \(i + 1)") }
                    let keyStart = i + 1
                    let (keyEnd, keyEscaped) = try ProbeLineParser.scanString(p, from: keyStart)
                    let key = UnsafeRawBufferPointer(rebasing: p[keyStart..<keyEnd])
                    known = keyEscaped ? try identifyEscapedKey(key) : ProbeField.identify(key)
                    i = ProbeLineParser.skipWhitespace(p, keyEnd + 1)
                    guard i < n, p[i] == 58 else { throw ProbeLineProblem("expected ':' after a JSON key at column \(i + 1)") }
                    if reusesRepeatedMembers && i == keyEnd + 1 { keys.keep(p, from: memberStart, to: i + 1, member: member, known: known) }
                    i = ProbeLineParser.skipWhitespace(p, i + 1)
                }
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }

                var valueStart = i
                var valueEnd: Int
                let kind: ValueKind
                let quoted = p[i] == 34
                switch p[i] {
                case 34: // '"'
                    let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
                    valueStart = i + 1
                    valueEnd = end
                    kind = escaped ? .escapedText : .text
                    i = end + 1
                case 45, 48...57: // '-', digits
                    guard let end = ProbeLineParser.scanNumber(p, from: i) else {
                        throw ProbeLineProblem("invalid JSON number at column \(i + 1)")
                    }
                    valueEnd = end
                    kind = .text
                    i = end
                case 116: // 't'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "true")
                    valueEnd = i
                    kind = .boolean
                case 102: // 'f'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "false")
                    valueEnd = i
                    kind = .boolean
                case 110: // 'n'
                    i = try ProbeLineParser.expectLiteral(p, at: i, "null")
                    valueEnd = i
                    kind = .null
                case 123, 91: // '{', '['
                    i = try skipComposite(p, from: i)
                    valueEnd = i
                    kind = .composite
                default:
                    throw ProbeLineProblem("unexpected character in JSON at column \(i + 1)")
                }
                if let known {
                    try assign(known.field, known.name, UnsafeRawBufferPointer(rebasing: p[valueStart..<valueEnd]), kind, &fields)
                }
                if records {
                    switch kind {
                    case .text, .escapedText: recording.add(valueStart, valueEnd, quoted ? .string : .number, known)
                    case .null, .boolean, .composite: recording.usable = false
                    }
                }
                i = ProbeLineParser.skipWhitespace(p, i)
                guard i < n else { throw ProbeLineProblem("unterminated JSON object") }
                if p[i] == 44 { // ','
                    if !runClosed {
                        if member > 0, let known, RepeatedMembers.isIdentity(known.field) {
                            if runStart < 0 {
                                runStart = memberStart
                                runFirstMember = member
                            }
                            runEnd = i + 1
                            runMembers += 1
                            runGiven |= 1 << ProbeLineParser.bitIndex(known.field)
                        } else if runStart >= 0 {
                            runClosed = true
                        }
                    }
                    i = ProbeLineParser.skipWhitespace(p, i + 1)
                    member += 1
                    continue
                }
                guard p[i] == 125 else { throw ProbeLineProblem("expected ',' or '}' at column \(i + 1)") }
                i += 1
                break
            }
        }
        i = ProbeLineParser.skipWhitespace(p, i)
        guard i == n else { throw ProbeLineProblem("unexpected characters after the JSON object at column \(i + 1)") }
        // A line that repeated a run and kept none is a template for the next (`LineTemplate`).
        if records && runStart < 0 { template.keep(p, from: start, recording: recording) }
        if runStart >= 0 {
            repeats.keep(
                p, from: runStart, to: runEnd, member: runFirstMember, members: runMembers, given: runGiven,
                fields: fields)
        }
    }

    private mutating func identifyEscapedKey(_ key: UnsafeRawBufferPointer) throws(ProbeLineProblem) -> (field: ProbeField, name: StaticString)? {
        keyScratch.removeAll(keepingCapacity: true)
        try ProbeLineParser.decodeEscapes(key, into: &keyScratch)
        return keyScratch.withUnsafeBytes { ProbeField.identify($0) }
    }

    /// Skips a nested object or array without recursion, matching bracket kinds.
    /// Returns the index after its closing bracket.
    private mutating func skipComposite(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> Int {
        brackets.removeAll(keepingCapacity: true)
        let n = p.count
        var i = start
        while i < n {
            let c = p[i]
            switch c {
            case 123, 91: // '{', '['
                guard brackets.count < ProbeLineParser.maxNesting else {
                    throw ProbeLineProblem("JSON nested deeper than \(ProbeLineParser.maxNesting) levels at column \(i + 1)")
                }
                brackets.append(c)
                i += 1
            case 125, 93: // '}', ']'
                guard let open = brackets.popLast(), open == (c == 125 ? 123 : 91) else {
                    throw ProbeLineProblem("mismatched JSON bracket at column \(i + 1)")
                }
                i += 1
                if brackets.isEmpty { return i }
            case 34:
                let (end, _) = try ProbeLineParser.scanString(p, from: i + 1)
                i = end + 1
            default:
                i += 1
            }
        }
        throw ProbeLineProblem("unterminated JSON object or array")
    }

    @inline(__always)
    static func skipWhitespace(_ p: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < p.count, isASCIIWhitespace(p[i]) { i += 1 }
        return i
    }

    static func expectLiteral(_ p: UnsafeRawBufferPointer, at i: Int, _ literal: StaticString) throws(ProbeLineProblem) -> Int {
        let end = i + literal.utf8CodeUnitCount
        guard end <= p.count, UnsafeRawBufferPointer(rebasing: p[i..<end]).equals(literal) else {
            throw ProbeLineProblem("unexpected character in JSON at column \(i + 1)")
        }
        return end
    }

    /// Finds the closing quote of a string body starting at `start`, checking
    /// escapes and control characters. Returns its index and whether the body has escapes.
    @inline(__always)
    static func scanString(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> (end: Int, escaped: Bool) {
        // The usual string has no escape: its first special byte is the closing quote.
        let i = Swar.firstSpecialInString(p, from: start)
        if i < p.count && p[i] == 34 { return (i, false) }
        return try scanEscapedString(p, from: start)
    }

    /// `scanString` for strings with escapes, control characters, or close to the line's end.
    static func scanEscapedString(_ p: UnsafeRawBufferPointer, from start: Int) throws(ProbeLineProblem) -> (end: Int, escaped: Bool) {
        let n = p.count
        var i = start
        var escaped = false
        while i < n {
            i = Swar.firstSpecialInString(p, from: i)
            guard i < n else { break }
            let c = p[i]
            if c == 34 { return (i, escaped) }
            if c == 92 { // '\'
                escaped = true
                guard i + 1 < n else { break }
                switch p[i + 1] {
                case 34, 92, 47, 98, 102, 110, 114, 116: // " \ / b f n r t
                    i += 2
                case 117: // u
                    guard i + 5 < n, hexValue(p, i + 2) != nil else {
                        throw ProbeLineProblem("invalid \\u escape at column \(i + 1)")
                    }
                    i += 6
                default:
                    throw ProbeLineProblem("invalid escape at column \(i + 1)")
                }
                continue
            }
            if c < 0x20 { throw ProbeLineProblem("control character in a quoted string at column \(i + 1)") }
            i += 1
        }
        throw ProbeLineProblem("unterminated string starting at column \(start)")
    }

    /// Four hex digits at `i`.
    @inline(__always)
    static func hexValue(_ p: UnsafeRawBufferPointer, _ i: Int) -> UInt32? {
        guard i + 4 <= p.count else { return nil }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            let c = p[k]
            let digit: UInt8
            switch c {
            case 48...57: digit = c - 48
            case 65...70: digit = c - 55
            case 97...102: digit = c - 87
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes a string body (as checked by `scanString`) into UTF-8, joining surrogate pairs.
    static func decodeEscapes(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) throws(ProbeLineProblem) {
        let n = raw.count
        var i = 0
        while i < n {
            let c = raw[i]
            guard c == 92, i + 1 < n else {
                out.append(c)
                i += 1
                continue
            }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                guard let unit = hexValue(raw, i) else { throw ProbeLineProblem("invalid \\u escape") }
                i += 4
                var scalar = unit
                if unit >= 0xD800 && unit <= 0xDBFF {
                    guard i + 6 <= n, raw[i] == 92, raw[i + 1] == 117, let low = hexValue(raw, i + 2),
                          low >= 0xDC00 && low <= 0xDFFF
                    else { throw ProbeLineProblem("invalid \\u escape: unpaired surrogate") }
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if unit >= 0xDC00 && unit <= 0xDFFF {
                    throw ProbeLineProblem("invalid \\u escape: unpaired surrogate")
                }
                appendUTF8(scalar, to: &out)
            default: // " \ / stand for themselves
                out.append(e)
            }
        }
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// The end of a JSON number (RFC 8259 grammar) starting at `start`, or nil.
    static func scanNumber(_ p: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let n = p.count
        var i = start
        @inline(__always) func isDigit(_ k: Int) -> Bool { k < n && p[k] >= 48 && p[k] <= 57 }
        if i < n && p[i] == 45 { i += 1 }
        guard isDigit(i) else { return nil }
        if p[i] == 48 {
            i += 1
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && p[i] == 46 {
            i += 1
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        if i < n && (p[i] == 101 || p[i] == 69) {
            i += 1
            if i < n && (p[i] == 43 || p[i] == 45) { i += 1 }
            guard isDigit(i) else { return nil }
            while isDigit(i) { i += 1 }
        }
        return i
    }
}
