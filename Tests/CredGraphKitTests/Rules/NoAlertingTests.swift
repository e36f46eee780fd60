import Testing
import CredGraphKit

@Suite struct NoAlertingTests {
    typealias F = RiskFixture

    @Test func emptyOrNoneIsMedium() {
        let inventory = F.inventory([F.consumer("A", alerting: nil), F.consumer("B", alerting: "None"), F.consumer("C", alerting: "  ")])
        let result = F.run(NoAlerting(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        #expect(result.first?.message.contains("3 of 3 consumers") == true)
        #expect(result.first?.consumerIndices == [0, 1, 2])
    }

    @Test func anyRouteIsAlerting() {
        let inventory = F.inventory([F.consumer("A", alerting: "slack:#mc-ops"), F.consumer("B", alerting: "email:ops@example.com")])
        #expect(F.run(NoAlerting(), inventory).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(NoAlerting.self)
    }
}
