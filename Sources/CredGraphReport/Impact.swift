import CredGraphCore
import CredGraphGraph
import CredGraphRisk

/// What a credential's trouble means downstream, for the readers who cannot
/// act in Setup: which sends, journeys and content a consumer feeds, in which
/// environment, and whether they stop or quietly run on old data.

/// The most a table cell may hold, escaped, so a row stays readable.
let tableCellLimit = 300

/// Text for a Markdown table cell: cut at a sentence, else a word, so that
/// once escaped (`markdownEscape`) it holds at most `limit` characters.
func tableCell(_ text: String, limit: Int = tableCellLimit) -> String {
    if markdownEscape(text).count <= limit { return text }
    // Whole sentences first.
    // A sentence ends at `. ` or `; ` (not inside `file.properties` or a time).
    var sentences: [String] = []
    var current = ""
    var previous: Character = " "
    for ch in text {
        if ch == " ", previous == "." || previous == ";" {
            sentences.append(current)
            current = ""
        }
        current.append(ch)
        previous = ch
    }
    sentences.append(current)
    var kept = ""
    for sentence in sentences {
        let candidate = kept + sentence
        if markdownEscape(candidate + " …").count > limit { break }
        kept = candidate
    }
    if !kept.isEmpty { return kept.trimmingWhitespace() + " …" }
    // Else whole words.
    var words = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
        let candidate = words.isEmpty ? String(word) : words + " " + word
        if markdownEscape(candidate + " …").count > limit { break }
        words = candidate
    }
    if !words.isEmpty { return words + " …" }
    // One long word: cut by characters.
    var chars = ""
    for ch in text {
        if markdownEscape(chars + String(ch) + "…").count > limit { break }
        chars.append(ch)
    }
    return chars + "…"
}

/// The consumer's node in the graph.
func consumerNodeID(_ consumer: Consumer) -> NodeID {
    NodeID(kind: .integration, name: consumer.integration, environment: consumer.environment)
}

/// Since when a consumer has not fed anything: the last success before its
/// current run of auth failures; `.some(nil)` when failing with no success in
/// the window; nil when it is not failing.
func failingSince(consumer index: Int, analysis: Analysis) -> Int64?? {
    let stats = analysis.evidence.consumer(at: index).stats
    guard AuthFailing.isFailingNow(stats) else { return nil }
    return .some(stats.lastSuccess)
}

/// The first refused probe of a failing consumer's current run (what
/// `auth-failing` reports as `since`): when on-call should say it began.
func firstRefusal(consumer index: Int, analysis: Analysis) -> Int64? {
    let evidence = analysis.evidence.consumer(at: index)
    return evidence.failureRun.since ?? evidence.stats.lastAuthFailure
}

/// "failing since T (last success S)": the start of the failures, and the
/// last successful token call, from which the data it feeds is stale.
func failingText(consumer index: Int, lastSuccess: Int64?, analysis: Analysis) -> String {
    "failing since " + (firstRefusal(consumer: index, analysis: analysis).map(Vocabulary.time) ?? "before the probe window")
        + " (last success " + (lastSuccess.map(Vocabulary.time) ?? "before the probe window") + ")"
}

/// One send, journey or piece of content a consumer feeds, and what happens
/// to it when the consumer stops.
public struct AffectedAsset: Sendable {
    public var name: String
    public var kind: String
    public var environment: String
    /// `sends stop` or `shows data as of …` (personalisation falls back to defaults for anything newer).
    public var effect: String
    public var owner: String
}

/// When a consumer stops feeding: it already has (at its last success), or
/// it will on a date unless the secret is rotated.
enum FeedStop {
    case since(String)
    case from(String)
}

/// The sends, journeys, content and reports the consumers feed, once each
/// (per environment), sends first, with what happens to each when the
/// consumer stops (`when`).
func affectedAssets(consumers indices: [Int], analysis: Analysis, when: (Int) -> FeedStop) -> [AffectedAsset] {
    var seen: Set<String> = []
    var out: [(order: Int, asset: AffectedAsset)] = []
    for index in indices {
        let consumer = analysis.inventory.consumers[index]
        let radius = analysis.graph.blastRadius(of: [consumerNodeID(consumer)])
        // A send directly triggered by a consumer or by content stops; one
        // fed through data extensions and queries runs on old data.
        var triggeredDirectly: Set<NodeID> = []
        for edge in radius.edges where edge.relation == .triggers {
            if let from = analysis.graph.node(edge.from), from.kind == .integration || from.kind.isAsset {
                triggeredDirectly.insert(edge.to)
            }
        }
        let stop = when(index)
        for reached in radius.nodes {
            let kind = reached.node.kind
            guard kind.isSend || kind.isAsset || kind == .report else { continue }
            let key = reached.node.id.rawValue + "@" + consumer.environment
            guard seen.insert(key).inserted else { continue }
            let effect: String
            let direct = triggeredDirectly.contains(reached.node.id)
            switch stop {
            case .since(let time):
                if kind.isSend {
                    effect = direct ? "no sends since \(time)" : "sends go out on data as of \(time); newer records are missing"
                } else if kind == .report {
                    effect = "figures as of \(time)"
                } else {
                    effect = "shows data as of \(time); personalisation falls back to defaults for anything newer"
                }
            case .from(let day):
                if kind.isSend {
                    effect = direct ? "sends stop from \(day) unless rotated" : "from \(day) unless rotated, sends go out on old data"
                } else if kind == .report {
                    effect = "figures stop updating from \(day) unless rotated"
                } else {
                    effect = "from \(day) unless rotated, shows old data; personalisation falls back to defaults"
                }
            }
            out.append((kind.isSend ? 0 : kind == .report ? 2 : 1, AffectedAsset(
                name: reached.node.name, kind: kind.rawValue, environment: consumer.environment, effect: effect,
                owner: (reached.node.owner ?? reached.node.businessOwner)?.name ?? "none recorded")))
        }
    }
    return out.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element.asset)
}
