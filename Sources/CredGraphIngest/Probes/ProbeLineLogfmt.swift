/// A probe line in logfmt: `key=value` pairs, values bare or quoted.
extension ProbeLineParser {
    mutating func parseLogfmt(_ p: UnsafeRawBufferPointer, from start: Int, into fields: inout Fields) throws(ProbeLineProblem) {
        let n = p.count
        var i = start
        while true {
            while i < n, p[i] == 32 || p[i] == 9 { i += 1 }
            if i >= n { return }
            let keyStart = i
            while i < n {
                i = Swar.firstLogfmtKeyEnd(p, from: i)
                guard i < n else { break }
                let c = p[i]
                if c == 32 || c == 9 || c == 61 { break }
                if c == 34 { throw ProbeLineProblem("unexpected '\"' in a logfmt key at column \(i + 1)") }
                i += 1
            }
            guard i > keyStart else { throw ProbeLineProblem("logfmt value without a key at column \(i + 1)") }
            let key = UnsafeRawBufferPointer(rebasing: p[keyStart..<i])
            guard i < n, p[i] == 61 else { continue } // a bare key (a flag) carries nothing credgraph keeps
            i += 1
            let valueStart: Int
            let valueEnd: Int
            let kind: ValueKind
            if i < n && p[i] == 34 {
                let (end, escaped) = try ProbeLineParser.scanString(p, from: i + 1)
                valueStart = i + 1
                valueEnd = end
                kind = escaped ? .escapedText : .text
                i = end + 1
                guard i >= n || p[i] == 32 || p[i] == 9 else {
                    throw ProbeLineProblem("expected a space after a quoted logfmt value at column \(i + 1)")
                }
            } else {
                valueStart = i
                while i < n {
                    i = Swar.firstBlank(p, from: i)
                    guard i < n, p[i] != 32 && p[i] != 9 else { break }
                    i += 1
                }
                valueEnd = i
                kind = .text
            }
            if let known = ProbeField.identify(key) {
                try assign(known.field, known.name, UnsafeRawBufferPointer(rebasing: p[valueStart..<valueEnd]), kind, &fields)
            }
        }
    }
}
