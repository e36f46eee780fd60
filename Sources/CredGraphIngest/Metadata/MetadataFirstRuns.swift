import CredGraphCore
import Foundation

extension MetadataScan {
    /// For each automation a blast radius reaches: its first run at or after
    /// `instant` (the expiry), as `Tue 2026-09-22 02:00 CEST`. Keyed by the
    /// automation's graph name, folded.
    public func firstRuns(after instant: Int64) -> [String: String] {
        var out: [String: String] = [:]
        for schedule in schedules {
            guard case .success(let parsed) = schedule.parsed, let run = parsed.runs(after: instant, limit: 1).first else { continue }
            let key = NodeKey.fold(schedule.automation.name)
            if out[key] == nil { out[key] = parsed.format(run) }
        }
        return out
    }
}
