import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct VersionUnreportedTests {
    typealias F = RiskFixture

    @Test func aRotationInTheWindowWithASilentConsumerIsLow() throws {
        let inventory = F.inventory([F.consumer("A", rotatedOn: "2026-08-30"), F.consumer("B", rotatedOn: "2026-08-30")])
        let probes = F.healthy("A", version: "v7") + F.healthy("B")
        let result = F.run(VersionUnreported(), inventory, probes: probes)
        let finding = try #require(result.first)
        #expect(result.count == 1)
        #expect(finding.severity == .low)
        #expect(finding.message.contains("rotated on 2026-08-30"))
        #expect(finding.message.contains("B@prod (36 probes)"))
        #expect(finding.message.contains("it holds"))
        #expect(!finding.message.contains("A@prod ("))
        #expect(finding.consumerIndices == [1])
    }

    @Test func twoVersionsInTheWindowAreARotationToo() throws {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B"), F.consumer("C")])
        let probes = F.healthy("A", hours: 48, version: "v1").filter { $0.timestamp < F.ago(hours: 30) }
            + F.healthy("A", hours: 20, version: "v2") + F.healthy("B") + F.healthy("C")
        let finding = try #require(F.run(VersionUnreported(), inventory, probes: probes).first)
        #expect(finding.message.contains("2 secret versions (v1 and v2) seen in the window"))
        #expect(finding.message.contains("they hold"))
        #expect(finding.consumerIndices == [1, 2])
    }

    @Test func noRotationOrEveryConsumerReportingIsSilent() {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B")])
        #expect(F.run(VersionUnreported(), inventory, probes: F.healthy("A", version: "v1") + F.healthy("B")).isEmpty)
        let rotated = F.inventory([F.consumer("A", rotatedOn: "2026-08-30"), F.consumer("B", rotatedOn: "2026-08-30")])
        #expect(F.run(VersionUnreported(), rotated, probes: F.healthy("A", version: "v1") + F.healthy("B", version: "v1")).isEmpty)
        // A rotation before the window is over.
        let old = F.inventory([F.consumer("A", rotatedOn: "2026-07-01"), F.consumer("B", rotatedOn: "2026-07-01")])
        #expect(F.run(VersionUnreported(), old, probes: F.healthy("A", version: "v1") + F.healthy("B")).isEmpty)
    }

    @Test func aConsumerWithNoProbeIsLeftToNotMonitored() {
        let inventory = F.inventory([F.consumer("A", rotatedOn: "2026-08-30"), F.consumer("B", rotatedOn: "2026-08-30")])
        #expect(F.run(VersionUnreported(), inventory, probes: F.healthy("A", version: "v1")).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(VersionUnreported.self)
    }
}
