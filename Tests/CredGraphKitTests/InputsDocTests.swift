import Foundation
import Testing
@testable import CredGraphCore
import CredGraphKit

/// docs/inputs.md documents every input the loaders accept: each CSV column
/// and alias, each probe field and alias, each `probes:` setting and value.
@Suite struct InputsDocTests {
    static let doc: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/inputs.md"), encoding: .utf8)) ?? ""
    }()

    @Test func everyCSVColumnAndAliasIsDocumented() {
        #expect(!Self.doc.isEmpty)
        for column in InventoryLoader.columns + DependencyLoader.columns {
            for name in [column.name] + column.aliases {
                #expect(Self.doc.contains("`\(name)`"), "docs/inputs.md does not name column `\(name)`")
            }
        }
    }

    @Test func everyProbeFieldAliasAndSettingIsDocumented() {
        for name in ProbeSettings.fieldNames + ["time", "timestamp", "@timestamp", "http_status", "environment", "integration", "duration_ms"] {
            #expect(Self.doc.contains("`\(name)`"), "docs/inputs.md does not name probe field `\(name)`")
        }
        for value in ProbeSettings.Format.allCases.map(\.rawValue) + ProbeSettings.TimeFormat.allCases.map(\.rawValue) {
            #expect(Self.doc.contains(value), "docs/inputs.md does not name `\(value)`")
        }
        for key in ["probes.format", "probes.fields", "probes.time_format", "probes.timezone", "probes.max_malformed_share",
                    "environments", "window_days", "secret_ttl_days", "thresholds.latency_p95_ms", "reports.mask_client_ids"] {
            #expect(Self.doc.contains(key), "docs/inputs.md does not document `\(key)`")
        }
        for kind in NodeKind.downstreamKinds.map(\.rawValue) + ["de"] {
            #expect(Self.doc.contains("`\(kind)`"), "docs/inputs.md does not name kind `\(kind)`")
        }
    }
}
