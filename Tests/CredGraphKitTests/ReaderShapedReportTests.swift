import Foundation
import Testing
@testable import CredGraphCore
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphRender
@testable import CredGraphReport

/// The three outputs shaped for their readers (issue 11): weekly pages that
/// fit on a screen, business pages without Setup steps, change reviews that
/// know the rotation state, readiness for the deadline. Checked on the sample
/// and on estates the project has not seen.
@Suite struct ReaderShapedReportTests {
    static var sample: ReportContext { ReportContext(analysis: try! SampleAnalysis.load()) }

    static func templates() throws -> ReportTemplates {
        try ReportTemplates.load(directory: SampleAnalysis.packageRoot.appendingPathComponent("templates").path)
    }

    /// Every Markdown table cell of a page, unescaped pipes kept apart.
    static func tableCells(_ markdown: String) -> [String] {
        var cells: [String] = []
        for line in markdown.split(separator: "\n") where line.hasPrefix("|") {
            var cell = ""
            var escaped = false
            for ch in line.dropFirst() {
                if escaped { cell.append(ch); escaped = false; continue }
                if ch == "\\" { escaped = true; cell.append(ch); continue }
                if ch == "|" { cells.append(cell.trimmingCharacters(in: .whitespaces)); cell = ""; continue }
                cell.append(ch)
            }
        }
        return cells
    }

