import Testing
@testable import CredGraphCore
import CredGraphKit

@Suite struct SecretLocationUnknownTests {
    typealias F = RiskFixture

    @Test func emptyOrUnknownLocationIsMedium() {
        let inventory = F.inventory([
            F.consumer("A", secretLocation: nil), F.consumer("B", secretLocation: .unknown), F.consumer("C"),
        ])
        let result = F.run(SecretLocationUnknown(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        #expect(result.first?.message.contains("2 of 3 consumers") == true)
        #expect(result.first?.message.contains("A@prod (inventory.csv:2) and B@prod (inventory.csv:3)") == true)
        #expect(result.first?.consumerIndices == [0, 1])
    }

    @Test func anyRecordedLocationIsKnown() {
        let inventory = F.inventory([F.consumer("A", secretLocation: .hardcoded), F.consumer("B", secretLocation: .file("/etc/mc"))])
        #expect(F.run(SecretLocationUnknown(), inventory).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SecretLocationUnknown.self)
    }
}
