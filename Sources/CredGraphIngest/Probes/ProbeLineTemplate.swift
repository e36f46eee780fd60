/// The layout of the last JSON line read in full that repeated a kept run
/// (`RepeatedMembers`): the bytes between its varying values (`{"ts":"`,
/// `","`, `,"status":`, `,"latency_ms":`, `}`), the value slots between them,
/// and where the run sits. A producer writes every line of a consumer the
/// same way, so a later line is read against the template: each literal
/// compared byte for byte, each value scanned and assigned exactly as the full
/// parser does it, the run matched as the full parser matches it. Equal bytes
/// around the values mean the same keys, the same member positions and the
/// same separators, so the outcome is the full parser's; on any difference
/// (a byte, a value of another kind, a failed check) the line is read in full.
///
/// Bounded: at most `maxSlots` values and `maxBytes` literal bytes.
struct LineTemplate {
    static let maxSlots = 16
    static let maxBytes = 1024

    enum Slot: UInt8 {
        /// A quoted string; the literal before it ends with the opening quote, the one after starts with the closing quote.
        case string
        case number
        /// The kept run of identity members.
        case run
    }

    struct Piece {
        /// The literal before the slot, in `bytes`.
        var literalStart: Int
        var literalLength: Int
        var slot: Slot
        var known: (field: ProbeField, name: StaticString)?
        /// The usual value of the slot, read in line (`ts` as a string, `status` and `latency_ms` as numbers).
        var usual: Usual

        init(literalStart: Int, literalLength: Int, slot: Slot, known: (field: ProbeField, name: StaticString)?) {
            self.literalStart = literalStart
            self.literalLength = literalLength
            self.slot = slot
            self.known = known
            switch (slot, known?.field) {
            case (.string, .timestamp?): usual = .timestamp
            case (.number, .status?): usual = .status
            case (.number, .latency?): usual = .latency
            default: usual = .none
            }
        }
    }

    enum Usual: UInt8 {
        case none
        case timestamp
        case status
        case latency
    }

    private(set) var pieces: [Piece] = []
    /// The literal after the last slot, to the line's end.
    private(set) var tailStart = 0
    private(set) var tailLength = 0
    private(set) var bytes: [UInt8] = []
    /// The member the run starts at, and how many members it spans, on the template's line.
    private(set) var runMember = -1
    private(set) var runMembers = 0

    var isEmpty: Bool { pieces.isEmpty }

    /// Allocates nothing: the parser swaps an empty template in while it reads a line against its own.
    init() {}

    /// What a full parse of a line saw, in order: each value's (or the run's) byte range.
    struct Recording {
        var slots: [(start: Int, end: Int, slot: Slot, known: (field: ProbeField, name: StaticString)?)] = []
        /// False once the line holds something the template does not read (a literal, an object, too many members).
        var usable = true
        var runMember = -1
        var runMembers = 0

        init() { slots.reserveCapacity(LineTemplate.maxSlots) }

        @inline(__always)
        mutating func start() {
            slots.removeAll(keepingCapacity: true)
            usable = true
            runMember = -1
        }

        @inline(__always)
        mutating func add(_ start: Int, _ end: Int, _ slot: Slot, _ known: (field: ProbeField, name: StaticString)?) {
            if slots.count < LineTemplate.maxSlots { slots.append((start, end, slot, known)) } else { usable = false }
        }
    }

