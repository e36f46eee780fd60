/// The change-review page of one installed package: its credentials, the
/// cut-over checklist of every consumer that must receive the new secret,
/// everything downstream by environment, the owners to notify, the diagram.

public struct ChangeReviewPage: Sendable {
    public struct CredentialRow: Sendable {
        public var client: String
        public var expiresOn: String
        public var daysLeft: String
        public var severity: String
        public var consumerCount: Int
        public var topFinding: String
    }

    public struct ChecklistRow: Sendable {
        public var integration: String
        public var environment: String
        public var client: String
        public var secretLocation: String
        public var technicalOwner: String
        public var secretVersion: String
        public var lastProbe: String
    }

    public struct FindingRow: Sendable {
        public var severity: String
        public var rule: String
        public var message: String
        public var remediation: String
    }

    public struct NodeRow: Sendable {
        public var depth: Int
        public var kind: String
        public var name: String
        public var owner: String
    }

    public struct EnvironmentSection: Sendable {
        public var environment: String
        public var nodes: [NodeRow]
    }

    public var package: String
    public var slug: String
    public var asOf: String
    public var severity: String
    public var worst: Severity
    public var credentials: [CredentialRow]
    public var checklist: [ChecklistRow]
    public var hasFindings: Bool
    public var findings: [FindingRow]
    public var reach: String
    public var environments: [EnvironmentSection]
    public var owners: [String]
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
    return zip(packages, slugs).map { package, slug in changeReviewPage(package: package, slug: slug, context: context) }
}

func changeReviewPage(package: String, slug: String, context: ReportContext) -> ChangeReviewPage {
    let analysis = context.analysis
    let assessments = (context.index.rankedByPackage[package] ?? []).map { analysis.risk.credentials[$0] }
    let consumerIndices = Set(assessments.map(\.clientID)).flatMap { context.index.consumers(of: $0) }.sorted()

    let credentials = assessments.map { a in
        ChangeReviewPage.CredentialRow(
            client: context.client(a.clientID), expiresOn: a.expiresOn?.description ?? "unknown",
            daysLeft: daysLeftText(a.daysLeft), severity: a.severity.rawValue, consumerCount: a.consumers.count,
            topFinding: a.topFinding.map { "\($0.rule) (\($0.severity.rawValue))" } ?? "none")
    }

    // Production first: that is where a missed consumer hurts.
    let ordered = consumerIndices.sorted { a, b in
        let (ca, cb) = (analysis.inventory.consumers[a], analysis.inventory.consumers[b])
        return (ca.environment == "prod" ? 0 : 1, ca.environment, ca.integration.lowercased(), a)
            < (cb.environment == "prod" ? 0 : 1, cb.environment, cb.integration.lowercased(), b)
    }
    let checklist = ordered.map { index -> ChangeReviewPage.ChecklistRow in
        let consumer = analysis.inventory.consumers[index]
        let evidence = index < analysis.evidence.consumers.count ? analysis.evidence.consumers[index] : ConsumerEvidence()
        let versions = evidence.versionsLast24h.ordered.map(\.version).filter { $0.count <= 32 }
        let version: String
        if let latest = evidence.latestVersion, latest.version.count <= 32 {
            version = versions.count > 1 ? "\(latest.version) (also \(versions.filter { $0 != latest.version }.joined(separator: ", ")))" : latest.version
        } else {
            version = "not reported"
        }
        let stats = evidence.stats
        let lastProbe: String
        if let last = stats.last {
            let failing = stats.lastAuthFailure.map { $0 >= (stats.lastSuccess ?? Int64.min) } ?? false
            lastProbe = reportTime(last) + (failing ? ", auth failing" : stats.lastSuccess == last ? ", ok" : "")
        } else {
            lastProbe = "no probe in window"
        }
        return ChangeReviewPage.ChecklistRow(
            integration: consumer.integration, environment: consumer.environment, client: context.client(consumer.clientID),
            secretLocation: consumer.secretLocation?.description ?? "not recorded",
            technicalOwner: consumer.technicalOwner?.description ?? "missing", secretVersion: version, lastProbe: lastProbe)
    }

    let findings = assessments.flatMap(\.findings).sorted(by: Finding.listOrder).map {
        ChangeReviewPage.FindingRow(severity: $0.severity.rawValue, rule: $0.rule, message: context.masked($0.message), remediation: context.masked($0.remediation))
    }

    let root = NodeID(kind: .installedPackage, name: package)
    let radius = analysis.graph.blastRadius(of: [root])
    let reached = radius.nodes.filter { ![.installedPackage, .credential].contains($0.node.kind) }
    var environments = Set<String>()
    for node in reached {
        if let env = node.node.environment { environments.insert(env) }
        environments.formUnion(node.environments)
    }
    let envOrder = environments.sorted { ($0 == "prod" ? 0 : 1, $0) < ($1 == "prod" ? 0 : 1, $1) }
    func row(_ r: BlastRadius.ReachedNode) -> ChangeReviewPage.NodeRow {
        let isConsumer = r.node.kind == .integration
        return .init(depth: r.depth, kind: isConsumer ? "consumer" : r.node.kind.rawValue, name: r.node.name,
                     owner: ((isConsumer ? r.node.technicalOwner : r.node.owner) ?? r.node.businessOwner)?.description ?? "none recorded")
    }
    var sections = envOrder.map { env in
        ChangeReviewPage.EnvironmentSection(environment: env, nodes: reached.filter {
            $0.node.environment == env || ($0.node.environment == nil && $0.environments.contains(env))
        }.map(row))
    }
    let everywhere = reached.filter { $0.node.environment == nil && $0.environments.isEmpty }
    if !everywhere.isEmpty {
        sections.append(.init(environment: "every environment", nodes: everywhere.map(row)))
    }

    let worst = assessments.map(\.severity).max() ?? .info
    return ChangeReviewPage(
        package: package, slug: slug, asOf: context.asOfText, severity: worst.rawValue, worst: worst,
        credentials: credentials, checklist: checklist, hasFindings: !findings.isEmpty, findings: findings,
        reach: radius.counts.reachText, environments: sections, owners: radius.ownersToNotify.map(\.description),
        diagram: slug + ".svg", radius: radius, consumerCount: consumerIndices.count)
}
