import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRisk

/// What users write that must read as they mean it: environment typos,
/// `de` as a kind, `vendor` as a secret location, owners as `Name (email)`.
@Suite struct InputSpellingTests {
    func loadInventory(_ text: String, declared: [String] = []) -> (Inventory, [Diagnostic]) {
        let files = CSVTestFiles()
        let path = files.write("inventory.csv", text)
        var diagnostics = Diagnostics()
        let inventory = InventoryLoader.load(path: path, secretTTLDays: 180, declaredEnvironments: declared, diagnostics: &diagnostics)
        return (inventory, diagnostics.items)
    }

    @Test func anUnusualEnvironmentIsAWarningWithTheClosestUsualOne() {
        let (inventory, diagnostics) = loadInventory("""
            integration,environment,installed_package,client_id
            A,PRD,P,c1
            B,PRD,P,c1
            C,UAT,P,c2
            D,Stage,P,c3
            E,perf,P,c4
            """)
        #expect(inventory.consumers.map(\.environment) == ["prd", "prd", "uat", "stage", "perf"])
        let messages = diagnostics.map(\.message)
        #expect(diagnostics.map(\.line) == [2, 5, 6])
        #expect(messages[0].contains("environment 'PRD' is not one of dev, qa, uat, staging, prod; it looks like prod (2 rows)"))
        #expect(messages[1].contains("'Stage'") && messages[1].contains("looks like staging"))
        #expect(messages[2].contains("'perf'") && !messages[2].contains("looks like"))
        // Declared names are not flagged.
        let (_, declared) = loadInventory("integration,environment,installed_package,client_id\nE,perf,P,c4\n", declared: ["perf"])
        #expect(declared.isEmpty)
    }

    @Test func closestUsualEnvironment() {
        #expect(EnvironmentNames.closest(to: "PRD") == "prod")
        #expect(EnvironmentNames.closest(to: "prdo") == "prod")
        #expect(EnvironmentNames.closest(to: "development") == "dev")
        #expect(EnvironmentNames.closest(to: "stg") == "staging")
        #expect(EnvironmentNames.closest(to: "test") == "qa")
        #expect(EnvironmentNames.closest(to: "sandbox-eu") == nil)
    }

    @Test func ownersAsNameParenthesisEmailOrAnAddressAlone() {
        let paren = Owner(parsing: "Jane Doe (jane@x.com)")
        #expect(paren?.name == "Jane Doe")
        #expect(paren?.email == "jane@x.com")
        let angle = Owner(parsing: "Jane Doe <jane@x.com>")
        #expect(angle == paren)
        let bare = Owner(parsing: " jane@x.com ")
        #expect(bare?.name == "jane@x.com")
        #expect(bare?.email == "jane@x.com")
        #expect(bare?.description == "jane@x.com")
        // A remark in parentheses is part of the name.
        let team = Owner(parsing: "CRM Team (EMEA)")
        #expect(team?.name == "CRM Team (EMEA)")
        #expect(team?.email == nil)
    }

    @Test func vendorIsASecretLocation() {
        let (inventory, diagnostics) = loadInventory("""
            integration,environment,installed_package,client_id,secret_location
            SaaS Connector,prod,P,c1,vendor
            Other,prod,P,c1,vendor-managed
            """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.consumers.map(\.secretLocation) == [.vendor, .vendor])
        #expect(SecretLocation.vendor.isManagedStore)
        #expect(Wording.secretLocation(inventory.consumers[0]).contains("confirm the vendor's rotation contact"))
    }

    @Test func deIsADataExtensionKind() {
        let files = CSVTestFiles()
        let path = files.write("dependencies.csv", """
            from,to,to_kind,from_kind
            Sync,Orders,de,
            Orders,Welcome,email,DE
            """)
        var inventory = Inventory()
        inventory.consumers = [Consumer(
            integration: "Sync", environment: "prod", installedPackage: "P", clientID: "c1",
            location: SourceLocation(file: "inventory.csv", line: 2))]
        var diagnostics = Diagnostics()
        let dependencies = DependencyLoader.load(path: path, inventory: inventory, diagnostics: &diagnostics)
        #expect(diagnostics.items.filter { $0.severity == .error }.isEmpty, "\(diagnostics.items)")
        #expect(dependencies.nodes.keys.contains(NodeKey(kind: .dataExtension, name: "Orders")))
        #expect(dependencies.edges.count == 2)
    }
}
