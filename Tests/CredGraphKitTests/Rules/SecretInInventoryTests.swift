import Testing
import CredGraphKit

@Suite struct SecretInInventoryTests {
    typealias F = RiskFixture

    @Test func eachSightingIsCriticalWithItsPlaceAndNoValue() {
        let sightings = [
            SecretSighting(location: SourceLocation(file: "inventory.csv", line: 3), column: "notes", clientID: "client-aaaa1111", reason: "40-character high-entropy token"),
            SecretSighting(location: SourceLocation(file: "inventory.csv", line: 9), column: "secret_location", clientID: nil, reason: "high-entropy token"),
        ]
        let inventory = F.inventory([F.consumer("A"), F.consumer("B")], sightings: sightings)
        let result = F.run(SecretInInventory(), inventory)
        #expect(result.count == 2)
        #expect(result.allSatisfy { $0.severity == .critical })
        #expect(result[0].message.hasPrefix("inventory.csv:3, column notes: the cell looks like secret material (40-character high-entropy token)"))
        #expect(result[0].clientID == "client-aaaa1111")
        #expect(result[0].consumerIndices == [1])
        #expect(result[0].location == SourceLocation(file: "inventory.csv", line: 3))
        #expect(result[0].remediation.contains("Installed Packages > Orders Sync"))
        #expect(result[1].clientID == nil)
        #expect(result[1].remediation.contains("rotate the credential it belongs to"))
    }

    @Test func sightingsOfRowsNamingUnknownClientsBecomeGlobal() {
        let sighting = SecretSighting(location: SourceLocation(file: "inventory.csv", line: 5), column: "notes", clientID: "not-in-inventory", reason: "token")
        let inventory = F.inventory([F.consumer("A")], sightings: [sighting])
        #expect(F.run(SecretInInventory(), inventory).first?.clientID == nil)
    }

    @Test func noSightingNoFinding() {
        #expect(F.run(SecretInInventory(), F.inventory([F.consumer("A")])).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(SecretInInventory.self)
    }
}
