import Testing
@testable import CredGraphIngest
import CredGraphKit

@Suite struct ExpiryUnknownTests {
    typealias F = RiskFixture

    @Test func noDateAtAllIsHigh() {
        let inventory = F.inventory([F.consumer("A", expiresOn: nil), F.consumer("B", env: "qa", expiresOn: nil)])
        let result = F.run(ExpiryUnknown(), inventory)
        #expect(result.count == 1)
        #expect(result.first?.severity == .high)
        #expect(result.first?.message.contains("inventory.csv:2 and inventory.csv:3") == true)
        #expect(result.first?.remediation.contains("\"Client Secret Expires\" column for Orders Sync in the summary table of Setup > Apps > Installed Packages") == true)
        #expect(result.first?.remediation.contains("client-aaaa1111") == true)
    }

    @Test func explicitOrDerivedExpiryIsKnown() {
        #expect(F.run(ExpiryUnknown(), F.inventory([F.consumer("A", expiresOn: "2027-01-01")])).isEmpty)
        #expect(F.run(ExpiryUnknown(), F.inventory([F.consumer("A", expiresOn: nil, generatedOn: "2026-05-01")])).isEmpty)
    }

    @Test func examples() throws {
        try RuleExampleRunner.check(ExpiryUnknown.self)
    }
}
