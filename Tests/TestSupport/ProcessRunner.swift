import Foundation

/// What a child process did: its exit status, both streams, and whether it
/// died of a signal or was stopped for running past its deadline.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdoutBytes: [UInt8]
    public var stderr: String
    public var crashed: Bool
    public var timedOut: Bool
    /// The child's process id (gone by now: tests use it as a dead one).
    public var processIdentifier: Int32

    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
}

/// The one way tests run a program: both pipes drained at once (a full pipe
/// cannot block the child), standard input empty, and a deadline, so a hang
/// is a failed test instead of a stuck suite.
public enum ProcessRunner {
    public static let defaultTimeout: TimeInterval = 300

    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil,
        environment: [String: String]? = nil, timeout: TimeInterval = defaultTimeout
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        nonisolated(unsafe) var outData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            // A child that ignores SIGTERM is killed; the pipes then close.
            if group.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                group.wait()
            }
        }
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdoutBytes: Array(outData),
            stderr: String(decoding: errData, as: UTF8.self),
            crashed: process.terminationReason == .uncaughtSignal && !timedOut, timedOut: timedOut,
            processIdentifier: process.processIdentifier)
    }

    /// A shell command line (`/bin/sh -c`), for test data made with system tools.
    @discardableResult
    public static func shell(_ command: String, in directory: URL? = nil, timeout: TimeInterval = defaultTimeout) throws -> ProcessResult {
        try run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: directory, timeout: timeout)
    }
}
