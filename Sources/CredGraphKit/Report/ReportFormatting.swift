/// Small formatting helpers shared by every report. Wording lives in the
/// templates; these only turn values into short text.

/// Everything a report builder needs from one run.
public struct ReportContext: Sendable {
    public var analysis: Analysis {
        didSet {
            clientIDs = ClientIDMasker(ids: Self.knownClientIDs(analysis))
            index = ReportIndex(analysis)
        }
    }
    public var maskClientIDs: Bool
    /// The readiness target (`--deadline` or `deadline:`), if any.
    public var deadline: Day?
    /// The events of the calendar the previous run wrote (`OUT/calendar/all.ics`), by UID: SEQUENCE rises when a slot moved.
    public var previousCalendar: [String: ICalendar.EventState] = [:]
    /// Built once per run: masking must not cost a pass over every client id per text.
    private var clientIDs: ClientIDMasker
    /// Lookups every page needs, built once per run, so that a page costs
    /// what it shows rather than a pass over the whole estate.
    private(set) var index: ReportIndex

    public init(analysis: Analysis, maskClientIDs: Bool? = nil, deadline: Day? = nil) {
        self.analysis = analysis
        self.maskClientIDs = maskClientIDs ?? analysis.config.reports.maskClientIDs
        self.deadline = deadline ?? analysis.config.deadline
        clientIDs = ClientIDMasker(ids: Self.knownClientIDs(analysis))
        index = ReportIndex(analysis)
    }

    var asOfText: String { analysis.clock.asOfDay.description }

    /// A client id as reports show it: the last 4 characters unless masking is off.
    func client(_ id: String) -> String { maskClientIDs ? maskClientID(id) : id }

    /// Finding text with every known client id masked, when masking is on.
    /// Messages are written for JSON (full ids); reports follow the setting.
    func masked(_ text: String) -> String {
        guard maskClientIDs else { return text }
        return clientIDs.mask(text)
    }

    private static func knownClientIDs(_ analysis: Analysis) -> [String] {
        analysis.inventory.credentials.map(\.clientID) + analysis.evidence.uninventoried.map(\.clientID)
    }
}

/// The run's inventory and risk ranking by key.
struct ReportIndex: Sendable {
    /// Client id -> its rows in `Inventory.consumers`, in inventory order.
    var consumersByClientID: [String: [Int]] = [:]
    /// Client id -> its position in `Inventory.credentials` (and `ProbeEvidence.credentials`).
    var credentialByClientID: [String: Int] = [:]
    /// Client id -> its position in `RiskReport.credentials` (rank order).
    var rankedByClientID: [String: Int] = [:]
    /// Installed package -> positions in `RiskReport.credentials`, in rank order.
    var rankedByPackage: [String: [Int]] = [:]
    /// Folded integration name -> its rows in `Inventory.consumers` (siblings in other environments).
    var consumersByIntegration: [String: [Int]] = [:]

    init(_ analysis: Analysis) {
        for (row, consumer) in analysis.inventory.consumers.enumerated() {
            consumersByClientID[consumer.clientID, default: []].append(row)
            consumersByIntegration[NodeKey.fold(consumer.integration), default: []].append(row)
        }
        for (position, credential) in analysis.inventory.credentials.enumerated() where credentialByClientID[credential.clientID] == nil {
            credentialByClientID[credential.clientID] = position
        }
        for (position, assessment) in analysis.risk.credentials.enumerated() {
            if rankedByClientID[assessment.clientID] == nil { rankedByClientID[assessment.clientID] = position }
            rankedByPackage[assessment.installedPackage, default: []].append(position)
        }
    }

    func consumers(of clientID: String) -> [Int] { consumersByClientID[clientID] ?? [] }

    /// Names of the technical owners of a credential's consumers, deduplicated.
    func technicalOwnerNames(of clientID: String, _ consumers: [Consumer]) -> [String] {
        var seen = Set<String>()
        return self.consumers(of: clientID).compactMap { consumers[$0].technicalOwner?.name }
            .filter { seen.insert($0.lowercased()).inserted }
    }
}

