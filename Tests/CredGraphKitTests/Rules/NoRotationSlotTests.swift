import Testing
@testable import CredGraphKit

@Suite struct NoRotationSlotTests {
    typealias F = RiskFixture

    @Test func tooLateIsHighWithTheEarliestSlot() throws {
        // Expires 2026-09-10; lead_days 14 puts the last slot date on 2026-08-27, before as-of 2026-09-02.
        let findings = F.run(NoRotationSlot(), F.inventory([F.consumer("Orders Feed", expiresOn: "2026-09-10")]))
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .high)
        #expect(finding.clientID == "client-aaaa1111")
        #expect(finding.message.contains("by 2026-08-27 (due_by 2026-09-10 minus lead_days 14): too late: that date has passed."))
        #expect(finding.message.contains("Earliest possible slot: Wed 2026-09-02 12:00 UTC"))
        #expect(finding.remediation.contains("emergency change"))
    }

    @Test func capacityNamesTheSettings() {
        var config = Config()
        config.rotation.maxPerWeek = 1
        let rows = (0..<4).map { F.consumer("I\($0)", client: "client-\($0)", package: "P\($0)", expiresOn: "2026-09-30") }
        let findings = F.run(NoRotationSlot(), F.inventory(rows), config: config)
        // 2026-09-02 to 2026-09-16 (lead_days 14 before 2026-09-30) holds three at one in any 7 days: 09-16, 09-09, 09-02.
        #expect(findings.count == 1)
        #expect(findings.allSatisfy { $0.message.contains("by 2026-09-16 (due_by 2026-09-30 minus lead_days 14): capacity: every free release-window day until then is already full (max_per_day 3, max_per_week 1 in any 7 days)") })
        #expect(findings.allSatisfy { $0.remediation.contains("rotation.max_per_week") })
    }

    @Test func timeToSpareDoesNotTrigger() {
        #expect(F.run(NoRotationSlot(), F.inventory([F.consumer("Orders Feed", expiresOn: "2026-12-31")])).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(NoRotationSlot.self)
    }
}
