import CredGraphCore
import CredGraphIngest
import CredGraphGraph
/// The rotation calendar (`credgraph plan`): one slot per credential inside a
/// release window, outside every freeze, at least `lead_days` before its
/// `due_by`, lower-environment siblings first, within the daily and weekly
/// capacity. Computed once per run with the risk rules (`no-rotation-slot`
/// reads it) and rendered as plan.md, iCalendar files, JSON and metrics.
public struct RotationPlan: Sendable {
    public var settings: RotationSettings
    /// As-of, ms since the epoch: no slot starts before it.
    public var asOf: Int64
    /// Every credential with a `due_by`, in slot order; those without any slot last.
    public var rotations: [PlannedRotation] { didSet { index = RotationPlan.indexed(rotations) } }
    /// Client id -> position in `rotations`: rules, pages and metrics look rotations up per credential.
    private var index: [String: Int] = [:]
    /// Credentials with no `due_by` (expiry unknown, no deadline): nothing says when.
    public var unscheduled: [UnscheduledCredential]

    public init(settings: RotationSettings = RotationSettings(), asOf: Int64 = 0,
                rotations: [PlannedRotation] = [], unscheduled: [UnscheduledCredential] = []) {
        self.settings = settings
        self.asOf = asOf
        self.rotations = rotations
        self.unscheduled = unscheduled
        index = RotationPlan.indexed(rotations)
    }

