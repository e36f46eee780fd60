import Foundation

/// credgraph-sample: writes the committed sample estate, benchmark estates
/// and the broken-input fixture. Arguments are parsed by hand so that this
/// target stays free of dependencies.

let usage = """
usage: credgraph-sample sample [--out DIR] [--plan FILE] [--expectations FILE] [--previous DIR]
       credgraph-sample bench --out DIR [--credentials N] [--consumers N] [--days N]
                              [--interval-seconds N] [--format jsonl|logfmt|gz|export] [--seed N]
       credgraph-sample estate --out DIR [--packages N] [--seed N]
       credgraph-sample broken [--out DIR]
       credgraph-sample metadata-bench --out DIR [--files N]

  sample   the Larkfield Retail sample estate (default --out data); --plan writes
           docs/sample-data.md, --expectations the test expectations TSV, --previous
           the estate one week earlier (for reports/history/, see docs/sample-data.md)
  bench    a large estate for benchmarks (defaults: 225 credentials, 460 consumers,
           7 days, one probe a minute, jsonl)
  estate   many installed packages for the report benchmark (default 100 packages,
           seed 1; another seed gives an estate of the same shape no test has seen)
  broken   a small estate with planted input errors and EXPECTED.txt
           (default --out Tests/CLITests/Fixtures/broken-data)
  metadata-bench   an mcdev retrieve of about N files (default 20,000) for `credgraph scan`

"""

struct UsageError: Error { var message: String }

/// `--name value` pairs; every name must be in `allowed`.
func parseOptions(_ args: ArraySlice<String>, allowed: Set<String>) throws -> [String: String] {
    var options: [String: String] = [:]
    var i = args.startIndex
    while i < args.endIndex {
        let arg = args[i]
        var name = arg
        var value: String?
        if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
            name = String(arg[..<eq])
            value = String(arg[arg.index(after: eq)...])
        }
        guard name.hasPrefix("--"), allowed.contains(String(name.dropFirst(2))) else {
            throw UsageError(message: "unknown argument '\(arg)'")
        }
        if value == nil {
            i += 1
            guard i < args.endIndex else { throw UsageError(message: "\(name) needs a value") }
            value = args[i]
        }
        guard let value, !value.isEmpty else { throw UsageError(message: "\(name) needs a value") }
        guard options[String(name.dropFirst(2))] == nil else { throw UsageError(message: "\(name) given twice") }
        options[String(name.dropFirst(2))] = value
        i += 1
    }
    return options
}

func positiveInt(_ options: [String: String], _ name: String, default value: Int, max: Int) throws -> Int {
    guard let text = options[name] else { return value }
    guard let n = Int(text), n > 0, n <= max else {
        throw UsageError(message: "--\(name) must be a whole number from 1 to \(max), not '\(text)'")
    }
    return n
}

func run(_ arguments: [String]) -> Int32 {
    let args = arguments.dropFirst()
    guard let command = args.first else {
        FileHandle.standardError.write(Data(usage.utf8))
        return 2
    }
    do {
        switch command {
        case "sample":
            let o = try parseOptions(args.dropFirst(), allowed: ["out", "plan", "expectations", "previous"])
            try writeSample(out: o["out"] ?? "data", planPath: o["plan"], expectationsPath: o["expectations"], previousOut: o["previous"])
        case "bench":
            let o = try parseOptions(args.dropFirst(),
                                     allowed: ["out", "credentials", "consumers", "days", "interval-seconds", "format", "seed"])
            guard let out = o["out"] else { throw UsageError(message: "bench needs --out DIR") }
            let format = o["format"] ?? "jsonl"
            guard let benchFormat = BenchFormat(rawValue: format) else {
                throw UsageError(message: "--format must be jsonl, logfmt, gz or export, not '\(format)'")
            }
            let credentials = try positiveInt(o, "credentials", default: 225, max: 100_000)
            let consumers = try positiveInt(o, "consumers", default: 460, max: 1_000_000)
            guard consumers >= credentials else {
                throw UsageError(message: "--consumers (\(consumers)) must be at least --credentials (\(credentials))")
            }
            let options = BenchOptions(
                out: out, credentials: credentials, consumers: consumers,
                days: try positiveInt(o, "days", default: 7, max: 366),
                intervalSeconds: try positiveInt(o, "interval-seconds", default: 60, max: 86_400),
                format: benchFormat, seed: UInt64(try positiveInt(o, "seed", default: 1, max: 1_000_000_000)))
            try writeBench(options)
        case "estate":
            let o = try parseOptions(args.dropFirst(), allowed: ["out", "packages", "seed"])
            guard let out = o["out"] else { throw UsageError(message: "estate needs --out DIR") }
            try writeEstate(EstateOptions(
                out: out, packages: try positiveInt(o, "packages", default: 100, max: 100_000),
                seed: UInt64(try positiveInt(o, "seed", default: 1, max: 1_000_000_000))))
        case "broken":
            let o = try parseOptions(args.dropFirst(), allowed: ["out"])
            try writeBroken(out: o["out"] ?? "Tests/CLITests/Fixtures/broken-data")
        case "metadata-bench":
            let o = try parseOptions(args.dropFirst(), allowed: ["out", "files"])
            guard let out = o["out"] else { throw UsageError(message: "metadata-bench needs --out DIR") }
            try writeMetadataBench(out: out, files: try positiveInt(o, "files", default: 20_000, max: 2_000_000))
        case "-h", "--help", "help":
            FileHandle.standardOutput.write(Data(usage.utf8))
        default:
            throw UsageError(message: "unknown command '\(command)'")
        }
        return 0
    } catch let error as UsageError {
        FileHandle.standardError.write(Data("credgraph-sample: \(error.message)\n\n\(usage)".utf8))
        return 2
    } catch {
        FileHandle.standardError.write(Data("credgraph-sample: \(error)\n".utf8))
        return 1
    }
}

exit(run(CommandLine.arguments))