    /// Checks every weekly page of a context against the reader rules.
    static func checkWeeklyPages(_ context: ReportContext, label: String) throws {
        let templates = try templates()
        let pages = weeklyOwnerPages(context)
        #expect(!pages.isEmpty)
        let analysis = context.analysis
        for page in pages {
            let text = templates.render("weekly-owner", page)
            // No table cell over 300 characters.
            for cell in tableCells(text) { #expect(cell.count <= 300, "\(label) \(page.name): cell of \(cell.count) characters") }
            // Each remediation at most once per page.
            for finding in analysis.risk.allFindings where finding.remediation.count > 40 {
                let remediation = markdownEscape(context.masked(finding.remediation))
                #expect(text.components(separatedBy: remediation).count - 1 <= 1, "\(label) \(page.name): remediation of \(finding.rule) repeated")
            }
            // One action per credential and set of consumers.
            let keys = page.actions.map { "\($0.package)|\($0.consumers ?? "*")|\($0.rule)" }
            #expect(Set(keys).count == keys.count)
            // A business-only page holds no Setup steps and no runbook.
            let technical = analysis.inventory.consumers.contains { $0.technicalOwner?.name.lowercased() == page.name.lowercased() }
            if !technical {
                #expect(!text.contains("Setup &gt;"), "\(label) \(page.name): Setup steps on a business-only page")
                #expect(!text.contains("This week, in priority order"))
                #expect(page.actions.isEmpty)
            }
        }
    }

    @Test func sampleWeeklyPagesFollowTheReaderRules() throws {
        try Self.checkWeeklyPages(Self.sample, label: "sample")
    }

    @Test func sampleBrokenConsumerIsOneAction() throws {
        let kenji = try #require(weeklyOwnerPages(Self.sample).first { $0.name == "Kenji Watanabe" })
        // auth-failing and partial-rotation about one consumer: one action, partial-rotation's remediation.
        let boomi = kenji.actions.filter { $0.package == "Boomi Store Systems" && $0.rules.contains("auth-failing") }
        #expect(boomi.count == 1)
        #expect(boomi.first?.rule == "partial-rotation")
        #expect(boomi.first?.rules == "partial-rotation, auth-failing")
        #expect(boomi.first?.consumers == "Boomi Store Inventory Feed@prod")
        #expect(!kenji.actions.contains { $0.package == "Boomi Store Systems" && $0.rule == "auth-failing" })
        // The findings table points to the action.
        let section = try #require(kenji.credentials.first { $0.package == "Boomi Store Systems" })
        let pointers = section.findings.filter { ["auth-failing", "partial-rotation"].contains($0.rule) }.map(\.handledIn)
        #expect(pointers == ["action \(boomi[0].priority)", "action \(boomi[0].priority)"])
    }

    @Test func sampleBusinessOwnerSeesImpactNotSetup() throws {
        let pages = weeklyOwnerPages(Self.sample)
        let store = try #require(pages.first { $0.name == "Store Operations IT" })
        #expect(store.actions.isEmpty)
        let boomi = try #require(store.impacts.first { $0.package == "Boomi Store Systems" })
        #expect(boomi.status.contains("failing since 2026-08-31 14:42 UTC (last success 2026-08-31 14:37 UTC)"))
        #expect(boomi.acting.hasPrefix("Kenji Watanabe (technical owner)"))
        #expect(boomi.affected.contains { $0.name == "Store Hours Block" && $0.environment == "prod" && $0.effect.contains("falls back to defaults") })
        #expect(boomi.affected.contains { $0.kind == "triggered-send" && $0.effect.hasPrefix("no sends since") })
        let sandbox = try #require(store.impacts.first { $0.package == "Boomi Store Systems Sandbox" })
        #expect(sandbox.acting.hasSuffix("by 2026-09-06"))
        #expect(sandbox.affected.allSatisfy { $0.environment == "qa" })
    }

    @Test func someoneWhoIsBothSeesBothOnce() throws {
        // Priya Raman is business owner of the preference centre and owns journeys; Dana technical.
        for page in weeklyOwnerPages(Self.sample) where page.isTechnical && page.hasImpacts {
            let text = try Self.templates().render("weekly-owner", page)
            #expect(text.components(separatedBy: "## This week, in priority order").count == 2)
            #expect(text.components(separatedBy: "## What your processes feel").count == 2)
        }
    }

    @Test func tableCellCutsAtASentenceAndStaysWithinTheLimit() {
        let long = String(repeating: "Sentence with file.properties in it and more words. ", count: 12)
        let cell = tableCell(long)
        #expect(markdownEscape(cell).count <= 300)
        #expect(cell.hasSuffix("in it and more words. …") || cell.hasSuffix("words. …"))
        #expect(!cell.contains("file. …"))
        let hostile = String(repeating: "|_*`<>", count: 100)
        #expect(markdownEscape(tableCell(hostile)).count <= 300)
        #expect(tableCell("short") == "short")
    }

    @Test(arguments: UnseenEstate.seeds)
    func unseenEstateWeeklyPagesFollowTheReaderRules(_ seed: UInt64) throws {
        let estate = try UnseenEstate.make(seed: seed)
        try Self.checkWeeklyPages(ReportContext(analysis: estate.analysis), label: "seed \(seed)")
        let pages = weeklyOwnerPages(ReportContext(analysis: estate.analysis))
        for owner in estate.businessOnlyOwners {
            let page = try #require(pages.first { $0.name == owner })
            #expect(page.actions.isEmpty)
        }
        // The failing consumer's business owner learns since when.
        let business = try #require(pages.first { $0.name == estate.businessOnlyOwners[0] })
        let impact = try #require(business.impacts.first { $0.package == estate.rotatingPackage })
        #expect(impact.status.contains("failing since \(estate.firstFailure) (last success \(estate.failingSince))"), "seed \(seed): \(impact.status)")
    }
}

@Suite struct ChangeReviewRunbookTests {
    static var sample: ReportContext { ReportContext(analysis: try! SampleAnalysis.load()) }

    static func page(_ context: ReportContext, _ package: String) throws -> ChangeReviewPage {
        try #require(changeReviewPages(context).first { $0.package == package })
    }

    static func render(_ page: ChangeReviewPage) throws -> String {
        try ReaderShapedReportTests.templates().render("change-review", page)
    }

