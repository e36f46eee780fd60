import CredGraphCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Renders many diagrams on every core: libgraphviz keeps global state in
/// dot's layout and is not thread-safe (`GraphvizRuntime` serialises every
/// call), so the only way to lay out two diagrams at once is two processes.
/// The extra processes are the running credgraph binary itself in its hidden
/// `render-worker` mode, each with its own in-process libgraphviz (nothing
/// shells out to `dot`). This process renders too: `count` workers plus this
/// one.
///
/// Results come back in order and byte-identical to rendering here: the
/// worker runs the same `renderDiagram` on the same diagram, redacted here
/// before it is sent (`DiagramWire.request`). A worker that cannot start,
/// dies, stops answering or answers garbage is stopped and reaped, and the
/// diagram it had (and every later one) is rendered by the others or here;
/// `onProblem` is told why. Workers are started for one `render` and reaped
/// before it returns, so their CPU time is in RUSAGE_CHILDREN by then.
///
/// The library's default, `inProcess`, starts nothing: a library user has no
/// worker executable.
public struct DiagramWorkers: Sendable {
    /// The binary to start; nil renders in-process.
    public var executable: String?
    /// Its arguments (the worker mode).
    public var arguments: [String]
    /// Worker processes besides this one.
    public var count: Int
    /// Longest wait for one answer before the worker is taken for hung and
    /// killed; a change review's diagram takes well under a second.
    public var answerTimeout: Double = 300
    /// Told, in one line, when a worker fails and its diagrams are rendered elsewhere.
    public var onProblem: (@Sendable (String) -> Void)?

    public static let inProcess = DiagramWorkers(executable: nil, count: 0)

    /// The worker mode's subcommand: hidden, reads requests on stdin.
    public static let workerCommand = "render-worker"

    /// Most processes `--jobs` uses by default: beyond this a report gains
    /// little (writing and the Swift pages remain) and memory grows.
    public static let defaultJobsCap = 8

    public init(executable: String?, arguments: [String] = [workerCommand], count: Int, onProblem: (@Sendable (String) -> Void)? = nil) {
        self.executable = executable
        self.arguments = arguments
        self.count = max(0, count)
        self.onProblem = onProblem
    }

    /// The number of online cores, at most `defaultJobsCap`.
    public static var defaultJobs: Int { min(defaultJobsCap, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// The path of the running binary (what `render-worker` starts), or nil.
    public static func runningExecutable() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        let arg0 = CommandLine.arguments.first ?? ""
        guard arg0.contains("/") else { return nil }
        let path = arg0.hasPrefix("/") ? arg0 : FileManager.default.currentDirectoryPath + "/" + arg0
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// Builds and renders diagrams `0..<total` (`diagram` is called once
    /// per index, from any thread) and returns each one's notes and bytes in
    /// order. Throws what rendering them one after the other here would: the
    /// first diagram's error in order.
    public func render(_ total: Int, format: DiagramFormat, _ diagram: @escaping @Sendable (Int) -> Diagram) throws -> [(notes: [String], bytes: [UInt8])] {
        try start(total, format: format, diagram).wait()
    }

    /// Starts the workers on diagrams `0..<total` and returns at once, so
    /// this process can do other work (a report's pages) meanwhile; `wait`
    /// renders what is left here, reaps the workers and gives the results.
    /// In-process (no worker), everything is rendered in `wait`.
    public func start(_ total: Int, format: DiagramFormat, _ diagram: @escaping @Sendable (Int) -> Diagram) -> PendingDiagrams {
        let batch = Batch(total: total)
        let pending = PendingDiagrams(batch: batch, format: format, diagram: diagram)
        let wanted = min(count, total - 1)
        guard wanted > 0, let executable else { return pending }
        #if os(Linux)
        for _ in 0..<wanted {
            let worker: WorkerProcess
            do {
                worker = try WorkerProcess(executable: executable, arguments: arguments)
            } catch {
                onProblem?("a diagram worker could not start (\(error)); its diagrams are rendered by the others")
                break
            }
            let group = pending.group
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                serve(worker, batch, format, diagram)
            }
            // A fallback renders in-process on this thread; dot recurses.
            thread.stackSize = 64 << 20
            thread.start()
        }
        #endif
        return pending
    }

    #if os(Linux)
    /// One worker's share: the next diagram not taken, until none is left.
    fileprivate func serve(_ worker: WorkerProcess, _ batch: Batch, _ format: DiagramFormat, _ diagram: @Sendable (Int) -> Diagram) {
        while let i = batch.take() {
            let d = diagram(i)
            switch worker.exchange(DiagramWire.request(d, format: format), timeout: answerTimeout) {
            case .rendered(let bytes):
                batch.store(i, notes: d.notes, .success(bytes))
            case .graphvizError(let message):
                batch.store(i, notes: d.notes, .failure(GraphvizError(message)))
            case .failed(let reason):
                worker.stop(kill: true)
                onProblem?("diagram worker \(worker.pid) \(reason); its diagrams are rendered by the others")
                batch.store(i, notes: d.notes, Result { try renderDiagram(d, format: format) })
                return
            }
        }
        worker.stop(kill: false)
    }
    #endif
}

/// Diagrams being rendered by workers (`DiagramWorkers.start`).
public final class PendingDiagrams: @unchecked Sendable {
    fileprivate let batch: Batch
    fileprivate let group = DispatchGroup()
    private let format: DiagramFormat
    private let diagram: @Sendable (Int) -> Diagram
    private var waited = false

