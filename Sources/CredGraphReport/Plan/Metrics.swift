import CredGraphCore
import CredGraphIngest
import CredGraphGraph
import CredGraphRisk
import CredGraphRender
/// `credgraph metrics`: the run's facts as OpenMetrics text, the format the
/// node_exporter textfile collector and Prometheus read (a Prometheus text
/// 0.0.4 reader takes it too: every family is a gauge, and `# UNIT` and
/// `# EOF` are comments to it). Dates are Unix seconds at midnight UTC of
/// the day; client ids follow `reports.mask_client_ids`.
public enum OpenMetrics {
    /// A label value as the exposition format requires: `\`, `"` and line feed escaped.
    public static func escapeLabel(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A sample value: integers without a fraction, others in Swift's shortest round-trip form.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    struct Family {
        var name: String
        var help: String
        var unit: String?
        var samples: [(labels: [(String, String)], value: Double)] = []

        func text() -> String {
            var out = "# TYPE \(name) gauge\n"
            if let unit { out += "# UNIT \(name) \(unit)\n" }
            out += "# HELP \(name) \(help)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(escapeLabel($0.1))\"" }.joined(separator: ",")
                out += name + (labels.isEmpty ? "" : "{\(labels)}") + " " + number(sample.value) + "\n"
            }
            return out
        }
    }
}

/// The metrics text of one run.
public func metricsText(_ analysis: Analysis, maskClientIDs: Bool) -> String {
    typealias Family = OpenMetrics.Family
    let risk = analysis.risk
    let plan = risk.plan
    let inventory = analysis.inventory
    // Masked ids must stay unique per package, or two series would collide.
    var shown: [String: String] = [:]
    var taken: [String: Int] = [:]
    for c in inventory.credentials { taken["\(maskClientID(c.clientID))|\(c.installedPackage)", default: 0] += 1 }
    for c in inventory.credentials {
        guard maskClientIDs else { shown[c.clientID] = c.clientID; continue }
        let short = maskClientID(c.clientID)
        shown[c.clientID] = taken["\(short)|\(c.installedPackage)"]! > 1 ? "…" + String(c.clientID.suffix(12)) : short
    }
    let byClient = Dictionary(risk.credentials.map { ($0.clientID, $0) }, uniquingKeysWith: { a, _ in a })
    func seconds(_ day: Day) -> Double { Double(day.startMillis / 1000) }

    var asOf = Family(name: "credgraph_as_of_timestamp_seconds", help: "The point in time the facts describe (as-of).", unit: "seconds")
    asOf.samples.append(([], Double(analysis.clock.asOf / 1000)))
    var expiry = Family(name: "credgraph_secret_expiry_timestamp_seconds", help: "When the client secret expires: midnight UTC of its expiry date.", unit: "seconds")
    var due = Family(name: "credgraph_secret_due_timestamp_seconds", help: "The date the secret must be rotated by (due_by): midnight UTC.", unit: "seconds")
    var left = Family(name: "credgraph_secret_remaining_days", help: "Calendar days from the as-of date to the expiry date; 0 on the day, negative once expired.", unit: "days")
    var severity = Family(name: "credgraph_credential_worst_severity", help: "Worst severity of the credential's open findings: 0 info or none, 1 low, 2 medium, 3 high, 4 critical.")
    var findings = Family(name: "credgraph_credential_findings", help: "Open findings of the credential, by rule and severity.")
    var estate = Family(name: "credgraph_estate_findings", help: "Open findings that belong to no inventoried credential, by rule and severity.")
    var planned = Family(name: "credgraph_rotation_planned_start_timestamp_seconds", help: "Start of the rotation slot the plan proposes (the earliest possible one when none is in time).", unit: "seconds")
    var inTime = Family(name: "credgraph_rotation_slot_in_time", help: "1 when the plan found a release-window slot before the rotation is due, 0 when not (finding no-rotation-slot).")
    var lastProbe = Family(name: "credgraph_consumer_last_probe_timestamp_seconds", help: "The consumer's newest probe in the window.", unit: "seconds")
    var lastSuccess = Family(name: "credgraph_consumer_last_success_timestamp_seconds", help: "The consumer's newest successful probe in the window.", unit: "seconds")
    var ratio = Family(name: "credgraph_consumer_probe_success_ratio", help: "Share of the consumer's probes in the window that succeeded.", unit: "ratio")
    var probes = Family(name: "credgraph_consumer_window_probes", help: "Probes of the consumer in the window (window_days before as-of).")

    for credential in inventory.credentials {
        let base = [("client_id", shown[credential.clientID]!), ("installed_package", credential.installedPackage)]
        if let e = credential.expiresOn {
            expiry.samples.append((base, seconds(e)))
            left.samples.append((base, Double(e - analysis.clock.asOfDay)))
        }
        let assessment = byClient[credential.clientID]
        if let d = assessment?.dueBy { due.samples.append((base, seconds(d))) }
        severity.samples.append((base, Double(assessment?.severity.level ?? 0)))
        var counts: [String: (Severity, Int)] = [:]
        for f in assessment?.findings ?? [] {
            let worst = max(counts[f.rule.rawValue]?.0 ?? f.severity, f.severity)
            counts[f.rule.rawValue] = (worst, (counts[f.rule.rawValue]?.1 ?? 0) + 1)
        }
        for rule in counts.keys.sorted() {
            findings.samples.append((base + [("rule", rule), ("severity", counts[rule]!.0.rawValue)], Double(counts[rule]!.1)))
        }
        if let r = plan.rotation(of: credential.clientID) {
            if let slot = r.slot { planned.samples.append((base, Double(slot.start / 1000))) }
            inTime.samples.append((base, r.slot != nil && r.problem == nil ? 1 : 0))
        }
        for index in credential.consumerIndices where inventory.consumers.indices.contains(index) {
            let consumer = inventory.consumers[index]
            let labels = base + [("integration", consumer.integration), ("environment", consumer.environment)]
            let stats = analysis.evidence.consumer(at: index).stats
            probes.samples.append((labels, Double(stats.probes)))
            if let last = stats.last { lastProbe.samples.append((labels, Double(last / 1000))) }
            if let last = stats.lastSuccess { lastSuccess.samples.append((labels, Double(last / 1000))) }
            if stats.probes > 0 { ratio.samples.append((labels, Double(stats.successes) / Double(stats.probes))) }
        }
    }
    var estateCounts: [String: (Severity, Int)] = [:]
    for f in risk.globalFindings {
        let worst = max(estateCounts[f.rule.rawValue]?.0 ?? f.severity, f.severity)
        estateCounts[f.rule.rawValue] = (worst, (estateCounts[f.rule.rawValue]?.1 ?? 0) + 1)
    }
    for rule in estateCounts.keys.sorted() {
        estate.samples.append(([("rule", rule), ("severity", estateCounts[rule]!.0.rawValue)], Double(estateCounts[rule]!.1)))
    }
    let families = [asOf, expiry, due, left, severity, findings, estate, planned, inTime, lastProbe, lastSuccess, ratio, probes]
    return families.map { $0.text() }.joined() + "# EOF\n"
}
