import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport

private func inventory(_ rows: [(integration: String, env: String, writes: [String])]) -> Inventory {
    var inventory = Inventory()
    for (i, row) in rows.enumerated() {
        inventory.consumers.append(Consumer(
            integration: row.integration, environment: row.env, installedPackage: "P", clientID: "c\(i)",
            writes: row.writes, location: SourceLocation(file: "inventory.csv", line: i + 2)))
    }
    return inventory
}

private let estate = inventory([
    ("Boomi nightly ETL", "prod", ["Loyalty_Tiers"]),
    ("Boomi nightly ETL", "dev", ["Loyalty_Tiers"]),
    ("Preference Center", "prod", []),
])

private func load(_ text: String, inventory: Inventory = estate) -> (Dependencies, [Diagnostic], String) {
    let files = CSVTestFiles()
    let path = files.write("dependencies.csv", text)
    var diagnostics = Diagnostics()
    let dependencies = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
    return (dependencies, diagnostics.items, path)
}

private func key(_ kind: NodeKind, _ name: String) -> NodeKey { NodeKey(kind: kind, name: name) }
private func errors(_ d: [Diagnostic]) -> [Diagnostic] { d.filter { $0.severity == .error } }
private func warnings(_ d: [Diagnostic]) -> [Diagnostic] { d.filter { $0.severity == .warning } }

/// `from -relation-> to [env]` for compact comparisons.
private func describe(_ edges: [DependencyEdge]) -> [String] {
    edges.map { "\($0.from) -\($0.relation.rawValue)-> \($0.to)" + ($0.environment.map { " [\($0)]" } ?? "") }
}

