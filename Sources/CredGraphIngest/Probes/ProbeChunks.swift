#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One parsed probe, reduced to what a sink needs: no strings, no
/// references, so a chunk's worth of them is one flat array.
package struct ProbeFact {
    package var timestamp: Int64
    /// Index in `Inventory.credentials`; -1 when the client id is not inventoried
    /// (the whole record is then in `ProbeChunk.records[extra]`).
    package var credential: Int32
    /// Index in `Inventory.consumers`; -1 when no consumer matched.
    package var consumer: Int32
    /// With a credential: index of the secret version in `ProbeChunk.versions`, or -1.
    package var extra: Int32
    package var outcome: ProbeOutcome
    package var endpoint: ProbeRecord.Endpoint
}

/// Token-endpoint latencies a worker recorded, per credential and consumer.
/// Histograms are counts and maxima, so the workers' parts add up to exactly
/// what one sink would have built, in any order; keeping them in the
/// workers takes the most memory-bound part of aggregation off the ordered path.
///
/// A probe that matched a consumer is recorded only in the consumer's
/// histogram (half the updates per line); the credential's histogram is put
/// together at the end from its unattributed probes and its consumers' histograms.
package struct LatencyParts: Sendable {
    /// Probes of the credential that matched no consumer.
    package var credentials: [LatencyHistogram]
    package var consumers: [LatencyHistogram]
}