    fileprivate init(batch: Batch, format: DiagramFormat, diagram: @escaping @Sendable (Int) -> Diagram) {
        self.batch = batch
        self.format = format
        self.diagram = diagram
    }

    /// Renders here every diagram no worker has taken, waits for the
    /// workers (reaped by then) and returns the results in order.
    public func wait() throws -> [(notes: [String], bytes: [UInt8])] {
        waited = true
        while let i = batch.take() {
            let d = diagram(i)
            batch.store(i, notes: d.notes, Result { try renderDiagram(d, format: format) })
        }
        group.wait()
        return try batch.results()
    }

    /// Abandoned before `wait` (an error elsewhere): no new diagram is
    /// handed out, and the workers finish the one in hand and are reaped.
    deinit {
        guard !waited else { return }
        batch.cancel()
        group.wait()
    }
}

/// The diagrams of one `render`: which index is next, and what came back.
fileprivate final class Batch: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let total: Int
    private var failed = false
    private var slots: [(notes: [String], result: Result<[UInt8], any Error>)?]

    init(total: Int) {
        self.total = total
        slots = Array(repeating: nil, count: total)
    }

    /// The next index, or nil when all are taken or one has failed. After a
    /// failure the indices handed out are a prefix and all finish, so the
    /// first failure among them is the one a serial run would have thrown.
    func take() -> Int? {
        lock.withLock {
            guard next < total, !failed else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func cancel() {
        lock.withLock { failed = true }
    }

    func store(_ i: Int, notes: [String], _ result: Result<[UInt8], any Error>) {
        lock.withLock {
            if case .failure = result { failed = true }
            slots[i] = (notes, result)
        }
    }

    func results() throws -> [(notes: [String], bytes: [UInt8])] {
        try lock.withLock {
            var out: [(notes: [String], bytes: [UInt8])] = []
            out.reserveCapacity(total)
            for slot in slots {
                // Nil only after an earlier failure, which is thrown first.
                guard let slot else { break }
                out.append((slot.notes, try slot.result.get()))
            }
            return out
        }
    }
}

#if os(Linux)
/// One worker process and the socket to it (its stdin and stdout).
/// A socket rather than a pipe: `send` with MSG_NOSIGNAL reports a dead
/// worker as an error instead of raising SIGPIPE in this process.
fileprivate final class WorkerProcess: @unchecked Sendable {
    let pid: pid_t
    private var fd: Int32

    enum Answer {
        case rendered([UInt8])
        case graphvizError(String)
        case failed(String)
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    init(executable: String, arguments: [String]) throws {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw SpawnError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The worker starts with no signal blocked (this thread may block
        // some) and SIGPIPE at its default.
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(fds[1])
        guard status == 0 else {
            close(fds[0])
            throw SpawnError(description: "\(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        fd = fds[0]
    }

    /// Sends one request and waits for its answer.
    func exchange(_ request: [UInt8], timeout: Double) -> Answer {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        guard sendAll(DiagramWire.frame(request)) else { return .failed("stopped reading (\(String(cString: strerror(errno))))") }
        guard let header = receive(4, deadline: deadline) else { return .failed(lastFailure) }
        let length = Int(DiagramWire.readUInt32(header))
        guard length >= 1, length <= DiagramWire.maxFrame else { return .failed("answered garbage (a frame of \(length) bytes)") }
        guard let payload = receive(length, deadline: deadline) else { return .failed(lastFailure) }
        let body = Array(payload[1...])
        switch DiagramWire.Status(rawValue: payload[0]) {
        case .rendered: return .rendered(body)
        case .graphvizError: return .graphvizError(String(decoding: body, as: UTF8.self))
        case .badRequest: return .failed("could not read a request (\(String(decoding: body, as: UTF8.self)))")
        case nil: return .failed("answered garbage (status \(payload[0]))")
        }
    }

    private var lastFailure = ""

    private func sendAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var sent = 0
            while sent < buffer.count {
                let n = send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                sent += n
            }
            return true
        }
    }

    private func receive(_ count: Int, deadline: UInt64) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else {
                lastFailure = "gave no answer in time"
                return nil
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(min(Double(Int32.max), Double(deadline - now) / 1e6 + 1)))
            if ready < 0 {
                if errno == EINTR { continue }
                lastFailure = "could not be read (\(String(cString: strerror(errno))))"
                return nil
            }
            if ready == 0 { continue }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, count - got) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                lastFailure = "could not be read (\(String(cString: strerror(errno))))"
                return nil
            }
            if n == 0 {
                lastFailure = "exited before answering"
                return nil
            }
            got += n
        }
        return out
    }