/// Masks every occurrence of known client ids in a text in one pass over the
/// text, whatever the number of ids (an estate has thousands): ids are found
/// through their first 6 bytes, and where several start at one place the
/// longest wins, so an id that contains another is replaced whole.
struct ClientIDMasker: Sendable {
    private var ids: [[UInt8]] = []
    private var masks: [[UInt8]] = []
    /// First 6 bytes of an id -> ids starting with them, longest first.
    private var byPrefix: [UInt64: [Int]] = [:]
    /// Bytes some id starts with: most positions of a text are rejected here.
    private var startsID = [Bool](repeating: false, count: 256)

    init(ids clientIDs: [String]) {
        // Ids shorter than 6 characters would match ordinary words; they are never masked in text.
        let sorted = Set(clientIDs.filter { $0.count >= 6 }).sorted { ($0.count, $0) > ($1.count, $1) }
        for id in sorted {
            let bytes = Array(id.utf8)
            byPrefix[Self.prefixKey(bytes, 0), default: []].append(ids.count)
            startsID[Int(bytes[0])] = true
            ids.append(bytes)
            masks.append(Array(maskClientID(id).utf8))
        }
    }

    func mask(_ text: String) -> String {
        guard !ids.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        while i + 6 <= bytes.count {
            guard startsID[Int(bytes[i])], let candidates = byPrefix[Self.prefixKey(bytes, i)],
                  let match = candidates.first(where: { Self.matches(ids[$0], bytes, at: i) }) else {
                i += 1
                continue
            }
            if out.isEmpty { out.reserveCapacity(bytes.count) }
            out.append(contentsOf: bytes[copied..<i])
            out.append(contentsOf: masks[match])
            i += ids[match].count
            copied = i
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func prefixKey(_ bytes: [UInt8], _ start: Int) -> UInt64 {
        var key: UInt64 = 0
        for k in 0..<6 { key = key << 8 | UInt64(bytes[start + k]) }
        return key
    }

    private static func matches(_ id: [UInt8], _ bytes: [UInt8], at start: Int) -> Bool {
        guard start + id.count <= bytes.count else { return false }
        for k in 6..<id.count where bytes[start + k] != id[k] { return false }
        return true
    }
}

/// `2026-09-02 11:59 UTC`.
func reportTime(_ millis: Int64?) -> String {
    guard let millis else { return "never" }
    let iso = formatTimestamp(millis)
    return iso.prefix(10) + " " + iso.dropFirst(11).prefix(5) + " UTC"
}

func daysLeftText(_ days: Int?) -> String {
    guard let days else { return "unknown" }
    return String(days)
}

/// A Unicode sparkline of success rates, one character per day; `·` where
/// there was no probe. Built from fixed characters only, so it is safe to
/// insert unescaped.
func sparkline(_ rates: [Double?]) -> String {
    let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    return String(rates.map { rate -> Character in
        guard let rate else { return "·" }
        let index = Int((max(0, min(1, rate)) * Double(bars.count - 1)).rounded())
        return bars[index]
    })
}

func percent(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "n/a" }
    let tenths = (part * 1000 + whole / 2) / whole
    return "\(tenths / 10).\(tenths % 10)%"
}

func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return out
}

/// `a, b and c`.
func listText(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}

extension BlastRadiusCounts {
    /// `3 consumers (2 in prod), 5 data extensions, 9 assets, 2 sends`.
    var reachText: String {
        "\(integrations) consumer\(integrations == 1 ? "" : "s") (\(productionIntegrations) in prod), "
            + "\(dataExtensions) data extension\(dataExtensions == 1 ? "" : "s"), "
            + "\(assets) asset\(assets == 1 ? "" : "s"), \(sends) send\(sends == 1 ? "" : "s")"
    }
}

/// A credential's expiry as reports show it: the date, what failed to parse
/// ("invalid date '30/09/2026' in inventory.csv:7"), or "unknown".
func expiryText(_ assessment: RiskAssessment) -> String {
    if let day = assessment.expiresOn { return day.description }
    return assessment.consumers.lazy.compactMap(\.invalidExpiryText).first ?? "unknown"
}
