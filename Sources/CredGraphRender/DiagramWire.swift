import CredGraphCore

/// The framing between `credgraph report` and its diagram worker processes
/// (`DiagramWorkers`): one request, one answer, each a frame of a 4-byte
/// little-endian length and that many bytes. A compact binary layout rather
/// than JSON: a change review's diagram is a few hundred strings, and
/// encoding and decoding are paid by the parent for every diagram.
///
/// Request: format (1 byte), engine (1 byte, 0 = automatic), the diagram.
/// Answer: status (1 byte), then the rendered bytes (0), a Graphviz error
/// message (1) or a message saying the request could not be read (2).
public enum DiagramWire {
    /// Frames beyond this are garbage, not diagrams (a 10,000-node diagram
    /// encodes to a few MB; its SVG to tens of MB).
    public static let maxFrame = 1 << 28

    public enum Status: UInt8, Sendable {
        case rendered = 0, graphvizError = 1, badRequest = 2
    }

    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The request for `diagram`, with every remembered secret cut out
    /// first: nothing secret crosses the pipe, and the worker, which has no
    /// secrets of its own, renders exactly what `renderDiagram` would here.
    public static func request(_ diagram: Diagram, format: DiagramFormat, engine: LayoutEngine? = nil) -> [UInt8] {
        let clean = Redactor.shared.isEmpty ? diagram : redacted(diagram)
        var w = Writer()
        w.byte(UInt8(DiagramFormat.allCases.firstIndex(of: format)!))
        w.byte(engine.map { UInt8(LayoutEngine.allCases.firstIndex(of: $0)! + 1) } ?? 0)
        w.diagram(clean)
        return w.bytes
    }

    public static func decodeRequest(_ bytes: [UInt8]) throws(DecodeError) -> (diagram: Diagram, format: DiagramFormat, engine: LayoutEngine?) {
        var r = Reader(bytes: bytes)
        let f = Int(try r.byte())
        guard f < DiagramFormat.allCases.count else { throw DecodeError(description: "unknown format \(f)") }
        let e = Int(try r.byte())
        guard e <= LayoutEngine.allCases.count else { throw DecodeError(description: "unknown layout engine \(e)") }
        let diagram = try r.diagram()
        guard r.offset == bytes.count else { throw DecodeError(description: "\(bytes.count - r.offset) bytes after the diagram") }
        return (diagram, DiagramFormat.allCases[f], e == 0 ? nil : LayoutEngine.allCases[e - 1])
    }

    public static func answer(_ status: Status, _ payload: [UInt8]) -> [UInt8] {
        [status.rawValue] + payload
    }

    /// The frame holding `payload`: its length, then the bytes.
    public static func frame(_ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 4)
        appendUInt32(UInt32(payload.count), to: &out)
        out += payload
        return out
    }

    static func appendUInt32(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(v & 0xFF)); out.append(UInt8((v >> 8) & 0xFF))
        out.append(UInt8((v >> 16) & 0xFF)); out.append(UInt8(v >> 24))
    }

    static func readUInt32<C: Collection<UInt8>>(_ bytes: C) -> UInt32 where C.Index == Int {
        let s = bytes.startIndex
        return UInt32(bytes[s]) | UInt32(bytes[s + 1]) << 8 | UInt32(bytes[s + 2]) << 16 | UInt32(bytes[s + 3]) << 24
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func byte(_ b: UInt8) { bytes.append(b) }
        mutating func count(_ n: Int) { DiagramWire.appendUInt32(UInt32(n), to: &bytes) }
        mutating func string(_ s: String) {
            var s = s
            s.withUTF8 { utf8 in
                count(utf8.count)
                bytes.append(contentsOf: utf8)
            }
        }
        mutating func attributes(_ list: [Diagram.Attribute]) {
            count(list.count)
            for a in list { string(a.name); string(a.value) }
        }
        mutating func diagram(_ d: Diagram) {
            string(d.name)
            attributes(d.graphAttributes)
            attributes(d.nodeDefaults)
            attributes(d.edgeDefaults)
            count(d.clusters.count)
            for c in d.clusters { string(c.id); attributes(c.attributes) }
            count(d.nodes.count)
            for n in d.nodes {
                string(n.id)
                attributes(n.attributes)
                if let cluster = n.cluster { byte(1); string(cluster) } else { byte(0) }
            }
            count(d.edges.count)
            for e in d.edges { string(e.from); string(e.to); attributes(e.attributes) }
            count(d.sameRank.count)
            for group in d.sameRank { count(group.count); for id in group { string(id) } }
            count(d.notes.count)
            for note in d.notes { string(note) }
            if let width = d.maxWidth {
                byte(1)
                let bits = width.bitPattern
                for shift in stride(from: 0, to: 64, by: 8) { byte(UInt8((bits >> UInt64(shift)) & 0xFF)) }
            } else {
                byte(0)
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func byte() throws(DecodeError) -> UInt8 {
            guard offset < bytes.count else { throw DecodeError(description: "request ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }
        /// A count, bounded by the bytes left (each item takes at least one).
        mutating func count() throws(DecodeError) -> Int {
            guard bytes.count - offset >= 4 else { throw DecodeError(description: "request ends early") }
            let n = Int(DiagramWire.readUInt32(bytes[offset..<offset + 4]))
            offset += 4
            guard n <= bytes.count - offset else { throw DecodeError(description: "a count of \(n) runs past the request") }
            return n
        }
        mutating func string() throws(DecodeError) -> String {
            let n = try count()
            defer { offset += n }
            return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
        }
        mutating func attributes() throws(DecodeError) -> [Diagram.Attribute] {
            let n = try count()
            var list: [Diagram.Attribute] = []
            list.reserveCapacity(n)
            for _ in 0..<n { list.append(Diagram.Attribute(try string(), try string())) }
            return list
        }
        mutating func diagram() throws(DecodeError) -> Diagram {
            var d = Diagram(name: try string())
            d.graphAttributes = try attributes()
            d.nodeDefaults = try attributes()
            d.edgeDefaults = try attributes()
            for _ in 0..<(try count()) { d.clusters.append(Diagram.Cluster(id: try string(), attributes: try attributes())) }
            let nodes = try count()
            d.nodes.reserveCapacity(nodes)
            for _ in 0..<nodes {
                let id = try string()
                let attributes = try attributes()
                let cluster: String? = try byte() == 1 ? try string() : nil
                d.nodes.append(Diagram.Node(id: id, attributes: attributes, cluster: cluster))
            }
            let edges = try count()
            d.edges.reserveCapacity(edges)
            for _ in 0..<edges { d.edges.append(Diagram.Edge(from: try string(), to: try string(), attributes: try attributes())) }
            for _ in 0..<(try count()) {
                var group: [String] = []
                for _ in 0..<(try count()) { group.append(try string()) }
                d.sameRank.append(group)
            }
            for _ in 0..<(try count()) { d.notes.append(try string()) }
            if try byte() == 1 {
                var bits: UInt64 = 0
                for shift in stride(from: 0, to: 64, by: 8) { bits |= UInt64(try byte()) << UInt64(shift) }
                d.maxWidth = Double(bitPattern: bits)
            }
            return d
        }
    }
}
