import Testing
@testable import CredGraphKit

/// `credgraph metrics` text: names, types, units, labels and escaping, on the committed sample.
@Suite struct MetricsTests {
    @Test func labelValuesAreEscaped() {
        #expect(OpenMetrics.escapeLabel(#"a\b"c"#) == #"a\\b\"c"#)
        #expect(OpenMetrics.escapeLabel("line\nbreak") == #"line\nbreak"#)
        #expect(OpenMetrics.escapeLabel("Crème – 🔑") == "Crème – 🔑")
    }

    @Test func familiesAreTypedWithUnitsAndEndWithEOF() throws {
        let analysis = try SampleExpectationTests.analysis()
        let text = metricsText(analysis, maskClientIDs: true)
        #expect(text.hasSuffix("\n# EOF\n"))
        let lines = text.split(separator: "\n").map(String.init)
        var declared: [String: (type: String, unit: String?)] = [:]
        for line in lines where line.hasPrefix("# TYPE ") {
            let parts = line.split(separator: " ")
            declared[String(parts[2])] = (String(parts[3]), nil)
        }
        for line in lines where line.hasPrefix("# UNIT ") {
            let parts = line.split(separator: " ")
            declared[String(parts[2])]?.unit = String(parts[3])
            #expect(parts[2].hasSuffix("_" + parts[3]), "a unit is the name's suffix: \(line)")
        }
        #expect(declared["credgraph_secret_expiry_timestamp_seconds"]?.unit == "seconds")
        #expect(declared["credgraph_secret_remaining_days"]?.unit == "days")
        #expect(declared["credgraph_consumer_probe_success_ratio"]?.unit == "ratio")
        #expect(declared.values.allSatisfy { $0.type == "gauge" })
        for name in ["credgraph_secret_due_timestamp_seconds", "credgraph_credential_worst_severity", "credgraph_credential_findings",
                     "credgraph_rotation_planned_start_timestamp_seconds", "credgraph_rotation_slot_in_time",
                     "credgraph_consumer_last_probe_timestamp_seconds", "credgraph_consumer_last_success_timestamp_seconds"] {
            #expect(declared[name] != nil, "\(name)")
        }
        // Every sample belongs to the family declared just above it, and each series is unique.
        var family = ""
        var seen = Set<String>()
        for line in lines where !line.hasPrefix("#") {
            let series = String(line[..<line.lastIndex(of: " ")!])
            let name = String(series.prefix { $0 != "{" })
            if name != family { family = name; #expect(declared[name] != nil, "\(line)") }
            #expect(seen.insert(series).inserted, "duplicate series \(series)")
        }
    }

    @Test func sampleValuesAndMasking() throws {
        let analysis = try SampleExpectationTests.analysis()
        let masked = metricsText(analysis, maskClientIDs: true)
        // Loyalty Points Export: expired on 2026-08-28, 5 days before as-of; critical; no slot in time.
        #expect(masked.contains(#"credgraph_secret_remaining_days{client_id="…4546",installed_package="Loyalty Points Export"} -5"#))
        #expect(masked.contains(#"credgraph_secret_expiry_timestamp_seconds{client_id="…4546",installed_package="Loyalty Points Export"} 1787875200"#))
        #expect(masked.contains(#"credgraph_credential_worst_severity{client_id="…4546",installed_package="Loyalty Points Export"} 4"#))
        #expect(masked.contains(#"credgraph_rotation_slot_in_time{client_id="…4546",installed_package="Loyalty Points Export"} 0"#))
        #expect(masked.contains(#"credgraph_credential_findings{client_id="…4546",installed_package="Loyalty Points Export",rule="no-rotation-slot",severity="high"} 1"#))
        #expect(masked.contains(#"credgraph_estate_findings{rule="uninventoried-client",severity="high"} 1"#))
        for credential in analysis.inventory.credentials { #expect(!masked.contains(credential.clientID)) }
        let full = metricsText(analysis, maskClientIDs: false)
        #expect(full.contains(#"client_id="9xggbv5b1zdeyayfu4534546""#))
        #expect(metricsText(analysis, maskClientIDs: true) == masked, "same inputs, same bytes")
    }
}
