import Foundation

/// Where the tests find the repository and their own fixture estates.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/Fixtures.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures/NAME`: a small estate made for what some tests check
    /// (Tests/Fixtures/README.md says which is for what).
    public static func fixture(_ name: String) -> URL {
        packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(name)
    }

    /// A fresh temporary folder; the caller removes it.
    public static func temporaryDirectory(_ prefix: String = "credgraph-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
