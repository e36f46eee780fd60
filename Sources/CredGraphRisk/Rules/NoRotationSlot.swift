import CredGraphCore
import CredGraphIngest
import CredGraphGraph
/// `no-rotation-slot`: the rotation calendar (`credgraph plan`) finds no
/// release-window slot before the rotation is due: too late, every window
/// frozen, every window full, or the lower-environment rehearsal cannot come
/// first. The finding says which, and the earliest possible slot.
public struct NoRotationSlot: Rule {
    public static let id = RuleID("no-rotation-slot")
    public static let topic = RuleTopic.operations
    public static let summary = "No release-window slot for the rotation before it is due."
    public static let defaultSeverity = Severity.high
    public static let thresholdDescription = "no slot in rotation.windows, outside rotation.freeze, within max_per_day / max_per_week, "
        + "on or before due_by minus rotation.lead_days (lower-environment siblings rotation.rehearsal_days earlier)"
    public static let thresholdKey = "`rotation.*`"
    /// What docs/rules.md says under the heading: when it fires, what it means, what to do.
    public static let documentation = #"""
    **Fires** once per credential for which the rotation calendar (`credgraph
    plan`, `plan.md`) finds no slot before the rotation is due: inside a release
    window (`rotation.windows`, local time in `rotation.timezone`), outside every
    freeze, on or before `due_by` minus `rotation.lead_days`, at least
    `rotation.rehearsal_days` after its lower-environment siblings, within
    `rotation.max_per_day` and `rotation.max_per_week` (any 7 consecutive days).
    The message says why, as one of:

    - **too late**: no release window is left between as-of and the last slot
      date (or that date has passed);
    - **freeze**: windows there are, but freezes cover every one of them (the
      freezes are named);
    - **capacity**: every free window day up to that date is already full (a
      freeze that pushed others into those days is named);
    - **rehearsal**: the lower-environment sibling cannot rotate
      `rehearsal_days` before its prod credential in time.

    and the earliest possible slot, in local time and UTC (the slot the calendar
    files then show, marked tentative). A credential with no `due_by` (no expiry
    and no deadline) is not planned and gets no finding: `expiry-unknown` covers
    it. How slots are chosen is in [outputs.md](outputs.md#plan).

    **Means** the rotation cannot happen in a normal change window before the
    secret is due: it will be an emergency change, or the secret expires.

    **Do**: too late: rotate now as an emergency change with the change
    reviewer's approval (stage, move and verify every consumer, then activate).
    Freeze: ask for an exception, or rotate before the freeze starts (a rotation
    moves no code, only the secret). Capacity: rotate some of the same weeks'
    credentials earlier, add a window, or raise the capacity for those weeks.
    Rehearsal: rotate the sibling first as soon as a window allows, or decide (on
    record) to rotate prod without the rehearsal.
    """#

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

extension NoRotationSlot {
    public static let examples = RuleExamples(
        triggering: [
            RuleExample("expires 10 days after as-of: its last slot (due_by minus `lead_days` 14) has passed",
                        rows: [ExampleRow(expiresOn: "2026-09-12")], severity: .high),
            RuleExample("every release window until the last slot date is frozen",
                        rows: [ExampleRow(expiresOn: "2026-10-20")],
                        config: ["rotation:", "  freeze:", "    - from: 2026-09-01", "      to: 2026-10-31", "      reason: campaign"], severity: .high),
        ],
        nonTriggering: [
            RuleExample("expires 2027-01-31: plenty of Tue-Thu windows before its last slot", rows: [ExampleRow(expiresOn: "2027-01-31")]),
            RuleExample("no expiry and no deadline: not planned (`expiry-unknown` instead)", rows: [ExampleRow(expiresOn: "")]),
        ]
    )
}
