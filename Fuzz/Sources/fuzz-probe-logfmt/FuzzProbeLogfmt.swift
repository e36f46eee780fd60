// libFuzzer target: probe lines in their logfmt form.
//
// A leading `{` would make the line JSON, so it is replaced. Checks: no
// crash, no hang, a warm parser agrees with a fresh one, and a kept record
// holds no control character in its name fields.
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk
import FuzzDriver

nonisolated(unsafe) var warm = ProbeLineParser()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProbeLogfmt(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var line = [UInt8](UnsafeBufferPointer(start: data, count: size))
    if let first = line.firstIndex(where: { $0 != 32 && $0 != 9 && $0 != 13 }), line[first] == UInt8(ascii: "{") {
        line[first] = UInt8(ascii: "x")
    }
    var fresh = ProbeLineParser()
    let a = line.withUnsafeBytes { fresh.parse($0) }
    let b = line.withUnsafeBytes { warm.parse($0) }
    if a != b { fatalError("a warm parser disagrees with a fresh one") }
    if case .record(let record) = a {
        for text in [record.clientID, record.consumer ?? "", record.environment ?? "", record.secretVersion ?? ""]
        where text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            fatalError("control character kept in a name field")
        }
    }
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzProbeLogfmt)
    }
}
