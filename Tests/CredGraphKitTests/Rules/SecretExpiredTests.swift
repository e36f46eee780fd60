import Testing
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct SecretExpiredTests {
    typealias F = RiskFixture

    @Test func expiredYesterdayIsCriticalWithMinusOneDay() {
        let inventory = F.inventory([F.consumer("Boomi nightly ETL", expiresOn: "2026-09-01")])
        let result = F.run(SecretExpired(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .critical)
        #expect(result.first?.message.contains("expired on 2026-09-01, 1 day before as-of 2026-09-02") == true)
        #expect(F.context(inventory).subjects.first?.daysLeft == -1)
    }

    @Test func expiringTodayIsNotExpired() {
        let inventory = F.inventory([F.consumer("A", expiresOn: "2026-09-02")])
        #expect(F.run(SecretExpired(), inventory).isEmpty)
        #expect(F.context(inventory).subjects.first?.daysLeft == 0)
    }

    @Test func derivedExpiryIsSaidSo() {
        // 2026-02-01 + 180 days = 2026-07-31.
        let inventory = F.inventory([F.consumer("A", expiresOn: nil, generatedOn: "2026-02-01")])
        let message = F.run(SecretExpired(), inventory).first?.message ?? ""
        #expect(message.contains("expired on 2026-07-31"))
        #expect(message.contains("derived from secret_generated_on 2026-02-01"))
    }

    @Test func successAfterTheExpiryDatePointsAtAStaleInventory() {
        let inventory = F.inventory([F.consumer("A", expiresOn: "2026-08-30")])
        let result = F.run(SecretExpired(), inventory, probes: F.healthy("A", hours: 1))
        #expect(result.first?.message.contains("the inventory's date is probably stale") == true)
    }

    @Test func unknownExpiryIsNotExpired() {
        #expect(F.run(SecretExpired(), F.inventory([F.consumer("A", expiresOn: nil)])).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SecretExpired.self)
    }
}
