import Foundation

/// Per-stage figures for `make bench`: with `CREDGRAPH_STAGE_TIMES` set in
/// the environment, each stage of a run (ingest with the graph alongside, risk, each report
/// kind, diagrams, writing) prints one line to standard error with its wall
/// time, its CPU time (user + system, all threads and reaped child
/// processes such as diagram workers) and the process's peak
/// resident memory so far. Nothing is printed otherwise, and the lines hold
/// stage names and numbers only, never anything read from the inputs.
public enum StageTimes {
    static let enabled = ProcessInfo.processInfo.environment["CREDGRAPH_STAGE_TIMES"] != nil

    /// Runs `body`, and prints its figures when enabled.
    public static func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        let start = Snapshot()
        let result = try body()
        Snapshot().report(stage, since: start)
        return result
    }

    struct Snapshot {
        var wall: UInt64
        var cpu: Double
        var peakKiB: Int

        init() {
            wall = DispatchTime.now().uptimeNanoseconds
            var usage = rusage()
            // Children too: diagram workers (`report --jobs`) are reaped
            // before their stage ends, so their CPU counts in that stage.
            var children = rusage()
            #if os(Linux)
            getrusage(RUSAGE_SELF.rawValue, &usage)
            getrusage(RUSAGE_CHILDREN.rawValue, &children)
            #else
            getrusage(RUSAGE_SELF, &usage)
            getrusage(RUSAGE_CHILDREN, &children)
            #endif
            func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
            cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime) + seconds(children.ru_utime) + seconds(children.ru_stime)
            peakKiB = Int(usage.ru_maxrss)  // KiB on Linux; this process only
        }

        func report(_ stage: String, since start: Snapshot) {
            let wallSeconds = Double(wall - start.wall) / 1e9
            let line = "credgraph stage: \(stage) wall=\(fixed3(wallSeconds)) cpu=\(fixed3(cpu - start.cpu)) peak_rss_kib=\(peakKiB)\n"
            FileHandle.standardError.write(Data(line.utf8))
        }

        private func fixed3(_ x: Double) -> String {
            let millis = Int((x * 1000).rounded())
            let fraction = String(millis % 1000)
            return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
        }
    }
}
