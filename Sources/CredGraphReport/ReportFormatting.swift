import CredGraphCore
import CredGraphRisk
import CredGraphRender

/// Small formatting helpers shared by every report. Wording lives in the
/// templates; lists, counts, percentages and client ids in `Vocabulary` and
/// `ClientIDDisplay` (CredGraphCore), as in every other output.

/// Everything a report builder needs from one run.
public struct ReportContext: Sendable {
    public var analysis: Analysis {
        didSet {
            clientIDs = ClientIDDisplay(masking: maskClientIDs, knownIDs: Self.knownClientIDs(analysis))
            index = ReportIndex(analysis)
        }
    }
    public var maskClientIDs: Bool {
        get { clientIDs.masks }
        set { clientIDs = ClientIDDisplay(masking: newValue, knownIDs: Self.knownClientIDs(analysis)) }
    }
    /// The readiness target (`--deadline` or `deadline:`), if any.
    public var deadline: Day?
    /// The events of the calendar the previous run wrote (`OUT/calendar/all.ics`), by UID: SEQUENCE rises when a slot moved.
    public var previousCalendar: [String: ICalendar.EventState] = [:]
    /// Built once per run: masking must not cost a pass over every client id per text.
    public private(set) var clientIDs: ClientIDDisplay
    /// Lookups every page needs, built once per run, so that a page costs
    /// what it shows rather than a pass over the whole estate.
    private(set) var index: ReportIndex
    /// The snapshots under OUT/history/ (`readHistory`): the baseline of
    /// "What changed" and the trend; empty for a first run.
    public var history = History()

    public init(analysis: Analysis, maskClientIDs: Bool? = nil, deadline: Day? = nil) {
        self.analysis = analysis
        self.deadline = deadline ?? analysis.config.deadline
        clientIDs = ClientIDDisplay(
            masking: maskClientIDs ?? analysis.config.reports.maskClientIDs, knownIDs: Self.knownClientIDs(analysis))
        index = ReportIndex(analysis)
    }

    var asOfText: String { analysis.clock.asOfDay.description }

    /// A client id as reports show it: the last 4 characters unless masking is off.
    func client(_ id: String) -> String { clientIDs.id(id) }

    /// Finding text with every known client id masked, when masking is on.
    /// Messages are written for JSON (full ids); reports follow the setting.
    func masked(_ text: String) -> String { clientIDs.text(text) }

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

/// A finding in a report's table: weekly pages say where it is handled,
/// change reviews list the package's findings as they are.
public struct FindingRow: Sendable {
    public var severity: String
    public var rule: String
    /// At most `tableCellLimit` characters once escaped.
    public var message: String
    /// Where it is handled: `action 2`, or who acts (weekly pages only).
    public var handledIn: String?
}

/// A credential's expiry as reports show it: the date, what failed to parse
/// ("invalid date '30/09/2026' in inventory.csv:7"), or "unknown".
func expiryText(_ assessment: RiskAssessment) -> String {
    if let day = assessment.expiresOn { return day.description }
    return assessment.consumers.lazy.compactMap(\.invalidExpiryText).first ?? "unknown"
}