@Suite struct DependencyLoaderTests {
    @Test func chainWithDefaultRelationsAndForwardReferences() {
        let (deps, diagnostics, path) = load("""
        from,to,to_kind,owner,criticality
        Orders Master,Order Confirmation,email,CRM Team <crm@example.com>,high
        Boomi Nightly ETL,Orders Master,data-extension,,
        Orders Master,Daily Rollup,query,,
        Daily Rollup,Orders Summary,data-extension,,
        Orders Summary,Weekly KPIs,report,,
        Order Confirmation,Order Journey,journey,,
        Loyalty_Tiers,Tier Banner,content-block,,
        Tier Banner,Welcome SMS,sms,,
        Preference Center,Prefs Page,cloudpage,,
        Prefs Page,Prefs Script,ssjs,,
        """)
        #expect(diagnostics.isEmpty)
        #expect(deps.rowCount == 10)
        #expect(describe(deps.edges) == [
            "integration:boomi nightly etl -writes-> data-extension:loyalty_tiers [dev]",
            "integration:boomi nightly etl -writes-> data-extension:loyalty_tiers [prod]",
            "integration:boomi nightly etl -writes-> data-extension:orders master",
            "integration:preference center -writes-> cloudpage:prefs page",
            "data-extension:loyalty_tiers -reads-> content-block:tier banner",
            "data-extension:orders master -feeds-> query:daily rollup",
            "data-extension:orders master -reads-> email:order confirmation",
            "data-extension:orders summary -reads-> report:weekly kpis",
            "query:daily rollup -feeds-> data-extension:orders summary",
            "cloudpage:prefs page -feeds-> ssjs:prefs script",
            "content-block:tier banner -triggers-> sms:welcome sms",
            "email:order confirmation -triggers-> journey:order journey",
        ])
        let email = deps.nodes[key(.email, "order confirmation")]
        #expect(email?.name == "Order Confirmation")
        #expect(email?.owner == Owner(name: "CRM Team", email: "crm@example.com"))
        #expect(email?.criticality == .high)
        #expect(email?.location == SourceLocation(file: path, line: 2))
        // The inventory's `writes` cells declare data extensions too.
        let tiers = deps.nodes[key(.dataExtension, "LOYALTY_TIERS")]
        #expect(tiers?.location == SourceLocation(file: "inventory.csv", line: 2))
        #expect(deps.nodes.count == 11)
    }

    @Test func defaultRelationTable() {
        #expect(DependencyLoader.defaultRelation(from: .integration, to: .dataExtension) == .writes)
        #expect(DependencyLoader.defaultRelation(from: .integration, to: .journey) == .writes)
        #expect(DependencyLoader.defaultRelation(from: .dataExtension, to: .dataExtension) == .feeds)
        #expect(DependencyLoader.defaultRelation(from: .dataExtension, to: .automation) == .feeds)
        #expect(DependencyLoader.defaultRelation(from: .dataExtension, to: .ampscript) == .reads)
        #expect(DependencyLoader.defaultRelation(from: .dataExtension, to: .report) == .reads)
        #expect(DependencyLoader.defaultRelation(from: .dataExtension, to: .triggeredSend) == .triggers)
        #expect(DependencyLoader.defaultRelation(from: .automation, to: .push) == .triggers)
        #expect(DependencyLoader.defaultRelation(from: .query, to: .dataExtension) == .feeds)
        #expect(DependencyLoader.defaultRelation(from: .email, to: .other) == .feeds)
    }

    @Test func explicitRelationAndEnvironmentLimitedEdges() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind,relation,environment
        Boomi nightly ETL,Stage DE,data-extension,,Production
        Boomi nightly ETL,Stage DE,data-extension,,dev
        Stage DE,Nightly Automation,automation,Triggers,
        Boomi nightly ETL,Loyalty_Tiers,data-extension,writes,
        Stage DE,Test Journey,journey,,qa
        """)
        #expect(describe(deps.edges) == [
            // The all-environment row subsumes the inventory's per-environment `writes` edges.
            "integration:boomi nightly etl -writes-> data-extension:loyalty_tiers",
            "integration:boomi nightly etl -writes-> data-extension:stage de [dev]",
            "integration:boomi nightly etl -writes-> data-extension:stage de [prod]",
            "data-extension:stage de -triggers-> automation:nightly automation",
            "data-extension:stage de -triggers-> journey:test journey [qa]",
        ])
        // `qa` is in no inventory row: probably a typo.
        #expect(warnings(diagnostics).map(\.line) == [6])
        #expect(errors(diagnostics).isEmpty)
    }

    @Test func cyclesAreAccepted() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind
        Boomi nightly ETL,Orders,data-extension
        Orders,Dedupe,query
        Dedupe,Orders,data-extension
        Orders,Orders,data-extension
        """)
        #expect(diagnostics.isEmpty)
        #expect(describe(deps.edges).contains("data-extension:orders -feeds-> query:dedupe"))
        #expect(describe(deps.edges).contains("query:dedupe -feeds-> data-extension:orders"))
        #expect(describe(deps.edges).contains("data-extension:orders -feeds-> data-extension:orders"))
    }

    @Test func duplicateEdgesCollapse() {
        let (deps, diagnostics, path) = load("""
        from,to,to_kind,relation
        Orders,Confirmation,email,
        orders ,CONFIRMATION,Email,reads
        Boomi nightly ETL,Orders,data-extension,
        """)
        #expect(diagnostics.isEmpty)
        #expect(deps.rowCount == 3)
        let reads = deps.edges.filter { $0.to == key(.email, "confirmation") }
        #expect(reads.count == 1)
        #expect(reads.first?.location == SourceLocation(file: path, line: 2))
    }

    @Test func unknownFromSuggestsClosestNames() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind
        Boomi nightly ELT,Orders,data-extension
        Nobody at all,Orders 2,data-extension
        """)
        let e = errors(diagnostics)
        #expect(e.map(\.line) == [2, 3])
        #expect(e[0].message.contains("did you mean 'Boomi nightly ETL'"))
        #expect(!e[1].message.contains("did you mean"))
        #expect(deps.edges.allSatisfy { $0.from.kind == .integration && $0.to.folded == "loyalty_tiers" })
        // The `to` nodes of rejected rows are still declared, so other rows can refer to them.
        #expect(deps.nodes[key(.dataExtension, "orders")] != nil)
    }

    @Test func secretLookingCellsAreNotEchoed() {
        let secret = "Zk3Qp9LmX7vB2nR8tYc4HdFa"
        let (_, diagnostics, _) = load("""
        from,to,to_kind,relation,environment
        \(secret),Orders,data-extension,,
        Boomi nightly ETL,Orders,\(secret),,
        Boomi nightly ETL,Orders,data-extension,\(secret),
        Boomi nightly ETL,Orders,data-extension,,\(secret)
        """)
        // Every row carrying secret material is skipped, whatever the column.
        #expect(errors(diagnostics).map(\.line) == [2, 3, 4, 5])
        #expect(warnings(diagnostics).isEmpty)
        #expect(diagnostics.allSatisfy { !$0.formatted.contains(secret) })
    }

    @Test func ambiguousFromNeedsFromKind() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind,from_kind
        Boomi nightly ETL,Preference Center,data-extension,
        Preference Center,Prefs Email,email,
        Preference Center,Prefs Journey,journey,data-extension
        Preference Center,Audit DE,data-extension,integration
        Preference Center,Nope,email,query
        """)
        let e = errors(diagnostics)
        #expect(e.map(\.line) == [3, 6])
        #expect(e[0].message.contains("ambiguous"))
        #expect(e[0].message.contains("integration") && e[0].message.contains("data-extension"))
        #expect(e[1].message.contains("from_kind query"))
        #expect(describe(deps.edges).contains("data-extension:preference center -triggers-> journey:prefs journey"))
        #expect(describe(deps.edges).contains("integration:preference center -writes-> data-extension:audit de"))
        #expect(!describe(deps.edges).contains { $0.contains("prefs email") })
    }

    @Test func unknownKindsRelationsAndCriticality() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind,from_kind,relation,criticality
        Boomi nightly ETL,A,table,,,
        Boomi nightly ETL,B,data-extension,robot,,
        Boomi nightly ETL,C,data-extension,,owns,
        Boomi nightly ETL,D,data-extension,,,urgent
        Boomi nightly ETL,E,integration,,,
        Boomi nightly ETL,F,Data Extension,,,Critical
        """)
        let e = errors(diagnostics)
        #expect(e.map(\.line) == [2, 3, 4, 5, 6])
        #expect(e[0].message.contains("unknown to_kind 'table'"))
        #expect(e[1].message.contains("unknown from_kind 'robot'"))
        #expect(e[2].message.contains("unknown relation 'owns'"))
        #expect(e[3].message.contains("unknown criticality 'urgent'"))
        #expect(e[4].message.contains("unknown to_kind 'integration'"))
        // Unknown criticality keeps the edge, without a criticality.
        #expect(deps.nodes[key(.dataExtension, "d")]?.criticality == nil)
        #expect(deps.nodes[key(.dataExtension, "f")]?.criticality == .critical)
        #expect(deps.edges.map(\.to.folded).sorted() == ["d", "f", "loyalty_tiers", "loyalty_tiers"])
    }

    @Test func wrongCellCountAndEmptyRequiredCells() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind
        Boomi nightly ETL,A
        Boomi nightly ETL,,data-extension
        Boomi nightly ETL,B,data-extension,extra
        ,C,email
        """)
        #expect(deps.rowCount == 4)
        #expect(errors(diagnostics).map(\.line) == [2, 3, 4, 5])
        #expect(deps.edges.count == 2) // the inventory's writes
    }

    @Test func ownerAndCriticalityConflictsWarn() {
        let (deps, diagnostics, _) = load("""
        from,to,to_kind,owner,criticality
        Boomi nightly ETL,Orders,data-extension,,
        Boomi nightly ETL,Orders,data-extension,Data Team,high
        Preference Center,orders,data-extension,Data Team,
        Preference Center,ORDERS,data-extension,CRM Team,low
        """)
        let node = deps.nodes[key(.dataExtension, "orders")]
        #expect(node?.name == "Orders")
        #expect(node?.owner == Owner(name: "Data Team"))
        #expect(node?.criticality == .high)
        let w = warnings(diagnostics)
        #expect(w.map(\.line) == [5, 5])
        #expect(w[0].message.contains("owner") && w[0].message.contains(":3"))
        #expect(w[1].message.contains("criticality"))
        #expect(errors(diagnostics).isEmpty)
    }

    @Test func missingFileStillKeepsInventoryWrites() {
        let files = CSVTestFiles()
        var diagnostics = Diagnostics()
        let missing = files.path("dependencies.csv")
        let deps = DependencyLoader.load(path: missing, inventory: estate, diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.file) == [missing])
        #expect(describe(deps.edges) == [
            "integration:boomi nightly etl -writes-> data-extension:loyalty_tiers [dev]",
            "integration:boomi nightly etl -writes-> data-extension:loyalty_tiers [prod]",
        ])
        #expect(deps.nodes.count == 1)
    }

    @Test func missingRequiredColumn() {
        let (deps, diagnostics, _) = load("""
        from,to
        Boomi nightly ETL,A
        """)
        #expect(errors(diagnostics).map(\.message) == ["missing required column 'to_kind'"])
        #expect(deps.rowCount == 0)
    }

    @Test func outputIsDeterministic() {
        let text = """
        from;to;to_kind
        Boomi nightly ETL;Z DE;data-extension
        Boomi nightly ETL;A DE;data-extension
        A DE;M Query;query
        Z DE;M Query;query
        M Query;B DE;data-extension
        """
        let first = load(text).0.edges
        for _ in 0..<3 {
            #expect(load(text).0.edges.map(\.from) == first.map(\.from))
            #expect(load(text).0.edges.map(\.to) == first.map(\.to))
        }
        #expect(first.map(\.to.folded) == ["a de", "loyalty_tiers", "loyalty_tiers", "z de", "m query", "m query", "b de"])
    }
}

@Suite struct DependencyScopeTests {
    @Test func scopeSharedMarksTheNodeAndOtherValuesAreErrors() {
        let (deps, diagnostics, path) = load("""
        from,to,to_kind,scope
        Loyalty_Tiers,Parent_Lookup,data-extension,shared
        Loyalty_Tiers,Tier Banner,content-block,
        Tier Banner,Tier SMS,sms,business-unit
        """)
        #expect(deps.nodes[key(.dataExtension, "Parent_Lookup")]?.shared == true)
        #expect(deps.nodes[key(.contentBlock, "Tier Banner")]?.shared == false)
        #expect(deps.nodes[key(.sms, "Tier SMS")]?.shared == false)
        #expect(errors(diagnostics).map(\.formatted) == ["\(path):4: error: unknown scope 'business-unit' (expected shared, or empty for one object per environment)"])
    }
}