    /// Becomes the layout of `p[from...]` as recorded; left as it was when the recording does not fit.
    mutating func keep(_ p: UnsafeRawBufferPointer, from: Int, recording: Recording) {
        guard recording.usable, recording.runMember >= 0 else { return }
        pieces.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        var at = from
        for s in recording.slots {
            let length = s.start - at
            guard length >= 0, bytes.count + length <= LineTemplate.maxBytes else { return clear() }
            pieces.append(Piece(literalStart: bytes.count, literalLength: length, slot: s.slot, known: s.known))
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[at..<s.start]))
            at = s.end
        }
        let length = p.count - at
        guard length >= 0, bytes.count + length <= LineTemplate.maxBytes else { return clear() }
        tailStart = bytes.count
        tailLength = length
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: p[at..<p.count]))
        runMember = recording.runMember
        runMembers = recording.runMembers
    }

    /// The template through plain pointers, for reading lines against it.
    struct Plan {
        let pieces: UnsafeBufferPointer<Piece>
        let literals: UnsafeRawPointer
        let tailStart: Int
        let tailLength: Int
        let runMembers: Int
    }

    @inline(__always)
    func withPlan<R>(_ body: (Plan) -> R) -> R {
        pieces.withUnsafeBufferPointer { pieces in
            bytes.withUnsafeBytes { literals in
                // An empty template is never read (callers check), but the pointer must exist.
                body(Plan(
                    pieces: pieces, literals: literals.baseAddress ?? UnsafeRawPointer(bitPattern: 0x10)!,
                    tailStart: tailStart, tailLength: tailLength, runMembers: runMembers))
            }
        }
    }

    mutating func clear() {
        pieces.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        runMember = -1
    }
}

extension ProbeLineParser {
    /// Reads the JSON object starting at `start` against the template; false
    /// when the line departs from it anywhere (then `fields` and nothing else
    /// the full parse depends on for its outcome have been touched: the
    /// symbol tables and caches only remember what the full parse would too).
    mutating func parseWithTemplate(_ p: UnsafeRawBufferPointer, from start: Int, into fields: inout Fields) -> Bool {
        repeats.check(generation: generation)
        guard template.runMember == repeats.startMember else { return false }
        // Moved out for the line (and back), so their storage can be read while `self` is mutated.
        var t = LineTemplate()
        swap(&t, &template)
        defer { swap(&t, &template) }
        var r = RepeatedMembers.placeholder
        swap(&r, &repeats)
        defer { swap(&r, &repeats) }
        return t.withPlan { plan in
            r.withMatcher { matcher in matchLine(p, from: start, plan, &matcher, &fields) == p.count }
        }
    }

    /// Reads consecutive lines of a chunk (`p` runs to the chunk's end) from
    /// `start` against the template, without looking for their ends first: a
    /// line that repeats the template ends where the template does, at an LF,
    /// a CRLF or the chunk's end. Each line's fields go to `batch` (emptied
    /// first; at most `limit`); returns where the line after the last one read
    /// starts. It stops before a line that does not repeat the template
    /// exactly so (which is then read the usual way: only caches that the
    /// usual way fills too were touched), and before a line at which a symbol
    /// table starts over, so that every line of a batch has ids of one
    /// generation and runs of one epoch.
    ///
    /// The outcome is that of splitting each line off and `parseFields`: the
    /// template's values cannot run past a line end (a string stops at a
    /// control character, a number at a non-digit, a run and the literals hold
    /// no LF), and a line that `parseFields` would treat differently (blanks
    /// around the object, over-long, incomplete) goes the usual way.
    mutating func readTemplateLines(
        _ p: UnsafeRawBufferPointer, from start: Int, maxLineBytes: Int, into batch: inout [Fields], limit: Int
    ) -> Int {
        batch.removeAll(keepingCapacity: true)
        guard !template.isEmpty, let base = p.baseAddress else { return start }
        let n = p.count
        guard start < n, base.load(fromByteOffset: start, as: UInt8.self) == 123 else { return start }
        identifiers.startLine()
        environments.startLine()
        errors.startLine()
        repeats.check(generation: generation)
        guard template.runMember == repeats.startMember else { return start }
        let kept = generation
        var t = LineTemplate()
        swap(&t, &template)
        defer { swap(&t, &template) }
        var r = RepeatedMembers.placeholder
        swap(&r, &repeats)
        defer { swap(&r, &repeats) }
        return t.withPlan { plan in
            r.withMatcher { matcher in
                var i = start
                while batch.count < limit {
                    var fields = Fields()
                    let end = matchLine(p, from: i, plan, &matcher, &fields)
                    guard end >= 0 else { break }
                    let next: Int
                    var length = end - i
                    if end == n {
                        next = n
                    } else if base.load(fromByteOffset: end, as: UInt8.self) == 10 {
                        next = end + 1
                    } else if base.load(fromByteOffset: end, as: UInt8.self) == 13
                                && (end + 1 == n || base.load(fromByteOffset: end + 1, as: UInt8.self) == 10) {
                        length += 1 // the CR counts towards the line's length, as when it is split off
                        next = Swift.min(end + 2, n)
                    } else {
                        break
                    }
                    guard length <= maxLineBytes, fields.timestamp != nil, fields.clientID >= 0, fields.status != nil else { break }
                    batch.append(fields)
                    templateLines &+= 1
                    i = next
                    // The next line: it must start the object, and with the symbol tables as they are.
                    guard i < n, base.load(fromByteOffset: i, as: UInt8.self) == 123 else { break }
                    identifiers.startLine()
                    environments.startLine()
                    errors.startLine()
                    guard generation == kept else { break }
                }
                return i
            }
        }
    }

