/// Data extensions and content blocks that AMPscript and SSJS code names:
/// `Lookup("Orders", …)` reads Orders, `UpsertData("Prefs", …)` writes it,
/// `DataExtension.Init("KEY")` opens it by key, `ContentBlockByKey("k")`
/// includes a block. Only literal arguments resolve; an argument built at
/// run time (`Lookup(@de, …)`, `ContentBlockByKey(v)`) is reported as
/// unresolved with its line, never guessed.
public struct ScriptReference: Sendable, Hashable {
    public enum Target: String, Sendable, Hashable {
        case dataExtension = "data-extension"
        case contentBlock = "content-block"
    }

    public enum Access: String, Sendable, Hashable {
        case reads, writes, includes
    }

    public enum Identifier: String, Sendable, Hashable {
        case name, key, id
    }

    /// The function as written (`Lookup`, `Platform.Function.UpsertData`, `DataExtension.Init`).
    public var function: String
    public var target: Target
    public var access: Access
    public var identifier: Identifier
    /// The literal argument; nil when it is built at run time.
    public var value: String?
    /// The argument as written when it is not a literal (shortened).
    public var expression: String?
    /// 1-based line within the code.
    public var line: Int
}

public enum ScriptReferences {
    struct Function {
        var target: ScriptReference.Target
        var access: ScriptReference.Access
        var identifier: ScriptReference.Identifier
    }

    /// By lower-cased function name. AMPscript and SSJS `Platform.Function.*` share names.
    static let functions: [String: Function] = {
        var table: [String: Function] = [:]
        for name in ["lookup", "lookuprows", "lookuporderedrows", "lookuprowscs", "lookuporderedrowscs", "dataextensionrowcount"] {
            table[name] = Function(target: .dataExtension, access: .reads, identifier: .name)
        }
        for name in ["insertde", "updatede", "upsertde", "deletede", "insertdata", "updatedata", "upsertdata", "deletedata", "claimrow"] {
            table[name] = Function(target: .dataExtension, access: .writes, identifier: .name)
        }
        table["contentblockbykey"] = Function(target: .contentBlock, access: .includes, identifier: .key)
        table["contentblockbyname"] = Function(target: .contentBlock, access: .includes, identifier: .name)
        table["contentblockbyid"] = Function(target: .contentBlock, access: .includes, identifier: .id)
        return table
    }()

    /// SSJS `DataExtension` object methods that change rows.
    static let rowWrites: Set<String> = ["add", "update", "remove", "upsert"]

