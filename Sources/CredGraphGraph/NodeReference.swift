import CredGraphCore

/// Node references as people type them on the command line (outputs.md):
/// `package:NAME`, `client:CLIENT_ID`, `integration:NAME` (every environment)
/// or `integration:NAME@ENV`, `de:NAME`, `KIND:NAME` for any other kind, or a
/// bare name when it is unique. Names compare case-insensitively after trimming.

/// Why a reference names no node. The CLI prints `description` and exits 2.
public enum ReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing has that name; `closest` holds up to 5 full references to try.
    case unknown(reference: String, closest: [String])
    /// A bare name that several nodes of different kinds carry; `matches`
    /// holds the full reference of each, sorted.
    case ambiguous(reference: String, matches: [String])

    public var reference: String {
        switch self {
        case .unknown(let reference, _), .ambiguous(let reference, _): reference
        }
    }

    /// The references to offer instead.
    public var suggestions: [String] {
        switch self {
        case .unknown(_, let closest): closest
        case .ambiguous(_, let matches): matches
        }
    }

    public var description: String {
        switch self {
        case .unknown(let reference, let closest):
            let base = "unknown node reference '\(GraphText.line(reference))'"
            return closest.isEmpty ? base : base + "; closest matches: " + closest.joined(separator: ", ")
        case .ambiguous(let reference, let matches):
            return "ambiguous node reference '\(GraphText.line(reference))' matches " + matches.joined(separator: ", ")
                + "; prefix it with its kind"
        }
    }
}

extension DependencyGraph {
    /// The nodes a reference names: one node, or every consumer of an
    /// integration for `integration:NAME` (and for a bare integration name).
    public func resolve(_ reference: String) -> Result<[NodeID], ReferenceError> {
        let text = reference.trimmingWhitespace()
        if let colon = text.firstIndex(of: ":"), let kind = Self.referenceKind(text[..<colon]) {
            let name = NodeKey.fold(String(text[text.index(after: colon)...]))
            if let found = resolve(name: name, kind: kind) { return .success(found) }
            return .failure(.unknown(reference: reference, closest: closestReferences(to: name, kind: kind)))
        }
        // Not a known kind prefix: the whole text is a name (names may hold colons).
        let name = NodeKey.fold(text)
        let matches = byFoldedName[name] ?? []
        if !matches.isEmpty {
            if matches.allSatisfy({ nodes[$0].kind == .integration }) || matches.count == 1 {
                return .success(matches.map { nodes[$0].id })
            }
            var references: Set<String> = []
            for index in matches {
                let node = nodes[index]
                references.insert(node.kind == .integration ? "integration:\(node.name)" : node.reference)
            }
            return .failure(.ambiguous(reference: reference, matches: references.sorted(by: Self.referenceOrder)))
        }
        if let consumer = consumer(named: name) { return .success([consumer]) }
        return .failure(.unknown(reference: reference, closest: closestReferences(to: name, kind: nil)))
    }

    /// Resolves several references, collecting every failure (so the CLI can
    /// report them all at once). The ids are deduplicated, in reference order.
    public func resolveAll(_ references: [String]) -> (ids: [NodeID], errors: [ReferenceError]) {
        var ids: [NodeID] = []
        var seen: Set<NodeID> = []
        var errors: [ReferenceError] = []
        for reference in references {
            switch resolve(reference) {
            case .success(let found):
                for id in found where seen.insert(id).inserted { ids.append(id) }
            case .failure(let error):
                errors.append(error)
            }
        }
        return (ids, errors)
    }

    /// The kind a reference prefix names: a `to_kind` (or `package`, `client`,
    /// `integration`), or `de` for a data extension.
    static func referenceKind(_ prefix: Substring) -> NodeKind? {
        let folded = NodeKey.fold(String(prefix))
        if folded == "de" { return .dataExtension }
        return NodeKind(rawValue: folded)
    }

    private func resolve(name: String, kind: NodeKind) -> [NodeID]? {
        if kind == .integration {
            let consumers = (byFoldedName[name] ?? []).filter { nodes[$0].kind == .integration }
            if !consumers.isEmpty { return consumers.map { nodes[$0].id } }
            return consumer(named: name).map { [$0] }
        }
        let id = NodeID(kind: kind, name: name)
        return contains(id) ? [id] : nil
    }

