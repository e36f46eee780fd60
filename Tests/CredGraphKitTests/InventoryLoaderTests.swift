import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

private let fullHeader = "integration,environment,installed_package,client_id,package_type,kind,business_owner,technical_owner,secret_location,secret_expires_on,secret_generated_on,secret_rotated_on,criticality,retry,alerting,lower_env_rotated_on,e2e_tested_on,writes,notes"

private func load(_ text: String, ttl: Int = 180) -> (Inventory, [Diagnostic], String) {
    let files = CSVTestFiles()
    let path = files.write("inventory.csv", text)
    var diagnostics = Diagnostics()
    let inventory = InventoryLoader.load(path: path, secretTTLDays: ttl, diagnostics: &diagnostics)
    return (inventory, diagnostics.items, path)
}

private func errors(_ d: [Diagnostic]) -> [Diagnostic] { d.filter { $0.severity == .error } }
private func warnings(_ d: [Diagnostic]) -> [Diagnostic] { d.filter { $0.severity == .warning } }

@Suite struct InventoryLoaderTests {
    @Test func fullRowIsTyped() throws {
        let (inventory, diagnostics, path) = load("""
        \(fullHeader)
        Boomi nightly ETL,Production,MC Boomi,4f1c0d9e2b7a,Server-to-Server,etl,Jane Doe <jane@example.com>,Data Team,vault:secret/data/mc/boomi-prod#v3,2026-09-30,2026-04-03,2026-04-03T09:00:00Z,critical,3 attempts,pager:mc-ops,2026-08-01,2026-08-02,Loyalty_Tiers; Orders ;;loyalty_tiers,"Nightly, full load"
        """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.rowCount == 1)
        let c = try #require(inventory.consumers.first)
        #expect(c.integration == "Boomi nightly ETL")
        #expect(c.environment == "prod")
        #expect(c.reference == "Boomi nightly ETL@prod")
        #expect(c.installedPackage == "MC Boomi")
        #expect(c.clientID == "4f1c0d9e2b7a")
        #expect(c.packageType == .serverToServer)
        #expect(c.kind == .etl)
        #expect(c.businessOwner == Owner(name: "Jane Doe", email: "jane@example.com"))
        #expect(c.technicalOwner == Owner(name: "Data Team"))
        #expect(c.secretLocation == .vault("secret/data/mc/boomi-prod#v3"))
        #expect(c.secretExpiresOn == Day(parsing: "2026-09-30"))
        #expect(c.secretGeneratedOn == Day(parsing: "2026-04-03"))
        #expect(c.secretRotatedOn == Day(parsing: "2026-04-03"))
        #expect(c.criticality == .critical)
        #expect(c.retry == "3 attempts")
        #expect(c.alerting == "pager:mc-ops")
        #expect(c.lowerEnvRotatedOn == Day(parsing: "2026-08-01"))
        #expect(c.e2eTestedOn == Day(parsing: "2026-08-02"))
        #expect(c.writes == ["Loyalty_Tiers", "Orders"])
        #expect(c.notes == "Nightly, full load")
        #expect(c.location == SourceLocation(file: path, line: 2))
        let credential = try #require(inventory.credentials.first)
        #expect(credential.clientID == "4f1c0d9e2b7a")
        #expect(credential.installedPackage == "MC Boomi")
        #expect(credential.packageType == .serverToServer)
        #expect(credential.expiresOn == Day(parsing: "2026-09-30"))
        #expect(credential.expirySource == .explicit)
        #expect(credential.consumerIndices == [0])
    }

    @Test func minimalColumnsAndAliases() throws {
        let (inventory, diagnostics, _) = load("""
        Consumer;ENV;Package Name;ClientID;Type;Category;Secret-Store;Expires On;Tech Owner;Data Extensions
        Web form;dev;MC Web;abc123;web-app;landing page;env:SFMC_SECRET;2026-10-01;Ops;Leads
        """)
        #expect(diagnostics.isEmpty)
        let c = try #require(inventory.consumers.first)
        #expect(c.integration == "Web form")
        #expect(c.installedPackage == "MC Web")
        #expect(c.clientID == "abc123")
        #expect(c.packageType == .webApp)
        #expect(c.kind == .landingPage)
        #expect(c.secretLocation == .env("SFMC_SECRET"))
        #expect(c.secretExpiresOn == Day(parsing: "2026-10-01"))
        #expect(c.technicalOwner?.name == "Ops")
        #expect(c.writes == ["Leads"])
        #expect(c.criticality == .medium)
        #expect(c.secretGeneratedOn == nil)
    }

