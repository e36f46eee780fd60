/// Tests/CLITests/Fixtures/broken-data: a small slice of the sample with
/// planted input errors, and EXPECTED.txt listing `FILE:LINE: severity` for
/// each, so that a test can check that `credgraph check` reports every one
/// with its file and line. Line numbers are counted while writing, never by hand.

/// A text file built record by record, remembering the planted problems.
private struct PlantedFile {
    let name: String
    var text = ""
    var nextLine = 1
    var expected: [(line: Int, severity: String, why: String)] = []

    init(_ name: String) { self.name = name }

    /// Appends a record (which may span lines); returns the line it starts on.
    @discardableResult
    mutating func add(_ record: String, planted severity: String? = nil, _ why: String = "") -> Int {
        let line = nextLine
        text += record
        nextLine += record.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        if let severity { expected.append((line, severity, why)) }
        return line
    }
}

func writeBroken(out: String) throws {
    let estate = sampleEstate()
    func credential(_ key: String) -> CredentialPlan { estate.credentials.first { $0.key == key }! }
    let mulesoft = credential("mulesoft-commerce-prod")
    let boomi = credential("boomi-store-prod")
    let workato = credential("workato-loyalty-prod")
    let preference = credential("preference-centre")
    let snowflake = credential("snowflake-audience-prod")
    let bigquery = credential("bigquery-engagement-prod")
    let locator = credential("cloudpages-store-locator")

    var inventory = PlantedFile("inventory.csv")
    inventory.add(csvLine(inventoryHeader))
    inventory.add(csvLine(mulesoft.inventoryCells(mulesoft.rows[0])))
    var master = mulesoft.rows[1]
    master.notes = "Syncs golden records nightly.\nOwner confirmed in the August review."
    inventory.add(csvLine(mulesoft.inventoryCells(master)))  // a record over two lines: later lines shift
    inventory.add(csvLine(boomi.inventoryCells(boomi.rows[0])))
    inventory.add("\n")  // blank lines are skipped, and still counted
    inventory.add(csvLine(Array(workato.inventoryCells(workato.rows[0]).dropLast())), planted: "error",
                  "wrong number of cells (18 of 19)")
    var redemptions = workato.rows[1]
    redemptions.secretExpiresOn = "2026-02-30"
    inventory.add(csvLine(workato.inventoryCells(redemptions)), planted: "error", "bad date 2026-02-30")
    var prefs = preference.rows[2]
    prefs.criticality = "urgent"
    inventory.add(csvLine(preference.inventoryCells(prefs)), planted: "error", "unknown criticality")
    var badType = snowflake
    badType.packageType = "server-2-server"
    inventory.add(csvLine(badType.inventoryCells(snowflake.rows[0])), planted: "error", "unknown package_type")
    inventory.add(csvLine(mulesoft.inventoryCells(mulesoft.rows[0])), planted: "error", "duplicate integration and environment")
    var borrowed = bigquery.inventoryCells(bigquery.rows[0])
    borrowed[3] = mulesoft.clientID
    // Same dates as the MuleSoft rows, so the only problem of this row is the second package.
    borrowed[9] = mulesoft.rows[0].secretExpiresOn
    borrowed[10] = mulesoft.rows[0].secretGeneratedOn
    borrowed[11] = mulesoft.rows[0].secretRotatedOn
    inventory.add(csvLine(borrowed), planted: "error", "client id under a second installed package")
    var open = locator.inventoryCells(locator.rows[0])
    open[open.count - 1] = "\"Agency build, see ticket WEB-88"
    inventory.add(open.dropLast().map(csvField).joined(separator: ",") + "," + open[open.count - 1] + "\nand nothing closes this quote\n",
                  planted: "error", "unterminated quote running to the end of the file")

    var dependencies = PlantedFile("dependencies.csv")
    dependencies.add(csvLine(dependencyHeader))
    dependencies.add(csvLine(["Customer_Master", "", "Build Subscriber 360", "query", "", "", "CRM Platform Team", "high"]))
    dependencies.add(csvLine(["Build Subscriber 360", "", "Master_Subscriber_360", "data-extension", "", "", "CRM Platform Team", "critical"]))
    dependencies.add(csvLine(["Loyalty_Ledger_Archive", "", "Loyalty Points Balance Block", "content-block", "reads", "", "Loyalty Product Team", ""]),
                     planted: "error", "`from` matches no node")
    dependencies.add(csvLine(["Master_Subscriber_360", "", "Audience Webhook", "webhook", "", "", "CRM Platform Team", ""]),
                     planted: "error", "unknown to_kind")
    dependencies.add(csvLine(["Orders_Transactional", "", "Order Confirmation Email", "email", "reads", "prod", "Lifecycle Marketing", "critical"]))

    var config = PlantedFile("credgraph.yml")
    config.add("# A settings file with one value of the wrong type and one unknown key.\n")
    config.add("as_of: 2026-09-02T12:00:00Z\n")
    config.add("deadline: 2026-09-30\n")
    config.add("window_days: seven\n", planted: "error", "wrong type")
    config.add("secret_ttl_days: 180\n")
    config.add("probe_interval_minutes: 5\n", planted: "warning", "unknown key")
    config.add("\nthresholds:\n  expiry_critical_days: 7\n  expiry_high_days: 30\n  expiry_medium_days: 60\n")
    config.add("  probe_stale_minutes: 30\n  latency_p95_ms: 2000\n\nreports:\n  mask_client_ids: true\n")

    // Probes: valid lines for the valid rows' client ids, and malformed lines in both forms
    // (two per file, fewer than any sensible "first few" limit, so each is reported in full).
    let asOf = estate.asOf
    var stamps = TimestampFormatter()
    func line(_ minutesBefore: Int, _ consumer: String, _ clientID: String, _ status: Int, _ form: LineForm) -> String {
        var bytes: [UInt8] = []
        let event = ProbeEvent(millis: asOf - Int64(minutesBefore) * 60_000, consumer: consumer, env: "prod", clientID: clientID,
                               endpoint: "token", status: status, latencyMs: 180, error: status == 401 ? "invalid_client" : nil,
                               version: nil, form: form, offsetMinutes: 0, fractional: false)
        appendProbeLine(event, to: &bytes, timestamps: &stamps)
        return String(decoding: bytes, as: UTF8.self)
    }
    var json = PlantedFile("probes/prod.jsonl")
    json.add(line(20, "MuleSoft Order Events", mulesoft.clientID, 200, .json))
    json.add(line(15, "MuleSoft Order Events", mulesoft.clientID, 200, .json))
    json.add("{\"ts\":\"2026-09-02T11:50:00Z\",\"env\":\"prod\",\"client_id\":\"\(mulesoft.clientID)\",\"status\":20\n",
             planted: "warning", "truncated JSON object")
    json.add(line(10, "MuleSoft Customer Master Sync", mulesoft.clientID, 200, .json))
    json.add("{\"ts\":\"yesterday\",\"env\":\"prod\",\"client_id\":\"\(mulesoft.clientID)\",\"status\":200}\n",
             planted: "warning", "timestamp that is not RFC 3339")
    json.add(line(5, "MuleSoft Customer Master Sync", mulesoft.clientID, 200, .json))

    var logfmt = PlantedFile("probes/prod.log")
    logfmt.add(line(25, "Boomi POS Receipt Feed", boomi.clientID, 200, .logfmt))
    logfmt.add("ts=2026-09-02T11:40:00Z env=prod client_id=\(boomi.clientID) endpoint=token status=abc latency_ms=120\n",
               planted: "warning", "status that is not a number")
    logfmt.add(line(15, "Boomi POS Receipt Feed", boomi.clientID, 200, .logfmt))
    logfmt.add("env=prod client_id=\(boomi.clientID) consumer=\"Boomi POS Receipt Feed\" endpoint=token status=200\n",
               planted: "warning", "no timestamp")
    logfmt.add(line(5, "Boomi POS Receipt Feed", boomi.clientID, 200, .logfmt))

    let files = [inventory, dependencies, config, json, logfmt]
    try removeIfPresent(out + "/probes")
    var expected = ""
    for file in files {
        try writeTextFile(out + "/" + file.name, file.text)
        for planted in file.expected { expected += "\(file.name):\(planted.line): \(planted.severity)\n" }
    }
    try writeTextFile(out + "/EXPECTED.txt", expected)
    let count = files.reduce(0) { $0 + $1.expected.count }
    var readme = "# broken-data\n\nGenerated by `swift run credgraph-sample broken --out Tests/CLITests/Fixtures/broken-data`.\n"
    readme += "A small slice of the sample with \(count) planted input problems; `EXPECTED.txt` lists each as `FILE:LINE: severity`.\n"
    readme += "`credgraph check --data broken-data` must report every one of them (with `--strict`, the probe warnings become errors).\n\n"
    readme += "| file:line | severity | planted problem |\n|---|---|---|\n"
    for file in files {
        for planted in file.expected { readme += "| `\(file.name):\(planted.line)` | \(planted.severity) | \(planted.why) |\n" }
    }
    try writeTextFile(out + "/README.md", readme)
}
