// libFuzzer target: the RFC 3339 and date parsers.
//
// Checks: no crash (no overflow trap), and what parses round-trips: the
// UTC instant formatted and parsed again is the same second.
import CredGraphKit
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRFC3339(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    if let millis = parseRFC3339(bytes) {
        let formatted = formatTimestamp(millis)
        guard let again = parseRFC3339(formatted) else { fatalError("formatted instant does not parse: \(formatted)") }
        let second = millis - ((millis % 1000) + 1000) % 1000
        if again != second { fatalError("round trip changed \(millis) to \(again) via \(formatted)") }
    }
    if let day = Day(parsing: text) {
        guard let again = Day(parsing: day.description), again == day else { fatalError("day round trip failed: \(day)") }
    }
    _ = parseAsOf(text)
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzRFC3339)
    }
}
