import Testing
@testable import CredGraphKit

@Suite struct SecretExpiringTests {
    typealias F = RiskFixture

    /// As-of is 2026-09-02: expiry 2026-09-02 + n days.
    private func findings(daysLeft: Int, derived: Bool = false) -> [Finding] {
        let expiry = F.day("2026-09-02").adding(days: daysLeft)
        let row = derived
            ? F.consumer("Boomi nightly ETL", expiresOn: nil, generatedOn: expiry.adding(days: -180).description)
            : F.consumer("Boomi nightly ETL", expiresOn: expiry.description)
        return F.run(SecretExpiring(), F.inventory([row]))
    }

    @Test(arguments: [
        (0, Severity.critical), (7, .critical), (8, .high), (30, .high), (31, .medium), (60, .medium),
    ])
    func severityFollowsThresholdsAtTheBoundaries(days: Int, expected: Severity) {
        for derived in [false, true] {
            let result = findings(daysLeft: days, derived: derived)
            #expect(result.count == 1)
            #expect(result.first?.severity == expected)
            #expect(result.first?.clientID == "client-aaaa1111")
        }
    }

    @Test func beyondTheMediumThresholdOrExpiredIsNotExpiring() {
        #expect(findings(daysLeft: 61).isEmpty)
        #expect(findings(daysLeft: 61, derived: true).isEmpty)
        #expect(findings(daysLeft: -1).isEmpty)
    }

    @Test func messageNamesDateDaysConsumersAndDerivation() {
        let explicit = findings(daysLeft: 8).first?.message ?? ""
        #expect(explicit.contains("2026-09-10"))
        #expect(explicit.contains("expires on 2026-09-10, 8 days after as-of 2026-09-02."))
        #expect(explicit.contains("Boomi nightly ETL@prod (inventory.csv:2)"))
        #expect(!explicit.contains("derived"))
        let derived = findings(daysLeft: 8, derived: true).first?.message ?? ""
        #expect(derived.contains("derived from secret_generated_on 2026-03-14 + secret_ttl_days 180"))
        #expect(findings(daysLeft: 0).first?.message.contains("expires on 2026-09-02, the as-of day itself.") == true)
        #expect(findings(daysLeft: 1).first?.message.contains("1 day after as-of") == true)
    }

    @Test func remediationGivesTheRotationStepsWithLocationsAndOwners() {
        let remediation = findings(daysLeft: 3).first?.remediation ?? ""
        #expect(remediation.contains("Rotate before 2026-09-05"))
        #expect(remediation.contains("Installed Packages > Orders Sync"))
        #expect(remediation.contains("vault:kv/mc/orders"))
        #expect(remediation.contains("Platform Team <platform@example.com>"))
        #expect(remediation.contains("activate"))
    }

    @Test func configuredThresholdsApply() {
        var config = Config()
        config.thresholds.expiryCriticalDays = 14
        config.thresholds.expiryHighDays = 28
        config.thresholds.expiryMediumDays = 90
        let inventory = F.inventory([F.consumer("A", expiresOn: "2026-09-14")]) // 12 days
        #expect(F.run(SecretExpiring(), inventory, config: config).first?.severity == .critical)
        let far = F.inventory([F.consumer("A", expiresOn: "2026-11-20")]) // 79 days
        #expect(F.run(SecretExpiring(), far, config: config).first?.severity == .medium)
    }
}
