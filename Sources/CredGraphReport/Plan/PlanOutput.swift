import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
/// The rotation calendar's outputs: plan.md's model, the iCalendar files,
/// `plan --json` and the terminal listing. Wording of plan.md lives in
/// `templates/plan.mustache`.

/// `plan.md`, week by week.
public struct PlanPage: Sendable {
    public struct Row: Sendable {
        public var local: String
        public var utc: String
        public var what: String
        public var client: String
        public var status: String
        public var dueBy: String
        public var after: String
        public var who: String
        public var consumers: String
        public var review: String
        public var reviewSlug: String
    }

    public struct Week: Sendable {
        public var title: String
        public var count: Int
        public var rows: [Row]
    }

    public struct Calendar: Sendable {
        public var owner: String
        public var file: String
        public var count: Int
    }

    public var asOf: String
    public var timezone: String
    public var windows: String
    public var freezes: String
    public var hasFreezes: Bool
    public var leadDays: Int
    public var rehearsalDays: Int
    public var maxPerDay: Int
    public var maxPerWeek: Int
    public var slotMinutes: Int
    /// `at most 1 rotation a day and 2 in any 7 days`.
    public var capacityText: String
    public var plannedCount: Int
    /// `24 rotations`, `1 rotation`.
    public var plannedText: String
    public var inTimeCount: Int
    public var noSlotCount: Int
    public var hasNoSlot: Bool
    public var noSlot: [Row]
    public var weeks: [Week]
    public var hasUnscheduled: Bool
    public var unscheduled: [Row]
    public var calendars: [Calendar]
    public var deadline: String?
}

/// Change-review slugs by package, as `changeReviewPages` makes them.
func reviewSlugs(_ inventory: Inventory) -> [String: String] {
    let packages = Array(Set(inventory.credentials.map(\.installedPackage))).sorted { ($0.lowercased(), $0) < ($1.lowercased(), $1) }
    return Dictionary(zip(packages, uniqueSlugs(packages)), uniquingKeysWith: { a, _ in a })
}

/// Owner key (folded name) to the owner's first spelling and slug, as the weekly pages make them.
func ownerSlugs(_ inventory: Inventory) -> [String: (owner: Owner, slug: String)] {
    var owners: [String: Owner] = [:]
    for c in inventory.consumers {
        if let o = c.technicalOwner, owners[o.name.lowercased()] == nil { owners[o.name.lowercased()] = o }
        if let o = c.businessOwner, owners[o.name.lowercased()] == nil { owners[o.name.lowercased()] = o }
    }
    let keys = owners.keys.sorted()
    return Dictionary(uniqueKeysWithValues: zip(keys, uniqueSlugs(keys.map { owners[$0]!.name })).map { ($0, (owners[$0]!, $1)) })
}

/// The owners of a rotation, once each by folded name, in name order.
func rotationOwners(_ r: PlannedRotation, _ inventory: Inventory) -> [Owner] {
    var byKey: [String: Owner] = [:]
    for i in r.consumerIndices where inventory.consumers.indices.contains(i) {
        let c = inventory.consumers[i]
        for o in [c.technicalOwner, c.businessOwner].compactMap({ $0 }) where byKey[o.name.lowercased()] == nil { byKey[o.name.lowercased()] = o }
    }
    return byKey.keys.sorted().map { byKey[$0]! }
}

extension ReportContext {
    var plan: RotationPlan { analysis.risk.plan }

    /// The slot of a credential in a few words, for the pages that mention it; empty when it is not planned.
    func plannedRotationText(_ clientID: String) -> String {
        guard let r = plan.rotation(of: clientID), let slot = r.slot else { return "" }
        if r.problem != nil { return "no slot in a release window by \(r.latest) (\(r.problem!.word.replacingOccurrences(of: "-", with: " "))); earliest possible \(plan.slotText(slot))" }
        return plan.slotText(slot) + (r.waitsFor.isEmpty ? "" : ", after " + r.waitsFor.map { plan.packageName($0) }.joined(separator: ", "))
    }

    func planStatus(_ r: PlannedRotation) -> String {
        if r.problem != nil { return "no slot in time (\(r.problem!.word)): earliest possible" }
        if let why = r.inProgress { return "finish the rotation under way (\(why))" }
        return r.isNonProduction ? "planned (rehearsal ground)" : "planned"
    }

