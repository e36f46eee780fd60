// swift-tools-version:6.0
// libFuzzer targets for credgraph's parsers. Not part of the main build:
// `make fuzz` builds this package with -sanitize=fuzzer,address in
// .build-fuzz and runs each target for a bounded time (see Fuzz/README.md).
import Foundation
import PackageDescription

// The main package is the folder above; its identity is that folder's name,
// whatever the clone is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let identity = root.lastPathComponent.lowercased()
let kit: Target.Dependency = .product(name: "CredGraphKit", package: identity)

let targets = ["fuzz-csv", "fuzz-probe-json", "fuzz-probe-logfmt", "fuzz-rfc3339", "fuzz-node-reference", "fuzz-config", "fuzz-diagram"]

let package = Package(
    name: "credgraph-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: root.path)],
    targets: [.target(name: "FuzzDriver", path: "Sources/FuzzDriver")] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [kit, "FuzzDriver"],
            path: "Sources/\(name)",
            // libFuzzer supplies main(); the Swift file only defines the entry point.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