    /// Closes the socket (the worker's stdin: it exits) and reaps it, killed
    /// first when it failed or does not exit within a few seconds.
    func stop(kill killFirst: Bool) {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        if killFirst { kill(pid, SIGKILL) }
        var status: Int32 = 0
        for attempt in 0... {
            let r = waitpid(pid, &status, attempt < 500 ? WNOHANG : 0)
            if r == pid || (r < 0 && errno != EINTR) { return }
            if attempt == 499 { kill(pid, SIGKILL) }
            if r == 0 { usleep(10_000) }
        }
    }
}
#endif

/// The worker's side: reads framed requests on stdin until it closes,
/// renders each in-process and writes one framed answer on stdout; nothing
/// else is written there. Returns the exit status.
/// `CREDGRAPH_WORKER_FAULT` is a test hook: `exit-after:K` exits without
/// answering the request after the K-th, `garbage-after:K` answers it with
/// bytes that are not a frame.
public func serveDiagramRequests() -> Int32 {
    #if os(Linux)
    // A parent gone is a write error, not a signal.
    signal(SIGPIPE, SIG_IGN)
    var fault: (kind: Substring, after: Int)?
    if let hook = ProcessInfo.processInfo.environment["CREDGRAPH_WORKER_FAULT"] {
        let parts = hook.split(separator: ":")
        if parts.count == 2, let k = Int(parts[1]) { fault = (parts[0], k) }
    }
    var served = 0
    while true {
        guard let header = readExactly(0, 4) else { return 0 }
        let length = Int(DiagramWire.readUInt32(header))
        guard length <= DiagramWire.maxFrame, let request = readExactly(0, length) else { return 2 }
        if let fault, served >= fault.after {
            if fault.kind == "exit-after" { _exit(3) }
            if fault.kind == "garbage-after" { _ = writeAll(1, Array("not a frame at all".utf8)); return 3 }
        }
        let answer: [UInt8]
        do {
            let (diagram, format, engine) = try DiagramWire.decodeRequest(request)
            do {
                answer = DiagramWire.answer(.rendered, try renderDiagram(diagram, format: format, engine: engine))
            } catch {
                answer = DiagramWire.answer(.graphvizError, Array(String(describing: error).utf8))
            }
        } catch {
            _ = writeAll(1, DiagramWire.frame(DiagramWire.answer(.badRequest, Array(error.description.utf8))))
            return 2
        }
        guard writeAll(1, DiagramWire.frame(answer)) else { return 0 }
        served += 1
    }
    #else
    return 2
    #endif
}

#if os(Linux)
private func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: count)
    var got = 0
    while got < count {
        let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, count - got) }
        if n < 0, errno == EINTR { continue }
        if n <= 0 { return nil }
        got += n
    }
    return out
}

private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var written = 0
        while written < buffer.count {
            let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            written += n
        }
        return true
    }
}
#endif
