import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
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
/// folder itself is swapped whole. The holder removes the file when done
/// (nothing is left beside the folder); a waiter that then gets the lock of
/// a removed file tries again with the current one, so two runs never both
/// hold it. A killed run leaves the file, not the lock (the kernel drops it).
public struct OutputLock: ~Copyable {
    private let fd: Int32
    private let path: String

    /// Takes the lock, waiting at most `timeout` seconds; `waiting` is called
    /// once when another run holds it.
    public init(outputFolder: String, timeout: Double = 600, waiting: (String) -> Void = { _ in }) throws {
        let target = OutputFiles.absolute(outputFolder)
        let parent = OutputFiles.parent(of: target)
        let name = String(target.split(separator: "/").last ?? "out")
        try OutputFiles.makeDirectories(parent, shown: TerminalText.oneLine(parent))
        let path = parent + "/." + name + ".lock"
        let shown = TerminalText.oneLine(path)
        let deadline = Date().addingTimeInterval(timeout)
        var told = false
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OutputError("cannot open the lock file \(shown): \(String(cString: strerror(errno)))") }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                // Still the file at that path (not one the previous holder removed)?
                var held = stat(), current = stat()
                if fstat(fd, &held) == 0, lstat(path, &current) == 0, held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                    self.fd = fd
                    self.path = path
                    return
                }
                close(fd)
                continue
            }
            let problem = errno
            close(fd)
            guard problem == EWOULDBLOCK || problem == EINTR else {
                throw OutputError("cannot lock \(shown): \(String(cString: strerror(problem)))")
            }
            if !told {
                waiting("credgraph: another run is writing \(TerminalText.oneLine(outputFolder)); waiting for it (up to \(Int(timeout)) s, lock \(shown))")
                told = true
            }
            guard Date() < deadline else {
                throw OutputError("another run has been writing \(TerminalText.oneLine(outputFolder)) for more than \(Int(timeout)) s (lock \(shown)); nothing was written: run again when it is done")
            }
            usleep(100_000)
        }
    }

    deinit {
        // Removed while still held, so a waiter sees it is gone and retries.
        unlink(path)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
