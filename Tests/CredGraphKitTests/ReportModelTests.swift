import Foundation
import Testing
@testable import CredGraphCore
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// The report models built from the risk estate (Tests/Fixtures/risk-estate):
/// who gets a page, what comes first, and how readiness is judged.
@Suite struct ReportModelTests {
    static let analysis: Analysis = try! FixtureAnalysis.riskEstate()

    static var context: ReportContext { ReportContext(analysis: analysis) }

    @Test func everyTechnicalAndBusinessOwnerGetsAPage() {
        let pages = weeklyOwnerPages(Self.context)
        let owners = Set(Self.analysis.inventory.consumers.flatMap { [$0.technicalOwner?.name, $0.businessOwner?.name] }.compactMap { $0?.lowercased() })
        #expect(Set(pages.map { $0.name.lowercased() }) == owners)
        #expect(Set(pages.map(\.slug)).count == pages.count)
        // Worst first.
        let levels = pages.map(\.worst.level)
        #expect(levels == levels.sorted(by: >))
    }

    @Test func actionsComeInPriorityOrderAndSkipInfo() throws {
        for page in weeklyOwnerPages(Self.context) {
            let levels = page.actions.map { Severity(rawValue: $0.severity)!.level }
            #expect(levels == levels.sorted(by: >), "\(page.name)")
            #expect(!page.actions.contains { $0.severity == "info" })
            #expect(page.actions.map(\.priority) == Array(1...max(1, page.actions.count)).prefix(page.actions.count).map { $0 })
        }
        let kenji = try #require(weeklyOwnerPages(Self.context).first { $0.name == "Kenji Watanabe" })
        #expect(kenji.actions.first?.severity == "critical")
        #expect(kenji.credentials.first?.package == "Boomi Store Systems")
    }

    @Test func readinessFollowsTheChecklist() throws {
        let results = assessReadiness(Self.context)
        func status(_ package: String) -> ReadinessStatus? { results.first { $0.assessment.installedPackage == package }?.status }
        #expect(status("Loyalty Points Export") == .blocked)       // expired and failing
        #expect(status("Boomi Store Systems") == .blocked)          // partial rotation, auth failing
        #expect(status("Abandoned Cart Connector") == .blocked)    // revoked secret
        #expect(status("Web Analytics Bridge") == .blocked)        // 403 since 06:45Z (and not in a vault, not rehearsed)
        #expect(status("Suppression Automation Toolkit") == .atRisk) // hardcoded, one secret for prod and dev
        #expect(status("Snowflake Audience Sync") == .atRisk)      // stale probes
        #expect(status("Product Reviews Sync") == .ready)          // the clean one
        let stale = try #require(results.first { $0.assessment.installedPackage == "Snowflake Audience Sync" })
        #expect(stale.missing == [.monitored])
        let page = readinessPage(Self.context)
        #expect(page.readyCount + page.atRiskCount + page.urgentCount + page.blockedCount == page.total)
        #expect(page.gantt.hasPrefix("```mermaid\ngantt"))
        #expect(page.gantt.contains("Rotation deadline :milestone, crit, 2026-09-30, 0d"))
        #expect(page.gantt.contains("Loyalty Points Export …5e6f expired :milestone"))
    }

    @Test func changeReviewChecklistNamesEveryConsumer() {
        let pages = changeReviewPages(Self.context)
        #expect(pages.count == Set(Self.analysis.inventory.credentials.map(\.installedPackage)).count)
        #expect(pages.map(\.checklist.count).reduce(0, +) == Self.analysis.inventory.consumers.count)
        // The one package whose secret serves prod and dev.
        let mule = pages.first { $0.package == "Suppression Automation Toolkit" }!
        #expect(Set(mule.checklist.map(\.environment)) == ["prod", "dev"])
        // Production rows first, then by environment name.
        #expect(mule.checklist.map(\.environment) == mule.checklist.map(\.environment).sorted { ($0 == "prod" ? 0 : 1, $0) < ($1 == "prod" ? 0 : 1, $1) })
        #expect(mule.checklist.contains { $0.secretVersion != "not reported" })
        #expect(!mule.owners.isEmpty)
    }

    @Test func sparklineAndFormatting() {
        #expect(sparkline([1.0, 0.0, nil, 0.5]) == "█▁·▅")
        #expect(Vocabulary.percent(1, of: 3, style: .table) == "33.3%")
        #expect(Vocabulary.percent(0, of: 0, style: .table) == "n/a")
        #expect(Vocabulary.grouped(1234567) == "1,234,567")
        #expect(Vocabulary.list(["a", "b", "c"]) == "a, b and c")
        #expect(Vocabulary.time(parseRFC3339("2026-09-02T11:59:03Z")) == "2026-09-02 11:59 UTC")
    }

    @Test func maskingReplacesEveryKnownClientID() {
        let context = Self.context
        let id = Self.analysis.inventory.credentials[0].clientID
        #expect(context.masked("client \(id) here") == "client \(maskClientID(id)) here")
        let open = ReportContext(analysis: Self.analysis, maskClientIDs: false)
        #expect(open.masked("client \(id)") == "client \(id)")
    }

    /// The one-pass masker: every occurrence, anywhere in the text, the
    /// longest id where several start at one place, nothing shorter than 6.
    @Test func maskerFindsEveryIdInOnePass() {
        let masker = ClientIDMasker(ids: ["4f1c0d9e2b7a", "4f1c0d9e2b7a8c6d", "zz99yy88", "abc12", "ümlaut-id-1"])
        #expect(masker.mask("4f1c0d9e2b7a8c6d and 4f1c0d9e2b7a, x4f1c0d9e2b7ay")
            == "…8c6d and …2b7a, x…2b7ay")
        #expect(masker.mask("zz99yy88zz99yy88") == "…yy88…yy88")
        #expect(masker.mask("abc12 stays: too short to mask safely") == "abc12 stays: too short to mask safely")
        #expect(masker.mask("ids: ümlaut-id-1.") == "ids: …id-1.")
        #expect(masker.mask("") == "")
        #expect(masker.mask("4f1c0") == "4f1c0")
        #expect(ClientIDMasker(ids: []).mask("4f1c0d9e2b7a") == "4f1c0d9e2b7a")
        // The context's masker knows every credential and uninventoried client id of the run.
        for credential in Self.analysis.inventory.credentials where credential.clientID.count >= 6 {
            #expect(Self.context.masked("[\(credential.clientID)]") == "[\(maskClientID(credential.clientID))]")
        }
    }
}