    /// The template matched from `start`: the index after its last byte, or -1.
    @inline(__always)
    private mutating func matchLine(
        _ p: UnsafeRawBufferPointer, from start: Int, _ plan: LineTemplate.Plan, _ matcher: inout RunMatcher, _ fields: inout Fields
    ) -> Int {
        guard let base = p.baseAddress else { return -1 }
        let n = p.count
        let lit = plan.literals
        var i = start
        for k in 0..<plan.pieces.count {
            let piece = plan.pieces[k]
            let length = piece.literalLength
            guard i + length <= n, RepeatedKeys.equal(base + i, lit + piece.literalStart, length) else { return -1 }
            i += length
            switch piece.slot {
            case .run:
                let found = matcher.match(p, at: i)
                guard found >= 0 else { return -1 }
                let entry = matcher.entries[Int(found)]
                guard entry.given & fields.given == 0, entry.members == plan.runMembers else { return -1 }
                take(entry, found, &fields)
                i += entry.length
            case .string:
                // The usual string has no escape: its first special byte is the closing quote.
                var end = Swar.firstSpecialInString(p, from: i)
                // The usual `ts`: a timestamp without blanks around it (which `assign` would trim), read in line.
                if piece.usual == .timestamp, end < n, end > i, base.load(fromByteOffset: end, as: UInt8.self) == 34,
                   !isASCIIWhitespace(base.load(fromByteOffset: i, as: UInt8.self)),
                   !isASCIIWhitespace(base.load(fromByteOffset: end - 1, as: UInt8.self)) {
                    guard fields.given & ProbeLineParser.timestampBit == 0,
                          let millis = timestamps.parse(UnsafeRawBufferPointer(start: base + i, count: end - i)) else { return -1 }
                    fields.given |= ProbeLineParser.timestampBit
                    fields.timestamp = millis
                    i = end
                    continue
                }
                var escaped = false
                if !(end < n && base.load(fromByteOffset: end, as: UInt8.self) == 34) {
                    do { (end, escaped) = try ProbeLineParser.scanEscapedString(p, from: i) } catch { return -1 }
                }
                if let known = piece.known,
                   !assignInTemplate(known, UnsafeRawBufferPointer(start: base + i, count: end - i), escaped ? .escapedText : .text, &fields) {
                    return -1
                }
                i = end
            case .number:
                // Plain digits, the usual status and latency: what the scan and `assign` below give them, sooner.
                if piece.usual != .none, case let digits = ProbeLineParser.plainDigits(base, from: i, n), digits.count > 0 {
                    let bit: UInt16 = piece.usual == .status ? ProbeLineParser.statusBit : ProbeLineParser.latencyBit
                    guard fields.given & bit == 0 else { return -1 }
                    fields.given |= bit
                    if piece.usual == .status {
                        guard digits.count <= 3 else { return -1 }
                        fields.status = digits.value
                    } else {
                        guard digits.count <= 9, Double(digits.value) <= ProbeLineParser.maxLatencyMs else { return -1 }
                        fields.latencyMs = Double(digits.value)
                    }
                    i += digits.count
                    continue
                }
                guard i < n, case let c = base.load(fromByteOffset: i, as: UInt8.self), c == 45 || (c >= 48 && c <= 57),
                      let end = ProbeLineParser.scanNumber(p, from: i) else { return -1 }
                if let known = piece.known,
                   !assignInTemplate(known, UnsafeRawBufferPointer(start: base + i, count: end - i), .text, &fields) {
                    return -1
                }
                i = end
            }
        }
        guard i + plan.tailLength <= n, RepeatedKeys.equal(base + i, lit + plan.tailStart, plan.tailLength) else { return -1 }
        return i + plan.tailLength
    }

