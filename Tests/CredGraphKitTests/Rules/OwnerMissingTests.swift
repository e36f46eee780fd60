import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit

@Suite struct OwnerMissingTests {
    typealias F = RiskFixture

    @Test func missingTechnicalOwnerIsHighAndBusinessOwnerMediumGroupedPerCredential() {
        let inventory = F.inventory([
            F.consumer("A", technicalOwner: nil),
            F.consumer("B", technicalOwner: nil, businessOwner: nil),
            F.consumer("C"),
        ])
        let result = F.run(OwnerMissing(), inventory).sorted(by: Finding.listOrder)
        #expect(result.count == 2)
        #expect(result[0].severity == .high)
        #expect(result[0].message.hasPrefix("No technical owner for 2 of 3 consumers: A@prod (inventory.csv:2) and B@prod (inventory.csv:3)."))
        #expect(result[0].consumerIndices == [0, 1])
        #expect(result[1].severity == .medium)
        #expect(result[1].message.hasPrefix("No business owner for 1 of 3 consumers: B@prod (inventory.csv:3)."))
        #expect(result[1].consumerIndices == [1])
    }

    @Test func ownersOnEveryRowGiveNoFinding() {
        #expect(F.run(OwnerMissing(), F.inventory([F.consumer("A"), F.consumer("B")])).isEmpty)
    }

    @Test func eachCredentialGetsItsOwnFinding() {
        let inventory = F.inventory([
            F.consumer("A", client: "client-1", technicalOwner: nil),
            F.consumer("B", client: "client-2", technicalOwner: nil),
        ])
        let result = F.run(OwnerMissing(), inventory)
        #expect(result.map(\.clientID) == ["client-1", "client-2"])
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(OwnerMissing.self)
    }
}
