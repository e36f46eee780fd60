import Foundation
import Testing
@testable import CredGraphIngest
import CredGraphKit
@testable import CredGraphReport
@testable import CredGraphRisk

/// Readiness and the weekly index on the sample: uninventoried clients are
/// counted (Blocked, nobody owns them), a contradicted rehearsal does not make
/// a credential Ready, a secret across prod and another environment needs one
/// package per environment, and an unknown expiry is due on the deadline.
@Suite struct ReadinessAdviceTests {
    static var context: ReportContext { get throws { ReportContext(analysis: try SampleAnalysis.load()) } }

    static func templates() throws -> ReportTemplates {
        try ReportTemplates.load(directory: SampleAnalysis.packageRoot.appendingPathComponent("templates").path)
    }

    @Test func uninventoriedClientsAreBlockedAndCounted() throws {
        let context = try Self.context
        let page = readinessPage(context)
        let credentials = context.analysis.risk.credentials.count
        #expect(context.analysis.risk.unowned.map(\.clientID) == ["9ybpa2ntgto86arfpfxxtcyx"])
        #expect(page.total == credentials + 1)
        #expect(page.readyCount + page.atRiskCount + page.urgentCount + page.blockedCount == page.total)
        let row = try #require(page.rows.first { $0.client == "…tcyx" })
        #expect(row.status == "Blocked")
        #expect(row.owner == "nobody")
        #expect(row.missing.hasPrefix("nobody owns it: probes only (Agency Dashboard Connector@prod"))
        #expect(row.dueBy == "2026-09-30 (expiry unknown: the deadline applies)")
        #expect(page.blockers.first?.item == "nobody owns it")
        #expect(page.gantt.contains("not inventoried …tcyx - expiry unknown so due by the deadline :crit, 2026-09-02, 2026-09-30"))
    }

    @Test func anUnknownExpiryIsDueOnTheDeadlineOnTheTimeline() throws {
        let page = readinessPage(try Self.context)
        let row = try #require(page.rows.first { $0.package == "Web Analytics Bridge" })
        #expect(row.dueBy == "2026-09-30 (expiry unknown: the deadline applies)")
        // On the timeline: failing now (a milestone, issue 11), else due by the deadline.
        #expect(page.gantt.contains("Web Analytics Bridge …rr5l - expiry unknown so due by the deadline :crit, 2026-09-02, 2026-09-30")
            || page.gantt.contains("Web Analytics Bridge …rr5l failing :milestone"))
        #expect(!page.gantt.contains("not on the timeline"))
        // A derived expiry later than the deadline is due on the deadline too, and says why.
        let derived = try #require(page.rows.first { $0.package == "Triggered Messaging Service Sandbox" })
        #expect(derived.dueBy == "2026-09-30 (the deadline comes before the derived expiry 2026-10-17)")
    }

    @Test func aContradictedRehearsalIsNotReadyAndAConfirmedOneIs() throws {
        let results = assessReadiness(try Self.context)
        func result(_ package: String) throws -> ReadinessAssessment { try #require(results.first { $0.assessment.installedPackage == package }) }
        for package in ["Triggered Messaging Service", "MuleSoft Commerce Connector", "Workato Loyalty Recipes"] {
            let r = try result(package)
            #expect(r.status != .ready, "\(package)")
            #expect(r.missing.contains(.rehearsed), "\(package)")
            #expect(r.assessment.rehearsal?.verdict == .contradicted)
            #expect(missingText(r).contains("is contradicted by \(package) Sandbox"))
        }
        let confirmed = try result("Mobile Messaging Gateway")
        #expect(confirmed.status == .ready)
        #expect(confirmed.assessment.rehearsal?.verdict == .confirmed)
    }

    @Test func aSecretAcrossProdAndAnotherEnvironmentNeedsOnePackagePerEnvironment() throws {
        let results = assessReadiness(try Self.context)
        for package in ["Preference Centre API", "Store Clienteling App", "Data Platform ETL"] {
            let r = try #require(results.first { $0.assessment.installedPackage == package })
            #expect(r.missing.contains(.onePackagePerEnvironment), "\(package)")
            #expect(!r.missing.contains(.rehearsed), "\(package)")
            #expect(r.assessment.findings.contains { $0.rule == SharedSecret.id && $0.severity == .medium })
        }
    }

    @Test func noCredentialOutsideProdIsToldToRehearseElsewhere() throws {
        let analysis = try SampleAnalysis.load()
        for a in analysis.risk.credentials where a.consumers.allSatisfy({ $0.environment != "prod" }) {
            for finding in a.findings {
                #expect(!finding.remediation.contains("lower environment"), "\(a.installedPackage) \(finding.rule)")
                #expect(!finding.remediation.contains("Rehearse"), "\(a.installedPackage) \(finding.rule)")
            }
        }
    }

    @Test func theWeeklyIndexListsWhatNobodyOwns() throws {
        let files = try buildReports(try Self.context, templates: try Self.templates(), kind: .weekly)
        let index = try #require(files.files.first { $0.path == "weekly/README.md" })
        let text = String(decoding: index.bytes, as: UTF8.self)
        #expect(text.contains("## Nobody owns these"))
        #expect(text.contains("| `…tcyx` | Agency Dashboard Connector | prod | 2016 probes |"))
        let owner = try #require(files.files.first { $0.path == "weekly/marcus-oyelaran.md" })
        #expect(String(decoding: owner.bytes, as: UTF8.self).contains("2026-09-30 (expiry unknown: the deadline applies)"))
    }
}
