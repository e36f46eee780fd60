import CredGraphCore
import CredGraphGraph
import CredGraphRisk
import CredGraphRender

/// The change-review page of one installed package: a runbook that knows the
/// rotation's state. When a rotation is under way (`rotation-pending`,
/// `partial-rotation`) it is "finish the cut-over", with each consumer's state
/// from the probes; otherwise rehearse on the lower-environment sibling,
/// stage, move and verify each consumer, activate, update the inventory. Per
/// consumer: who owns it, where alerts go, the business transaction that
/// proves it, and what that consumer alone feeds if it is missed.

public struct ChangeReviewPage: Sendable {
    public struct CredentialRow: Sendable {
        public var client: String
        public var expiresOn: String
        public var daysLeft: String
        public var severity: String
        public var consumerCount: Int
        public var topFinding: String
    }

    /// One consumer to move: where its secret is, its state now, how to prove it.
    public struct ChecklistRow: Sendable {
        public var number: Int
        public var integration: String
        public var environment: String
        public var client: String
        public var secretLocation: String
        public var technicalOwner: String
        public var businessOwner: String
        public var alerting: String
        public var notes: String
        /// From the probes: on the new version, still on the old one, failing since T, no version reported.
        public var state: String
        /// True when this consumer still has to move (old version, failing, unknown).
        public var mustMove: Bool
        /// Kept for the JSON-minded reader: the version(s) seen in 24 hours.
        public var secretVersion: String
        public var lastProbe: String
        /// One real transaction chosen from what the consumer writes.
        public var transaction: String
    }

    public struct NodeRow: Sendable {
        public var depth: Int
        public var kind: String
        public var name: String
        public var criticality: String
        public var owner: String
    }

    /// An edge of the blast radius read from Marketing Cloud metadata, with its file and line.
    public struct DerivedEdge: Sendable {
        public var from: String
        public var relation: String
        public var to: String
        public var source: String
    }

    /// What one consumer alone feeds: the part that goes stale if it is missed.
    public struct MissedConsumer: Sendable {
        public var consumer: String
        public var reach: String
        public var hasNodes: Bool
        public var nodes: [NodeRow]
    }

    public struct Sibling: Sendable {
        public var package: String
        public var slug: String
    }

    public var package: String
    public var slug: String
    public var asOf: String
    public var severity: String
    public var worst: Severity
    public var credentials: [CredentialRow]
    public var checklist: [ChecklistRow]
    /// `rotation-pending` or `partial-rotation`: finish the cut-over.
    public var underWay: Bool
    public var pendingActivation: Bool
    public var partiallyActivated: Bool
    /// The staged (newer) secret version seen, when one is.
    public var newVersion: String?
    public var oldVersion: String?
    public var rotatedOn: String?
    public var toMoveCount: Int
    /// Lower-environment packages to rehearse on first (for a production package).
    public var hasLowerSiblings: Bool
    public var lowerSiblings: [Sibling]
    /// The production package this one rehearses (for a non-production package).
    public var hasProductionSiblings: Bool
    public var productionSiblings: [Sibling]
    public var servesProduction: Bool
    /// One secret serves prod and other environments: no rehearsal possible.
    public var spansEnvironments: Bool
    public var hasFindings: Bool
    public var findings: [FindingRow]
    public var reach: String
    public var missed: [MissedConsumer]
    public var owners: [String]
    /// Edges of the blast radius derived from the scanned metadata (`--metadata`, `metadata:`).
    public var hasMetadata: Bool
    public var metadataEdges: [DerivedEdge]
    /// Automations reached, with their first run after the secret expires.
    public var hasAutomationRuns: Bool
    public var automationRuns: [AutomationRun]
    /// Relative link to the diagram beside the page.
    public var diagram: String
    /// Not rendered by the template: the blast radius the diagram is drawn from.
    public var radius: BlastRadius
    public var consumerCount: Int
}

/// One page per installed package, by package name.
public func changeReviewPages(_ context: ReportContext) -> [ChangeReviewPage] {
    let analysis = context.analysis
    let packages = Array(Set(analysis.inventory.credentials.map(\.installedPackage))).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    let slugs = uniqueSlugs(packages)
    let slugOf = Dictionary(zip(packages, slugs), uniquingKeysWith: { a, _ in a })
    return zip(packages, slugs).map { package, slug in changeReviewPage(package: package, slug: slug, slugOf: slugOf, context: context) }
}

