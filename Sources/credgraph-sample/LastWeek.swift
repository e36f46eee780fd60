import Foundation

/// The sample estate one week earlier, so the committed reports show every
/// kind of change (docs/sample-data.md): `report` runs it at its as-of
/// into reports/ first, which leaves the snapshot history/2026-08-26.json.
/// The same generator and seeds, the as-of a week back (probes end there,
/// so events planted after it, such as the partial rotation of 2026-08-31,
/// have not happened yet), and three deliberate differences:
/// - Mobile Messaging Gateway was not rotated yet: its secret expired
///   2026-09-04 (secret-expiring, high), and only v11 was seen; this week it
///   is rotated (expiry 2027-02-23, v12 seen): "secret rotated", "resolved";
/// - MuleSoft Customer Master Sync did not use MuleSoft Commerce Connector
///   yet: "consumer added" this week;
/// - no acknowledgements yet.
let lastWeekDays = 7

func lastWeekEstate(_ current: Estate) -> Estate {
    var estate = current
    estate.asOf = current.asOf - Int64(lastWeekDays) * 86_400_000
    for c in estate.credentials.indices {
        switch estate.credentials[c].key {
        case "mobile-messaging-prod":
            for r in estate.credentials[c].rows.indices {
                estate.credentials[c].rows[r].secretExpiresOn = "2026-09-04"
                estate.credentials[c].rows[r].secretGeneratedOn = "2026-03-08"
                estate.credentials[c].rows[r].secretRotatedOn = "2026-03-08"
            }
        case "mulesoft-commerce-prod":
            estate.credentials[c].rows.removeAll { $0.integration == "MuleSoft Customer Master Sync" }
        default:
            break
        }
    }
    return estate
}

/// Writes the last-week estate under `out` (not committed: the reports are
/// what it is for); the metadata retrieve is the current one's, by path.
func writeLastWeek(_ current: Estate, out: String, metadataFrom data: String) throws {
    let estate = lastWeekEstate(current)
    let asOf = sampleAsOfDate.adding(days: -lastWeekDays)
    try removeIfPresent(out + "/probes")
    let metadataRoot = URL(fileURLWithPath: data).standardizedFileURL.path
    var config = renderConfig(asOf: "\(asOf)T12:00:00Z", deadline: sampleDeadline.description, probes: exportProbeMapping, rotation: sampleRotation)
    config = config.replacingOccurrences(of: "- path: metadata/", with: "- path: \(metadataRoot)/metadata/")
    try writeTextFile(out + "/credgraph.yml", config)
    try writeTextFile(out + "/inventory.csv", renderInventory(estate).text)
    try writeTextFile(out + "/dependencies.csv", renderDependencies(estate.dependencies))
    let probeFiles = try writeProbes(estate, under: out + "/probes")
    FileHandle.standardError.write(Data(
        "credgraph-sample: wrote \(out): the sample as of \(asOf), \(probeFiles.reduce(0) { $0 + $1.1 }) probe lines\n".utf8))
}

/// The sample's acknowledgements (inputs.md): one in force, one expired
/// before as-of, one whose reference matches nothing.
let sampleAcknowledgements = """
acknowledgements:          # decisions to live with a finding for a while (inputs.md)
  - ref: package:BigQuery Engagement Export
    rule: latency-degraded
    reason: BigQuery slot reservation being renegotiated, ticket DATA-1187
    by: Priya Raman
    until: 2026-10-15
  - ref: package:Store Clienteling App
    rule: not-monitored
    reason: probe runner being moved to the new cluster
    by: Liam O'Connor
    until: 2026-08-31
  - ref: integration:Legacy Coupon FTP Export
    reason: retired in July, kept until the contract ends
    by: Dana Whitfield
    until: 2026-11-01

"""
