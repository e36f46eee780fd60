import Testing
@testable import CredGraphKit

@Suite struct SharedSecretTests {
    typealias F = RiskFixture

    @Test func severalConsumersIsInfoNamingEachWithLocationAndOwner() {
        let inventory = F.inventory([F.consumer("A"), F.consumer("B", env: "dev", technicalOwner: "Dev Team")])
        let result = F.run(SharedSecret(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .info)
        let message = result.first?.message ?? ""
        #expect(message.contains("2 consumers share this secret"))
        #expect(message.contains("A@prod (secret at vault:kv/mc/orders, technical owner Platform Team <platform@example.com>)"))
        #expect(message.contains("B@dev (secret at vault:kv/mc/orders, technical owner Dev Team)"))
        #expect(message.contains("spans environments dev and prod"))
    }

    @Test func oneConsumerIsNotShared() {
        #expect(F.run(SharedSecret(), F.inventory([F.consumer("A")])).isEmpty)
    }
}
