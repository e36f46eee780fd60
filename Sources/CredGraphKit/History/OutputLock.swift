import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Two runs into one output folder (a scheduled job and a person) take
/// turns: each holds an advisory lock (`flock`) on `.NAME.lock` beside the
/// folder from reading `history/` to the last rename, so the second reads
/// the first one's snapshot and carries it along. Beside, not inside: the
/// folder itself is swapped whole. The lock file stays (removing it would
/// race a third run); the kernel drops the lock when the process ends,
/// however it ends.
public struct OutputLock: ~Copyable {
    private let fd: Int32

    /// Takes the lock, waiting at most `timeout` seconds; `waiting` is called
    /// once when another run holds it.
    public init(outputFolder: String, timeout: Double = 600, waiting: (String) -> Void = { _ in }) throws {
        let target = OutputFiles.absolute(outputFolder)
        let parent = OutputFiles.parent(of: target)
        let name = String(target.split(separator: "/").last ?? "out")
        try OutputFiles.makeDirectories(parent, shown: TerminalText.oneLine(parent))
        let path = parent + "/." + name + ".lock"
        let shown = TerminalText.oneLine(path)
        let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError("cannot open the lock file \(shown): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeout)
        var told = false
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(fd)
                throw OutputError("cannot lock \(shown): \(reason)")
            }
            if !told {
                waiting("credgraph: another run is writing \(TerminalText.oneLine(outputFolder)); waiting for it (up to \(Int(timeout)) s, lock \(shown))")
                told = true
            }
            guard Date() < deadline else {
                close(fd)
                throw OutputError("another run has been writing \(TerminalText.oneLine(outputFolder)) for more than \(Int(timeout)) s (lock \(shown)); nothing was written: run again when it is done")
            }
            usleep(100_000)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