    static let timestampBit: UInt16 = 1 << ProbeLineParser.bitIndex(.timestamp)
    static let statusBit: UInt16 = 1 << ProbeLineParser.bitIndex(.status)
    static let latencyBit: UInt16 = 1 << ProbeLineParser.bitIndex(.latency)

    /// A JSON number at `i` that is plain digits without a leading zero
    /// (`200`, `87`), at most 10 of them: how many and their value; a count
    /// of 0 for anything else (a sign, a fraction, an exponent, a leading
    /// zero, more digits), which the generic path reads.
    @inline(__always)
    static func plainDigits(_ base: UnsafeRawPointer, from i: Int, _ n: Int) -> (count: Int, value: Int) {
        let limit = Swift.min(n, i + 11)
        var j = i
        var value = 0
        while j < limit {
            let digit = base.load(fromByteOffset: j, as: UInt8.self) &- 48
            guard digit < 10 else { break }
            value = value &* 10 &+ Int(digit) // at most 11 digits: no overflow
            j &+= 1
        }
        let count = j &- i
        guard count > 0, count <= 10, base.load(fromByteOffset: i, as: UInt8.self) != 48 else { return (0, 0) }
        if j < n, case let c = base.load(fromByteOffset: j, as: UInt8.self), c == 46 || c == 101 || c == 69 { return (0, 0) }
        return (count, value)
    }

    /// `assign`, false where it throws: the varying fields done here in line (the
    /// same steps: a field given twice, trimming, empty meaning not given, the
    /// same conversions and bounds), the rest through `assign` itself.
    @inline(__always)
    private mutating func assignInTemplate(
        _ known: (field: ProbeField, name: StaticString), _ raw: UnsafeRawBufferPointer, _ kind: ValueKind, _ fields: inout Fields
    ) -> Bool {
        let field = known.field
        guard kind == .text, field == .timestamp || field == .status || field == .latency else {
            return assignOutOfLine(known, raw, kind, &fields)
        }
        let bit: UInt16 = 1 << ProbeLineParser.bitIndex(field)
        if fields.given & bit != 0 { return false }
        fields.given |= bit
        let value = raw.trimmingASCIIWhitespace()
        if value.isEmpty { return true }
        switch field {
        case .timestamp:
            guard let millis = timestamps.parse(value) else { return false }
            fields.timestamp = millis
        case .status:
            guard let status = ProbeLineParser.parseStatus(value) else { return false }
            fields.status = status
        default:
            guard let latency = ProbeLineParser.wholeMilliseconds(value) ?? ProbeLineParser.parseLatency(value),
                  latency <= ProbeLineParser.maxLatencyMs else { return false }
            fields.latencyMs = latency
        }
        return true
    }

    @inline(never)
    private mutating func assignOutOfLine(
        _ known: (field: ProbeField, name: StaticString), _ raw: UnsafeRawBufferPointer, _ kind: ValueKind, _ fields: inout Fields
    ) -> Bool {
        do { try assign(known.field, known.name, raw, kind, &fields) } catch { return false }
        return true
    }

    /// The fields a kept run gives, taken for a line that repeats it (both parse paths).
    @inline(__always)
    func take(_ entry: RepeatedMembers.Entry, _ found: Int32, _ fields: inout Fields) {
        fields.given |= entry.given
        fields.run = found
        fields.runGiven = entry.given
        if entry.given & RepeatedMembers.environmentBit != 0 { fields.environment = entry.environment }
        if entry.given & RepeatedMembers.clientIDBit != 0 { fields.clientID = entry.clientID }
        if entry.given & RepeatedMembers.consumerBit != 0 { fields.consumer = entry.consumer }
        if entry.given & RepeatedMembers.secretVersionBit != 0 { fields.secretVersion = entry.secretVersion }
        if entry.given & RepeatedMembers.endpointBit != 0 { fields.endpoint = entry.endpoint }
    }
}
