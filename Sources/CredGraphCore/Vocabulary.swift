/// How every output says the same things: lists, counts and plurals,
/// percentages, times and reach. Tables, listings, finding messages, reports
/// and diagrams all phrase through here, so one thing is never said two ways
/// by accident; where two spellings are kept on purpose, a parameter names it.
public enum Vocabulary {
    /// `A, B and C`. `empty` is what no item reads as: finding messages say
    /// "none"; report sentences build around an empty list and want "".
    public static func list(_ items: [String], empty: String = "") -> String {
        switch items.count {
        case 0: return empty
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
        }
    }

    /// `1 probe`, `3 probes`; `plural` for nouns that do not take an `s`.
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(noun(n, singular, plural))"
    }

    /// The noun alone, agreeing with `n`: `file`, `files`.
    public static func noun(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : (plural ?? singular + "s")
    }

    /// How a share is written. Finding messages drop a trailing `.0` and
    /// call a share of nothing `0%`; report tables keep one decimal so the
    /// column lines up, and say `n/a` when there was nothing to share.
    public enum PercentStyle: Sendable {
        case message
        case table
    }

    /// `7.5%`: one decimal, rounded half up, integer arithmetic only.
    public static func percent(_ part: Int, of whole: Int, style: PercentStyle = .message) -> String {
        guard whole > 0 else { return style == .table ? "n/a" : "0%" }
        let tenths = (part * 1000 + whole / 2) / whole
        if style == .message, tenths % 10 == 0 { return "\(tenths / 10)%" }
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A share (0.125) as `12.5%`, in the message style: probe-file
    /// thresholds are configured as shares, not as counts.
    public static func percent(share: Double) -> String {
        let tenths = Int((share * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    /// `12,345`: counts of probes, which run to millions.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// An instant in JSON and finding messages: RFC 3339, UTC, `2026-09-02T06:00:00Z`.
    public static func timestamp(_ millis: Int64) -> String { formatTimestamp(millis) }

    /// An instant in reports and listings: `2026-09-02 06:00 UTC`, `never` for none.
    public static func time(_ millis: Int64?) -> String { reportTime(millis) }

    /// A number of days left, `unknown` when there is no expiry.
    public static func daysLeft(_ days: Int?) -> String { days.map { String($0) } ?? "unknown" }
}

extension BlastRadiusCounts {
    /// `3 consumers (1 in prod), 4 data extensions, 2 assets, 1 send`: the
    /// reach of a blast radius, as listings and reports give it.
    public var reach: String {
        Vocabulary.count(integrations, "consumer") + " (\(productionIntegrations) in prod), " + downstream
    }

    /// `2 data extensions, 3 assets, 1 send`: what lies below a consumer.
    public var downstream: String {
        Vocabulary.count(dataExtensions, "data extension") + ", " + Vocabulary.count(assets, "asset") + ", "
            + Vocabulary.count(sends, "send")
    }

    /// `3 int, 4 DE, 2 assets, 1 send`: the reach in a table column.
    public var reachAbbreviated: String {
        "\(integrations) int, \(dataExtensions) DE, " + Vocabulary.count(assets, "asset") + ", " + Vocabulary.count(sends, "send")
    }
}
