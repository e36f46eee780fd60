import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct RiskTableTests {
    typealias F = RiskFixture

    private func report() -> RiskReport {
        let inventory = F.inventory([
            F.consumer("Boomi nightly ETL", client: "4f1c0d9e2b7a", expiresOn: "2026-09-05"),
            F.consumer("Warehouse sync", client: "77aa88bb99cc", package: "Warehouse", expiresOn: nil),
        ])
        let probes = F.healthy("Boomi nightly ETL", hours: 1, client: "4f1c0d9e2b7a")
            + F.healthy("Warehouse sync", hours: 1, client: "77aa88bb99cc")
            + [F.probe(F.ago(hours: 2), client: "ghost0000abcd")]
        return assessRisk(
            inventory: inventory, evidence: F.evidence(inventory, probes), config: Config(), clock: F.clock,
            blastRadius: ["4f1c0d9e2b7a": BlastRadiusCounts(integrations: 1, dataExtensions: 2, assets: 3, sends: 1)]
        )
    }

    @Test func tableMasksClientIDsByDefault() {
        let text = report().tableText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Risk as of 2026-09-02: 2 credentials, worst severity critical")
        #expect(lines[1].hasPrefix("RANK  CREDENTIAL  PACKAGE"))
        #expect(lines[2].hasPrefix("1     …2b7a       Orders Sync             critical  3 "))
        // Expiring in 3 days also leaves no rotation slot 14 days ahead: one more finding.
        #expect(lines[2].hasSuffix("1 int, 2 DE, 3 assets, 1 send   secret-expiring (+1)"))
        #expect(lines[3].contains("…99cc"))
        #expect(lines[3].contains("unknown"))
        #expect(lines[3].hasSuffix("expiry-unknown"))
        #expect(!text.contains("4f1c0d9e2b7a"))
        #expect(!text.contains("ghost0000abcd"))
        #expect(text.contains("high  uninventoried-client: Probes name client id …abcd"))
        // The uninventoried client has a row of its own, after the ranked credentials.
        #expect(lines[4].hasPrefix("-     …abcd       (not in the inventory)  high      unknown"))
        #expect(lines[4].hasSuffix("uninventoried-client"))
    }

    @Test func unmaskedShowsFullIDs() {
        let text = report().tableText(maskClientIDs: false)
        #expect(text.contains("4f1c0d9e2b7a"))
        #expect(text.contains("ghost0000abcd"))
    }

    @Test func masking() {
        #expect(maskClientID("4f1c0d9e2b7a") == "…2b7a")
        #expect(maskClientID("ab") == "…ab")
    }
}
