/// Client ids as reports show them: masked to their last characters, by
/// default, wherever a report or diagram names one.

/// Masks every occurrence of known client ids in a text in one pass over the
/// text, whatever the number of ids (an estate has thousands): ids are found
/// through their first 6 bytes, and where several start at one place the
/// longest wins, so an id that contains another is replaced whole.
package struct ClientIDMasker: Sendable {
    private var ids: [[UInt8]] = []
    private var masks: [[UInt8]] = []
    /// First 6 bytes of an id -> ids starting with them, longest first.
    private var byPrefix: [UInt64: [Int]] = [:]
    /// Bytes some id starts with: most positions of a text are rejected here.
    private var startsID = [Bool](repeating: false, count: 256)

    package init(ids clientIDs: [String]) {
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

    package func mask(_ text: String) -> String {
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

/// `…c0de`: the last 4 characters of a client id (shorter ids are shown as `…` plus the id).
public func maskClientID(_ clientID: String) -> String {
    "…" + String(clientID.suffix(4))
}

/// How an output shows client ids: whole, or masked to their last 4
/// characters (`reports.mask_client_ids`). Every table, listing, report and
/// diagram asks this one value, so masking is decided in one place; JSON
/// takes `.whole` (machines get full ids).
public struct ClientIDDisplay: Sendable {
    public let masks: Bool
    /// The ids masked inside free text (finding messages, notes), found in one pass.
    private let masker: ClientIDMasker

    /// `knownIDs`: the ids to look for in free text (inventoried and
    /// uninventoried); a bare id is masked whether or not it is known.
    public init(masking: Bool, knownIDs: [String] = []) {
        masks = masking
        masker = ClientIDMasker(ids: masking ? knownIDs : [])
    }

    /// Client ids in full.
    public static let whole = ClientIDDisplay(masking: false)

    /// A client id as shown: `…c0de` when masking.
    public func id(_ clientID: String) -> String { masks ? maskClientID(clientID) : clientID }

    /// Free text with every known client id masked, when masking.
    public func text(_ text: String) -> String { masks ? masker.mask(text) : text }

    /// Free text with one id masked wherever it stands, whatever its length
    /// (a finding about that id names it; short ids are not looked for in
    /// general text, where they would match ordinary words).
    public func text(_ text: String, naming clientID: String?) -> String {
        guard masks, let clientID, !clientID.isEmpty else { return text }
        var out = ""
        var rest = text[...]
        while let range = rest.firstRange(of: clientID) {
            out += rest[..<range.lowerBound]
            out += maskClientID(clientID)
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