    @Test func credentialsGroupConsumersAndSortByClientID() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        Zeta,prod,P2,zz9
        Alpha,prod,P1,aa1
        Alpha,dev,P1,aa1
        Beta,prod,P1,aa1
        """)
        #expect(diagnostics.isEmpty)
        #expect(inventory.consumers.map(\.reference) == ["Zeta@prod", "Alpha@prod", "Alpha@dev", "Beta@prod"])
        #expect(inventory.credentials.map(\.clientID) == ["aa1", "zz9"])
        #expect(inventory.credentials[0].consumerIndices == [1, 2, 3])
        #expect(inventory.credentials[1].consumerIndices == [0])
        #expect(inventory.credentials[0].location.line == 3)
        #expect(inventory.credentials[0].expirySource == .unknown)
        #expect(inventory.credentials[0].expiresOn == nil)
    }

    @Test func wrongCellCountSkipsTheRow() {
        let (inventory, diagnostics, path) = load("""
        integration,environment,installed_package,client_id
        A,prod,P,c1
        B,prod,P
        C,prod,P,c3,extra
        D,prod,P,c4
        """)
        #expect(inventory.rowCount == 4)
        #expect(inventory.consumers.map(\.integration) == ["A", "D"])
        #expect(errors(diagnostics).map(\.line) == [3, 4])
        #expect(errors(diagnostics).allSatisfy { $0.file == path && $0.message.contains("cells") })
        #expect(inventory.credentials.map(\.clientID) == ["c1", "c4"])
    }

    @Test func badDatesAreErrorsAndTheRowStays() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,secret_expires_on,secret_rotated_on,e2e_tested_on
        A,prod,P,c1,30/09/2026,2026-02-30,2026-09-01T10:00:00+02:00
        """)
        #expect(errors(diagnostics).count == 2)
        #expect(errors(diagnostics).allSatisfy { $0.line == 2 && $0.message.contains("bad date") })
        #expect(errors(diagnostics)[0].message.contains("secret_expires_on"))
        #expect(errors(diagnostics)[1].message.contains("secret_rotated_on"))
        #expect(inventory.consumers.count == 1)
        #expect(inventory.consumers[0].secretExpiresOn == nil)
        #expect(inventory.consumers[0].e2eTestedOn == Day(parsing: "2026-09-01"))
    }

    @Test func unknownEnumValuesAreErrors() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,package_type,kind,criticality
        A,prod,P,c1,desktop-app,etl,urgent
        B,prod,P,c1,public app,robot,HIGH
        """)
        let messages = errors(diagnostics).map { "\($0.line ?? 0) \($0.message)" }
        #expect(messages.count == 3)
        #expect(messages[0].hasPrefix("2 unknown package_type 'desktop-app'"))
        #expect(messages[1].hasPrefix("2 unknown criticality 'urgent'"))
        #expect(messages[2].hasPrefix("3 unknown kind 'robot'"))
        #expect(inventory.consumers.count == 2)
        #expect(inventory.consumers[0].packageType == nil)
        #expect(inventory.consumers[0].criticality == .medium)
        #expect(inventory.consumers[1].packageType == .publicApp)
        #expect(inventory.consumers[1].criticality == .high)
        #expect(inventory.consumers[1].kind == nil)
    }

    @Test func environmentIsFreeTextButNormalised() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        A, PRODUCTION ,P,c1
        A,Sandbox-EU,P,c1
        """)
        // Kept as written (lower-case), with a warning that it is not one of the usual names.
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.line == 3)
        #expect(diagnostics.first?.message.contains("environment 'Sandbox-EU' is not one of dev, qa, uat, staging, prod") == true)
        #expect(inventory.consumers.map(\.environment) == ["prod", "sandbox-eu"])
    }

    @Test func emptyRequiredCellsSkipTheRow() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        ,prod,P,c1
        A,,P,
        B,prod,P,c2
        """)
        #expect(inventory.rowCount == 3)
        #expect(inventory.consumers.map(\.integration) == ["B"])
        #expect(errors(diagnostics).map(\.line) == [2, 3, 3])
        #expect(errors(diagnostics)[0].message.contains("'integration'"))
        #expect(errors(diagnostics)[1].message.contains("'environment'"))
        #expect(errors(diagnostics)[2].message.contains("'client_id'"))
        #expect(inventory.credentials.map(\.clientID) == ["c2"])
    }

    @Test func duplicateRowNamesTheFirstLine() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        Boomi,prod,P,c1
        Boomi,dev,P,c1
        boomi ,Production,P,c2
        """)
        #expect(inventory.consumers.count == 2)
        #expect(errors(diagnostics).count == 1)
        #expect(errors(diagnostics)[0].line == 4)
        #expect(errors(diagnostics)[0].message.contains("line 2"))
        // The rejected row's client id has no other rows: no credential.
        #expect(inventory.credentials.map(\.clientID) == ["c1"])
    }

    @Test func clientIDUnderTwoPackagesIsAnError() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        A,prod,MC Boomi,c1
        B,prod,mc boomi,c1
        C,prod,MC Other,c1
        """)
        let e = errors(diagnostics)
        #expect(e.count == 1)
        #expect(e[0].line == 4)
        #expect(e[0].message.contains("'MC Other'"))
        #expect(e[0].message.contains("'MC Boomi'"))
        #expect(e[0].message.contains("line 2"))
        #expect(inventory.credentials.count == 1)
        #expect(inventory.credentials[0].installedPackage == "MC Boomi")
        #expect(inventory.credentials[0].consumerIndices == [0, 1, 2])
    }

    @Test func conflictingExpiryWarnsAndEarliestCounts() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,secret_expires_on
        A,prod,P,c1,2026-09-30
        B,prod,P,c1,2026-09-30
        C,prod,P,c1,2026-09-15
        D,prod,P,c1,2026-10-15
        """)
        let w = warnings(diagnostics)
        #expect(w.map(\.line) == [4, 5])
        #expect(w[0].message.contains("2026-09-15") && w[0].message.contains("line 2"))
        #expect(errors(diagnostics).isEmpty)
        #expect(inventory.credentials[0].expiresOn == Day(parsing: "2026-09-15"))
        #expect(inventory.credentials[0].expirySource == .explicit)
    }

    @Test func expiryDerivedFromGenerationAndTTL() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,secret_expires_on,secret_generated_on,secret_rotated_on
        A,prod,P,c1,,2026-04-03,2026-04-03
        B,prod,P,c1,,2026-05-01,2026-05-01
        C,prod,Q,c2,,2026-01-01,
        D,prod,Q,c2,2026-12-31,,
        E,prod,R,c3,not-a-date,2026-01-01,
        """, ttl: 90)
        #expect(errors(diagnostics).count == 1)
        let byID = Dictionary(uniqueKeysWithValues: inventory.credentials.map { ($0.clientID, $0) })
        // The earliest expiry over the rows counts; the latest generation is the current secret's.
        #expect(byID["c1"]?.expiresOn == Day(parsing: "2026-04-03")?.adding(days: 90))
        #expect(byID["c1"]?.expirySource == .derivedFromGeneration)
        #expect(byID["c1"]?.generatedOn == Day(parsing: "2026-05-01"))
        #expect(byID["c1"]?.rotatedOn == Day(parsing: "2026-05-01"))
        #expect(byID["c2"]?.expiresOn == Day(parsing: "2026-04-01"))
        #expect(byID["c2"]?.expirySource == .derivedFromGeneration)
        // A bad expiry date is not papered over by the generation date.
        #expect(byID["c3"]?.expiresOn == nil)
        #expect(byID["c3"]?.expirySource == .unknown)
    }

    @Test func hugeTTLDoesNotTrap() {
        let (inventory, _, _) = load("""
        integration,environment,installed_package,client_id,secret_generated_on
        A,prod,P,c1,2026-04-03
        """, ttl: Int.max)
        #expect(inventory.credentials[0].expiresOn == nil)
    }

    @Test func unrecognisedSecretLocationIsAnError() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,secret_location
        A,prod,P,c1,keepass
        B,prod,P,c1,SSM:/prod/mc/key
        C,prod,P,c1,vault:
        """)
        #expect(errors(diagnostics).map(\.line) == [2, 4])
        #expect(errors(diagnostics)[0].message.contains("'keepass'"))
        #expect(inventory.consumers.map(\.secretLocation) == [nil, .ssm("/prod/mc/key"), nil])
    }

    @Test func secretsAreRedactedEverywhere() throws {
        let secret = "Zk3Qp9LmX7vB2nR8tYc4HdFa"
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"
        let (inventory, diagnostics, path) = load("""
        integration,environment,installed_package,client_id,secret_location,notes,retry,Extra
        A,prod,P,c1,\(secret),"rotated, new one is client_secret=\(secret)",none,x
        B,prod,P,c2,vault:secret/x,ok,none,\(jwt)
        C,prod,P,c3,vault:secret/y,\(secret),too,many,\(secret)
        """)
        #expect(inventory.secretSightings.count == 5)
        let first = inventory.secretSightings[0]
        #expect(first.location == SourceLocation(file: path, line: 2))
        #expect(first.column == "secret_location")
        #expect(first.clientID == "c1")
        #expect(first.reason == "high-entropy token")
        #expect(inventory.secretSightings[1].column == "notes")
        #expect(inventory.secretSightings[1].reason == "client_secret assignment")
        #expect(inventory.secretSightings[2].column == "Extra")
        #expect(inventory.secretSightings[2].reason == "JSON Web Token")
        // A row rejected for its cell count is still scanned.
        #expect(inventory.secretSightings[3].location.line == 4)
        #expect(inventory.secretSightings[4].column == "column 9")

        let a = try #require(inventory.consumers.first)
        #expect(a.secretLocation == nil)
        #expect(a.notes == "[redacted]")
        // Redaction warnings, and no secret_location form error for a redacted cell.
        let redactions = warnings(diagnostics).filter { $0.message.contains("secret material") }
        #expect(redactions.map(\.line) == [2, 2, 3, 4, 4])
        #expect(redactions[0].message.hasPrefix("column 'secret_location' looks like secret material"))
        #expect(warnings(diagnostics).count == 6) // plus the unknown column 'Extra'
        #expect(errors(diagnostics).count == 1) // the cell count of line 4

        let everything = diagnostics.map(\.formatted).joined(separator: "\n")
            + String(describing: inventory.consumers) + String(describing: inventory.credentials)
            + String(describing: inventory.secretSightings)
        #expect(!everything.contains(secret))
        #expect(!everything.contains("eyJzdWIi"))
        let json = String(decoding: try JSONEncoder().encode(inventory), as: UTF8.self)
        #expect(!json.contains(secret))
        #expect(!json.contains("eyJzdWIi"))
    }

    @Test func secretLookingClientIDIsWithheldAndTheRowSkipped() {
        // Marketing Cloud client ids are lower-case letters and digits: never flagged.
        let clientID = "1hqn2wdczuoiy3tu825f6f18"
        // A mixed-case token there is a secret pasted into the wrong column.
        let token = "Zk3Qp9LmX7vB2nR8tYc4HdFa"
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id
        A,prod,P,\(token)
        B,prod,P,\(clientID)
        """)
        #expect(inventory.credentials.map(\.clientID) == [clientID])
        #expect(inventory.secretSightings.map(\.column) == ["client_id"])
        #expect(inventory.secretSightings.map(\.clientID) == [nil])
        #expect(diagnostics.map(\.line) == [2, 2])
        #expect(diagnostics.allSatisfy { !$0.formatted.contains(token) })
    }

    @Test func headerProblemsStopOrWarn() {
        let (inventory, diagnostics, path) = load("""
        integration,environment,client_id,colour
        A,prod,c1,red
        """)
        #expect(inventory.consumers.isEmpty)
        #expect(warnings(diagnostics).map(\.formatted) == ["\(path):1: warning: unknown column 'colour' is ignored"])
        #expect(errors(diagnostics).map(\.formatted) == ["\(path):1: error: missing required column 'installed_package'"])
    }

    @Test func missingAndEmptyFilesAreReported() {
        let files = CSVTestFiles()
        var diagnostics = Diagnostics()
        let missing = files.path("none.csv")
        let inventory = InventoryLoader.load(path: missing, secretTTLDays: 180, diagnostics: &diagnostics)
        #expect(inventory.rowCount == 0)
        let empty = files.write("empty.csv", "")
        _ = InventoryLoader.load(path: empty, secretTTLDays: 180, diagnostics: &diagnostics)
        let blank = files.write("blank.csv", "\n,,,\n")
        _ = InventoryLoader.load(path: blank, secretTTLDays: 180, diagnostics: &diagnostics)
        #expect(diagnostics.items.map(\.file) == [missing, empty, blank])
        #expect(diagnostics.items.allSatisfy { $0.severity == .error })
    }

    @Test func everyProblemIsReportedInOneRun() {
        let (inventory, diagnostics, _) = load("""
        integration,environment,installed_package,client_id,secret_expires_on,criticality
        A,prod,P,c1,2026-13-01,medium
        B,prod,P,c2,2026-09-30,extreme
        C,prod,P
        D,prod,P,c4,,
        "E,prod,P,c5,,

        """)
        #expect(inventory.rowCount == 5)
        #expect(errors(diagnostics).map(\.line) == [2, 3, 4, 6])
        #expect(inventory.consumers.map(\.integration) == ["A", "B", "D"])
    }
}
