import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

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

/// Where to rehearse: never for a credential outside prod, on the sibling for a prod one.
@Suite struct SecretExpiringRehearsalAdviceTests {
    typealias F = RiskFixture

    @Test func aCredentialWhoseConsumersAreAllOutsideProdIsNotToldToRehearse() throws {
        let inventory = F.inventory([F.consumer("Feed", env: "qa", expiresOn: "2026-09-06"), F.consumer("Feed 2", env: "dev", expiresOn: "2026-09-06")])
        let finding = try #require(F.run(SecretExpiring(), inventory).first)
        #expect(!finding.remediation.contains("lower environment"))
        #expect(!finding.remediation.contains("Rehearse"))
        #expect(!finding.message.contains("No rotation rehearsal"))
    }

    @Test func aProdCredentialRehearsesOnItsNamedSibling() throws {
        let inventory = F.inventory([
            F.consumer("Feed", client: "p", package: "Store Systems", expiresOn: "2026-09-10"),
            F.consumer("Feed", env: "qa", client: "s", package: "Store Systems Sandbox", expiresOn: "2027-01-01"),
        ])
        let finding = try #require(F.run(SecretExpiring(), inventory).first { $0.clientID == "p" })
        #expect(finding.remediation.contains("Rehearse it first on Store Systems Sandbox (qa)."))
    }

    @Test func aSecretAcrossProdAndQACannotBeRehearsed() throws {
        let inventory = F.inventory([F.consumer("Web", expiresOn: "2026-09-10"), F.consumer("Web", env: "qa", expiresOn: "2026-09-10")])
        let finding = try #require(F.run(SecretExpiring(), inventory).first)
        #expect(finding.remediation.contains("cannot be rehearsed outside prod"))
        #expect(!finding.remediation.contains("Rehearse"))
    }

    @Test func rotationStepsFollowTheMarketingCloudFacts() throws {
        let finding = try #require(F.run(SecretExpiring(), F.inventory([F.consumer("Feed", expiresOn: "2026-09-10")])).first)
        #expect(finding.remediation.contains("Admin permission"))
        #expect(finding.remediation.contains("version label in its description"))
        #expect(finding.remediation.contains("at most once in 5 minutes"))
        #expect(!finding.remediation.lowercased().contains("compare the secret"))
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SecretExpiring.self)
    }
}
