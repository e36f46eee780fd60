import Testing
import CredGraphKit

@Suite struct SharedSecretTests {
    typealias F = RiskFixture

    @Test func severalConsumersInOneEnvironmentIsInfo() {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B", technicalOwner: "Dev Team")])
        let result = F.run(SharedSecret(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .info)
        #expect(result.first?.message.contains("2 consumers share this secret") == true)
        #expect(result.first?.remediation.contains("one package per environment") == false)
    }

    @Test func acrossProdAndAnotherEnvironmentIsMediumNamingEachWithLocationAndOwner() {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B", env: "dev", technicalOwner: "Dev Team")])
        let result = F.run(SharedSecret(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .medium)
        #expect(result.first?.remediation.contains("one package per environment") == true)
        let message = result.first?.message ?? ""
        #expect(message.contains("2 consumers share this secret"))
        #expect(message.contains("A@prod (secret at vault:kv/mc/orders, technical owner Platform Team <platform@example.com>)"))
        #expect(message.contains("B@dev (secret at vault:kv/mc/orders, technical owner Dev Team)"))
        #expect(message.contains("spans environments dev and prod"))
    }

    @Test func nonProductionEnvironmentsTogetherStayInfo() {
        let inventory = F.inventory([F.consumer("A", env: "qa"), F.consumer("B", env: "dev")])
        #expect(F.run(SharedSecret(), inventory).first?.severity == .info)
    }

    @Test func oneConsumerIsNotShared() {
        #expect(F.run(SharedSecret(), F.inventory([F.consumer("A")])).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SharedSecret.self)
    }
}
