import CredGraphCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chunks waiting for a worker, and the signal that one is parsed.
final class ProbeWorkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [ProbeChunk] = []
    private var head = 0
    private var closed = false

    func submit(_ chunk: ProbeChunk) {
        condition.lock()
        pending.append(chunk)
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk to parse; nil once the queue is closed and empty.
    func next() -> ProbeChunk? {
        condition.lock()
        defer { condition.unlock() }
        while head == pending.count && !closed { condition.wait() }
        guard head < pending.count else { return nil }
        let chunk = pending[head]
        head += 1
        if head > 64 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        return chunk
    }

    func finished(_ chunk: ProbeChunk) {
        condition.lock()
        chunk.done = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilParsed(_ chunk: ProbeChunk) {
        condition.lock()
        while !chunk.done { condition.wait() }
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// What each worker leaves behind when the queue closes: its latency
/// histograms and its tally, by worker number (merged in that order, though
/// any order gives the same result).
final class ProbeWorkerResults<Tally: ProbeTally>: @unchecked Sendable {
    private let lock = NSLock()
    private var latency: [LatencyParts?]
    private var tallies: [Tally?]

    init(workers: Int) {
        latency = Array(repeating: nil, count: workers)
        tallies = Array(repeating: nil, count: workers)
    }

    func deposit(worker: Int, latency parts: LatencyParts, tally: Tally) {
        lock.lock()
        latency[worker] = parts
        tallies[worker] = tally
        lock.unlock()
    }

    /// Every worker's results, once all have finished.
    func deposited() -> [(LatencyParts, Tally)] {
        lock.lock()
        defer { lock.unlock() }
        return zip(latency, tallies).compactMap { parts, tally in parts.flatMap { parts in tally.map { (parts, $0) } } }
    }
}

/// How a parallel probe scan is cut up.
package struct ProbePipelineSettings: Sendable {
    /// Worker threads parsing chunks (the calling thread reads and aggregates).
    package var workers: Int
    /// Bytes of whole lines handed to a worker at a time.
    var chunkBytes: Int
    var maxLineBytes: Int
    /// Chunks read ahead of the aggregation, which bounds memory to about
    /// `chunksInFlight * (chunkBytes + maxLineBytes)`.
    var chunksInFlight: Int

    package static func standard(workers: Int = ProbePipelineSettings.defaultWorkers) -> ProbePipelineSettings {
        ProbePipelineSettings(
            workers: workers, chunkBytes: 2 << 20, maxLineBytes: LineSplitter.defaultMaxLineBytes,
            chunksInFlight: min(2 * workers + 2, 12))
    }

    package static var defaultWorkers: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16)) }
}

