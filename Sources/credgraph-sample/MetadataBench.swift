import Foundation

/// `credgraph-sample metadata-bench`: a large mcdev retrieve for `make bench`
/// (`credgraph scan` over 20,000 files by default): the sample's inventory,
/// and business units of data extensions, queries with their SQL, emails and
/// blocks with AMPscript, scripts and automations, cross-referencing each
/// other the way a real estate does.
func writeMetadataBench(out: String, files: Int) throws {
    let estate = sampleEstate()
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    try writeTextFile(out + "/inventory.csv", renderInventory(estate).text)
    try writeTextFile(out + "/dependencies.csv", renderDependencies(estate.dependencies))
    let clientID = estate.credentials.first?.clientID ?? ""
    let units = 4
    let perUnit = max(10, files / units)
    var config = "as_of: \(sampleAsOfDate)T12:00:00Z\nmetadata:\n"
    var rng = SplitMix64(named: "metadata-bench", salt: UInt64(files))
    var written = 0
    for unit in 0..<units {
        let bu = "BU_\(unit)"
        config += "  - path: metadata/\(bu)\n    environment: \(unit == 0 ? "qa" : "prod")\n"
        let root = out + "/metadata/" + bu
        for folder in ["dataExtension", "query", "asset/message", "asset/block", "script", "automation"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        // Files per group of 10: 3 data extensions, a query (json + sql), an email and a block (json + html each), a filter.
        let groups = perUnit / 10
        for g in 0..<groups {
            let de = (0..<3).map { "de_\(unit)_\(g)_\($0)" }
            for key in de {
                try writeTextFile("\(root)/dataExtension/\(key).dataExtension-meta.json",
                                  "{\n    \"CustomerKey\": \"\(key)\",\n    \"Name\": \"\(key.uppercased())\",\n    \"Fields\": []\n}\n")
            }
            let other = "DE_\(unit)_\(rng.below(max(1, groups)))_\(rng.below(3))"
            try writeTextFile("\(root)/query/q_\(unit)_\(g).query-meta.json",
                              "{\n    \"key\": \"q_\(unit)_\(g)\",\n    \"name\": \"Query \(unit) \(g)\",\n    \"r__dataExtension_key\": \"\(de[2])\"\n}\n")
            try writeTextFile("\(root)/query/q_\(unit)_\(g).query-meta.sql", """
                WITH recent AS (SELECT SubscriberKey FROM _Open WHERE EventDate > DATEADD(day, -7, GETDATE()))
                SELECT a.SubscriberKey, b.Value
                FROM \(de[0].uppercased()) a
                -- LEFT JOIN Retired_\(g) r ON r.k = a.SubscriberKey
                INNER JOIN [\(de[1].uppercased())] b ON b.SubscriberKey = a.SubscriberKey
                LEFT JOIN ENT.Shared_Master m ON m.SubscriberKey = a.SubscriberKey
                JOIN \(other) o ON o.SubscriberKey = a.SubscriberKey
                WHERE a.SubscriberKey IN (SELECT SubscriberKey FROM recent)

                """)
            try writeTextFile("\(root)/asset/block/b_\(unit)_\(g).asset-block-meta.json",
                              "{\n    \"id\": \(unit * 1_000_000 + g),\n    \"customerKey\": \"b_\(unit)_\(g)\",\n    \"name\": \"Block \(unit) \(g)\",\n    \"assetType\": { \"name\": \"htmlblock\" }\n}\n")
            try writeTextFile("\(root)/asset/block/b_\(unit)_\(g).asset-block-meta.html",
                              "%%[ SET @v = Lookup(\"\(de[1].uppercased())\", \"Value\", \"SubscriberKey\", _subscriberkey) ]%%\n<p>%%=v(@v)=%%</p>\n")
            try writeTextFile("\(root)/asset/message/m_\(unit)_\(g).asset-message-meta.json",
                              "{\n    \"id\": \(unit * 1_000_000 + 500_000 + g),\n    \"customerKey\": \"m_\(unit)_\(g)\",\n    \"name\": \"Email \(unit) \(g)\",\n    \"assetType\": { \"name\": \"htmlemail\" }\n}\n")
            let code = g % 500 == 0
                ? "<script runat=server>\nvar id = \"\(clientID)\";\nHTTP.Post(\"https://x.auth.marketingcloudapis.com/v2/token\", ct, body);\n</script>\n"
                : ""
            try writeTextFile("\(root)/asset/message/m_\(unit)_\(g).asset-message-meta.html", """
                %%[
                SET @rows = LookupRows("\(de[2].uppercased())", "SubscriberKey", _subscriberkey)
                SET @dyn = LookupRows(@deName, "k", 1)
                UpsertDE("\(de[0].uppercased())", 1, "SubscriberKey", _subscriberkey, "Seen", Now())
                ]%%
                %%=ContentBlockByKey("b_\(unit)_\(g)")=%%
                \(code)
                """)
            try FileManager.default.createDirectory(atPath: root + "/filter", withIntermediateDirectories: true)
            try writeTextFile("\(root)/filter/f_\(unit)_\(g).filter-meta.json",
                              "{\n    \"customerKey\": \"f_\(unit)_\(g)\",\n    \"name\": \"Filter \(unit) \(g)\",\n    \"r__source_dataExtension_key\": \"\(de[2])\",\n    \"r__destination_dataExtension_key\": \"\(de[0])\"\n}\n")
            written += 10
        }
        // Automations chaining the queries, ten at a time.
        for a in 0..<(groups / 10) {
            let steps = (0..<10).map { "        { \"activities\": [ { \"name\": \"q\", \"r__key\": \"q_\(unit)_\(a * 10 + $0)\", \"r__type\": \"query\" } ] }" }
            try writeTextFile("\(root)/automation/auto_\(unit)_\(a).automation-meta.json", """
                {
                    "key": "auto_\(unit)_\(a)",
                    "name": "Automation \(unit) \(a)",
                    "schedule": { "icalRecur": "FREQ=DAILY;INTERVAL=1", "startDate": "2026-01-01T0\(a % 6):00:00", "timezoneName": "W. Europe Standard Time" },
                    "steps": [
                \(steps.joined(separator: ",\n"))
                    ]
                }

                """)
            written += 1
        }
    }
    try writeTextFile(out + "/credgraph.yml", config)
    FileHandle.standardError.write(Data("credgraph-sample: wrote \(out): \(written) metadata files in \(units) business units\n".utf8))
}
