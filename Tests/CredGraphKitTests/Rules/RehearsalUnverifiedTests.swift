import Testing
@testable import CredGraphKit

@Suite struct RehearsalUnverifiedTests {
    typealias F = RiskFixture

    /// A prod credential claiming a rehearsal on `claimed`, and its qa sibling (same integration names).
    static func estate(claimed: String?, siblingGenerated: String?, siblingRotated: String? = nil, siblingPackage: String = "Orders Sync Sandbox") -> Inventory {
        F.inventory([
            F.consumer("Order Events", client: "prod-1111", package: "Orders Sync", lowerEnvRotatedOn: claimed),
            F.consumer("Customer Sync", client: "prod-1111", package: "Orders Sync", lowerEnvRotatedOn: claimed),
            F.consumer("Order Events", env: "qa", client: "qa-2222", package: siblingPackage, generatedOn: siblingGenerated, rotatedOn: siblingRotated),
            F.consumer("Customer Sync", env: "qa", client: "qa-2222", package: siblingPackage, generatedOn: siblingGenerated, rotatedOn: siblingRotated),
        ])
    }

    @Test func siblingDatesOlderThanTheClaimContradictIt() throws {
        let inventory = Self.estate(claimed: "2026-08-02", siblingGenerated: "2026-04-20")
        let result = F.run(RehearsalUnverified(), inventory)
        let finding = try #require(result.first)
        #expect(result.count == 1)
        #expect(finding.severity == .medium)
        #expect(finding.clientID == "prod-1111")
        #expect(finding.message.contains("claims a rehearsal on 2026-08-02"))
        #expect(finding.message.contains("Orders Sync Sandbox (qa)"))
        #expect(finding.message.contains("generated on 2026-04-20 and never rotated"))
        #expect(finding.remediation.contains("Rehearse the rotation on Orders Sync Sandbox (qa)"))
        #expect(finding.consumerIndices == [0, 1])
    }

    @Test func aSiblingRotatedOnOrAfterTheClaimConfirmsIt() {
        #expect(F.run(RehearsalUnverified(), Self.estate(claimed: "2026-08-02", siblingGenerated: "2026-04-20", siblingRotated: "2026-08-02")).isEmpty)
        #expect(F.run(RehearsalUnverified(), Self.estate(claimed: "2026-08-02", siblingGenerated: "2026-08-05")).isEmpty)
        let context = F.context(Self.estate(claimed: "2026-08-02", siblingGenerated: "2026-04-20", siblingRotated: "2026-08-02"))
        #expect(context.subjects.first { $0.credential.clientID == "prod-1111" }?.rehearsal?.verdict == .confirmed)
    }

    @Test func probesWithNoNewVersionAfterAClaimInsideTheWindowContradictIt() throws {
        // No dates on the sibling; its probes report only v3, seen before and after the claimed day.
        let inventory = Self.estate(claimed: "2026-08-31", siblingGenerated: nil)
        let probes = F.healthy("Order Events", hours: 96, client: "qa-2222", env: "qa", version: "v3")
        let finding = try #require(F.run(RehearsalUnverified(), inventory, probes: probes).first)
        #expect(finding.message.contains("still report secret_version v3, already in use before 2026-08-31"))
    }

    @Test func probesWithANewVersionAfterTheClaimConfirmIt() {
        let inventory = Self.estate(claimed: "2026-08-31", siblingGenerated: nil)
        let before = F.healthy("Order Events", hours: 96, client: "qa-2222", env: "qa", version: "v3").filter { $0.timestamp < F.day("2026-08-31").startMillis }
        let after = F.healthy("Order Events", hours: 40, client: "qa-2222", env: "qa", version: "v4")
        #expect(F.run(RehearsalUnverified(), inventory, probes: before + after).isEmpty)
    }

    @Test func aClaimWithNoSiblingStaysButSaysItIsUnverified() {
        let inventory = F.inventory([F.consumer("Order Events", lowerEnvRotatedOn: "2026-08-02")])
        #expect(F.run(RehearsalUnverified(), inventory).isEmpty)
        let rehearsal = F.context(inventory).subjects.first?.rehearsal
        #expect(rehearsal?.verdict == .unverified)
        #expect(rehearsal?.sentence.contains("unverified: no sibling credential") == true)
    }

    @Test func noClaimOrANonProductionCredentialIsNotChecked() {
        #expect(F.run(RehearsalUnverified(), Self.estate(claimed: nil, siblingGenerated: "2026-04-20")).isEmpty)
        let qaOnly = F.inventory([F.consumer("Order Events", env: "qa", lowerEnvRotatedOn: "2026-08-02")])
        #expect(F.run(RehearsalUnverified(), qaOnly).isEmpty)
    }
}
