/// The tables a Marketing Cloud query reads: every name in a `FROM` or `JOIN`
/// list of its T-SQL, as written (brackets and `ENT.` removed), with its line.
///
/// A tokenizer, not a parser: comments and string literals are skipped as
/// tokens so SQL-looking text inside them is never read; parentheses mark
/// subqueries; names defined by `WITH name AS (…)` are CTEs, not tables.
public struct SQLTableReference: Sendable, Hashable {
    /// The name with brackets and any `ENT.` prefix removed.
    public var name: String
    /// 1-based line within the SQL text.
    public var line: Int
    /// Written with `ENT.`: a data extension of the parent business unit.
    public var enterprise: Bool
    /// A system data view (`_Subscribers`, `_Sent`, `_Open`, …).
    public var isDataView: Bool { name.hasPrefix("_") }
}

public enum SQLTables {
    enum TokenKind: Equatable { case word, quotedName, string, number, symbol }

    struct Token {
        var kind: TokenKind
        var text: String
        var line: Int
    }

    /// Words that end a table reference (cannot be an alias).
    static let clauseWords: Set<String> = [
        "where", "join", "inner", "left", "right", "full", "outer", "cross", "on", "group", "order", "having",
        "union", "except", "intersect", "with", "select", "option", "apply", "when", "then", "else", "end",
        "from", "into", "as", "pivot", "unpivot", "for", "and", "or", "not", "top", "offset", "fetch",
    ]

    /// Every table reference of `sql`, in text order (a table read twice is listed twice).
    public static func references(in sql: String) -> [SQLTableReference] {
        let tokens = tokenize(sql)
        var ctes: Set<String> = []
        // CTE names: `WITH a AS (`, `, b AS (` and `a (col, …) AS (` at the same level.
        var i = 0
        while i < tokens.count {
            if isWord(tokens[i], "with"), i + 1 < tokens.count, tokens[i + 1].kind == .word || tokens[i + 1].kind == .quotedName {
                var j = i + 1
                while j < tokens.count, tokens[j].kind == .word || tokens[j].kind == .quotedName {
                    let name = tokens[j].text.lowercased()
                    var k = j + 1
                    if k < tokens.count, tokens[k].text == "(" { k = skipParens(tokens, k) }
                    guard k < tokens.count, isWord(tokens[k], "as"), k + 1 < tokens.count, tokens[k + 1].text == "(" else { break }
                    ctes.insert(name)
                    k = skipParens(tokens, k + 1)
                    guard k < tokens.count, tokens[k].text == "," else { break }
                    j = k + 1
                }
            }
            i += 1
        }

        var out: [SQLTableReference] = []
        // The function each open parenthesis belongs to, so `TRIM(' ' FROM x)` is not a table.
        var parenOwners: [String] = []
        i = 0
        while i < tokens.count {
            let token = tokens[i]
            if token.text == "(" {
                parenOwners.append(i > 0 && tokens[i - 1].kind == .word ? tokens[i - 1].text.lowercased() : "")
                i += 1
                continue
            }
            if token.text == ")" {
                _ = parenOwners.popLast()
                i += 1
                continue
            }
            let opensList = isWord(token, "from") && parenOwners.last != "trim"
            let opensJoin = isWord(token, "join") || (isWord(token, "apply"))
            guard opensList || opensJoin else { i += 1; continue }
            i += 1
            // A FROM list: `a [AS] x, b y, (subquery) z`; a JOIN takes one source.
            while i < tokens.count {
                if tokens[i].text == "(" { break }  // subquery or APPLY function: its own FROM is read later
                guard let (name, enterprise, next) = qualifiedName(tokens, i) else { break }
                if !ctes.contains(name.lowercased()) {
                    out.append(SQLTableReference(name: name, line: tokens[i].line, enterprise: enterprise))
                }
                i = next
                // Table hints `WITH (NOLOCK)`, then an optional alias.
                if i + 1 < tokens.count, isWord(tokens[i], "with"), tokens[i + 1].text == "(" { i = skipParens(tokens, i + 1) }
                if i < tokens.count, isWord(tokens[i], "as") { i += 1 }
                if i < tokens.count, tokens[i].kind == .quotedName || (tokens[i].kind == .word && !clauseWords.contains(tokens[i].text.lowercased())) {
                    i += 1
                }
                if i + 1 < tokens.count, isWord(tokens[i], "with"), tokens[i + 1].text == "(" { i = skipParens(tokens, i + 1) }
                guard opensList, i < tokens.count, tokens[i].text == "," else { break }
                i += 1
            }
        }
        return out
    }

