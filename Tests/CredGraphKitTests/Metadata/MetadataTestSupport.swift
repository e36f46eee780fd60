import Foundation
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender

/// Writes small mcdev retrieves (this project's own fixtures, in mcdev's
/// layout) into a temporary folder.
struct RetrieveFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("credgraph-retrieve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` at `BU/relative`; returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func source(_ bu: String, _ environment: String = "prod", shared: Bool = false) -> MetadataSource {
        MetadataSource(path: path(bu), environment: environment, shared: shared)
    }

    func scan(_ sources: [MetadataSource], clientIDs: Set<String> = [], declared: Set<NodeKey> = []) -> MetadataScan {
        MetadataReader.scan(sources: sources, clientIDs: clientIDs, declared: declared)
    }
}

extension MetadataScan {
    /// `from -> to relation` lines, for compact assertions.
    var edgeLines: [String] { edges.map { "\($0.from.id) -> \($0.to.id) \($0.relation.rawValue)" } }

    func edge(_ from: String, _ to: String) -> MetadataEdge? {
        edges.first { $0.from.id == from && $0.to.id == to }
    }
}