    private static func indexed(_ rotations: [PlannedRotation]) -> [String: Int] {
        Dictionary(rotations.enumerated().map { ($1.clientID, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The planned rotation of a client id.
    public func rotation(of clientID: String) -> PlannedRotation? {
        index[clientID].map { rotations[$0] }
    }
}

/// One slot: a start and an end, with the local date it falls on.
public struct RotationSlot: Sendable, Hashable {
    /// ms since the epoch (UTC).
    public var start: Int64
    public var end: Int64
    /// The local date in the rotation time zone.
    public var localDay: Day

    public init(start: Int64, end: Int64, localDay: Day) {
        self.start = start
        self.end = end
        self.localDay = localDay
    }
}

/// Why no slot fits before a rotation is due.
public enum NoSlotReason: Sendable, Hashable {
    /// No release window at all between as-of and the latest date.
    case tooLate
    /// Windows there are, but freezes cover every one of them.
    case freeze([Freeze])
    /// Every free window day up to the latest date is already full.
    case capacity
    /// Its lower-environment sibling (client id) cannot rotate `rehearsal_days` before it in time.
    case rehearsal(String)

    /// The stable word for JSON and metrics labels.
    public var word: String {
        switch self {
        case .tooLate: "too-late"
        case .freeze: "freeze"
        case .capacity: "capacity"
        case .rehearsal: "rehearsal"
        }
    }
}

public struct PlannedRotation: Sendable, Hashable {
    public var clientID: String
    public var installedPackage: String
    /// Normalised environments of its consumers, sorted (`prod` last is not implied).
    public var environments: [String]
    /// Its consumers, as indices into `Inventory.consumers`.
    public var consumerIndices: [Int]
    /// Technical and business owners of its consumers, sorted, once each.
    public var owners: [Owner]
    public var dueBy: Day
    /// `due_by` − `lead_days`: the last local date a slot may fall on.
    public var latest: Day
    /// Already in a rotation (rotated in the window, or two secret versions
    /// seen): the slot finishes it, as early as possible.
    public var inProgress: String?
    /// Lower-environment siblings (client ids) that rotate first.
    public var waitsFor: [String]
    /// The slot; nil only when no window day is free within two years.
    public var slot: RotationSlot?
    /// Why no slot fits by `latest`; nil when the slot is in time. The slot
    /// is then the earliest possible one.
    public var problem: NoSlotReason?
    /// Every consumer is outside prod.
    public var isNonProduction: Bool

    /// `Boomi Store Systems (prod)`; several environments joined with `+`.
    public var title: String {
        "\(installedPackage) (\(environments.isEmpty ? "no consumers" : environments.joined(separator: "+")))"
    }
}

public struct UnscheduledCredential: Sendable, Hashable {
    public var clientID: String
    public var installedPackage: String
    public var reason: String
}

// MARK: - Planning

/// How far ahead an unplaceable rotation's earliest slot is searched.
package let planHorizonDays = 730

extension CredentialSubject {
    /// Why the credential is in a rotation already: rotated in the probe
    /// window, or two secret versions seen in it (as `version-unreported`
    /// defines it); nil when it is not.
    public func rotationInProgress(windowStart: Int64, asOfDay: Day) -> String? {
        let windowStartDay = Day(containing: windowStart)
        if let rotated = credential.rotatedOn, rotated >= windowStartDay, rotated <= asOfDay { return "rotated on \(rotated)" }
        var versions = Set<String>()
        for item in consumers { versions.formUnion(item.evidence.versionsInWindow.spans.keys) }
        versions.formUnion(evidence.versionsLast24h.spans.keys)
        return versions.count >= 2 ? "\(versions.count) secret versions seen in the window" : nil
    }
}

/// Plans a slot for every credential with a `due_by`.
///
/// As late as `lead_days` allows, earlier where a day or a 7-day span is
/// full: the secret in use serves its whole life, and a weekly run keeps
/// proposing the same slots (a calendar event moves only when something
/// changed). Latest-first placement in order of latest date keeps every
/// rotation that can be in time in time. Capacity holds for every 7
/// consecutive days, not only calendar weeks, so the next expiries (180
/// days after each rotation) never bunch above `max_per_week` either.
/// Rotations already under way and those that cannot be in time take the
/// earliest free slot instead.
public func planRotations(subjects: [CredentialSubject], settings: RotationSettings, asOf: Int64, windowStart: Int64) -> RotationPlan {
    var planner = Planner(settings: settings, asOf: asOf)
    return planner.plan(subjects, windowStart: windowStart)
}

package struct Planner {
    package let settings: RotationSettings
    package let asOf: Int64
    package let local: LocalCalendar
    package let firstDay: Day
    private var positionCache: [Day: [RotationSlot]] = [:]
    private var used: [Day: Int] = [:]
    /// Days that did not fit: capacity only fills, so they never will.
    private var full: Set<Day> = []
    /// Every day before this one is known not to fit.
    private var noFitBefore: Day

    package init(settings: RotationSettings, asOf: Int64) {
        self.settings = settings
        self.asOf = asOf
        local = LocalCalendar(timezone: settings.timezone)
        firstDay = local.day(of: asOf)
        noFitBefore = firstDay
    }

    /// The slot positions of a local day, in time order, none before as-of.
    package mutating func positions(_ day: Day) -> [RotationSlot] {
        if let cached = positionCache[day] { return cached }
        var slots: [RotationSlot] = []
        let weekday = Weekday(of: day)
        let length = Int64(settings.slotMinutes) * 60_000
        for window in settings.windows where window.days.contains(weekday) {
            guard let windowEnd = local.instant(day, minutes: window.to) else { continue }
            var t = window.from
            while t + settings.slotMinutes <= window.to {
                if let start = local.instant(day, minutes: t), start >= asOf, start + length <= windowEnd,
                   !slots.contains(where: { $0.start == start }) {
                    slots.append(RotationSlot(start: start, end: start + length, localDay: day))
                }
                t += settings.slotMinutes
            }
        }
        slots.sort { $0.start < $1.start }
        positionCache[day] = slots
        return slots
    }

    package func frozen(_ day: Day) -> Bool { settings.freezes.contains { $0.contains(day) } }

    /// A rotation may go on `day`: a window, no freeze, room that day and in every 7-day span around it.
    package mutating func fits(_ day: Day) -> Bool {
        guard !full.contains(day) else { return false }
        guard checkFits(day) else { full.insert(day); return false }
        return true
    }

    private mutating func checkFits(_ day: Day) -> Bool {
        guard day >= firstDay, !frozen(day) else { return false }
        let room = min(settings.maxPerDay, positions(day).count)
        guard used[day, default: 0] < room else { return false }
        for start in 0..<7 {
            let spanStart = day.adding(days: start - 6)
            var count = 0
            for offset in 0..<7 { count += used[spanStart.adding(days: offset), default: 0] }
            if count + 1 > settings.maxPerWeek { return false }
        }
        return true
    }

    package mutating func take(_ day: Day) { used[day, default: 0] += 1 }
    package mutating func release(_ day: Day) { used[day, default: 0] -= 1 }

    /// The latest fitting day in [from, through], or nil.
    package mutating func latestFit(through: Day, notBefore from: Day) -> Day? {
        var d = through
        while d >= from {
            if fits(d) { return d }
            d = d.adding(days: -1)
        }
        return nil
    }

    package mutating func earliestFit(from: Day) -> Day? {
        let fromStart = from <= noFitBefore
        var d = max(from, noFitBefore)
        let end = firstDay.adding(days: planHorizonDays)
        while d <= end {
            if fits(d) { return d }
            d = d.adding(days: 1)
            if fromStart { noFitBefore = d }
        }
        return nil
    }

    /// Why nothing fits in [firstDay, deadline].
    package mutating func reason(deadline: Day, latest: Day, blockingProd: String?) -> NoSlotReason {
        var anyWindow = false
        var anyOpen = false
        var d = firstDay
        while d <= deadline {
            if !positions(d).isEmpty {
                anyWindow = true
                if !frozen(d) { anyOpen = true; break }
            }
            d = d.adding(days: 1)
        }
        if !anyWindow { return deadline < latest ? .rehearsal(blockingProd ?? "") : .tooLate }
        if !anyOpen {
            return .freeze(settings.freezes.filter { $0.to >= firstDay && $0.from <= deadline })
        }
        return .capacity
    }

    package mutating func plan(_ subjects: [CredentialSubject], windowStart: Int64) -> RotationPlan {
        var rotations: [PlannedRotation] = []
        var unscheduled: [UnscheduledCredential] = []
        var indexByClient: [String: Int] = [:]
        var subjectByClient: [String: CredentialSubject] = [:]
        for subject in subjects where subjectByClient[subject.credential.clientID] == nil {
            subjectByClient[subject.credential.clientID] = subject
        }
        for subject in subjects where indexByClient[subject.credential.clientID] == nil {
            let credential = subject.credential
            guard let due = subject.dueBy else {
                unscheduled.append(UnscheduledCredential(
                    clientID: credential.clientID, installedPackage: credential.installedPackage,
                    reason: "no expiry date and no deadline: nothing says when it must rotate"))
                continue
            }
            let consumers = subject.consumers.map(\.consumer)
            var owners = Set<Owner>()
            for c in consumers {
                if let o = c.technicalOwner { owners.insert(o) }
                if let o = c.businessOwner { owners.insert(o) }
            }
            indexByClient[credential.clientID] = rotations.count
            rotations.append(PlannedRotation(
                clientID: credential.clientID, installedPackage: credential.installedPackage,
                environments: Set(consumers.map { normalizeEnvironment($0.environment) }).sorted(),
                consumerIndices: subject.consumers.map(\.index), owners: owners.sorted(),
                dueBy: due, latest: due.adding(days: -settings.leadDays),
                inProgress: subject.rotationInProgress(windowStart: windowStart, asOfDay: Day(containing: asOf)),
                waitsFor: [], slot: nil, problem: nil, isNonProduction: subject.isNonProduction))
        }
        // A prod credential waits for its lower-environment siblings that are planned too.
        for (i, r) in rotations.enumerated() where !r.isNonProduction && r.inProgress == nil {
            guard let subject = subjectByClient[r.clientID] else { continue }
            rotations[i].waitsFor = subject.siblings
                .filter { link in !link.environments.contains("prod") && subjectByClient[link.clientID]?.isNonProduction == true }
                .map(\.clientID)
                .filter { indexByClient[$0] != nil && rotations[indexByClient[$0]!].inProgress == nil }
                .sorted()
        }

        var day: [Day?] = Array(repeating: nil, count: rotations.count)
        var pending: [Int] = []

        // 1. Those no empty calendar could place in time (too late, or
        // frozen until they are due) are known before anything is placed.
        for i in rotations.indices where rotations[i].inProgress == nil {
            let r = reason(deadline: rotations[i].latest, latest: rotations[i].latest, blockingProd: nil)
            if r != .capacity { rotations[i].problem = r }
        }
        let urgent = rotations.indices.filter { rotations[$0].inProgress != nil || rotations[$0].problem != nil }
        let urgentSet = Set(urgent)
        // One that is already late does not wait for its rehearsal: it goes first.
        for i in urgent { rotations[i].waitsFor = [] }
        var waitedOnBy: [String: [Int]] = [:]
        for (i, r) in rotations.enumerated() { for s in r.waitsFor { waitedOnBy[s, default: []].append(i) } }

        // 2. Everything else, latest date first, placed as late as allowed.
        func effective(_ i: Int) -> Day {
            var d = rotations[i].latest
            for p in waitedOnBy[rotations[i].clientID] ?? [] { d = min(d, rotations[p].latest.adding(days: -settings.rehearsalDays)) }
            return d
        }
        let rest = rotations.indices.filter { !urgentSet.contains($0) }
            .map { (i: $0, eff: effective($0)) }
            .sorted { a, b in
                if a.eff != b.eff { return a.eff > b.eff }
                let (x, y) = (rotations[a.i], rotations[b.i])
                if x.isNonProduction != y.isNonProduction { return !x.isNonProduction }
                return x.clientID < y.clientID
            }
        for (i, _) in rest {
            var deadline = rotations[i].latest
            var blocking: String?
            for p in waitedOnBy[rotations[i].clientID] ?? [] {
                let bound = (day[p] ?? rotations[p].latest).adding(days: -settings.rehearsalDays)
                if bound < deadline { deadline = bound; blocking = rotations[p].clientID }
            }
            if let d = latestFit(through: deadline, notBefore: firstDay) {
                take(d)
                day[i] = d
            } else {
                rotations[i].problem = reason(deadline: deadline, latest: rotations[i].latest, blockingProd: blocking)
                pending.append(i)
            }
        }

        // 3. Rotations under way (finished as early as possible) and those
        // that cannot be in time: the earliest free slot, rotations under way
        // first, then lower environments, then the most overdue. They take what the rotations that
        // can be in time left, so none of those is made late for them.
        pending += urgent
        pending.sort { a, b in
            let (x, y) = (rotations[a], rotations[b])
            // A rotation under way first: two secrets are valid until it is finished.
            if (x.inProgress != nil) != (y.inProgress != nil) { return x.inProgress != nil }
            if x.isNonProduction != y.isNonProduction { return x.isNonProduction }
            return (x.latest, x.clientID) < (y.latest, y.clientID)
        }
        for i in pending {
            var from = firstDay
            for s in rotations[i].waitsFor { if let sd = indexByClient[s].flatMap({ day[$0] }) { from = max(from, sd.adding(days: settings.rehearsalDays)) } }
            if let d = earliestFit(from: from) {
                take(d)
                day[i] = d
                if d > rotations[i].latest, rotations[i].problem == nil { rotations[i].problem = .tooLate }
            } else if rotations[i].problem == nil {
                rotations[i].problem = reason(deadline: rotations[i].latest, latest: rotations[i].latest, blockingProd: nil)
            }
        }

        // 4. A prod rotation placed in time whose sibling could not go early
        // enough follows the sibling instead: the rehearsal comes first.
        for i in rotations.indices where rotations[i].problem == nil {
            guard let d = day[i] else { continue }
            let siblingDays = rotations[i].waitsFor.compactMap { indexByClient[$0].flatMap { day[$0] } }
            guard let last = siblingDays.max(), last.adding(days: settings.rehearsalDays) > d else { continue }
            let blocker = rotations[i].waitsFor.first { indexByClient[$0].flatMap { day[$0] } == last } ?? ""
            release(d)
            day[i] = nil
            rotations[i].problem = .rehearsal(blocker)
            if let nd = earliestFit(from: last.adding(days: settings.rehearsalDays)) { take(nd); day[i] = nd }
        }

        // 5. Times within each day: lower environments first, then by latest date.
        var byDay: [Day: [Int]] = [:]
        for i in rotations.indices { if let d = day[i] { byDay[d, default: []].append(i) } }
        for (d, members) in byDay {
            let ordered = members.sorted { a, b in
                let (x, y) = (rotations[a], rotations[b])
                if x.isNonProduction != y.isNonProduction { return x.isNonProduction }
                if (x.inProgress != nil) != (y.inProgress != nil) { return x.inProgress != nil }
                return (x.latest, x.clientID) < (y.latest, y.clientID)
            }
            let slots = positions(d)
            for (k, i) in ordered.enumerated() where k < slots.count { rotations[i].slot = slots[k] }
        }

        rotations.sort { a, b in
            switch (a.slot, b.slot) {
            case let (x?, y?) where x.start != y.start: return x.start < y.start
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.clientID < b.clientID
            }
        }
        return RotationPlan(settings: settings, asOf: asOf, rotations: rotations,
                            unscheduled: unscheduled.sorted { ($0.installedPackage, $0.clientID) < ($1.installedPackage, $1.clientID) })
    }
}

// MARK: - Wording shared by the rule, plan.md, the calendars and JSON

extension RotationPlan {
    package var localCalendar: LocalCalendar { LocalCalendar(timezone: settings.timezone) }

    /// `Tue 2026-10-27 09:00 CET (08:00 UTC)`.
    public func slotText(_ slot: RotationSlot) -> String {
        let local = localCalendar
        let utcMinutes = Int((slot.start - Day(containing: slot.start).startMillis) / 60_000)
        return "\(Weekday(of: slot.localDay).displayName) \(local.text(slot.start)) (\(clockText(utcMinutes)) UTC"
            + (Day(containing: slot.start) != slot.localDay ? " \(Day(containing: slot.start))" : "") + ")"
    }

    /// The package names of client ids, for messages.
    package func packageName(_ clientID: String) -> String {
        rotation(of: clientID)?.installedPackage ?? clientID
    }

    /// Why a rotation has no slot in time, in words, after "no slot by LATEST:".
    public func reasonText(_ r: PlannedRotation) -> String {
        guard let problem = r.problem else { return "" }
        let asOfDay = localCalendar.day(of: asOf)
        switch problem {
        case .tooLate:
            if r.inProgress != nil, r.latest >= asOfDay {
                return "too late: the rotation under way cannot finish in a release window by then"
            }
            return r.latest < asOfDay ? "too late: that date has passed" : "too late: no release window is left before then"
        case .freeze(let freezes):
            return "freeze: every release window until then falls in \(freezes.isEmpty ? "a freeze" : freezes.map(\.description).joined(separator: " or "))"
        case .capacity:
            let frozen = settings.freezes.filter { $0.to >= asOfDay && $0.from <= r.latest }
            return "capacity: every free release-window day until then is already full (max_per_day \(settings.maxPerDay), max_per_week \(settings.maxPerWeek) in any 7 days)"
                + (frozen.isEmpty ? "" : "; \(frozen.map(\.description).joined(separator: " and ")) takes the rest")
        case .rehearsal(let other):
            if r.isNonProduction {
                return "rehearsal: it is the lower-environment rehearsal of \(packageName(other)), so it must rotate at least \(Wording.count(settings.rehearsalDays, "day")) before that one, and no release window is left for that"
            }
            return "rehearsal: its lower-environment sibling \(packageName(other)) must rotate at least \(Wording.count(settings.rehearsalDays, "day")) before it and cannot do so in time"
        }
    }
}