/// A block of whole probe lines of one file and, once a worker has parsed
/// it, what they held. The main thread fills the buffer and reads the
/// results; a worker writes the results in between (the work queue's lock
/// orders the two).
final class ProbeChunk: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
    /// Bytes of the buffer in use: whole lines, plus an unterminated last line when `endsFile`.
    var count = 0
    /// Holds line 1 of its file (where a byte-order mark is skipped).
    var startsFile = false
    /// Ends its file: bytes after the last newline are a line too.
    var endsFile = false

    var lines = 0
    /// Probes the worker folded into its tally (records, with `facts`).
    var folded = 0
    /// Probes that need order: those naming a secret version, and `records`.
    var facts: [ProbeFact] = []
    /// Records of client ids the inventory lacks (the sink needs their names).
    var records: [ProbeRecord] = []
    var versions: [String] = []
    /// Malformed lines, numbered from 1 within the chunk.
    var malformed: [(line: Int, message: String)] = []
    var done = false

    init(capacity: Int) {
        // Padding after the capacity keeps word loads near the end of the last line inside the allocation.
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity + 64, alignment: 64)
        buffer = UnsafeMutableRawBufferPointer(rebasing: raw[0..<capacity])
    }

    deinit {
        UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: buffer.count + 64).deallocate()
    }

    func reset() {
        count = 0
        startsFile = false
        endsFile = false
        lines = 0
        folded = 0
        facts.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        versions.removeAll(keepingCapacity: true)
        malformed.removeAll(keepingCapacity: true)
        done = false
    }
    /// The index of the last LF in the first `count` bytes (a word at a time, from the end).
    static func lastNewline(_ base: UnsafeMutableRawPointer, _ count: Int) -> Int? {
        var i = count
        while i >= 8 {
            let w = base.loadUnaligned(fromByteOffset: i - 8, as: UInt64.self) ^ (Swar.ones &* 10)
            // Exact per byte (no borrow tricks): the highest zero byte is wanted, not the lowest.
            let zero = ~(((w & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | w | 0x7F7F_7F7F_7F7F_7F7F)
            if zero != 0 { return i - 8 + (63 - zero.leadingZeroBitCount) / 8 }
            i -= 8
        }
        while i > 0 {
            i -= 1
            if base.load(fromByteOffset: i, as: UInt8.self) == 10 { return i }
        }
        return nil
    }
}

/// What one worker thread keeps between chunks: its line parser (with its
/// symbol tables), a cache from symbol ids to inventory indices, so names
/// are matched once per distinct (client id, consumer, env), not per line,
/// and its part of the latency histograms.
struct ProbeChunkParser {
    private var parser = ProbeLineParser()
    /// For lines the fast path rejects or a `probes:` mapping may apply to.
    private let general: MappedProbeParser
    private let route: ProbeLineRoute
    private let matcher: ProbeMatcher
    private let maxLineBytes: Int
    /// The sink's window: only probes in it count towards latency.
    private let windowStart: Int64
    private let asOf: Int64
    private var latency: LatencyParts
    /// The chunk's facts that need no order, for the worker's `ProbeTally`
    /// (a worker-local buffer, reused: they never reach the ordered path).
    private var foldable: [ProbeFact] = []
    /// Token latencies waiting to be recorded, some `pendingCap` at a time,
    /// grouped by histogram: one histogram's buckets at a time stay in cache,
    /// where a line at a time (consumers interleaved) missed it on almost every
    /// probe. Histograms are counts and extremes, so the order values arrive
    /// in does not matter. Histogram `k` is consumer `k`, or credential `k - consumers`.
    private static let pendingCap = 1 << 17
    /// Lines read against the template, a run of them at a time (reused).
    private var batch: [ProbeLineParser.Fields] = []
    private var pendingHistogram: [Int32] = []
    private var pendingLatency: [Double] = []
    private var groupStarts: [Int] = []
    private var grouped: [Double] = []

    /// An open-addressing table (linear probing, never evicting: a direct-mapped
    /// cache thrashed on colliding consumers); cleared when half full.
    private static let memoSlots = 8192
    private var memoKeys: [UInt64] = Array(repeating: UInt64.max, count: ProbeChunkParser.memoSlots)
    private var memoValues: [UInt64] = Array(repeating: 0, count: ProbeChunkParser.memoSlots)
    private var memoCount = 0
    private var memoGeneration = 0
    /// Per kept run of the line parser: credential + 1, consumer + 1 << 32, and bit 63 once resolved.
    private var runMemo: [UInt64] = []
    private var runMemoEpoch = -1

    init(matching: ProbeMatching, maxLineBytes: Int, settings: ProbeSettings = ProbeSettings()) {
        general = MappedProbeParser(settings: settings)
        route = ProbeLineRoute(general)
        matcher = matching.matcher
        windowStart = matching.windowStart
        asOf = matching.asOf
        latency = LatencyParts(
            credentials: Array(repeating: LatencyHistogram(), count: matching.credentialCount),
            consumers: Array(repeating: LatencyHistogram(), count: matching.consumerCount))
        self.maxLineBytes = maxLineBytes
        // Reserved once: grown by doubling, each copy would fault in fresh pages.
        pendingHistogram.reserveCapacity(ProbeChunkParser.pendingCap + 16_384)
        pendingLatency.reserveCapacity(ProbeChunkParser.pendingCap + 16_384)
        batch.reserveCapacity(512)
    }

    /// Splits the chunk into lines exactly as `LineSplitter` does (LF or CRLF,
    /// over-long lines reported, never parsed) and parses each one.
    mutating func process(_ chunk: ProbeChunk) {
        guard let base = UnsafeRawPointer(chunk.buffer.baseAddress) else { return }
        // Filled here and handed back at the end: a class's arrays appended to line by line
        // would pay a dynamic exclusivity check on every access.
        var out = ChunkOutput(facts: chunk.facts, records: chunk.records, versions: chunk.versions, malformed: chunk.malformed)
        chunk.facts = []
        chunk.records = []
        chunk.versions = []
        chunk.malformed = []
        defer {
            chunk.facts = out.facts
            chunk.records = out.records
            chunk.versions = out.versions
            chunk.malformed = out.malformed
        }
        foldable.removeAll(keepingCapacity: true)
        let startsFile = chunk.startsFile
        let end = chunk.count
        let bytes = UnsafeRawBufferPointer(start: base, count: end)
        let fused = route.readsNoLineMapped
        var start = 0
        var number = 0
        var triedTemplate = false
        while start < end {
            // A line that repeats the template is read without finding its end first
            // (not the first line of a file, which may start with a byte-order mark).
            // A batch cut short has tried the line after it already: that line goes the usual way
            // at once, rather than through the template a second time before it.
            if fused && (number > 0 || !startsFile) && !triedTemplate {
                let next = parser.readTemplateLines(bytes, from: start, maxLineBytes: maxLineBytes, into: &batch, limit: 512)
                if !batch.isEmpty {
                    number += batch.count
                    for fields in batch { add(fields, &out) }
                    start = next
                    triedTemplate = batch.count < 512
                    continue
                }
            }
            triedTemplate = false
            let lineEnd: Int
            if let found = memchr(base + start, 10, end - start) {
                lineEnd = base.distance(to: UnsafeRawPointer(found))
            } else {
                lineEnd = end // the file's last line, without a newline
            }
            number += 1
            line(UnsafeRawBufferPointer(start: base + start, count: lineEnd - start), number, startsFile, &out)
            start = lineEnd + 1
        }
        chunk.lines = number
        chunk.folded = foldable.count
        if pendingLatency.count >= ProbeChunkParser.pendingCap { recordLatencies() }
    }

    /// Folds the last processed chunk's facts that need no order into `tally`.
    mutating func fold<Tally: ProbeTally>(into tally: inout Tally) {
        guard !foldable.isEmpty else { return }
        foldable.withUnsafeBufferPointer { tally.fold($0) }
        foldable.removeAll(keepingCapacity: true)
    }

    /// The histograms of every chunk this parser processed.
    mutating func finishLatency() -> LatencyParts {
        recordLatencies()
        return latency
    }

    /// Adds the chunk's pending latencies to their histograms, grouped by histogram (a counting sort).
    private mutating func recordLatencies() {
        let count = pendingLatency.count
        guard count > 0 else { return }
        let histograms = latency.consumers.count + latency.credentials.count
        groupStarts.removeAll(keepingCapacity: true)
        groupStarts.append(contentsOf: repeatElement(0, count: histograms + 1))
        grouped.removeAll(keepingCapacity: true)
        grouped.append(contentsOf: repeatElement(0, count: count))
        pendingHistogram.withUnsafeBufferPointer { targets in
            pendingLatency.withUnsafeBufferPointer { values in
                groupStarts.withUnsafeMutableBufferPointer { starts in
                    grouped.withUnsafeMutableBufferPointer { out in
                        // Wrapping steps: the counts are at most `count`, so no overflow check per value.
                        for t in targets { starts[Int(t) &+ 1] &+= 1 }
                        for k in 0..<histograms { starts[k + 1] += starts[k] }
                        // Scattered from the end: afterwards group k runs from starts[k + 1] to starts[k + 2] (or the end).
                        var i = count
                        while i > 0 {
                            i &-= 1
                            let k = Int(targets[i]) &+ 1
                            let at = starts[k] &- 1
                            starts[k] = at
                            out[at] = values[i]
                        }
                    }
                }
            }
        }
        let consumers = latency.consumers.count
        grouped.withUnsafeBufferPointer { grouped in
            for k in 0..<histograms {
                let from = groupStarts[k + 1], to = k + 1 < histograms ? groupStarts[k + 2] : count
                guard from < to else { continue }
                let values = UnsafeBufferPointer(rebasing: grouped[from..<to])
                if k < consumers {
                    latency.consumers[k].add(contentsOf: values)
                } else {
                    latency.credentials[k - consumers].add(contentsOf: values)
                }
            }
        }
        pendingHistogram.removeAll(keepingCapacity: true)
        pendingLatency.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    private mutating func line(_ raw: UnsafeRawBufferPointer, _ number: Int, _ startsFile: Bool, _ out: inout ChunkOutput) {
        if raw.count > maxLineBytes {
            out.malformed.append((number, "malformed probe line: longer than \(maxLineBytes) bytes"))
            return
        }
        var line = raw
        if line.count > 0 && line[line.count - 1] == 13 { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
        if number == 1, startsFile, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeRawBufferPointer(rebasing: line[3...]) // a UTF-8 byte-order mark
        }
        if route.needsGeneral(line) {
            generalLine(line, number, &out)
            return
        }
        switch parser.parseFields(line) {
        case .blank:
            break
        case .malformed(let problem):
            // Off the hot path: the general parser may read it (epoch times, URL endpoints),
            // or says which value was wrong and what is accepted.
            generalLine(line, number, &out, fastProblem: problem)
        case .fields(let fields):
            add(fields, &out)
        }
    }

    /// A well-formed line's probe: folded by the worker, or kept for the ordered path.
    @inline(__always)
    private mutating func add(_ fields: ProbeLineParser.Fields, _ out: inout ChunkOutput) {
        let fact = fact(fields, &out)
        // Order matters only to the capped version tables and the records of unknown names.
        if fact.credential >= 0 && fact.extra < 0 {
            foldable.append(fact)
        } else {
            out.facts.append(fact)
        }
    }

    private func generalLine(_ line: UnsafeRawBufferPointer, _ number: Int, _ out: inout ChunkOutput, fastProblem: String? = nil) {
        switch general.parse(line: line, fastProblem: fastProblem) {
        case .blank:
            break
        case .malformed(let message):
            out.malformed.append((number, message))
        case .record(let record):
            out.records.append(record)
            out.facts.append(ProbeFact(
                timestamp: record.timestamp, credential: -1, consumer: -1,
                extra: Int32(truncatingIfNeeded: out.records.count - 1), outcome: .success, endpoint: record.endpoint))
        }
    }

    @inline(__always)
    private mutating func fact(_ fields: ProbeLineParser.Fields, _ out: inout ChunkOutput) -> ProbeFact {
        let (credential, consumer) = match(fields)
        let timestamp = fields.timestamp ?? 0
        var extra: Int32 = -1
        if credential < 0 || (consumer < 0 && fields.consumer >= 0) {
            // An unknown client id, or a consumer name the inventory lacks: the sink
            // needs the names (rare lines, so the whole record is worth it).
            out.records.append(parser.record(fields))
            extra = Int32(truncatingIfNeeded: out.records.count - 1)
            return ProbeFact(
                timestamp: timestamp, credential: -1, consumer: -1, extra: extra,
                outcome: .success, endpoint: fields.endpoint)
        } else {
            if fields.secretVersion >= 0 {
                out.versions.append(parser.identifiers.strings[Int(fields.secretVersion)])
                extra = Int32(truncatingIfNeeded: out.versions.count - 1)
            }
            // What `ProbeStats.add` would record, for the probes the aggregator counts in the window.
            if fields.endpoint == .token, let ms = fields.latencyMs, timestamp <= asOf, timestamp >= windowStart {
                if consumer >= 0 {
                    pendingHistogram.append(consumer)
                } else {
                    pendingHistogram.append(Int32(truncatingIfNeeded: latency.consumers.count) + credential)
                }
                pendingLatency.append(ms)
            }
        }
        return ProbeFact(
            timestamp: timestamp, credential: credential, consumer: consumer, extra: extra,
            outcome: ProbeOutcome(status: fields.status ?? 0, authErrorCode: parser.hasAuthErrorCode(fields)),
            endpoint: fields.endpoint)
    }

    /// Credential and consumer indices (-1 for none) of a line's names: per
    /// kept run when the line's client id, consumer and env all came from one
    /// (the run's index is a plain array index, where the ids need a hash), else by symbol ids.
    @inline(__always)
    private mutating func match(_ fields: ProbeLineParser.Fields) -> (Int32, Int32) {
        let deciding = RepeatedMembers.clientIDBit | RepeatedMembers.consumerBit | RepeatedMembers.environmentBit
        guard fields.run >= 0, fields.given & deciding == fields.runGiven & deciding else { return matchByIDs(fields) }
        if parser.repeats.epoch != runMemoEpoch {
            runMemo.removeAll(keepingCapacity: true)
            runMemoEpoch = parser.repeats.epoch
        }
        let r = Int(fields.run)
        if r < runMemo.count, runMemo[r] != 0 {
            let value = runMemo[r]
            return (Int32(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1, Int32(truncatingIfNeeded: (value >> 32) & 0x7FFF_FFFF) - 1)
        }
        let found = matchByIDs(fields)
        if r >= runMemo.count { runMemo.append(contentsOf: repeatElement(0, count: r + 1 - runMemo.count)) }
        runMemo[r] = UInt64(UInt32(bitPattern: found.0 + 1)) | UInt64(UInt32(bitPattern: found.1 + 1)) << 32 | 1 << 63
        return found
    }

    /// Credential and consumer indices of a line's names, cached by symbol ids.
    @inline(__always)
    private mutating func matchByIDs(_ fields: ProbeLineParser.Fields) -> (Int32, Int32) {
        if parser.generation != memoGeneration || memoCount >= ProbeChunkParser.memoSlots / 2 {
            for i in memoKeys.indices { memoKeys[i] = UInt64.max }
            memoCount = 0
            memoGeneration = parser.generation
        }
        let limit: Int32 = 1 << 20
        guard fields.clientID < limit, fields.consumer < limit, fields.environment < limit else { return resolve(fields) }
        let key = UInt64(fields.clientID + 1) | UInt64(fields.consumer + 1) << 21 | UInt64(fields.environment + 1) << 42
        let mask = ProbeChunkParser.memoSlots - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            let stored = memoKeys[slot]
            if stored == key {
                let value = memoValues[slot]
                return (Int32(truncatingIfNeeded: value), Int32(truncatingIfNeeded: value >> 32))
            }
            if stored == UInt64.max { break }
            slot = (slot + 1) & mask
        }
        let found = resolve(fields)
        memoKeys[slot] = key
        memoValues[slot] = UInt64(UInt32(bitPattern: found.0)) | UInt64(UInt32(bitPattern: found.1)) << 32
        memoCount += 1
        return found
    }

    private func resolve(_ fields: ProbeLineParser.Fields) -> (Int32, Int32) {
        let clientID = parser.identifiers.strings[Int(fields.clientID)]
        guard let credential = matcher.credential(clientID: clientID) else { return (-1, -1) }
        let consumer = matcher.consumer(
            clientID: clientID,
            name: fields.consumer < 0 ? nil : parser.identifiers.strings[Int(fields.consumer)],
            environment: fields.environment < 0 ? nil : parser.environments.strings[Int(fields.environment)])
        return (Int32(truncatingIfNeeded: credential), Int32(truncatingIfNeeded: consumer ?? -1))
    }
}

/// A chunk's results while a worker fills them.
private struct ChunkOutput {
    var facts: [ProbeFact]
    var records: [ProbeRecord]
    var versions: [String]
    var malformed: [(line: Int, message: String)]
}