func changeReviewPage(package: String, slug: String, slugOf: [String: String] = [:], context: ReportContext) -> ChangeReviewPage {
    let analysis = context.analysis
    let consumers = analysis.inventory.consumers
    let assessments = (context.index.rankedByPackage[package] ?? []).map { analysis.risk.credentials[$0] }
    let clientIDs = Set(assessments.map(\.clientID))
    let consumerIndices = clientIDs.flatMap { context.index.consumers(of: $0) }.sorted()
    let rules = Set(assessments.flatMap(\.findings).map(\.rule))
    let partial = rules.contains(PartialRotation.id)
    let pending = rules.contains(RotationPending.id)

    let credentials = assessments.map { a in
        ChangeReviewPage.CredentialRow(
            client: context.client(a.clientID), expiresOn: expiryText(a),
            daysLeft: Vocabulary.daysLeft(a.daysLeft), severity: a.severity.rawValue, consumerCount: a.consumers.count,
            topFinding: a.topFinding.map { "\($0.rule) (\($0.severity.rawValue))" } ?? "none")
    }

    // The versions of the rotation: the newest seen over the package's credentials.
    var newest: (version: String, span: VersionSpan)?
    var older: String?
    for clientID in clientIDs.sorted() {
        guard let index = context.index.credentialByClientID[clientID] else { continue }
        let usage = analysis.evidence.credential(at: index).versionsLast24h
        if usage.spans.count >= 2, let top = usage.newest, top.version.count <= 32 {
            newest = top
            older = usage.ordered.dropLast().last.map(\.version).flatMap { $0.count <= 32 ? $0 : nil }
        }
    }

    // Production first: that is where a missed consumer hurts.
    let ordered = consumerIndices.sorted { a, b in
        let (ca, cb) = (consumers[a], consumers[b])
        return (ca.environment == "prod" ? 0 : 1, ca.environment, ca.integration.lowercased(), a)
            < (cb.environment == "prod" ? 0 : 1, cb.environment, cb.integration.lowercased(), b)
    }
    var checklist: [ChangeReviewPage.ChecklistRow] = []
    for (number, index) in ordered.enumerated() {
        let consumer = consumers[index]
        let evidence = analysis.evidence.consumer(at: index)
        let versions = evidence.versionsLast24h.ordered.map(\.version).filter { $0.count <= 32 }
        let latest = evidence.latestVersion.flatMap { $0.version.count <= 32 ? $0.version : nil }
        let versionText: String
        if let latest {
            versionText = versions.count > 1 ? "\(latest) (also \(versions.filter { $0 != latest }.joined(separator: ", ")))" : latest
        } else {
            versionText = "not reported"
        }
        let stats = evidence.stats
        let failing = failingSince(consumer: index, analysis: analysis)
        let lastProbe: String
        if let last = stats.last {
            lastProbe = Vocabulary.time(last) + (failing != nil ? ", auth failing" : stats.lastSuccess == last ? ", ok" : "")
        } else {
            lastProbe = "no probe in window"
        }
        var parts: [String] = []
        var mustMove = false
        if let failing {
            parts.append(failingText(consumer: index, lastSuccess: failing, analysis: analysis))
            mustMove = true
        }
        if stats.probes == 0 {
            parts.append("no probe in the window: state unknown")
            mustMove = true
        } else if let latest {
            if let newest, latest == newest.version {
                parts.append("on the new version \(latest)")
            } else if newest != nil {
                parts.append("still on the old version \(latest)")
                mustMove = true
            } else {
                parts.append("on \(latest)")
            }
        } else if partial && failing == nil {
            // After an activation, a consumer that authenticates holds the current secret.
            parts.append("authenticating, last success " + Vocabulary.time(stats.lastSuccess) + "; no version reported")
        } else {
            parts.append("no version reported")
            if newest != nil { mustMove = true }
        }
        checklist.append(.init(
            number: number + 1, integration: consumer.integration, environment: consumer.environment, client: context.client(consumer.clientID),
            secretLocation: consumer.secretLocation?.description ?? "not recorded",
            technicalOwner: consumer.technicalOwner?.description ?? "missing", businessOwner: consumer.businessOwner?.description ?? "missing",
            alerting: consumer.alerting.flatMap { $0.isEmpty ? nil : $0 } ?? "none recorded",
            notes: tableCell(context.masked(consumer.notes ?? ""), limit: 120).nonEmpty ?? "",
            state: parts.joined(separator: "; "), mustMove: mustMove, secretVersion: versionText, lastProbe: lastProbe,
            transaction: businessTransaction(index, analysis: analysis)))
    }

    // The change review is the runbook; the findings only say what is wrong.
    let findings = assessments.flatMap(\.findings).filter { $0.severity > .info }.sorted(by: Finding.listOrder).map {
        FindingRow(severity: $0.severity.rawValue, rule: $0.rule.rawValue, message: tableCell(context.masked($0.message)))
    }

    // Siblings: packages whose consumers have the same integration names in other environments.
    let names = Set(consumerIndices.map { NodeKey.fold(consumers[$0].integration) })
    let environments = Set(consumerIndices.map { consumers[$0].environment })
    let servesProduction = environments.contains("prod")
    var lower: Set<String> = [], upper: Set<String> = []
    for row in names.flatMap({ context.index.consumersByIntegration[$0] ?? [] }) where consumers[row].installedPackage != package {
        let other = consumers[row]
        if servesProduction, other.environment != "prod" { lower.insert(other.installedPackage) }
        if !servesProduction, other.environment == "prod" { upper.insert(other.installedPackage) }
    }
    func siblings(_ set: Set<String>) -> [ChangeReviewPage.Sibling] {
        set.sorted().map { .init(package: $0, slug: slugOf[$0] ?? CredGraphCore.slug($0)) }
    }

    // If only this consumer is missed: what it alone feeds.
    let missed = ordered.map { index -> ChangeReviewPage.MissedConsumer in
        let consumer = consumers[index]
        let radius = analysis.graph.blastRadius(of: [consumerNodeID(consumer)])
        let rows = radius.nodes.filter { $0.depth > 0 }.map { reached in
            ChangeReviewPage.NodeRow(
                depth: reached.depth, kind: reached.node.kind.rawValue, name: reached.node.name,
                criticality: reached.node.criticality?.rawValue ?? "not recorded",
                owner: (reached.node.owner ?? reached.node.businessOwner)?.description ?? "none recorded")
        }
        return .init(consumer: consumer.reference, reach: radius.counts.downstream, hasNodes: !rows.isEmpty, nodes: rows)
    }

    let root = NodeID(kind: .installedPackage, name: package)
    let radius = analysis.graph.blastRadius(of: [root])
    // Edges that dependencies.csv and the inventory did not declare come from the metadata.
    let declaredFiles = Set([analysis.ingest.files.inventory, analysis.ingest.files.dependencies].compactMap { $0 })
    let metadataEdges = analysis.ingest.metadata.isEmpty ? [] : radius.edges.compactMap { edge -> ChangeReviewPage.DerivedEdge? in
        guard let source = edge.source, !declaredFiles.contains(source.file) else { return nil }
        func name(_ id: NodeID) -> String {
            guard let node = analysis.graph.node(id) else { return id.rawValue }
            return node.kind == .credential ? "client:" + context.client(node.name) : node.reference
        }
        return .init(from: name(edge.from), relation: edge.relation.rawValue, to: name(edge.to), source: source.description)
    }
    let automationRuns = analysis.automationRuns(in: radius)

    let worst = assessments.map(\.severity).max() ?? .info
    let rotatedOn = consumerIndices.compactMap { consumers[$0].secretRotatedOn }.max()
    return ChangeReviewPage(
        package: package, slug: slug, asOf: context.asOfText, severity: worst.rawValue, worst: worst,
        credentials: credentials, checklist: checklist, underWay: partial || pending,
        pendingActivation: pending && !partial, partiallyActivated: partial,
        newVersion: newest?.version, oldVersion: older, rotatedOn: rotatedOn?.description,
        toMoveCount: checklist.filter(\.mustMove).count,
        hasLowerSiblings: !lower.isEmpty, lowerSiblings: siblings(lower),
        hasProductionSiblings: !upper.isEmpty, productionSiblings: siblings(upper),
        servesProduction: servesProduction, spansEnvironments: servesProduction && environments.count > 1,
        hasFindings: !findings.isEmpty, findings: findings,
        reach: radius.counts.reach, missed: missed, owners: radius.ownersToNotify.map(\.description),
        hasMetadata: !metadataEdges.isEmpty, metadataEdges: metadataEdges,
        hasAutomationRuns: !automationRuns.isEmpty, automationRuns: automationRuns,
        diagram: slug + ".svg", radius: radius, consumerCount: consumerIndices.count)
}

