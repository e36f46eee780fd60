import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct AuthFailingTests {
    typealias F = RiskFixture
    let inventory = F.inventory([F.consumer("Boomi nightly ETL"), F.consumer("Preference Center")])

    @Test func a401InTheLast24HoursIsCriticalAndNamesTheConsumer() {
        let probes = F.healthy("Preference Center", hours: 2) + [
            F.probe(F.ago(hours: 3), consumer: "Boomi nightly ETL", status: 401, error: "invalid_client"),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", status: 401, error: "invalid_client"),
        ]
        let result = F.run(AuthFailing(), inventory, probes: probes)
        #expect(result.count == 1)
        #expect(result.first?.severity == .critical)
        let message = result.first?.message ?? ""
        #expect(message.contains("2 auth failures"))
        #expect(message.contains("Boomi nightly ETL@prod (2, last 2026-09-02T11:00:00Z, failing since 2026-09-02T09:00:00Z)"))
        #expect(!message.contains("Preference Center"))
        #expect(result.first?.consumerIndices == [0])
        #expect(result.first?.remediation.contains("Orders Sync app user") == true)
        #expect(result.first?.since == F.ago(hours: 3))
        #expect(result.first?.cause == "revoked")
        #expect(result.first?.remediation.contains("pager:crm-oncall") == true)
    }

    @Test func invalidGrantOnAnyEndpointCounts() {
        let probes = [F.probe(F.ago(hours: 2), consumer: "Preference Center", status: 400, endpoint: .rest, error: "invalid_grant")]
        #expect(F.run(AuthFailing(), inventory, probes: probes).count == 1)
    }

    @Test func throttlingIsNotAnAuthFailure() {
        let probes = (0..<20).map { F.probe(F.ago(minutes: Int64($0) * 5), consumer: "Boomi nightly ETL", status: 429) }
        #expect(F.run(AuthFailing(), inventory, probes: probes).isEmpty)
        let evidence = F.evidence(inventory, probes)
        #expect(evidence.credentials[0].stats.failures.throttled == 20)
        #expect(evidence.credentials[0].stats.failures.auth == 0)
    }

    @Test func failuresOlderThan24HoursOrAfterAsOfDoNotCount() {
        let probes = [
            F.probe(F.ago(hours: 25), consumer: "Boomi nightly ETL", status: 401),
            F.probe(F.asOf + F.minute, consumer: "Boomi nightly ETL", status: 401),
        ]
        #expect(F.run(AuthFailing(), inventory, probes: probes).isEmpty)
    }

    @Test func recoveryAfterTheFailureIsReported() {
        let probes = [
            F.probe(F.ago(hours: 5), consumer: "Boomi nightly ETL", status: 401),
            F.probe(F.ago(hours: 1), consumer: "Boomi nightly ETL", status: 200),
        ]
        let message = F.run(AuthFailing(), inventory, probes: probes).first?.message ?? ""
        #expect(message.contains("Boomi nightly ETL@prod (1, last 2026-09-02T07:00:00Z, succeeded since at 2026-09-02T11:00:00Z)"))
        #expect(message.contains("the newest success, at 2026-09-02T11:00:00Z, came after the last failure."))
    }

    @Test func unattributedFailuresAreCountedSeparately() {
        let probes = [F.probe(F.ago(hours: 1), status: 401, error: "invalid_client")]
        let message = F.run(AuthFailing(), inventory, probes: probes).first?.message ?? ""
        #expect(message.contains("1 from probes naming no inventoried consumer"))
        #expect(message.contains("Failing since 2026-09-02T11:00:00Z"))
    }
}

/// `since` and `cause`: when the current run of refused probes began, and why.
@Suite struct AuthFailingSinceAndCauseTests {
    typealias F = RiskFixture

    /// `count` refused probes of one consumer, every 10 minutes, the oldest `startHoursAgo` before as-of.
    static func failures(_ consumer: String, from start: Int64, count: Int, status: Int = 401, client: String = "client-aaaa1111") -> [ProbeRecord] {
        (0..<count).map { F.probe(start + Int64($0) * 10 * F.minute, client: client, consumer: consumer, status: status, error: status == 401 ? "invalid_client" : nil) }
    }

    @Test func sinceIsTheFirstFailureAfterTheLastSuccessWhateverTheOrder() throws {
        let inventory = F.inventory([F.consumer("Feed")])
        // Failures before an earlier success are not part of the current run.
        let old = Self.failures("Feed", from: F.ago(hours: 30), count: 3)
        let success = [F.probe(F.ago(hours: 10), consumer: "Feed")]
        let run = Self.failures("Feed", from: F.ago(hours: 9, minutes: 50), count: 40)
        for probes in [old + success + run, (run + success + old).reversed(), run + old + success] {
            let finding = try #require(F.run(AuthFailing(), inventory, probes: Array(probes)).first)
            #expect(finding.since == F.ago(hours: 9, minutes: 50))
            #expect(finding.message.contains("Failing since 2026-09-02T02:10:00Z"))
        }
    }