/// Reads probe logs with the parsing spread over worker threads and the
/// aggregation kept on the calling thread, in file and line order: the
/// evidence, the statistics and the diagnostics (their order and line numbers
/// included) are exactly those of scanning the files one line at a time.
///
/// The calling thread reads each file (decompressing gzip) into chunks of
/// whole lines; workers parse chunks, fold the probes that need no order
/// (inventoried names, no secret version: nearly all of them) into their own
/// `ProbeTally`, and keep the rest as `ProbeFact`s, which the calling thread
/// applies strictly in the order they were read; it merges the tallies at the
/// end. Memory is a fixed number of chunk buffers plus a tally per worker,
/// whatever the size of the logs.
package struct ProbePipeline<Sink: ProbeSink> {
    private enum Step {
        case fileStart(String)
        case chunk(ProbeChunk)
        /// An over-long line the reader skipped; `counted` is false when the file broke off inside it.
        case overlong(counted: Bool)
        case fileEnd(bytes: Int, failure: String?)
        case diagnostic(Diagnostic)
    }

    private let settings: ProbePipelineSettings
    private let options: ProbeScanOptions
    private let queue = ProbeWorkQueue()
    private var steps: [Step] = []
    private var nextStep = 0
    private var free: [ProbeChunk] = []
    private var allocated = 0
    private var inFlight = 0

    // Applying, in order.
    private var sink: Sink
    private var diagnostics: Diagnostics
    private var total = ProbeScanStats()
    private var perFile: [ProbeFileStats] = []
    private var file = ProbeScanStats()
    private var reporter: MalformedLineReporter?
    private var currentFile = ""
    private var progress: ProbeProgress

    /// Scans `files` in order into `sink`.
    static func run(
        files: [String], options: ProbeScanOptions, settings: ProbePipelineSettings,
        sink: inout Sink, diagnostics: inout Diagnostics, progress: ProbeProgress = ProbeProgress(nil)
    ) -> ProbeScanStats {
        var perFile: [ProbeFileStats] = []
        return run(
            files: files, options: options, settings: settings, sink: &sink, diagnostics: &diagnostics,
            perFile: &perFile, progress: progress)
    }

    /// `run`, also giving what each file yielded.
    package static func run(
        files: [String], options: ProbeScanOptions, settings: ProbePipelineSettings,
        sink: inout Sink, diagnostics: inout Diagnostics, perFile: inout [ProbeFileStats],
        progress: ProbeProgress = ProbeProgress(nil)
    ) -> ProbeScanStats {
        var pipeline = ProbePipeline(
            settings: settings, options: options, sink: sink, diagnostics: diagnostics, progress: progress)
        let stopped = DispatchSemaphore(value: 0)
        let queue = pipeline.queue
        let matching = sink.probeMatching
        let maxLineBytes = settings.maxLineBytes
        let workers = max(1, settings.workers)
        let results = ProbeWorkerResults<Sink.Tally>(workers: workers)
        for worker in 0..<workers {
            let blank = sink.makeTally()
            let thread = Thread {
                var parser = ProbeChunkParser(matching: matching, maxLineBytes: maxLineBytes, settings: options.settings)
                var tally = blank
                while let chunk = queue.next() {
                    parser.process(chunk)
                    queue.finished(chunk)
                    parser.fold(into: &tally)
                }
                results.deposit(worker: worker, latency: parser.finishLatency(), tally: tally)
                stopped.signal()
            }
            thread.start()
        }
        pipeline.progress.files = files.count
        for (index, path) in files.enumerated() {
            pipeline.progress.file = index + 1
            if options.settings.format == .jsonArray || (options.settings.format == .auto && ProbeLog.startsWithJSONArray(path)) {
                pipeline.readJSONArray(path)
            } else {
                pipeline.read(path)
            }
        }
        pipeline.applyAll()
        queue.close()
        for _ in 0..<workers { stopped.wait() }
        for (parts, tally) in results.deposited() {
            pipeline.sink.mergeTokenLatency(parts)
            pipeline.sink.merge(tally)
        }
        pipeline.progress.finish()
        sink = pipeline.sink
        diagnostics = pipeline.diagnostics
        perFile = pipeline.perFile
        return pipeline.total
    }

    /// A JSON array file is read on this thread, after everything read
    /// before it is applied, so the order of evidence and diagnostics holds.
    private mutating func readJSONArray(_ path: String) {
        applyAll()
        var sink = self.sink
        let stats = ProbeLog.scanJSONArray(
            file: path, options: options, parser: MappedProbeParser(settings: options.settings),
            maxElementBytes: settings.maxLineBytes, diagnostics: &diagnostics) { sink.add($0) }
        self.sink = sink
        total.add(stats)
        perFile.append(ProbeFileStats(path: path, stats: stats))
    }

    private init(
        settings: ProbePipelineSettings, options: ProbeScanOptions, sink: Sink,
        diagnostics: Diagnostics, progress: ProbeProgress
    ) {
        self.settings = settings
        self.options = options
        self.sink = sink
        self.diagnostics = diagnostics
        self.progress = progress
    }

    // MARK: - Reading (calling thread)

    private mutating func read(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            let reason = code == ENOENT ? "no such file or directory" : systemErrorText(code)
            steps.append(.diagnostic(Diagnostic(file: path, line: nil, severity: .error, message: "cannot open probe log: \(reason)")))
            return
        }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            steps.append(.diagnostic(Diagnostic(file: path, line: nil, severity: .error, message: "cannot read probe log: is a directory")))
            return
        }
        if info.st_mode & S_IFMT == S_IFREG, isMostlyHoles(info) {
            steps.append(.diagnostic(Diagnostic(file: path, line: nil, severity: .error, message: "cannot read probe log: a sparse file of \(info.st_size) bytes, mostly holes")))
            return
        }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        steps.append(.fileStart(path))
        if ProbeLog.isGzipName(path) {
            var source = GzipSource(fd: fd)
            read(from: &source)
        } else {
            var source = FileDescriptorSource(fd: fd)
            read(from: &source)
        }
    }

    /// Cuts the stream into chunks of whole lines. Lines longer than the cap
    /// are dropped here as they arrive (one `overlong` step each) when they do
    /// not fit a chunk; the worker reports those that do.
    private mutating func read<Source: ByteSource>(from source: inout Source) {
        let cap = settings.maxLineBytes
        let block = max(settings.chunkBytes, 1)
        var chunk = takeChunk()
        chunk.startsFile = true
        var end = 0
        var bytes = 0
        var skipping = false
        while true {
            guard let base = chunk.buffer.baseAddress else { return }
            let result = source.read(into: UnsafeMutableRawBufferPointer(rebasing: chunk.buffer[end...]))
            switch result {
            case .bytes(let count):
                bytes += count
                progress.bytes += count
                if skipping {
                    // The rest of an over-long line runs to its newline; what follows is kept.
                    guard let found = memchr(base, 10, count) else { continue }
                    let after = base.distance(to: found) + 1
                    steps.append(.overlong(counted: true))
                    skipping = false
                    end = count - after
                    if end > 0 { memmove(base, base + after, end) }
                } else {
                    end += count
                }
                guard end >= block else { continue }
                guard let last = ProbeChunk.lastNewline(base, end) else {
                    if end > cap {
                        skipping = true
                        end = 0
                        chunk.startsFile = false // what the buffer will hold next is not line 1
                    }
                    continue
                }
                let carry = end - (last + 1)
                let next = takeChunk()
                if carry > cap {
                    skipping = true
                    end = 0
                } else {
                    if carry > 0, let target = next.buffer.baseAddress { memcpy(target, base + last + 1, carry) }
                    end = carry
                }
                chunk.count = last + 1
                submit(chunk)
                chunk = next
            case .end:
                if skipping {
                    steps.append(.overlong(counted: true))
                    recycle(chunk)
                } else if end > 0 {
                    chunk.count = end
                    chunk.endsFile = true
                    submit(chunk)
                } else {
                    recycle(chunk)
                }
                steps.append(.fileEnd(bytes: bytes, failure: nil))
                return
            case .failure(let text):
                // Whole lines read before the failure count; the incomplete one after them does not.
                if skipping {
                    steps.append(.overlong(counted: false))
                    recycle(chunk)
                } else {
                    let last = ProbeChunk.lastNewline(base, end)
                    let kept = last.map { $0 + 1 } ?? 0
                    let overlong = end - kept > cap
                    if kept > 0 {
                        chunk.count = kept
                        submit(chunk)
                    } else {
                        recycle(chunk)
                    }
                    if overlong { steps.append(.overlong(counted: false)) }
                }
                steps.append(.fileEnd(bytes: bytes, failure: text))
                return
            }
        }
    }

    private mutating func takeChunk() -> ProbeChunk {
        while free.isEmpty && allocated >= max(settings.chunksInFlight, 2) {
            applyOne()
        }
        if let chunk = free.popLast() { return chunk }
        allocated += 1
        return ProbeChunk(capacity: max(settings.chunkBytes, 1) + settings.maxLineBytes)
    }

    private mutating func recycle(_ chunk: ProbeChunk) {
        chunk.reset()
        free.append(chunk)
    }

    private mutating func submit(_ chunk: ProbeChunk) {
        steps.append(.chunk(chunk))
        inFlight += 1
        queue.submit(chunk)
    }

    // MARK: - Applying (calling thread, in order)

    private mutating func applyAll() {
        while nextStep < steps.count { applyOne() }
    }

    /// Applies steps up to and including the next chunk.
    private mutating func applyOne() {
        while nextStep < steps.count {
            let step = steps[nextStep]
            nextStep += 1
            if nextStep == steps.count {
                steps.removeAll(keepingCapacity: true)
                nextStep = 0
            }
            if apply(step) { return }
        }
    }

    /// Returns true after a chunk.
    private mutating func apply(_ step: Step) -> Bool {
        switch step {
        case .diagnostic(let diagnostic):
            diagnostics.append(diagnostic)
        case .fileStart(let path):
            currentFile = path
            file = ProbeScanStats()
            reporter = MalformedLineReporter(file: path, options: options)
        case .chunk(let chunk):
            queue.waitUntilParsed(chunk)
            inFlight -= 1
            applyChunk(chunk)
            recycle(chunk)
            return true
        case .overlong(let counted):
            file.malformed += 1
            let message = "malformed probe line: longer than \(settings.maxLineBytes) bytes"
            reporter?.report(message, line: file.lines + 1, into: &diagnostics)
            if counted { file.lines += 1 }
        case .fileEnd(let bytes, let failure):
            file.bytes = bytes
            reporter?.finish(into: &diagnostics)
            if let failure {
                let place = file.lines > 0 ? " after line \(file.lines)" : ""
                diagnostics.error("cannot read probe log\(place): \(failure)", file: currentFile)
            }
            reporter?.judge(file, maxShare: options.settings.maxMalformedShare, readFailed: failure != nil, into: &diagnostics)
            reporter = nil
            total.add(file)
            perFile.append(ProbeFileStats(path: currentFile, stats: file))
        }
        return false
    }

    private mutating func applyChunk(_ chunk: ProbeChunk) {
        for (line, message) in chunk.malformed {
            reporter?.report(message, line: file.lines + line, into: &diagnostics)
        }
        file.malformed += chunk.malformed.count
        file.records += chunk.facts.count + chunk.folded
        file.lines += chunk.lines
        progress.lines += chunk.lines
        // Local copies: a class's arrays read per fact would pay a dynamic exclusivity check each time.
        let records = chunk.records
        let versions = chunk.versions
        chunk.facts.withUnsafeBufferPointer { facts in sink.add(facts, records: records, versions: versions) }
        progress.update()
    }
}

