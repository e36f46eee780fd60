import CredGraphCore
import CredGraphIngest
import CredGraphGraph
/// `no-rotation-slot`: the rotation calendar (`credgraph plan`) finds no
/// release-window slot before the rotation is due: too late, every window
/// frozen, every window full, or the lower-environment rehearsal cannot come
/// first. The finding says which, and the earliest possible slot.
public struct NoRotationSlot: Rule {
    public static let id = "no-rotation-slot"
    public static let summary = "No release-window slot for the rotation before it is due."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "no slot in rotation.windows, outside rotation.freeze, within max_per_day / max_per_week, "
        + "on or before due_by minus rotation.lead_days (lower-environment siblings rotation.rehearsal_days earlier)"

    public init() {}

    public func evaluate(_ context: RiskContext) -> [Finding] {
        let plan = context.plan
        return plan.rotations.compactMap { r in
            guard let problem = r.problem else { return nil }
            let earliest = r.slot.map { "Earliest possible slot: \(plan.slotText($0))." }
                ?? "No free release-window day at all in the next \(planHorizonDays) days."
            let message = "No release-window slot for the rotation of \(r.title) by \(r.latest) (due_by \(r.dueBy) minus lead_days "
                + "\(plan.settings.leadDays)): \(plan.reasonText(r)). \(earliest)"
            let remediation: String
            switch problem {
            case .tooLate:
                remediation = "Rotate now as an emergency change with the change reviewer's approval, outside the release windows if need be: "
                    + "stage the new secret, move and verify every consumer (its probe reports the new secret_version), then activate."
            case .freeze:
                remediation = "Ask the freeze's owner for an exception for this rotation, or rotate it before the freeze starts; "
                    + "a rotation moves no code, only the secret every consumer reads."
            case .capacity:
                remediation = "Rotate some of the credentials due in the same weeks earlier, add a release window, or raise "
                    + "rotation.max_per_day / rotation.max_per_week for those weeks if the team can carry it."
            case .rehearsal:
                remediation = "Rotate the lower-environment sibling first as soon as a window allows, or decide (and record in the change) "
                    + "to rotate prod without the rehearsal."
            }
            return Finding(
                rule: Self.id, severity: .high, message: message, remediation: remediation,
                clientID: r.clientID, consumerIndices: r.consumerIndices
            )
        }
    }
}
