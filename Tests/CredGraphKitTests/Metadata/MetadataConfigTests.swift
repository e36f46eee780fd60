import Testing
@testable import CredGraphIngest
import CredGraphKit

/// `metadata:` in credgraph.yml (inputs.md, metadata.md).
struct MetadataConfigTests {
    func parse(_ yaml: String) -> (Config, Diagnostics) {
        var config = Config()
        var diagnostics = Diagnostics()
        ConfigLoader.parse(yaml, file: "/estate/credgraph.yml", into: &config, diagnostics: &diagnostics)
        return (config, diagnostics)
    }

    @Test func foldersAreRelativeToTheConfigurationAndCarryTheirEnvironment() {
        let (config, diagnostics) = parse("""
        metadata:
          - path: retrieve/acme/Prod_BU
            environment: Prod
          - path: retrieve/acme/_ParentBU_
            environment: prod
            shared: true
          - path: /abs/QA_BU
            environment: qa
        """)
        #expect(diagnostics.items.isEmpty)
        #expect(config.metadata.map(\.path) == ["/estate/retrieve/acme/Prod_BU", "/estate/retrieve/acme/_ParentBU_", "/abs/QA_BU"])
        #expect(config.metadata.map(\.environment) == ["prod", "prod", "qa"])
        #expect(config.metadata.map(\.shared) == [false, true, false])
        #expect(config.metadata.map { $0.location?.line } == [2, 4, 7])
    }

    @Test func badEntriesAreDiagnosticsWithTheirLine() {
        let (config, diagnostics) = parse("""
        metadata:
          - environment: prod
          - path: ok/BU
            shared: maybe
            colour: blue
        """)
        #expect(config.metadata.map(\.path) == ["/estate/ok/BU"])
        let texts = diagnostics.items.map(\.formatted)
        #expect(texts.contains("/estate/credgraph.yml:2: error: 'metadata[0]' needs a path"))
        #expect(texts.contains { $0.hasPrefix("/estate/credgraph.yml:4: error: 'metadata[1].shared' must be true or false") })
        #expect(texts.contains("/estate/credgraph.yml:5: warning: unknown key 'metadata[1].colour' ignored"))
        let (_, scalar) = parse("metadata: retrieve\n")
        #expect(scalar.items.map(\.formatted) == ["/estate/credgraph.yml:1: error: 'metadata' must be a list of {path, environment, shared}"])
    }

    @Test func aMissingFolderNamesTheConfigurationLine() {
        let source = MetadataSource(path: "/nonexistent/BU", environment: "prod", location: SourceLocation(file: "credgraph.yml", line: 12))
        let scan = MetadataReader.scan(sources: [source])
        #expect(scan.diagnostics.items.map(\.formatted) == ["credgraph.yml:12: error: metadata folder '/nonexistent/BU' not found"])
    }
}