    @Test func halfDoneRotationIsFinishTheCutOver() throws {
        let page = try Self.page(Self.sample, "Boomi Store Systems")
        #expect(page.underWay && page.partiallyActivated)
        let text = try Self.render(page)
        #expect(text.contains("## Finish the cut-over"))
        // No contradiction: nothing tells anyone to move to a staged secret or to stage one.
        #expect(!text.contains("staged secret in its secret location"))
        #expect(!text.contains("## Runbook"))
        #expect(!text.contains("What to do"))
        let failing = try #require(page.checklist.first { $0.integration == "Boomi Store Inventory Feed" })
        #expect(failing.mustMove && failing.state.hasPrefix("failing since 2026-08-31 14:42 UTC (last success 2026-08-31 14:37 UTC)"))
        let working = try #require(page.checklist.first { $0.integration == "Boomi POS Receipt Feed" })
        #expect(!working.mustMove && working.state.hasPrefix("authenticating"))
        #expect(page.toMoveCount == 1)
        // Per consumer: business owner, alert route, the notes (the migration ticket), a transaction.
        #expect(failing.businessOwner == "Store Operations IT")
        #expect(failing.alerting == "email:store-systems-oncall@example.com")
        #expect(failing.notes.contains("INT-2231"))
        #expect(failing.transaction.hasPrefix("upsert one test row into data extension Store_Inventory"))
    }

    @Test func pendingRotationNamesEachConsumersVersion() throws {
        let page = try Self.page(Self.sample, "MuleSoft Commerce Connector Sandbox")
        #expect(page.pendingActivation && page.newVersion == "v4")
        let states = Dictionary(uniqueKeysWithValues: page.checklist.map { ("\($0.integration)@\($0.environment)", $0.state) })
        #expect(states["MuleSoft Order Events@dev"] == "still on the old version v3")
        #expect(states["MuleSoft Order Events@qa"] == "on the new version v4")
        #expect(try Self.render(page).contains("Do **not** generate another staged secret"))
    }

    @Test func productionRunbookRehearsesOnTheSiblingFirst() throws {
        let page = try Self.page(Self.sample, "MuleSoft Commerce Connector")
        #expect(!page.underWay)
        #expect(page.lowerSiblings.map(\.package) == ["MuleSoft Commerce Connector Sandbox"])
        let text = try Self.render(page)
        #expect(text.contains("[MuleSoft Commerce Connector Sandbox](mulesoft-commerce-connector-sandbox.md)"))
        for step in ["**Stage.**", "about 5 minutes", "**Move each consumer**", "**Activate**", "**Update the inventory:**", "**Rollback.** Before activation", "Marketing Cloud Admin"] {
            #expect(text.contains(step), "missing \(step)")
        }
        // The stage step comes before the move, the move before activation.
        let stage = try #require(text.range(of: "**Stage.**")), move = try #require(text.range(of: "**Move each consumer**")), activate = try #require(text.range(of: "**Activate**"))
        #expect(stage.lowerBound < move.lowerBound && move.lowerBound < activate.lowerBound)
    }

    @Test func ifOnlyThisConsumerIsMissedIsPerConsumer() throws {
        let page = try Self.page(Self.sample, "Boomi Store Systems")
        #expect(page.missed.map(\.consumer) == ["Boomi POS Receipt Feed@prod", "Boomi Store Inventory Feed@prod"])
        let inventory = page.missed[1]
        #expect(inventory.nodes.first?.depth == 1)
        #expect(inventory.nodes.contains { $0.name == "Store Hours Block" })
        #expect(!inventory.nodes.contains { $0.name == "POS_Receipts" })
        #expect(inventory.nodes.contains { $0.criticality == "high" })
    }

