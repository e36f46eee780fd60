// swift-tools-version:6.0
import PackageDescription

// `make test` (CI) builds our own targets with warnings as errors. Only
// ours: SwiftPM builds remote dependencies with -suppress-warnings, which
// `-Xswiftc -warnings-as-errors` would clash with.
let warningsAsErrors: [SwiftSetting] =
    Context.environment["CREDGRAPH_WARNINGS_AS_ERRORS"] == nil ? [] : [.unsafeFlags(["-warnings-as-errors"])]

let package = Package(
    name: "credgraph",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "credgraph", targets: ["credgraph"]),
        .executable(name: "credgraph-sample", targets: ["credgraph-sample"]),
        .library(name: "CredGraphKit", targets: ["CredGraphKit"]),
    ],
    dependencies: [
        // One subcommand per command of the output contract.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // credgraph.yml, with key paths and line numbers in type errors.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Report templates; no dependencies of its own.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libgraphviz (cgraph + gvc), bound in-process; nothing shells out to `dot`.
        .systemLibrary(
            name: "CGraphviz",
            pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]
        ),
        // zlib, for reading .gz probe logs as a stream.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The pipeline stages, each a module that sees only the stages before
        // it (docs/design.md): a back-edge does not compile.
        // Domain values every stage shares: model, diagnostics, time, redaction.
        .target(name: "CredGraphCore", swiftSettings: warningsAsErrors),
        // Inputs -> typed values: CSV, configuration, probe logs, metadata.
        .target(
            name: "CredGraphIngest",
            dependencies: ["CredGraphCore", "CZlib", .product(name: "Yams", package: "Yams")],
            swiftSettings: warningsAsErrors
        ),
        // The dependency graph, built from core values only.
        .target(name: "CredGraphGraph", dependencies: ["CredGraphCore"], swiftSettings: warningsAsErrors),
        // Probe evidence and the rules.
        .target(
            name: "CredGraphRisk", dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph"], swiftSettings: warningsAsErrors
        ),
        // Diagrams as values, laid out and drawn by libgraphviz.
        .target(
            name: "CredGraphRender",
            dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CGraphviz", "CZlib"],
            swiftSettings: warningsAsErrors
        ),
        // The Markdown reports (templates) and the output folder.
        .target(
            name: "CredGraphReport",
            dependencies: [
                "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: warningsAsErrors
        ),
        // The output layer: one formatter per format (text, JSON, Markdown,
        // diagrams) behind one protocol, and the one JSON writer.
        .target(
            name: "CredGraphOutput",
            dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender", "CredGraphReport"],
            swiftSettings: warningsAsErrors
        ),
        // The pipeline that runs the stages, re-exporting them: what the
        // executables (and Fuzz/) import.
        .target(
            name: "CredGraphKit",
            dependencies: [
                "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender", "CredGraphReport",
                "CredGraphOutput",
            ],
            swiftSettings: warningsAsErrors
        ),
        .executableTarget(
            name: "credgraph",
            dependencies: [
                "CredGraphKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: warningsAsErrors
        ),
        // Generates the sample estate in data/ and the benchmark sets.
        .executableTarget(
            name: "credgraph-sample",
            dependencies: [],
            swiftSettings: warningsAsErrors
        ),
        // Figures for diagram layout and graph building at scale (not timed tests).
        .executableTarget(
            name: "credgraph-bench",
            dependencies: ["CredGraphKit"],
            swiftSettings: warningsAsErrors
        ),
        // What both test targets share: one process runner with a timeout,
        // one seeded random generator, the paths of the fixture estates.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: warningsAsErrors
        ),
        .testTarget(
            name: "CredGraphKitTests",
            dependencies: [
                "CredGraphKit", "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender",
                "CredGraphReport", "CredGraphOutput", "CGraphviz", "CZlib", "TestSupport",
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: warningsAsErrors
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["credgraph", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: warningsAsErrors
        ),
    ],
    swiftLanguageModes: [.v6]
)
