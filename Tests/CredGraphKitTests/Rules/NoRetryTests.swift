import Testing
import CredGraphKit

@Suite struct NoRetryTests {
    typealias F = RiskFixture

    @Test func retryNoneIsLow() {
        let inventory = F.inventory([F.consumer("A", retry: "none"), F.consumer("B", retry: "NONE"), F.consumer("C")])
        let result = F.run(NoRetry(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .low)
        #expect(result.first?.message.contains("2 of 3 consumers have no retry") == true)
        #expect(result.first?.remediation.contains("do not retry 401 invalid_client") == true)
    }

    @Test func emptyRetryIsUnknownNotAbsent() {
        let inventory = F.inventory([F.consumer("A", retry: nil), F.consumer("B", retry: "3 attempts, 30 s apart")])
        #expect(F.run(NoRetry(), inventory).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(NoRetry.self)
    }
}
