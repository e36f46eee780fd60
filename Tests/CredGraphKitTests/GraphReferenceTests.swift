import Testing
@testable import CredGraphCore
@testable import CredGraphGraph
@testable import CredGraphIngest
import CredGraphKit

@Suite struct GraphReferenceTests {
    let graph = Estate.sample.graph

    private func ids(_ reference: String) -> [String]? {
        try? graph.resolve(reference).get().map(\.rawValue)
    }

    private func error(_ reference: String) -> ReferenceError? {
        if case .failure(let error) = graph.resolve(reference) { return error }
        return nil
    }

    @Test func typedReferences() {
        #expect(ids("package:Boomi Connector") == ["package:boomi connector"])
        #expect(ids("client:4F1C0D9E2B7A") == ["client:4f1c0d9e2b7a"])
        #expect(ids("de:orders") == ["data-extension:orders"])
        #expect(ids("DE: Orders ") == ["data-extension:orders"])
        #expect(ids("data-extension:Orders") == ["data-extension:orders"])
        #expect(ids("email:Welcome") == ["email:welcome"])
        #expect(ids("query:orders rollup") == ["query:orders rollup"])
        #expect(ids("triggered-send:Audit Alert") == ["triggered-send:audit alert"])
    }

    @Test func integrationWithAndWithoutEnvironment() {
        #expect(ids("integration:Boomi nightly ETL") == ["integration:boomi nightly etl@dev", "integration:boomi nightly etl@prod"])
        #expect(ids("integration:boomi nightly etl@PROD") == ["integration:boomi nightly etl@prod"])
        #expect(ids("integration:Boomi nightly ETL@production") == ["integration:boomi nightly etl@prod"])
        #expect(ids("integration:Preference Center") == ["integration:preference center@prod"])
        let missingEnvironment = error("integration:Boomi nightly ETL@qa")
        #expect(missingEnvironment == .unknown(reference: "integration:Boomi nightly ETL@qa",
                                               closest: ["integration:Boomi nightly ETL@dev", "integration:Boomi nightly ETL@prod"]))
    }

    @Test func bareNames() {
        #expect(ids("Orders Rollup") == ["query:orders rollup"])
        #expect(ids("4f1c0d9e2b7a") == ["client:4f1c0d9e2b7a"])
        #expect(ids("boomi connector") == ["package:boomi connector"])
        // An integration's name is unique as an integration: all its environments.
        #expect(ids("BOOMI NIGHTLY ETL") == ["integration:boomi nightly etl@dev", "integration:boomi nightly etl@prod"])
        #expect(ids("Boomi nightly ETL@dev") == ["integration:boomi nightly etl@dev"])
    }

    @Test func ambiguousBareName() {
        let failure = error("welcome")
        #expect(failure == .ambiguous(reference: "welcome", matches: ["de:Welcome", "email:Welcome"]))
        #expect(failure?.description == "ambiguous node reference 'welcome' matches de:Welcome, email:Welcome; prefix it with its kind")
    }

    @Test func unknownReferencesOfferClosestMatches() {
        #expect(error("de:Ordrs")?.suggestions == ["de:Orders"])
        #expect(error("de:Orders Au")?.suggestions == ["de:Orders Audit", "de:Orders"])
        #expect(error("email:Welcom")?.suggestions == ["email:Welcome", "de:Welcome", "journey:Welcome Journey"])
        // The exact name under another kind comes first.
        #expect(error("de:Welcome Journey")?.suggestions == ["journey:Welcome Journey", "de:Welcome", "email:Welcome"])
        #expect(error("integration:Bomi nightly ETL")?.suggestions == ["integration:Boomi nightly ETL"])
        // An unknown prefix is read as part of a bare name.
        #expect(error("foo:Orders")?.suggestions.first == "de:Orders")
        #expect(error("client:4f1c0d9e2b7b")?.suggestions == ["client:4f1c0d9e2b7a"])
        let nothing = error("zzzzzzzz")
        #expect(nothing == .unknown(reference: "zzzzzzzz", closest: []))
        #expect(nothing?.description == "unknown node reference 'zzzzzzzz'")
        #expect(error("")?.reference == "")
        #expect(error("de:Ordrs")?.description == "unknown node reference 'de:Ordrs'; closest matches: de:Orders")
    }

    @Test func closestMatchesAreCappedAndDeterministic() {
        var e = Estate()
        for i in 0..<12 {
            e.node(.dataExtension, "Orders \(i)")
            e.edge(.dataExtension, "Orders \(i)", .email, "Mail \(i)", .reads)
        }
        let g = e.graph
        guard case .failure(let failure) = g.resolve("de:orders") else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.suggestions == ["de:Orders 0", "de:Orders 1", "de:Orders 2", "de:Orders 3", "de:Orders 4"])
        #expect(g.resolve("de:orders") == .failure(failure))
    }

    @Test func controlCharactersDoNotReachMessages() {
        let failure = error("de:evil\nline")
        #expect(failure?.description.contains("\n") == false)
    }

    @Test func resolveAllCollectsEveryError() {
        let (found, errors) = graph.resolveAll(["de:Orders", "welcome", "nope", "DE:orders", "integration:Boomi nightly ETL"])
        #expect(found.map(\.rawValue) == ["data-extension:orders", "integration:boomi nightly etl@dev", "integration:boomi nightly etl@prod"])
        #expect(errors.map(\.reference) == ["welcome", "nope"])
    }

    @Test func editDistance() {
        func d(_ a: String, _ b: String, _ bound: Int = 10) -> Int? {
            boundedEditDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), bound: bound)
        }
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
        #expect(d("abc", "") == 3)
        #expect(d("same", "same") == 0)
        #expect(d("kitten", "sitting", 2) == nil)
        #expect(d("abcdef", "uvwxyz", 3) == nil)
    }
}