/// The business transaction that proves a consumer works with the new
/// secret (the article's step 4), chosen from what it writes: a data
/// extension upsert, a send, a CloudPage submission, or a tracking pull.
func businessTransaction(_ index: Int, analysis: Analysis) -> String {
    let consumer = analysis.inventory.consumers[index]
    let id = consumerNodeID(consumer)
    // The consumer's own edges in edge order (as a filter over every edge would give them).
    let graph = analysis.graph
    let targets = (graph.indexByID[id].map { graph.outgoing[$0].map { Int($0.edge) }.sorted() } ?? [])
        .compactMap { graph.node(graph.edges[$0].to) }
    var text: String
    if let send = targets.first(where: { $0.kind.isSend }) {
        text = "trigger one test send of \(send.kind.rawValue) \(send.name) to a seed address and see it delivered"
    } else if let de = targets.first(where: { $0.kind == .dataExtension }) {
        text = "upsert one test row into data extension \(de.name) and read it back"
    } else if let page = targets.first(where: { $0.kind == .cloudpage }) {
        text = "submit CloudPage \(page.name) once and check the record it saves"
    } else if let asset = targets.first {
        text = "exercise \(asset.kind.rawValue) \(asset.name) once and check its result"
    } else if consumer.kind == .warehouseSync || consumer.kind == .etl {
        text = "pull one page of tracking data (a REST or SOAP retrieve) and compare its count with the last run"
    } else {
        text = "run one real call the integration makes (nothing downstream is recorded)"
    }
    if let tested = consumer.e2eTestedOn { text += "; last recorded test \(tested)" }
    return text
}
