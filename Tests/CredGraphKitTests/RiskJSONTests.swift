import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct RiskJSONTests {
    typealias F = RiskFixture

    private func sampleReport() -> RiskReport {
        let inventory = F.inventory([
            F.consumer("Boomi \"nightly\" ETL", client: "4f1c0d9e2b7a", expiresOn: "2026-09-10"),
            F.consumer("Preference Center\nv2", env: "qa", client: "4f1c0d9e2b7a", expiresOn: "2026-09-10"),
            F.consumer("Warehouse sync", client: "77aa88bb99cc", package: "Warehouse", expiresOn: nil),
        ])
        let probes = F.healthy("Boomi \"nightly\" ETL", hours: 1, client: "4f1c0d9e2b7a") + [F.probe(F.ago(hours: 2), client: "ghost-client-id")]
        return assessRisk(
            inventory: inventory, evidence: F.evidence(inventory, probes), config: Config(), clock: F.clock,
            blastRadius: ["4f1c0d9e2b7a": BlastRadiusCounts(integrations: 3, productionIntegrations: 2, dataExtensions: 5, assets: 9, sends: 2)]
        )
    }

    @Test func shapeMatchesTheContract() throws {
        let text = sampleReport().jsonText()
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        let root = try #require(object)
        #expect(Set(root.keys) == ["as_of", "credentials", "findings"])
        #expect(root["as_of"] as? String == "2026-09-02")

        let credentials = try #require(root["credentials"] as? [[String: Any]])
        #expect(credentials.count == 2)
        let first = credentials[0]
        #expect(Set(first.keys) == ["client_id", "installed_package", "expires_on", "days_left", "severity", "rank", "consumers", "blast_radius", "findings", "due_by"])
        #expect(first["client_id"] as? String == "4f1c0d9e2b7a")
        #expect(first["installed_package"] as? String == "Orders Sync")
        #expect(first["expires_on"] as? String == "2026-09-10")
        #expect(first["days_left"] as? Int == 8)
        #expect(first["severity"] as? String == "high")
        #expect(first["rank"] as? Int == 1)
        let consumers = try #require(first["consumers"] as? [[String: Any]])
        #expect(consumers.count == 2)
        #expect(consumers.allSatisfy { Set($0.keys) == ["integration", "environment"] })
        #expect(consumers[0]["integration"] as? String == "Boomi \"nightly\" ETL")
        #expect(consumers[1]["integration"] as? String == "Preference Center\nv2")
        #expect(consumers[1]["environment"] as? String == "qa")
        let blast = try #require(first["blast_radius"] as? [String: Int])
        #expect(blast == ["integrations": 3, "data_extensions": 5, "assets": 9, "sends": 2])
        let findings = try #require(first["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { Set($0.keys) == ["rule", "severity", "message", "remediation"] && $0.values.allSatisfy { $0 is String } })
        // Two high findings, by rule id: 8 days left also leaves no rotation slot 14 days ahead.
        #expect(findings.prefix(2).map { $0["rule"] as? String } == ["no-rotation-slot", "secret-expiring"])

        let unknown = credentials[1]
        #expect(unknown["expires_on"] is NSNull)
        #expect(unknown["days_left"] is NSNull)
        #expect(unknown["rank"] as? Int == 2)
        #expect(unknown["blast_radius"] as? [String: Int] == ["integrations": 0, "data_extensions": 0, "assets": 0, "sends": 0])

        let global = try #require(root["findings"] as? [[String: Any]])
        #expect(global.count == 1)
        #expect(Set(global[0].keys) == ["rule", "severity", "message"])
        #expect(global[0]["rule"] as? String == "uninventoried-client")
        #expect((global[0]["message"] as? String)?.contains("ghost-client-id") == true)
    }

    @Test func keysFollowTheOrderOfTheContract() {
        let text = sampleReport().jsonText()
        let order = ["\"as_of\"", "\"credentials\"", "\"client_id\"", "\"installed_package\"", "\"expires_on\"", "\"days_left\"",
                     "\"severity\"", "\"rank\"", "\"consumers\"", "\"integration\"", "\"environment\"", "\"blast_radius\"",
                     "\"integrations\"", "\"data_extensions\"", "\"assets\"", "\"sends\"", "\"findings\"", "\"rule\""]
        var cursor = text.startIndex
        for key in order {
            let found = text[cursor...].firstRange(of: key)
            #expect(found != nil, "\(key) out of order")
            if let found { cursor = found.upperBound }
        }
        #expect(text.hasSuffix("}\n"))
    }

    @Test func encodingIsByteIdenticalAcrossRuns() {
        let a = sampleReport().jsonText()
        let b = sampleReport().jsonText()
        #expect(Array(a.utf8) == Array(b.utf8))
    }

    @Test func emptyReportIsValid() throws {
        let report = RiskReport(asOf: F.day("2026-09-02"), credentials: [], globalFindings: [])
        #expect(report.jsonText() == "{\n  \"as_of\": \"2026-09-02\",\n  \"credentials\": [],\n  \"findings\": []\n}\n")
    }

    @Test func controlCharactersAreEscaped() throws {
        let text = JSONValue.array([.string("a\u{01}b\t\"\\/é\u{2028}")]).serialized(.ordered)
        #expect(text == "[\n  \"a\\u0001b\\t\\\"\\\\/é\\u2028\"\n]\n")
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]
        #expect(back == ["a\u{01}b\t\"\\/é\u{2028}"])
    }
}