    /// `NAME@ENV`, split at the last `@` (an integration name may hold one).
    private func consumer(named text: String) -> NodeID? {
        guard let at = text.lastIndex(of: "@") else { return nil }
        let name = text[..<at].trimmingWhitespace()
        let environment = text[text.index(after: at)...].trimmingWhitespace()
        guard !name.isEmpty, !environment.isEmpty else { return nil }
        let id = NodeID(kind: .integration, name: name, environment: environment == "production" ? "prod" : environment)
        return contains(id) ? id : nil
    }

    /// Up to `limit` references closest to a name that matched nothing: exact
    /// names of another kind first, then names the query starts, names that
    /// start the query, names that contain one another, and names within a
    /// small edit distance; the asked-for kind first within each. Ties break
    /// on the reference text, so the list is the same on every run.
    func closestReferences(to query: String, kind: NodeKind?, limit: Int = 5) -> [String] {
        guard !query.isEmpty else { return [] }
        let wantsEnvironment = query.unicodeScalars.contains("@")
        let queryScalars = Array(query.unicodeScalars)
        let threshold = max(2, queryScalars.count / 3)

        struct Candidate { var key: (Int, Int, Int); var reference: String }
        var best: [Candidate] = []
        var seenIntegrations: Set<String> = []

        func consider(folded: String, reference: String, candidateKind: NodeKind) {
            let kindPenalty = kind == nil || kind == candidateKind ? 0 : 1
            let tier: Int
            let distance: Int
            let length = folded.unicodeScalars.count
            if folded == query {
                tier = 0
                distance = 0
            } else if folded.hasPrefix(query) {
                tier = 1  // the query is the start of this name: a completion
                distance = length - queryScalars.count
            } else if query.hasPrefix(folded) {
                tier = 2
                distance = queryScalars.count - length
            } else if (queryScalars.count >= 3 && containsRun(folded, query)) || (length >= 3 && containsRun(query, folded)) {
                tier = 3
                distance = abs(length - queryScalars.count)
            } else {
                guard abs(length - queryScalars.count) <= threshold,
                      let d = boundedEditDistance(queryScalars, Array(folded.unicodeScalars), bound: threshold)
                else { return }
                tier = 4
                distance = d
            }
            let candidate = Candidate(key: (tier, kindPenalty, distance), reference: reference)
            // Keep only the best `limit` so a huge graph costs no big sort.
            let position = best.firstIndex { Self.candidateOrder(candidate.key, candidate.reference, $0.key, $0.reference) } ?? best.count
            guard position < limit else { return }
            best.insert(candidate, at: position)
            if best.count > limit { best.removeLast() }
        }

        for node in nodes {
            if node.kind == .integration {
                if wantsEnvironment, let environment = node.environment {
                    consider(folded: node.foldedName + "@" + environment, reference: node.reference, candidateKind: .integration)
                } else if seenIntegrations.insert(node.foldedName).inserted {
                    consider(folded: node.foldedName, reference: "integration:\(node.name)", candidateKind: .integration)
                }
            } else {
                consider(folded: node.foldedName, reference: node.reference, candidateKind: node.kind)
            }
        }
        return best.map(\.reference)
    }

    private static func candidateOrder(_ a: (Int, Int, Int), _ ar: String, _ b: (Int, Int, Int), _ br: String) -> Bool {
        if a != b { return a < b }
        return referenceOrder(ar, br)
    }

    /// Case-insensitive, then exact, so equal-looking references still order.
    static func referenceOrder(_ a: String, _ b: String) -> Bool {
        (a.lowercased(), a) < (b.lowercased(), b)
    }
}

/// Whether `needle` occurs in `haystack`, character by character. Not
/// Foundation's `contains`, which traps ("String index is out of bounds")
/// when one side holds a NUL and the other non-ASCII text, and ignores NULs
/// (found by fuzzing node references).
func containsRun(_ haystack: String, _ needle: String) -> Bool {
    let h = Array(haystack), n = Array(needle)
    guard !n.isEmpty else { return true }
    guard h.count >= n.count else { return false }
    for start in 0...(h.count - n.count) where h[start] == n[0] {
        var k = 1
        while k < n.count, h[start + k] == n[k] { k += 1 }
        if k == n.count { return true }
    }
    return false
}

/// Levenshtein distance, or nil once it must exceed `bound` (the common case
/// for unrelated names, so most candidates cost a few rows, not the whole table).
func boundedEditDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], bound: Int) -> Int? {
    if a.isEmpty { return b.count <= bound ? b.count : nil }
    if b.isEmpty { return a.count <= bound ? a.count : nil }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMinimum = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > bound { return nil }
        swap(&previous, &current)
    }
    return previous[b.count] <= bound ? previous[b.count] : nil
}

