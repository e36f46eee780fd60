/// A small JSON reader that keeps the line of every value, so an edge found
/// in an mcdev `*-meta.json` file can name `FILE:LINE` and a malformed file
/// can say where it broke. (Foundation's JSONSerialization knows neither.)
struct JSONNode: Sendable {
    enum Value: Sendable {
        case object([(key: String, value: JSONNode)])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    var value: Value
    /// 1-based line where the value starts.
    var line: Int

    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Case-insensitive member lookup: mcdev writes `CustomerKey`, `customerKey` and `key`.
    func member(_ names: String...) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        for name in names {
            if let hit = members.first(where: { $0.key.lowercased() == name.lowercased() }) { return hit.value }
        }
        return nil
    }

    /// A string, or a number written as text (ids are sometimes numbers).
    var text: String? {
        switch value {
        case .string(let s): s
        case .number(let n): n
        default: nil
        }
    }

    var members: [(key: String, value: JSONNode)] {
        if case .object(let m) = value { return m }
        return []
    }

    var elements: [JSONNode] {
        if case .array(let a) = value { return a }
        return []
    }
}

struct JSONParseError: Error, Sendable {
    var line: Int
    var message: String
}

/// A recursive-descent parser over UTF-8 bytes (RFC 8259), with a depth cap
/// so a hostile file cannot exhaust the stack.
struct JSONLineParser {
    static let maxDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONNode {
        var parser = JSONLineParser(bytes: bytes)
        // A UTF-8 byte order mark is tolerated (editors on Windows write one).
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipSpace()
        let node = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.fail("unexpected text after the JSON value") }
        return node
    }

    private func fail(_ message: String) -> JSONParseError { JSONParseError(line: line, message: message) }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(JSONParseError) -> JSONNode {
        guard depth < Self.maxDepth else { throw fail("nested more than \(Self.maxDepth) levels deep") }
        guard index < bytes.count else { throw fail("unexpected end of file") }
        let start = line
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var members: [(key: String, value: JSONNode)] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return JSONNode(value: .object(members), line: start) }
            while true {
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted member name") }
                let key = try string()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a member name") }
                index += 1
                skipSpace()
                let member = try value(depth: depth + 1)
                members.append((key, member))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end of file inside an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; break }
                throw fail("expected ',' or '}' in an object")
            }
            return JSONNode(value: .object(members), line: start)
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONNode] = []
            skipSpace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return JSONNode(value: .array(elements), line: start) }
            while true {
                skipSpace()
                elements.append(try value(depth: depth + 1))
                skipSpace()
                guard index < bytes.count else { throw fail("unexpected end of file inside an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; break }
                throw fail("expected ',' or ']' in an array")
            }
            return JSONNode(value: .array(elements), line: start)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try string()), line: start)
        case UInt8(ascii: "t"):
            try literal("true"); return JSONNode(value: .bool(true), line: start)
        case UInt8(ascii: "f"):
            try literal("false"); return JSONNode(value: .bool(false), line: start)
        case UInt8(ascii: "n"):
            try literal("null"); return JSONNode(value: .null, line: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let begin = index
            index += 1
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            return JSONNode(value: .number(String(decoding: bytes[begin..<index], as: UTF8.self)), line: start)
        default:
            throw fail("unexpected character where a value should be")
        }
    }

    private static func isNumberByte(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
            || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of file") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for i in 0..<count where bytes[index + i] != expected[i] { throw fail("unexpected character where a value should be") }
        index += count
    }

    private mutating func string() throws(JSONParseError) -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == 0x0A { throw fail("line break inside a string") }
            if c == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                let e = bytes[index + 1]
                index += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let unit = hex4() else { throw fail("bad \\u escape in a string") }
                    var scalar = UInt32(unit)
                    if (0xD800..<0xDC00).contains(unit), index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { throw fail("bad surrogate pair in a string") }
                        scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(e)  // \" \\ \/
                }
                continue
            }
            out.append(c)
            index += 1
        }
        throw fail("unterminated string")
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt16 = 0
        for i in 0..<4 {
            let c = bytes[index + i]
            let digit: UInt16
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt16(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt16(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt16(c - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        index += 4
        return value
    }
}