    @Test(arguments: UnseenEstate.seeds)
    func unseenEstateChangeReviewKnowsEachConsumersVersion(_ seed: UInt64) throws {
        let estate = try UnseenEstate.make(seed: seed)
        let context = ReportContext(analysis: estate.analysis)
        let page = try Self.page(context, estate.rotatingPackage)
        #expect(page.underWay)
        let old = try #require(page.checklist.first { $0.integration == estate.oldVersionConsumer })
        #expect(old.mustMove && old.state.contains("old version v1"), "seed \(seed): \(old.state)")
        for row in page.checklist where row.integration != estate.oldVersionConsumer && row.integration != estate.failingConsumer {
            #expect(row.state.contains("v2"), "seed \(seed): \(row.integration) \(row.state)")
        }
        let failing = try #require(page.checklist.first { $0.integration == estate.failingConsumer })
        #expect(failing.state.contains("failing since \(estate.firstFailure) (last success \(estate.failingSince))"))
        for page in changeReviewPages(context) {
            let text = try Self.render(page)
            for cell in ReaderShapedReportTests.tableCells(text) { #expect(cell.count <= 300, "seed \(seed) \(page.package)") }
        }
    }
}

@Suite struct ReadinessForTheDeadlineTests {
    static var sample: ReportContext { ReportContext(analysis: try! SampleAnalysis.load()) }

    @Test func statusesSayUrgentAndBlockedApart() throws {
        let results = assessReadiness(Self.sample)
        func status(_ package: String) -> ReadinessStatus? { results.first { $0.assessment.installedPackage == package }?.status }
        // Expires in 4 days and can be done: urgent, not blocked.
        #expect(status("Boomi Store Systems Sandbox") == .urgent)
        #expect(status("Workato Loyalty Recipes Sandbox") == .urgent)   // expires before the deadline
        #expect(status("Loyalty Points Export") == .blocked)            // expired, failing
        #expect(status("Abandoned Cart Connector") == .blocked)         // failing now
        let sandbox = try #require(results.first { $0.assessment.installedPackage == "Boomi Store Systems Sandbox" })
        #expect(sandbox.urgentBecause == "expires in 4 days")
        #expect(!sandbox.production)
    }

    @Test func productionAndNonProductionApartWithTheUninventoried() throws {
        let page = readinessPage(Self.sample)
        #expect(page.groups.map(\.title) == ["Production", "Non-production"])
        let production = page.groups[0], other = page.groups[1]
        #expect(production.rows.allSatisfy { $0.package != "Boomi Store Systems Sandbox" })
        #expect(other.rows.contains { $0.package == "Boomi Store Systems Sandbox" })
        // The uninventoried client id is a blocked production row nobody owns.
        #expect(production.rows.contains { $0.package == "not in the inventory" && $0.status == "Blocked" && $0.owner == "nobody" })
        #expect(page.uninventoriedCount == Self.sample.analysis.evidence.uninventoried.count)
        #expect(production.total + other.total == page.total)
        // The unknown-expiry credential is listed, due by the deadline.
        #expect(production.rows.contains { $0.package == "Web Analytics Bridge" && $0.dueBy.hasPrefix("2026-09-30") })
    }

    @Test func beforeTheDeadlineListsWhatByWhenAndWho() throws {
        let page = readinessPage(Self.sample)
        #expect(page.hasTasks)
        let urgent = try #require(page.tasks.first { $0.credential.hasPrefix("Boomi Store Systems Sandbox") })
        #expect(urgent.by == "2026-09-06" && urgent.who == "Kenji Watanabe" && urgent.what.hasPrefix("rotate the secret"))
        #expect(page.tasks.first?.by == "now")
        // Dated tasks in date order.
        let dates = page.tasks.map(\.by).filter { $0 != "now" }
        #expect(dates == dates.sorted())
        #expect(page.tasks.contains { $0.credential.contains("not in the inventory") && $0.who.hasPrefix("nobody") })
    }

    @Test func timelineShowsTheWeeksThatMatter() {
        let gantt = readinessPage(Self.sample).gantt
        // Nothing drawn past a week after the deadline; expired and failing as milestones.
        for line in gantt.split(separator: "\n") where line.contains(", 20") {
            let dates = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count == 10 && $0.hasPrefix("20") }
            for date in dates { #expect(date <= "2026-10-07", "\(line)") }
        }
        #expect(gantt.contains("Boomi Store Systems …h9jo failing :milestone"))
        #expect(gantt.contains("Loyalty Points Export …4546 expired :milestone"))
        #expect(gantt.contains("expire after 2026-10-07 (not drawn)"))
    }
}
