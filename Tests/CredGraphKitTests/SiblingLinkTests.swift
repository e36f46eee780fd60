import Testing
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphRisk

@Suite struct SiblingLinkTests {
    typealias F = RiskFixture

    @Test func aCredentialLinksToTheOneWithItsIntegrationNamesInOtherEnvironments() {
        let inventory = F.inventory([
            F.consumer("Order Events", client: "p", package: "Commerce"),
            F.consumer("Customer Sync", client: "p", package: "Commerce"),
            F.consumer("order events", env: "dev", client: "s", package: "Commerce Sandbox"),
            F.consumer("Order Events", env: "qa", client: "s", package: "Commerce Sandbox"),
            F.consumer("Customer Sync", env: "qa", client: "s", package: "Commerce Sandbox"),
            // Shares one name in qa, but fewer than the sandbox: not the sibling there.
            F.consumer("Order Events", env: "qa", client: "x", package: "Other"),
            F.consumer("Unrelated", env: "qa", client: "u", package: "Unrelated"),
        ])
        let links = siblingLinks(inventory)
        let byClient = Dictionary(uniqueKeysWithValues: zip(inventory.credentials.map(\.clientID), links))
        #expect(byClient["p"] == [SiblingLink(clientID: "s", installedPackage: "Commerce Sandbox", environments: ["dev", "qa"], integrations: ["Customer Sync", "Order Events", "order events"])])
        #expect(byClient["s"]?.map(\.clientID) == ["p"])
        #expect(byClient["s"]?.first?.environments == ["prod"])
        #expect(byClient["u"] == [])
    }

    @Test func oneCredentialAcrossEnvironmentsHasNoSiblingOfItself() {
        let inventory = F.inventory([F.consumer("Web", client: "a"), F.consumer("Web", env: "qa", client: "a")])
        #expect(siblingLinks(inventory) == [[]])
    }

    @Test func siblingsAreIndependentOfRowOrder() {
        let rows = [
            F.consumer("A", client: "p"), F.consumer("A", env: "qa", client: "q1"), F.consumer("A", env: "qa", client: "q0"),
        ]
        let forward = siblingLinks(F.inventory(rows))
        let backward = siblingLinks(F.inventory(rows.reversed()))
        #expect(forward == backward)
        #expect(forward.first?.map(\.clientID) == ["q0"])
    }
}
