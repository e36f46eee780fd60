import Foundation
import Testing
@testable import CredGraphKit

/// Slot choice of the rotation calendar, through `RiskContext.plan` (what
/// `credgraph plan`, plan.md, the calendars and `no-rotation-slot` read).
@Suite struct RotationPlannerTests {
    typealias F = RiskFixture

    static func plan(_ rows: [Consumer], asOf: String = "2026-09-02T12:00:00Z", deadline: String? = nil, probes: [ProbeRecord] = [],
                     _ configure: (inout RotationSettings) -> Void = { _ in }) -> RiskContext {
        var config = Config()
        configure(&config.rotation)
        config.deadline = deadline.map(F.day)
        let clock = Clock(asOf: parseRFC3339(asOf)!)
        let inventory = F.inventory(rows)
        var aggregator = ProbeAggregator(inventory: inventory, config: config, clock: clock)
        for probe in probes { aggregator.add(probe) }
        return RiskContext(inventory: inventory, evidence: aggregator.finish(), config: config, clock: clock)
    }

    /// Local (date, HH:MM, weekday 1 = Sunday) of an instant in a zone.
    static func local(_ millis: Int64, _ zone: String) -> (day: String, time: String, weekday: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: Date(timeIntervalSince1970: Double(millis) / 1000))
        return (String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), String(format: "%02d:%02d", c.hour!, c.minute!), c.weekday!)
    }

    static func credentials(_ n: Int, expiring: String, env: String = "prod", from base: Int = 1000) -> [Consumer] {
        (0..<n).map { F.consumer("Integration \(base + $0)", env: env, client: "client-\(base + $0)", package: "Package \(base + $0)", expiresOn: expiring) }
    }

    @Test func slotsStayInLocalWindowsAcrossTheOctoberDSTChange() throws {
        // Berlin leaves summer time on Sunday 2026-10-25: a 09:00 window is 07:00 UTC before, 08:00 UTC after.
        let context = Self.plan(Self.credentials(8, expiring: "2026-11-12"), asOf: "2026-10-19T06:00:00Z") {
            $0.timezone = "Europe/Berlin"
            $0.leadDays = 0
            $0.maxPerDay = 1
            $0.maxPerWeek = 2
        }
        let slots = context.plan.rotations.compactMap(\.slot)
        #expect(slots.count == 8)
        var utcHours = Set<Int64>()
        for slot in slots {
            let local = Self.local(slot.start, "Europe/Berlin")
            #expect([3, 4, 5].contains(local.weekday), "Tue–Thu: \(local)")
            #expect(local.time >= "09:00" && local.time <= "15:00", "\(local)")
            #expect(Self.local(slot.end, "Europe/Berlin").time <= "16:00")
            #expect(slot.end - slot.start == 3_600_000)
            if local.time == "09:00" { utcHours.insert((slot.start / 3_600_000) % 24) }
        }
        #expect(utcHours == [7, 8], "09:00 Berlin is 07:00 UTC in summer time and 08:00 UTC after the change")
        #expect(context.plan.rotations.allSatisfy { $0.problem == nil })
    }

    @Test func aLocalTimeTheSpringChangeSkipsIsNeverProposed() throws {
        // 2027-03-28 02:00–03:00 does not exist in Berlin; a Sunday 01:00–04:00 window has two slots that day, not three.
        let context = Self.plan(Self.credentials(3, expiring: "2027-03-29"), asOf: "2027-03-27T12:00:00Z") {
            $0.timezone = "Europe/Berlin"
            $0.leadDays = 0
            $0.maxPerWeek = 10
            $0.windows = [ReleaseWindow(days: [.sun], from: 60, to: 240)]
        }
        let placed = context.plan.rotations.filter { $0.problem == nil }
        #expect(placed.count == 2)
        let times = placed.compactMap(\.slot).map { Self.local($0.start, "Europe/Berlin").time }.sorted()
        #expect(times == ["01:00", "03:00"])
        #expect(context.plan.rotations.filter { $0.problem == .capacity }.count == 1, "two slots that day for three rotations")
    }

    @Test func freezesAreSkippedAndNamedWhenTheyLeaveNothing() throws {
        let freeze = Freeze(from: F.day("2026-11-20"), to: F.day("2026-12-02"), reason: "Black Friday")
        // Latest date 2026-11-26 falls in the freeze: the slot moves before it.
        let before = Self.plan([F.consumer("A", expiresOn: "2026-12-10")]) { $0.freezes = [freeze] }
        let slot = try #require(before.plan.rotations.first?.slot)
        #expect(slot.localDay < freeze.from)
        #expect(slot.localDay == F.day("2026-11-19"), "the last Thursday before the freeze")
        // A freeze from as-of to the latest date leaves no slot: the reason is the freeze.
        let frozen = Self.plan([F.consumer("A", expiresOn: "2026-09-25")]) {
            $0.leadDays = 7
            $0.freezes = [Freeze(from: F.day("2026-09-01"), to: F.day("2026-09-20"), reason: "Autumn launch")]
        }
        let r = try #require(frozen.plan.rotations.first)
        #expect(r.problem == .freeze([Freeze(from: F.day("2026-09-01"), to: F.day("2026-09-20"), reason: "Autumn launch")]))
        #expect(r.slot.map { $0.localDay > F.day("2026-09-20") } == true, "the earliest slot after the freeze")
        let finding = try #require(NoRotationSlot().evaluate(frozen).first)
        #expect(finding.severity == .high)
        #expect(finding.message.contains("by 2026-09-18 (due_by 2026-09-25 minus lead_days 7): freeze: every release window until then falls in Autumn launch freeze (2026-09-01 to 2026-09-20)"))
        #expect(finding.message.contains("Earliest possible slot: Tue 2026-09-22 09:00 UTC"))
    }

    @Test func capacityHoldsPerDayAndInEverySevenDays() throws {
        let context = Self.plan(Self.credentials(25, expiring: "2026-10-30")) {
            $0.maxPerDay = 2
            $0.maxPerWeek = 3
        }
        var perDay: [Day: Int] = [:]
        for r in context.plan.rotations { if let s = r.slot { perDay[s.localDay, default: 0] += 1 } }
        #expect(perDay.values.allSatisfy { $0 <= 2 })
        for start in perDay.keys {
            let span = (0..<7).reduce(0) { $0 + perDay[start.adding(days: $1), default: 0] }
            #expect(span <= 3, "7 days from \(start): \(span)")
        }
        // 2026-09-02 .. 2026-10-16 holds about 20 at 3 in any 7 days; the rest is reported as capacity.
        let late = context.plan.rotations.filter { $0.problem != nil }
        #expect(!late.isEmpty)
        #expect(late.allSatisfy { $0.problem == .capacity })
        #expect(NoRotationSlot().evaluate(context).count == late.count)
    }

    @Test func spreadingKeepsTheNextExpiriesApart() throws {
        // Twenty secrets expiring on the same day: rotated within max_per_week per 7 days, their next expiries
        // (180 days after each rotation) never bunch above max_per_week either.
        let context = Self.plan(Self.credentials(20, expiring: "2027-01-15")) { $0.maxPerWeek = 4 }
        let next = context.plan.rotations.compactMap { $0.slot?.localDay.adding(days: 180) }.sorted()
        #expect(next.count == 20)
        for (i, d) in next.enumerated() {
            let inSpan = next[i...].prefix { $0 - d <= 6 }.count
            #expect(inSpan <= 4)
        }
    }

    @Test func aLowerEnvironmentSiblingGoesFirst() throws {
        let rows = [
            F.consumer("Orders Feed", env: "prod", client: "client-prod", package: "Orders", expiresOn: "2026-12-01"),
            F.consumer("Orders Feed", env: "qa", client: "client-qa", package: "Orders Sandbox", expiresOn: "2027-02-01"),
        ]
        let context = Self.plan(rows) { $0.rehearsalDays = 5 }
        let prod = try #require(context.plan.rotation(of: "client-prod"))
        let qa = try #require(context.plan.rotation(of: "client-qa"))
        #expect(prod.waitsFor == ["client-qa"])
        let (p, q) = (try #require(prod.slot), try #require(qa.slot))
        #expect(q.localDay <= p.localDay.adding(days: -5), "qa \(q.localDay), prod \(p.localDay)")
        #expect(prod.problem == nil && qa.problem == nil)
        // Same day when rehearsal_days is 0: the sibling still comes first.
        let sameDay = Self.plan(rows) { $0.rehearsalDays = 0 }
        let (p0, q0) = (try #require(sameDay.plan.rotation(of: "client-prod")?.slot), try #require(sameDay.plan.rotation(of: "client-qa")?.slot))
        #expect(q0.start < p0.start)
    }

    @Test func pastSlotsAreNotProposed() throws {
        // As-of Wednesday 12:00 UTC, due so soon that only today is left: the slot is after as-of.
        let context = Self.plan([F.consumer("A", expiresOn: "2026-09-02")]) { $0.leadDays = 0 }
        let r = try #require(context.plan.rotations.first)
        let slot = try #require(r.slot)
        #expect(slot.start >= F.asOf)
        #expect(slot.localDay == F.day("2026-09-02"))
        #expect(r.problem == nil)
        // Due yesterday: too late, the earliest slot still after as-of.
        let late = Self.plan([F.consumer("A", expiresOn: "2026-09-01")]) { $0.leadDays = 0 }
        let lr = try #require(late.plan.rotations.first)
        #expect(lr.problem == .tooLate)
        #expect((lr.slot?.start ?? 0) >= F.asOf)
        #expect(late.plan.reasonText(lr).contains("has passed"))
    }

    @Test func aRotationUnderWayIsFinishedFirst() throws {
        let rows = [
            F.consumer("A", client: "client-rotating", package: "Rotating", expiresOn: "2027-02-20", rotatedOn: "2026-08-31"),
            F.consumer("B", client: "client-calm", package: "Calm", expiresOn: "2027-02-20"),
        ]
        let context = Self.plan(rows)
        let rotating = try #require(context.plan.rotation(of: "client-rotating"))
        #expect(rotating.inProgress == "rotated on 2026-08-31")
        #expect(rotating.slot?.localDay == F.day("2026-09-02"), "the earliest slot, today")
        let calm = try #require(context.plan.rotation(of: "client-calm"))
        #expect(calm.slot?.localDay == F.day("2027-02-04"), "as late as lead_days allows: the Thursday before 2027-02-06")
    }

    @Test func noDueDateIsListedNotPlanned() {
        let context = Self.plan([F.consumer("A", expiresOn: nil)])
        #expect(context.plan.rotations.isEmpty)
        #expect(context.plan.unscheduled.map(\.clientID) == ["client-aaaa1111"])
        // With a deadline, due_by is the deadline and it is planned.
        let withDeadline = Self.plan([F.consumer("A", expiresOn: nil)], deadline: "2026-09-30")
        #expect(withDeadline.plan.rotations.first?.dueBy == F.day("2026-09-30"))
    }

    @Test func enoughRoomMeansNoFinding() {
        let context = Self.plan(Self.credentials(3, expiring: "2026-12-15"))
        #expect(NoRotationSlot().evaluate(context).isEmpty)
        #expect(context.plan.rotations.allSatisfy { $0.slot != nil && $0.problem == nil })
    }

    @Test func thePlanIsTheSameEveryRun() {
        let rows = Self.credentials(15, expiring: "2026-10-20") + Self.credentials(5, expiring: "2026-09-20", env: "qa", from: 2000)
        let a = Self.plan(rows) { $0.timezone = "America/New_York" }.plan.rotations
        let b = Self.plan(rows.reversed()) { $0.timezone = "America/New_York" }.plan.rotations
        #expect(a.map { "\($0.clientID) \($0.slot?.start ?? 0) \($0.problem?.word ?? "")" } == b.map { "\($0.clientID) \($0.slot?.start ?? 0) \($0.problem?.word ?? "")" })
        #expect(a.count == 20)
    }
}
