import Testing
@testable import CredGraphKit

@Suite struct ExpiryClusterTests {
    typealias F = RiskFixture

    static func rows(_ dates: [String]) -> [Consumer] {
        dates.enumerated().map { F.consumer("I\($0.offset)", client: "client-\(100 + $0.offset)", package: "Package \($0.offset)", expiresOn: $0.element) }
    }

    @Test func moreThanMaxPerWeekInSevenDaysTriggers() {
        // Six secrets within 2027-03-01..07 (max_per_week 5): each gets the finding; the seventh, a month later, does not.
        let dates = ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-05", "2027-03-06", "2027-03-07", "2027-04-10"]
        let findings = F.run(ExpiryCluster(), F.inventory(Self.rows(dates)))
        #expect(findings.count == 6)
        #expect(findings.allSatisfy { $0.severity == .low && $0.rule == ExpiryCluster.id })
        #expect(!findings.contains { $0.clientID == "client-106" })
        let first = findings.first { $0.clientID == "client-100" }
        #expect(first?.message.contains("6 secrets expire between 2027-03-01 and 2027-03-07, up to 6 within one 7-day span, more than rotation.max_per_week (5)") == true)
        #expect(first?.remediation.contains("credgraph plan") == true)
        #expect(first?.remediation.contains("this one is planned for") == true)
    }

    @Test func exactlyMaxPerWeekOrSpreadOutDoesNot() {
        // Five in one span is at the threshold, not over it; six spread over eight days never has six in seven.
        #expect(F.run(ExpiryCluster(), F.inventory(Self.rows(["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04", "2027-03-05"]))).isEmpty)
        #expect(F.run(ExpiryCluster(), F.inventory(Self.rows(["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-06", "2027-03-07", "2027-03-08"]))).isEmpty)
        let spread = ["2027-03-01", "2027-03-03", "2027-03-05", "2027-03-08", "2027-03-10", "2027-03-12"]
        #expect(F.run(ExpiryCluster(), F.inventory(Self.rows(spread))).isEmpty)
    }

    @Test func thresholdIsMaxPerWeekAndPastExpiriesDoNotCount() {
        var config = Config()
        config.rotation.maxPerWeek = 2
        let dates = ["2026-08-20", "2026-08-21", "2026-08-22", "2027-01-20", "2027-01-22"]
        // Three already expired (before as-of 2026-09-02) do not form a cluster; two future ones are at the threshold.
        #expect(F.run(ExpiryCluster(), F.inventory(Self.rows(dates)), config: config).isEmpty)
        let more = F.run(ExpiryCluster(), F.inventory(Self.rows(dates + ["2027-01-25"])), config: config)
        #expect(Set(more.compactMap(\.clientID)) == ["client-103", "client-104", "client-105"])
    }

    @Test func overlappingSpansAreOneCluster() {
        var config = Config()
        config.rotation.maxPerWeek = 2
        let dates = ["2027-01-20", "2027-01-22", "2027-01-25", "2027-01-27", "2027-01-30"]
        let findings = F.run(ExpiryCluster(), F.inventory(Self.rows(dates)), config: config)
        #expect(findings.count == 5)
        #expect(findings.allSatisfy { $0.message.hasPrefix("5 secrets expire between 2027-01-20 and 2027-01-30, up to 3 within one 7-day span") })
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(ExpiryCluster.self)
    }
}