    func planRow(_ r: PlannedRotation, slugs: [String: String]) -> PlanPage.Row {
        let local = plan.localCalendar
        let consumers = r.consumerIndices.filter { analysis.inventory.consumers.indices.contains($0) }.map { analysis.inventory.consumers[$0] }
        let slug = slugs[r.installedPackage] ?? slug(r.installedPackage)
        return PlanPage.Row(
            local: r.slot.map { "\(Weekday(of: $0.localDay).displayName) \(local.text($0.start).replacingOccurrences(of: " " + plan.settings.timezone, with: ""))–\(clockText(local.minutes(of: $0.end)))" } ?? "none within \(planHorizonDays) days",
            utc: r.slot.map { "\(clockText(Int(($0.start - Day(containing: $0.start).startMillis) / 60_000)))–\(clockText(Int(($0.end - Day(containing: $0.end).startMillis) / 60_000))) UTC" } ?? "",
            what: "Rotate \(r.title)", client: client(r.clientID),
            status: r.problem != nil ? "no slot by \(r.latest): \(masked(plan.reasonText(r)))" : planStatus(r),
            dueBy: "\(r.dueBy) (slot by \(r.latest))",
            after: r.waitsFor.isEmpty ? "" : r.waitsFor.map { plan.packageName($0) }.joined(separator: ", "),
            who: rotationOwners(r, analysis.inventory).map(\.name).joined(separator: ", "),
            consumers: consumers.map(\.reference).joined(separator: ", "),
            review: r.installedPackage, reviewSlug: slug)
    }
}

/// plan.md's model.
public func planPage(_ context: ReportContext) -> PlanPage {
    let plan = context.plan
    let s = plan.settings
    let slugs = reviewSlugs(context.analysis.inventory)
    var weeks: [PlanPage.Week] = []
    for r in plan.rotations {
        guard let slot = r.slot else { continue }
        let monday = slot.localDay.adding(days: -Weekday(of: slot.localDay).rawValue)
        let title = "Week of \(monday)"
        if weeks.last?.title != title { weeks.append(PlanPage.Week(title: title, count: 0, rows: [])) }
        weeks[weeks.count - 1].rows.append(context.planRow(r, slugs: slugs))
        weeks[weeks.count - 1].count += 1
    }
    let noSlot = plan.rotations.filter { $0.problem != nil }.map { context.planRow($0, slugs: slugs) }
    let calendars = ownerCalendars(context).map { PlanPage.Calendar(owner: $0.owner.name, file: "calendar/\($0.slug).ics", count: $0.rotations.count) }
    return PlanPage(
        asOf: context.asOfText, timezone: s.timezone,
        windows: s.windows.map(\.description).joined(separator: "; "),
        freezes: s.freezes.map(\.description).joined(separator: "; "), hasFreezes: !s.freezes.isEmpty,
        leadDays: s.leadDays, rehearsalDays: s.rehearsalDays, maxPerDay: s.maxPerDay, maxPerWeek: s.maxPerWeek, slotMinutes: s.slotMinutes,
        capacityText: "at most \(Wording.count(s.maxPerDay, "rotation")) a day and \(s.maxPerWeek) in any 7 days",
        plannedCount: plan.rotations.filter { $0.slot != nil }.count,
        plannedText: Wording.count(plan.rotations.filter { $0.slot != nil }.count, "rotation"),
        inTimeCount: plan.rotations.filter { $0.slot != nil && $0.problem == nil }.count,
        noSlotCount: noSlot.count, hasNoSlot: !noSlot.isEmpty, noSlot: noSlot, weeks: weeks,
        hasUnscheduled: !plan.unscheduled.isEmpty,
        unscheduled: plan.unscheduled.map { u in
            PlanPage.Row(local: "", utc: "", what: "Rotate \(u.installedPackage)", client: context.client(u.clientID), status: u.reason,
                         dueBy: "", after: "", who: "", consumers: "", review: u.installedPackage,
                         reviewSlug: slugs[u.installedPackage] ?? slug(u.installedPackage))
        },
        calendars: calendars, deadline: context.deadline?.description)
}

/// The owners taking part in at least one planned rotation, with their slug and rotations.
func ownerCalendars(_ context: ReportContext) -> [(owner: Owner, slug: String, rotations: [PlannedRotation])] {
    let slugs = ownerSlugs(context.analysis.inventory)
    var byKey: [String: [PlannedRotation]] = [:]
    for r in context.plan.rotations where r.slot != nil {
        for o in rotationOwners(r, context.analysis.inventory) { byKey[o.name.lowercased(), default: []].append(r) }
    }
    return byKey.keys.sorted().compactMap { key in slugs[key].map { ($0.owner, $0.slug, byKey[key]!) } }
}

/// A conservative e-mail address for `mailto:`; anything else is left out of ATTENDEE.
func isPlainEmail(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254 else { return false }
    let local = parts[0].unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._%+-".unicodeScalars.contains($0) }
    let domain = parts[1].unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || ".-".unicodeScalars.contains($0) }
    return local && domain
}

