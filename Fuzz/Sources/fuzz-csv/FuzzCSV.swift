// libFuzzer target: the streaming CSV reader and the two loaders built on it.
//
// The input is written to a file (the reader works on files) and read three
// ways: by the inventory loader, by the dependencies loader, and by the bare
// reader with a tiny chunk size and cell limit chosen from the first byte.
// Besides "no crash, no hang", it checks that the records and diagnostics do
// not depend on where chunk boundaries fall.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
import FuzzDriver

let scratch = "/tmp/credgraph-fuzz-csv-\(getpid()).csv"

func records(limits: CSVLimits) -> (records: [CSVRecord], diagnostics: [Diagnostic], skipped: Int) {
    var diagnostics = Diagnostics()
    guard let reader = CSVReader.open(path: scratch, limits: limits, diagnostics: &diagnostics) else {
        return ([], diagnostics.items, 0)
    }
    let all = reader.readAll(diagnostics: &diagnostics)
    return (all, diagnostics.items, reader.skippedRecords)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else { return 0 }

    var diagnostics = Diagnostics()
    let inventory = InventoryLoader.load(path: scratch, secretTTLDays: 180, diagnostics: &diagnostics)
    _ = DependencyLoader.load(path: scratch, inventory: inventory, diagnostics: &diagnostics)
    for d in diagnostics.items where d.line.map({ $0 < 1 }) ?? false {
        fatalError("diagnostic with line \(d.line ?? 0)")
    }

    // Chunk boundaries must not change the result.
    let knobs = bytes.first ?? 0
    let cellLimit = 16 + Int(knobs & 0x3F) * 8
    let small = records(limits: CSVLimits(maxCellBytes: cellLimit, maxCellsPerRecord: 8 + Int(knobs >> 6), chunkSize: 1 + Int(knobs % 7)))
    let large = records(limits: CSVLimits(maxCellBytes: cellLimit, maxCellsPerRecord: 8 + Int(knobs >> 6), chunkSize: 1 << 16))
    if small.records != large.records || small.diagnostics != large.diagnostics || small.skipped != large.skipped {
        fatalError("CSV result depends on the chunk size")
    }
    var previous = 0
    for record in large.records {
        if record.line <= previous { fatalError("record lines not increasing: \(record.line) after \(previous)") }
        previous = record.line
        if record.cells.count > 8 + Int(knobs >> 6) { fatalError("more cells than the limit") }
    }
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzCSV)
    }
}
