import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import Foundation

/// The automations a blast radius reaches, each with its first run after
/// the secret expires: when a broken feed will first be noticed.
public struct AutomationRun: Sendable, Hashable {
    public var automation: String
    /// `Tue 2026-09-22 02:00 CEST`, or why there is none.
    public var firstRun: String
}

extension Analysis {
    /// When the roots' secrets expire: the earliest expiry of the
    /// credentials among (or owned by packages among) the roots; as-of when
    /// none has one.
    public func expiryInstant(of roots: [NodeID]) -> (instant: Int64, expiry: Day?) {
        var days: [Day] = []
        for root in roots {
            guard let node = graph.node(root) else { continue }
            switch node.kind {
            case .credential:
                days += inventory.credentials.filter { NodeKey.fold($0.clientID) == node.foldedName }.compactMap(\.expiresOn)
            case .installedPackage:
                days += inventory.credentials.filter { NodeKey.fold($0.installedPackage) == node.foldedName }.compactMap(\.expiresOn)
            default:
                break
            }
        }
        if let day = days.min() { return (day.startMillis, day) }
        return (clock.asOf, nil)
    }

    /// Every automation in `radius` with a schedule in the scanned metadata.
    public func automationRuns(in radius: BlastRadius) -> [AutomationRun] {
        let metadata = ingest.metadata
        guard !metadata.schedules.isEmpty else { return [] }
        let (instant, _) = expiryInstant(of: radius.roots)
        var byName: [String: MetadataSchedule] = [:]
        for schedule in metadata.schedules where byName[NodeKey.fold(schedule.automation.name)] == nil {
            byName[NodeKey.fold(schedule.automation.name)] = schedule
            byName[NodeKey.fold(schedule.automation.key)] = byName[NodeKey.fold(schedule.automation.key)] ?? schedule
        }
        return radius.nodes.filter { $0.node.kind == .automation }.compactMap { reached in
            guard let schedule = byName[reached.node.foldedName] else { return nil }
            switch schedule.parsed {
            case .success(let parsed):
                let run = parsed.runs(after: instant, limit: 1).first.map(parsed.format) ?? "no run scheduled after that"
                return AutomationRun(automation: reached.node.name, firstRun: run)
            case .failure(let error):
                return AutomationRun(automation: reached.node.name, firstRun: "schedule not understood (\(error.description))")
            }
        }
    }
}