    /// `a`, `[a b]`, `ENT.a`, `ENT.[a b]`, `db.schema.a`: the last part is the
    /// table; `ENT` before it marks the parent business unit.
    private static func qualifiedName(_ tokens: [Token], _ start: Int) -> (String, Bool, Int)? {
        var parts: [String] = []
        var i = start
        while i < tokens.count, tokens[i].kind == .word || tokens[i].kind == .quotedName {
            if tokens[i].kind == .word, parts.isEmpty, clauseWords.contains(tokens[i].text.lowercased()) { return nil }
            parts.append(tokens[i].text)
            i += 1
            guard i + 1 < tokens.count, tokens[i].text == ".", tokens[i + 1].kind == .word || tokens[i + 1].kind == .quotedName else { break }
            i += 1
        }
        guard let last = parts.last, !last.isEmpty else { return nil }
        let enterprise = parts.dropLast().contains { $0.lowercased() == "ent" }
        return (last, enterprise, i)
    }

    private static func isWord(_ token: Token, _ word: String) -> Bool {
        token.kind == .word && token.text.lowercased() == word
    }

    /// Index just after the parenthesis that closes the one at `open`.
    private static func skipParens(_ tokens: [Token], _ open: Int) -> Int {
        var depth = 0
        var i = open
        while i < tokens.count {
            if tokens[i].text == "(" { depth += 1 }
            if tokens[i].text == ")" { depth -= 1; if depth == 0 { return i + 1 } }
            i += 1
        }
        return i
    }

    static func tokenize(_ sql: String) -> [Token] {
        let b = Array(sql.utf8)
        var tokens: [Token] = []
        var i = 0
        var line = 1
        func isWordByte(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x40 || c == 0x23 || c >= 0x80
        }
        while i < b.count {
            let c = b[i]
            if c == 0x0A { line += 1; i += 1; continue }
            if c == 0x20 || c == 0x09 || c == 0x0D { i += 1; continue }
            // -- line comment
            if c == UInt8(ascii: "-"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "-") {
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            }
            // /* block comment */ (T-SQL nests them)
            if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                var depth = 1
                i += 2
                while i < b.count, depth > 0 {
                    if b[i] == 0x0A { line += 1 }
                    if b[i] == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") { depth += 1; i += 2; continue }
                    if b[i] == UInt8(ascii: "*"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "/") { depth -= 1; i += 2; continue }
                    i += 1
                }
                continue
            }
            let startLine = line
            // 'string' with '' escapes, N'unicode'
            if c == UInt8(ascii: "'") || ((c == UInt8(ascii: "N") || c == UInt8(ascii: "n")) && i + 1 < b.count && b[i + 1] == UInt8(ascii: "'")) {
                i += c == UInt8(ascii: "'") ? 1 : 2
                while i < b.count {
                    if b[i] == 0x0A { line += 1 }
                    if b[i] == UInt8(ascii: "'") {
                        if i + 1 < b.count, b[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
                tokens.append(Token(kind: .string, text: "", line: startLine))
                continue
            }
            // [bracketed name] with ]] escapes, "quoted name"
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "\"") {
                let close = c == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "\"")
                i += 1
                var name: [UInt8] = []
                while i < b.count {
                    if b[i] == 0x0A { line += 1 }
                    if b[i] == close {
                        if i + 1 < b.count, b[i + 1] == close { name.append(close); i += 2; continue }
                        i += 1
                        break
                    }
                    name.append(b[i])
                    i += 1
                }
                tokens.append(Token(kind: .quotedName, text: String(decoding: name, as: UTF8.self), line: startLine))
                continue
            }
            if isWordByte(c) {
                let start = i
                while i < b.count, isWordByte(b[i]) { i += 1 }
                let text = String(decoding: b[start..<i], as: UTF8.self)
                let kind: TokenKind = (c >= 0x30 && c <= 0x39) ? .number : .word
                tokens.append(Token(kind: kind, text: text, line: startLine))
                continue
            }
            tokens.append(Token(kind: .symbol, text: String(UnicodeScalar(c)), line: startLine))
            i += 1
        }
        return tokens
    }
}