/// A progress line while long probe logs are read (files, megabytes and
/// lines per second), redrawn at most twice a second through the caller's
/// `ProgressLine`; nothing without one (the command line gives one only when
/// standard error is a terminal, never in pipes, files or CI logs).
package struct ProbeProgress {
    let line: ProgressLine?
    var files = 0
    var file = 0
    var bytes = 0
    var lines = 0
    private var started: UInt64 = 0
    private var lastShown: UInt64 = 0
    private var shown = false

    /// Only after this long is a scan "long" enough to show progress.
    static let delayNanoseconds: UInt64 = 1_000_000_000

    package init(_ line: ProgressLine?) {
        self.line = line
        started = ProbeProgress.now()
        lastShown = started
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    mutating func update() {
        guard let line else { return }
        let now = ProbeProgress.now()
        guard now - started >= ProbeProgress.delayNanoseconds, now - lastShown >= 500_000_000 else { return }
        lastShown = now
        shown = true
        let seconds = Double(now - started) / 1e9
        let rate = Double(lines) / max(seconds, 1e-9)
        line.show("credgraph: reading probe logs: file \(file)/\(files), \(bytes / 1_000_000) MB, \(ProbeProgress.format(rate)) lines/s")
    }

    /// Clears the line so later output starts clean.
    mutating func finish() {
        guard let line, shown else { return }
        line.clear()
        shown = false
    }

    static func format(_ rate: Double) -> String {
        if rate >= 1e6 { return "\(Double(Int(rate / 1e4)) / 100) M" }
        if rate >= 1e3 { return "\(Int(rate / 1e3)) k" }
        return "\(Int(rate))"
    }
}