/// The calendar files: `calendar/all.ics` and one per owner taking part.
/// `previous` holds the events of the calendar the last run wrote (by UID):
/// an event keeps its SEQUENCE while its times stay, and gets the next one
/// when its slot moved.
public func planCalendarFiles(_ context: ReportContext, previous: [String: ICalendar.EventState]) -> [(path: String, text: String)] {
    let plan = context.plan
    let slugs = reviewSlugs(context.analysis.inventory)
    var events: [String: CalendarEvent] = [:]
    for r in plan.rotations {
        guard let slot = r.slot else { continue }
        let uid = ICalendar.uid(clientID: r.clientID)
        let start = ICalendar.dateTime(slot.start)
        let end = ICalendar.dateTime(slot.end)
        var sequence = 0
        if let old = previous[uid] { sequence = old.start == start && old.end == end ? old.sequence : old.sequence + 1 }
        let consumers = r.consumerIndices.filter { context.analysis.inventory.consumers.indices.contains($0) }
            .map { context.analysis.inventory.consumers[$0] }
        var lines = [
            rotationInstruction(r, client: context.client(r.clientID)),
            "When: \(plan.slotText(slot)), \(plan.settings.slotMinutes) minutes.",
            "Due by \(r.dueBy); planned by \(r.latest) (lead_days \(plan.settings.leadDays)).",
            "Consumers to update: " + (consumers.isEmpty ? "none recorded" : consumers.map { "\($0.reference) (\($0.secretLocation?.description ?? "location unknown"))" }.joined(separator: ", ")) + ".",
        ]
        if !r.waitsFor.isEmpty {
            lines.append("After the rehearsal on " + r.waitsFor.map { plan.packageName($0) }.joined(separator: ", ") + " (at least \(Wording.count(plan.settings.rehearsalDays, "day")) earlier).")
        }
        if r.problem != nil { lines.append("No slot by \(r.latest): \(plan.reasonText(r)). This is the earliest possible slot.") }
        lines.append("Change review: change-review/\(slugs[r.installedPackage] ?? slug(r.installedPackage)).md")
        let owners = rotationOwners(r, context.analysis.inventory)
        if !owners.isEmpty { lines.append("Owners: " + owners.map(\.description).joined(separator: ", ") + ".") }
        var extra: [(String, String)] = [("X-CREDGRAPH-DUE-BY", r.dueBy.description), ("X-CREDGRAPH-LATEST", r.latest.description)]
        extra.append(("X-CREDGRAPH-ENVIRONMENTS", r.environments.joined(separator: " ")))
        extra.append(("X-CREDGRAPH-NON-PRODUCTION", r.isNonProduction ? "TRUE" : "FALSE"))
        for s in r.waitsFor { extra.append(("X-CREDGRAPH-WAITS-FOR", ICalendar.uid(clientID: s))) }
        if let problem = r.problem { extra.append(("X-CREDGRAPH-NO-SLOT", problem.word)) }
        if r.inProgress != nil { extra.append(("X-CREDGRAPH-IN-PROGRESS", "TRUE")) }
        events[r.clientID] = CalendarEvent(
            uid: uid, sequence: sequence, start: slot.start, end: slot.end,
            summary: "Rotate \(r.title)", description: context.masked(lines.joined(separator: "\n")),
            tentative: r.problem != nil,
            attendees: owners.compactMap { o in o.email.flatMap { isPlainEmail($0) ? (o.name, $0) : nil } },
            extra: extra)
    }
    let ordered = plan.rotations.compactMap { events[$0.clientID] }
    var files = [(path: "calendar/all.ics", text: ICalendar.document(name: "credgraph rotations", events: ordered, stamp: plan.asOf))]
    for (owner, slug, rotations) in ownerCalendars(context) {
        files.append(("calendar/\(slug).ics", ICalendar.document(
            name: "credgraph rotations: \(owner.name)", events: rotations.compactMap { events[$0.clientID] }, stamp: plan.asOf)))
    }
    return files
}

