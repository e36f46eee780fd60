import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

@Suite struct HardcodedSecretTests {
    typealias F = RiskFixture

    @Test func hardcodedAndAutomationStudioAreGroupedPerCredential() {
        let inventory = F.inventory([
            F.consumer("Legacy SSJS", secretLocation: .automationStudio),
            F.consumer("Boomi nightly ETL"),
            F.consumer("Node service", secretLocation: .hardcoded),
        ])
        let result = F.run(HardcodedSecret(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .high)
        #expect(result.first?.message.contains("2 of 3 consumers") == true)
        #expect(result.first?.message.contains("Legacy SSJS@prod (automation-studio, inventory.csv:2) and Node service@prod (hardcoded, inventory.csv:4)") == true)
        #expect(result.first?.consumerIndices == [0, 2])
        #expect(result.first?.remediation.contains("Automation Studio") == true)
        let rotation = F.run(SharedSecret(), inventory).first?.message ?? ""
        #expect(rotation.contains("Legacy SSJS@prod (secret in an Automation Studio activity, "))
        #expect(rotation.contains("Node service@prod (secret hardcoded, "))
    }

    @Test func managedOrOtherLocationsAreNotHardcoded() {
        let inventory = F.inventory([
            F.consumer("A", secretLocation: .vault("kv/a")), F.consumer("B", secretLocation: .ssm("/mc/b")),
            F.consumer("C", secretLocation: .env("MC")), F.consumer("D", secretLocation: nil), F.consumer("E", secretLocation: .unknown),
        ])
        #expect(F.run(HardcodedSecret(), inventory).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(HardcodedSecret.self)
    }
}
