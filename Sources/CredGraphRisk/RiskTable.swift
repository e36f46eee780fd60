import CredGraphCore

/// The `risk` table for people: one line per credential in rank order, then
/// the findings that belong to no credential.
extension RiskReport {
    /// `maskClientIDs` shows only the last 4 characters of client ids
    /// (reports.mask_client_ids); JSON always shows them in full.
    public func tableText(maskClientIDs: Bool = true) -> String {
        let header = ["RANK", "CREDENTIAL", "PACKAGE", "SEVERITY", "DAYS LEFT", "CONSUMERS", "REACH", "TOP FINDING"]
        let ranked = credentials.map { c -> [String] in
            let reach = "\(c.blastRadius.integrations) int, \(c.blastRadius.dataExtensions) DE, "
                + "\(c.blastRadius.assets) asset\(c.blastRadius.assets == 1 ? "" : "s"), \(c.blastRadius.sends) send\(c.blastRadius.sends == 1 ? "" : "s")"
            let top = c.topFinding.map { $0.rule.rawValue + (c.findings.count > 1 ? " (+\(c.findings.count - 1))" : "") } ?? "-"
            return [
                String(c.rank), maskClientIDs ? maskClientID(c.clientID) : c.clientID, c.installedPackage,
                c.severity.rawValue, c.daysLeft.map { String($0) } ?? "unknown", String(c.consumers.count), reach, top,
            ].map(tableCell)
        }
        // Uninventoried client ids get a row too: nobody owns them, so nobody else will list them.
        let unownedRows = unowned.map { u -> [String] in
            [
                "-", maskClientIDs ? maskClientID(u.clientID) : u.clientID, "(not in the inventory)", u.severity.rawValue, "unknown",
                String(u.consumerReferences.count), "unknown", UninventoriedClient.id.rawValue,
            ].map(tableCell)
        }
        let rows = ranked + unownedRows
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        var out = "Risk as of \(asOf): \(Wording.count(credentials.count, "credential"))"
        if let worst = worstSeverity { out += ", worst severity \(worst.rawValue)" }
        out += "\n\n" + line(header) + "\n" + rows.map(line).joined(separator: "\n") + (rows.isEmpty ? "" : "\n")
        if !globalFindings.isEmpty {
            out += "\nNot tied to an inventoried credential:\n"
            for f in globalFindings {
                var message = f.message
                if maskClientIDs, let id = f.clientID, !id.isEmpty {
                    message = message.replacingAll(id, with: maskClientID(id))
                }
                out += "  \(f.severity.rawValue)  \(f.rule): \(tableCell(message))\n"
            }
        }
        return out
    }
}

/// One line, whatever the input holds.
private func tableCell(_ text: String) -> String {
    String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
}

extension String {
    /// Every occurrence of `target` replaced, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
