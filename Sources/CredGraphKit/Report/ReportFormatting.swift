/// Small formatting helpers shared by every report. Wording lives in the
/// templates; these only turn values into short text.

/// Everything a report builder needs from one run.
public struct ReportContext: Sendable {
    public var analysis: Analysis
    public var maskClientIDs: Bool
    /// The readiness target (`--deadline` or `deadline:`), if any.
    public var deadline: Day?

    public init(analysis: Analysis, maskClientIDs: Bool? = nil, deadline: Day? = nil) {
        self.analysis = analysis
        self.maskClientIDs = maskClientIDs ?? analysis.config.reports.maskClientIDs
        self.deadline = deadline ?? analysis.config.deadline
    }

    var asOfText: String { analysis.clock.asOfDay.description }

    /// A client id as reports show it: the last 4 characters unless masking is off.
    func client(_ id: String) -> String { maskClientIDs ? maskClientID(id) : id }

    /// Finding text with every known client id masked, when masking is on.
    /// Messages are written for JSON (full ids); reports follow the setting.
    func masked(_ text: String) -> String {
        guard maskClientIDs else { return text }
        var out = text
        for id in knownClientIDs where out.contains(id) {
            out = out.replacingOccurrences(of: id, with: maskClientID(id))
        }
        return out
    }

    /// Longest first, so an id that contains another is replaced whole.
    private var knownClientIDs: [String] {
        let ids = analysis.inventory.credentials.map(\.clientID) + analysis.evidence.uninventoried.map(\.clientID)
        return ids.filter { $0.count >= 6 }.sorted { ($0.count, $0) > ($1.count, $1) }
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
