// libFuzzer target: credgraph.yml, through the same parse as the loader
// (YAML via Yams/libyaml, then the typed reader). Checks: no crash, no hang,
// and every diagnostic names the file.
import CredGraphKit
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    // The loader refuses files over 1 MiB and text that is not UTF-8.
    guard size <= 1 << 20,
          let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    var config = Config()
    var diagnostics = Diagnostics()
    ConfigLoader.parse(text, file: "credgraph.yml", into: &config, diagnostics: &diagnostics)
    for d in diagnostics.items where d.file != "credgraph.yml" { fatalError("diagnostic for another file") }
    return 0
}

/// SwiftPM gives an executable its own main(), so libFuzzer's is not used:
/// this one hands the command line to libFuzzer's driver.
@main
enum FuzzMain {
    static func main() {
        runFuzzer(fuzzConfig)
    }
}
