import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

@Suite struct GraphScaleTests {
    /// 100 nodes and about 180 edges per package: a credential shared by
    /// three environments, ten data extensions per integration (the last one
    /// prod-only) with a refresh query (a cycle), six emails per data
    /// extension, journeys and content blocks. 1,000 packages make the
    /// 100,000-node estate, which builds in about 0.4 s optimised but over a
    /// second in a debug test run, so the test uses a tenth of it.
    static func largeEstate(packages: Int) -> Estate {
        var e = Estate()
        e.consumers.reserveCapacity(3 * packages)
        e.edges.reserveCapacity(200 * packages)
        for p in 0..<packages {
            for environment in ["dev", "qa", "prod"] {
                e.consumer("Integration \(p)", environment, package: "Package \(p)", client: "client\(p)")
            }
            for d in 0..<10 {
                let de = "DE \(p)-\(d)"
                e.edge(.integration, "Integration \(p)", .dataExtension, de, .writes, environment: d == 9 ? "prod" : nil)
                e.edge(.dataExtension, de, .query, "Refresh \(p)-\(d)", .feeds)
                e.edge(.query, "Refresh \(p)-\(d)", .dataExtension, de, .writes)
                e.edge(.dataExtension, de, .contentBlock, "Block \(p)-\(d)", .reads)
                for m in 0..<6 {
                    e.edge(.dataExtension, de, .email, "Email \(p)-\(d)-\(m)", .reads)
                    e.edge(.email, "Email \(p)-\(d)-\(m)", .journey, "Journey \(p)-\(d % 5)", .triggers)
                }
            }
        }
        return e
    }

    @Test func tenThousandNodes() {
        let graph = Self.largeEstate(packages: 100).graph
        #expect(graph.nodes.count == 10_000)
        #expect(graph.edges.count == 18_200)
        var total = BlastRadiusCounts()
        for p in 0..<100 {
            let counts = graph.blastRadius(ofCredential: "client\(p)").counts
            #expect(counts == BlastRadiusCounts(integrations: 3, productionIntegrations: 1, dataExtensions: 10,
                                                assets: 70, sends: 5, criticalityScore: 6))
            total.integrations += counts.integrations
        }
        #expect(total.integrations == 300)
        // From dev, the prod-only data extension and what hangs off it stay out.
        let dev = graph.blastRadius(of: [id(.integration, "Integration 7", "dev")])
        #expect(dev.counts.dataExtensions == 9)
        #expect(dev.reached(id(.dataExtension, "DE 7-9")) == nil)
        #expect(dev.reached(id(.journey, "Journey 7-4"))?.environments == ["dev"])
        let whole = graph.blastRadius(of: graph.nodes.filter { $0.kind == .installedPackage }.map(\.id))
        #expect(whole.nodes.count == graph.nodes.count)
        #expect(whole.edges.count == graph.edges.count)
    }
}
