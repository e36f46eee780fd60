// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "CredGraphCore"),
        // Inputs -> typed values: CSV, configuration, probe logs, metadata.
        .target(
            name: "CredGraphIngest",
            dependencies: ["CredGraphCore", "CZlib", .product(name: "Yams", package: "Yams")]
        ),
        // The dependency graph, built from core values only.
        .target(name: "CredGraphGraph", dependencies: ["CredGraphCore"]),
        // Probe evidence and the rules.
        .target(name: "CredGraphRisk", dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph"]),
        // Diagrams as values, laid out and drawn by libgraphviz.
        .target(
            name: "CredGraphRender",
            dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CGraphviz", "CZlib"]
        ),
        // The Markdown reports (templates) and the output folder.
        .target(
            name: "CredGraphReport",
            dependencies: [
                "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The output layer: one formatter per format (text, JSON, Markdown,
        // diagrams) behind one protocol, and the one JSON writer.
        .target(
            name: "CredGraphOutput",
            dependencies: ["CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender", "CredGraphReport"]
        ),
        // The pipeline that runs the stages, re-exporting them: what the
        // executables (and Fuzz/) import.
        .target(
            name: "CredGraphKit",
            dependencies: [
                "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender", "CredGraphReport",
                "CredGraphOutput",
            ]
        ),
        .executableTarget(
            name: "credgraph",
            dependencies: [
                "CredGraphKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Generates the sample estate in data/ and the benchmark sets.
        .executableTarget(
            name: "credgraph-sample",
            dependencies: []
        ),
        // Figures for diagram layout and graph building at scale (not timed tests).
        .executableTarget(
            name: "credgraph-bench",
            dependencies: ["CredGraphKit"]
        ),
        .testTarget(
            name: "CredGraphKitTests",
            dependencies: [
                "CredGraphKit", "CredGraphCore", "CredGraphIngest", "CredGraphGraph", "CredGraphRisk", "CredGraphRender",
                "CredGraphReport", "CredGraphOutput", "CGraphviz", "CZlib",
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["credgraph"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
