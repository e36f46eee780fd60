import CGraphviz
import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender

/// libgraphviz is linked and its plugins are configured: the foundation the
/// diagram stage builds on.
@Suite struct GraphvizSmokeTests {
    @Test func pluginsAreConfigured() throws {
        let runtime = GraphvizRuntime.shared
        #expect(runtime.plugins(kind: "layout").contains { $0.hasPrefix("dot") })
        try runtime.requirePlugins(layout: "dot", format: "svg")
        #expect(throws: GraphvizError.self) { try runtime.requirePlugins(layout: "no-such-engine", format: "svg") }
    }

    @Test func laysOutAndRendersInProcess() throws {
        let svg: String = try GraphvizRuntime.shared.run { gvc in
            let graph = try #require(agopen(strdup("smoke"), credgraph_agdirected(), nil))
            defer { agclose(graph) }
            let a = agnode(graph, strdup("package"), 1)
            let b = agnode(graph, strdup("credential"), 1)
            _ = agedge(graph, a, b, nil, 1)
            #expect(gvLayout(gvc, graph, "dot") == 0)
            defer { gvFreeLayout(gvc, graph) }
            var data: UnsafeMutablePointer<CChar>?
            var length: UInt32 = 0
            #expect(gvRenderData(gvc, graph, "svg", &data, &length) == 0)
            defer { gvFreeRenderData(data) }
            return String(cString: try #require(data))
        }
        #expect(svg.contains("<svg"))
        #expect(svg.contains(">package<"))
        #expect(svg.contains(">credential<"))
    }
}