    public static func references(in code: String) -> [ScriptReference] {
        let b = Array(code.utf8)
        var out: [ScriptReference] = []
        // SSJS variables bound to `DataExtension.Init("KEY")`, so `v.Rows.Add(…)` writes KEY.
        var initialised: [String: String] = [:]
        var i = 0
        var line = 1
        var wordBeforeDot = ""

        while i < b.count {
            let c = b[i]
            if c == 0x0A { line += 1; i += 1; continue }
            // /* comment */ in AMPscript and SSJS
            if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "*") {
                i += 2
                while i + 1 < b.count, !(b[i] == UInt8(ascii: "*") && b[i + 1] == UInt8(ascii: "/")) {
                    if b[i] == 0x0A { line += 1 }
                    i += 1
                }
                i += 2
                continue
            }
            // SSJS // comment; not the `//` of a URL (`https://`).
            if c == UInt8(ascii: "/"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "/"), i == 0 || b[i - 1] != UInt8(ascii: ":") {
                while i < b.count, b[i] != 0x0A { i += 1 }
                continue
            }
            guard isWordStart(c) else {
                if c != UInt8(ascii: ".") && c != 0x20 && c != 0x09 { wordBeforeDot = "" }
                i += 1
                continue
            }
            let start = i
            while i < b.count, isWordByte(b[i]) { i += 1 }
            let word = String(decoding: b[start..<i], as: UTF8.self)
            let lower = word.lowercased()
            let afterDot = start > 0 && b[start - 1] == UInt8(ascii: ".")
            let qualifier = afterDot ? wordBeforeDot : ""
            wordBeforeDot = lower

            var j = i
            while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            guard j < b.count, b[j] == UInt8(ascii: "(") else { continue }

            if lower == "init", qualifier == "dataextension" {
                let (value, expression, _) = firstArgument(b, j)
                out.append(ScriptReference(
                    function: "DataExtension.Init", target: .dataExtension, access: .reads, identifier: .key,
                    value: value, expression: expression, line: line))
                if let value, let variable = assignedVariable(b, start) { initialised[variable] = value }
                // Chained: DataExtension.Init("K").Rows.Add(…)
                if let value, let method = chainedRowsMethod(b, j), rowWrites.contains(method) {
                    out.append(ScriptReference(
                        function: "DataExtension.Rows." + method.capitalized, target: .dataExtension, access: .writes,
                        identifier: .key, value: value, expression: nil, line: line))
                }
                continue
            }
            if afterDot, rowWrites.contains(lower), qualifier == "rows", let variable = variableBeforeRows(b, start),
               let key = initialised[variable] {
                out.append(ScriptReference(
                    function: "DataExtension.Rows." + word, target: .dataExtension, access: .writes, identifier: .key,
                    value: key, expression: nil, line: line))
                continue
            }
            guard let function = functions[lower] else { continue }
            // `rows.Lookup(…)` on a DataExtension object takes field names, not a data extension.
            if afterDot, qualifier != "function" { continue }
            let (value, expression, _) = firstArgument(b, j)
            let written = afterDot ? "Platform.Function." + word : word
            out.append(ScriptReference(
                function: written, target: function.target, access: function.access, identifier: function.identifier,
                value: value, expression: expression, line: line))
        }
        return out
    }

    private static func isWordStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        isWordStart(c) || (c >= 0x30 && c <= 0x39)
    }

    /// The first argument after the `(` at `open`: its literal value when it
    /// is one quoted string (AMPscript takes '…' and "…"), else its text.
    static func firstArgument(_ b: [UInt8], _ open: Int) -> (String?, String?, Int) {
        var i = open + 1
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
            let quote = b[i]
            var j = i + 1
            var value: [UInt8] = []
            while j < b.count, b[j] != quote, b[j] != 0x0A {
                // AMPscript has no backslash escapes (Content Builder paths use `\`); SSJS may escape the quote.
                if b[j] == UInt8(ascii: "\\"), j + 1 < b.count, b[j + 1] == quote { value.append(quote); j += 2; continue }
                value.append(b[j])
                j += 1
            }
            var k = j + 1
            while k < b.count, b[k] == 0x20 || b[k] == 0x09 { k += 1 }
            // Only a whole literal resolves: "Orders_" + env is built at run time.
            if j < b.count, b[j] == quote, k < b.count, b[k] == UInt8(ascii: ",") || b[k] == UInt8(ascii: ")") {
                return (String(decoding: value, as: UTF8.self), nil, k)
            }
        }
        // A number (`ContentBlockById(1234)`) is a literal too.
        var k = i
        while k < b.count, b[k] >= UInt8(ascii: "0"), b[k] <= UInt8(ascii: "9") { k += 1 }
        if k > i {
            var end = k
            while end < b.count, b[end] == 0x20 || b[end] == 0x09 { end += 1 }
            if end < b.count, b[end] == UInt8(ascii: ",") || b[end] == UInt8(ascii: ")") {
                return (String(decoding: b[i..<k], as: UTF8.self), nil, end)
            }
        }
        // Up to the comma or parenthesis that ends the argument.
        var depth = 0
        var j = i
        var quote: UInt8? = nil
        while j < b.count, j - i < 200 {
            let c = b[j]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
            } else if c == UInt8(ascii: ","), depth == 0 {
                break
            } else if c == 0x0A {
                break
            }
            j += 1
        }
        var text = String(decoding: b[i..<j], as: UTF8.self).trimmingWhitespace()
        if text.count > 80 { text = String(text.prefix(77)) + "..." }
        return (nil, text.isEmpty ? "(empty)" : text, j)
    }

    /// `var de = DataExtension.Init(` → `de`.
    private static func assignedVariable(_ b: [UInt8], _ wordStart: Int) -> String? {
        // Walk back over `DataExtension.` then spaces, `=`, spaces, the name.
        var i = wordStart - 1
        guard i >= 0, b[i] == UInt8(ascii: ".") else { return nil }
        i -= 1
        while i >= 0, isWordByte(b[i]) { i -= 1 }
        while i >= 0, b[i] == 0x20 || b[i] == 0x09 { i -= 1 }
        guard i >= 0, b[i] == UInt8(ascii: "=") else { return nil }
        i -= 1
        while i >= 0, b[i] == 0x20 || b[i] == 0x09 { i -= 1 }
        let end = i + 1
        while i >= 0, isWordByte(b[i]) { i -= 1 }
        guard end > i + 1 else { return nil }
        return String(decoding: b[(i + 1)..<end], as: UTF8.self).lowercased()
    }

    /// `v.Rows.Add(` with the method at `methodStart` → `v`.
    private static func variableBeforeRows(_ b: [UInt8], _ methodStart: Int) -> String? {
        var i = methodStart - 1  // the '.' before the method
        guard i >= 0, b[i] == UInt8(ascii: ".") else { return nil }
        i -= 1
        while i >= 0, isWordByte(b[i]) { i -= 1 }  // Rows
        guard i >= 0, b[i] == UInt8(ascii: ".") else { return nil }
        let end = i
        i -= 1
        while i >= 0, isWordByte(b[i]) { i -= 1 }
        guard end > i + 1 else { return nil }
        return String(decoding: b[(i + 1)..<end], as: UTF8.self).lowercased()
    }

    /// `Init("K").Rows.Add(`: the method after `.Rows.`, lower-cased.
    private static func chainedRowsMethod(_ b: [UInt8], _ open: Int) -> String? {
        var depth = 0
        var i = open
        while i < b.count {
            if b[i] == UInt8(ascii: "(") { depth += 1 }
            if b[i] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
            i += 1
        }
        let rest = b[min(i + 1, b.count)...].prefix(40)
        let text = String(decoding: rest, as: UTF8.self).lowercased()
        guard text.hasPrefix(".rows.") else { return nil }
        let method = text.dropFirst(6).prefix { $0.isLetter }
        return String(method)
    }
}