/// `plan --json`: full client ids (JSON is for machines, as `risk --json`).
public func planJSON(_ analysis: Analysis) -> JSONValue {
    let plan = analysis.risk.plan
    let local = plan.localCalendar
    let s = plan.settings
    func time(_ ms: Int64?) -> JSONValue { ms.map { .string(utcText($0)) } ?? .null }
    func localTime(_ ms: Int64?) -> JSONValue { ms.map { .string(local.rfc3339($0)) } ?? .null }
    let rotations: [JSONValue] = plan.rotations.map { r in
        let consumers = r.consumerIndices.filter { analysis.inventory.consumers.indices.contains($0) }.map { analysis.inventory.consumers[$0] }
        return .object([
            ("uid", .string(ICalendar.uid(clientID: r.clientID))),
            ("client_id", .string(r.clientID)),
            ("installed_package", .string(r.installedPackage)),
            ("environments", .array(r.environments.map { .string($0) })),
            ("start", time(r.slot?.start)),
            ("end", time(r.slot?.end)),
            ("start_local", localTime(r.slot?.start)),
            ("end_local", localTime(r.slot?.end)),
            ("due_by", .string(r.dueBy.description)),
            ("latest", .string(r.latest.description)),
            ("in_time", .bool(r.slot != nil && r.problem == nil)),
            ("no_slot", r.problem.map { .object([("reason", .string($0.word)), ("message", .string("no slot by \(r.latest): " + plan.reasonText(r)))]) } ?? .null),
            ("in_progress", r.inProgress.map { .string($0) } ?? .null),
            ("waits_for", .array(r.waitsFor.map { id in
                .object([("client_id", .string(id)), ("installed_package", .string(plan.packageName(id))),
                         ("start", time(plan.rotation(of: id)?.slot?.start))])
            })),
            ("owners", .array(rotationOwners(r, analysis.inventory).map { o in
                .object([("name", .string(o.name)), ("email", o.email.map { .string($0) } ?? .null)])
            })),
            ("consumers", .array(consumers.map { .object([("integration", .string($0.integration)), ("environment", .string($0.environment))]) })),
        ])
    }
    return .object([
        ("as_of", .string(utcText(plan.asOf))),
        ("timezone", .string(s.timezone)),
        ("settings", .object([
            ("lead_days", .int(s.leadDays)), ("rehearsal_days", .int(s.rehearsalDays)),
            ("max_per_day", .int(s.maxPerDay)), ("max_per_week", .int(s.maxPerWeek)), ("slot_minutes", .int(s.slotMinutes)),
            ("windows", .array(s.windows.map { w in
                .object([("days", .array(w.days.sorted().map { .string($0.name) })), ("from", .string(clockText(w.from))), ("to", .string(clockText(w.to)))])
            })),
            ("freeze", .array(s.freezes.map { f in
                .object([("from", .string(f.from.description)), ("to", .string(f.to.description)), ("reason", .string(f.reason))])
            })),
        ])),
        ("rotations", .array(rotations)),
        ("unscheduled", .array(plan.unscheduled.map { u in
            .object([("client_id", .string(u.clientID)), ("installed_package", .string(u.installedPackage)), ("reason", .string(u.reason))])
        })),
    ])
}

/// The terminal listing of `credgraph plan`: one line a rotation.
public func planListing(_ context: ReportContext) -> String {
    let plan = context.plan
    var lines = ["Rotation calendar as of \(context.asOfText), \(plan.settings.timezone); \(plan.rotations.filter { $0.problem == nil && $0.slot != nil }.count) of \(plan.rotations.count) in time"]
    for r in plan.rotations {
        let when = r.slot.map { plan.slotText($0) } ?? "no slot"
        var line = "  \(when)  Rotate \(r.title) [\(context.client(r.clientID))] due \(r.dueBy)"
        if !r.waitsFor.isEmpty { line += ", after " + r.waitsFor.map { plan.packageName($0) }.joined(separator: ", ") }
        if r.problem != nil { line += "  NO SLOT BY \(r.latest): " + plan.reasonText(r) }
        if let why = r.inProgress { line += "  (finishes the rotation under way: \(why))" }
        lines.append(TerminalText.oneLine(context.masked(line)))
    }
    for u in plan.unscheduled { lines.append(TerminalText.oneLine("  not planned  \(u.installedPackage) [\(context.client(u.clientID))]: \(u.reason)")) }
    return lines.joined(separator: "\n") + "\n"
}

/// What the event asks for. A rotation under way is finished, not started
/// again (sfmc-facts.md): generating another staged secret would replace the
/// one the moved consumers already use, and once the new secret is active the
/// old one is disabled, so only the consumers left behind need it.
func rotationInstruction(_ r: PlannedRotation, client: String) -> String {
    let subject = "\(r.installedPackage) (client \(client))"
    guard let why = r.inProgress else {
        return "Rotate the client secret of \(subject): stage a new secret in Setup > Apps > Installed Packages, "
            + "move every consumer to it and verify each (its probe reports the new secret_version), then activate."
    }
    if why.hasPrefix("rotated on") {
        return "Finish the rotation of \(subject) under way (\(why)): the new secret is active and the old one disabled, so move every consumer "
            + "still on the old secret to the active one and verify each (its probe reports the new secret_version). Do not generate another secret."
    }
    return "Finish the rotation of \(subject) under way (\(why)): move the consumers still on the old secret to the staged one and verify each "
        + "(its probe reports the new secret_version), then activate. Do not generate another staged secret: it would replace the one already in use."
}