    @Test func sinceIsTheEarliestOverTheConsumersStillFailing() throws {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B"), F.consumer("C")])
        let probes = Self.failures("A", from: F.ago(hours: 5), count: 10)
            + Self.failures("B", from: F.ago(hours: 8), count: 10)
            // C failed earliest but recovered: not part of the current run.
            + Self.failures("C", from: F.ago(hours: 20), count: 3) + [F.probe(F.ago(hours: 1), consumer: "C")]
        let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
        #expect(finding.since == F.ago(hours: 8))
    }

    @Test func failuresFromTheExpiryDayAreExpired() throws {
        let inventory = F.inventory([F.consumer("A", expiresOn: "2026-08-31")])
        let probes = [F.probe(F.ago(hours: 60), consumer: "A")] + Self.failures("A", from: F.day("2026-08-31").startMillis, count: 300)
        let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
        #expect(finding.cause == "expired")
        #expect(finding.message.contains("Likely cause: expired"))
        #expect(!finding.remediation.contains("Compare the secret"))
        #expect(!finding.remediation.contains("lower environment"))
    }

    @Test func failuresOnTheRotationDayOrTheDayAfterAreAMissedRotation() throws {
        for start in ["2026-09-01", "2026-09-02"] {
            let inventory = F.inventory([F.consumer("A", rotatedOn: "2026-09-01"), F.consumer("B", rotatedOn: "2026-09-01")])
            let probes = F.healthy("B", hours: 20) + Self.failures("A", from: F.day(start).startMillis + (start == "2026-09-01" ? 14 : 2) * F.hour, count: 5)
            let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
            #expect(finding.cause == "missed-rotation")
            #expect(finding.remediation.contains("cannot be viewed in Setup after it is generated"))
            #expect(finding.remediation.contains("A@prod"))
        }
    }

    @Test func failuresWhenANewVersionAppearedAreAMissedRotation() throws {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B")])
        let probes = F.healthy("B", hours: 30, version: "v1").filter { $0.timestamp < F.ago(hours: 6) }
            + F.healthy("B", hours: 6, version: "v2")
            + [F.probe(F.ago(hours: 7), consumer: "A", version: "v1")]
            + Self.failures("A", from: F.ago(hours: 5), count: 20)
        let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
        #expect(finding.cause == "missed-rotation")
        #expect(finding.message.contains("secret_version v2 first appeared"))
    }

    @Test func failuresNoRotationOrExpiryExplainsAreRevokedAndStartWithTheLeak() throws {
        let inventory = F.inventory([F.consumer("A", expiresOn: "2027-03-01", rotatedOn: "2026-06-01")])
        let probes = F.healthy("A", hours: 30).filter { $0.timestamp < F.ago(hours: 14) } + Self.failures("A", from: F.ago(hours: 13, minutes: 50), count: 60)
        let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
        #expect(finding.severity == .critical)
        #expect(finding.cause == "revoked")
        #expect(finding.remediation.hasPrefix("Handle this as a security incident."))
        let leak = try #require(finding.remediation.range(of: "find the leak"))
        let generate = try #require(finding.remediation.range(of: "generate a staged secret"))
        #expect(leak.lowerBound < generate.lowerBound, "the leak is found before a new secret is generated")
        #expect(finding.remediation.contains("Orders Sync app user"))
    }

    @Test func only403sAreForbiddenAndNotAboutTheSecret() throws {
        let inventory = F.inventory([F.consumer("A")])
        let probes = [F.probe(F.ago(hours: 9), consumer: "A")] + Self.failures("A", from: F.ago(hours: 8), count: 10, status: 403)
        let finding = try #require(F.run(AuthFailing(), inventory, probes: probes).first)
        #expect(finding.cause == "forbidden")
        #expect(finding.since == F.ago(hours: 8))
        #expect(finding.message.contains("(403 forbidden)"))
        #expect(finding.remediation.contains("do not rotate it"))
        #expect(finding.remediation.contains("business unit"))
        // A 403 is not also a non-auth error.
        #expect(F.run(ProbeErrors(), inventory, probes: probes).isEmpty)
    }

    @Test func sinceAndCauseAreInTheJSON() throws {
        let inventory = F.inventory([F.consumer("A")])
        let probes = Self.failures("A", from: F.ago(hours: 2), count: 3)
        let report = assessRisk(
            inventory: inventory, evidence: F.evidence(inventory, probes), config: Config(), clock: F.clock, blastRadius: [:])
        let json = report.jsonText()
        #expect(json.contains("\"since\": \"2026-09-02T10:00:00Z\""))
        #expect(json.contains("\"cause\": \"revoked\""))
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(AuthFailing.self)
    }
}
