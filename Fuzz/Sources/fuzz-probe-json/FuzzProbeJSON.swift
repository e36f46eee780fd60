// libFuzzer target: probe lines in their JSON form.
//
// Every input is made a JSON candidate (a leading `{`). Checks: no crash,
// no hang, and a parser that has seen other lines (its interner and scratch
// buffers warm) gives the same outcome as a fresh one.
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk
import FuzzDriver

nonisolated(unsafe) var warm = ProbeLineParser()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProbeJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var line: [UInt8] = [UInt8(ascii: "{")]
    line.append(contentsOf: UnsafeBufferPointer(start: data, count: size))
    if line.count > 1, line[1] == UInt8(ascii: "{") { line.removeFirst() }
    var fresh = ProbeLineParser()
    let a = line.withUnsafeBytes { fresh.parse($0) }
    let b = line.withUnsafeBytes { warm.parse($0) }
    if a != b { fatalError("a warm parser disagrees with a fresh one") }
    if case .record(let record) = a, record.status < 0 || record.status > 999 { fatalError("status out of range") }
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzProbeJSON)
    }
}
