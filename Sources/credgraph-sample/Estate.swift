import Foundation

/// Estates of many installed packages, for the report benchmark (issue 16):
/// the shape of the sample (packages with 1-3 environments, 1-3 consumers
/// each, a few data extensions, assets and sends downstream of each), at
/// hundreds or thousands of packages. About 4 inventory rows and 16
/// dependency rows a package, owners in proportion to the estate, a day of
/// probes every 20 minutes, and a spread of what goes wrong (expired and
/// expiring secrets, failing and stale probes, rotations under way, shared
/// secrets, missing owners), so every report has pages worth rendering.
/// `--seed` gives an estate of the same shape that no test has seen.

struct EstateOptions {
    var out: String
    var packages: Int
    var seed: UInt64
}

private let estateVendors = ["MuleSoft", "Boomi", "Workato", "Snowflake", "BigQuery", "Python ETL", "Preference Centre",
                             "CloudPages", "Mobile Gateway", "Care Console", "Informatica", "Fivetran", "Azure Functions",
                             "Segment", "Tealium", "Census", "Hightouch", "Airflow", "dbt Cloud", "Zapier"]
private let estateSubjects = ["Orders", "Customers", "Loyalty", "Catalog", "Returns", "Stores", "Audiences", "Web Events",
                              "Reviews", "Consent", "Shipments", "Payments", "Wishlists", "Gift Cards", "Surveys",
                              "Leads", "Subscriptions", "Bookings", "Claims", "Donations"]
private let estateRoles = ["Sync", "Export", "Import", "Trigger", "Webhook", "Batch"]
private let firstNames = ["Dana", "Marcus", "Priya", "Tomas", "Hannah", "Kenji", "Aisha", "Liam", "Grace", "Sofia",
                          "Noah", "Mei", "Omar", "Elena", "Jonas", "Amara", "Lucas", "Ines", "Rafael", "Yuki",
                          "Fatima", "Oskar", "Chloe", "Mateo", "Leila", "Arjun", "Nora", "Felix", "Zara", "Hugo"]
private let lastNames = ["Whitfield", "Oyelaran", "Raman", "Herrera", "Lindqvist", "Watanabe", "Bello", "OConnor",
                         "Mbeki", "Marchetti", "Fischer", "Chen", "Haddad", "Petrova", "Berg", "Okafor", "Silva",
                         "Moreau", "Novak", "Tanaka", "Kowalski", "Jensen", "Rossi", "Dubois", "Nakamura", "Schmidt",
                         "Larsen", "Costa", "Ivanova", "Brennan"]
private let teamAreas = ["CRM Platform", "Integration Platform", "Data Engineering", "Lifecycle Marketing", "Loyalty Product",
                         "E-commerce Web", "Store Operations IT", "Marketing Operations", "Customer Care Tools", "Mobile Engineering"]
private let estateAssetKinds = ["email", "email", "content-block", "cloudpage", "ssjs", "ampscript"]
private let estateSendKinds = ["journey", "triggered-send", "sms", "push"]

/// One consumer (inventory row) of the estate, with how its probes behave.
private struct EstateConsumer {
    var cells: [String]
    var env: String
    var clientID: String
    var integration: String
    var monitored: Bool
    var offsetMs: Int64
    var medianLatency: Double
    var errorShare: Double
    var authFailFrom: Int64
    var stopAt: Int64
    /// Secret versions from an instant on; empty: not logged.
    var versions: [(from: Int64, version: String)]
}

func writeEstate(_ o: EstateOptions) throws {
    let started = DispatchTime.now().uptimeNanoseconds
    let asOfDay = sampleAsOfDate
    let asOf = epochSeconds(asOfDay, 12) * 1000
    var rng = SplitMix64(named: "estate", salt: o.seed &* 0x1_0000_0001 ^ UInt64(o.packages))

    // Owners grow with the estate: a consultancy with 1,500 packages has hundreds of people on them.
    let peopleCount = max(8, o.packages / 3)
    let teamCount = max(3, o.packages / 25)
    func person(_ i: Int) -> String {
        let first = firstNames[i % firstNames.count]
        let last = lastNames[(i / firstNames.count + i * 7) % lastNames.count]
        let suffix = i < firstNames.count * lastNames.count ? "" : " \(i / (firstNames.count * lastNames.count) + 1)"
        let name = "\(first) \(last)\(suffix)"
        let email = name.lowercased().replacingOccurrences(of: " ", with: ".")
        return "\(name) <\(email)@example.com>"
    }
    func team(_ i: Int) -> String {
        "\(teamAreas[i % teamAreas.count]) Team" + (i < teamAreas.count ? "" : " \(i / teamAreas.count + 1)")
    }

    var consumers: [EstateConsumer] = []
    var dependencies = csvLine(dependencyHeader)
    var dependencyRows = 0
    func dependency(_ from: String, _ to: String, _ kind: String, owner: String = "", criticality: String = "") {
        dependencies += csvLine([from, "", to, kind, "", "", owner, criticality])
        dependencyRows += 1
    }
    // Business units of about 40 packages each share a subscriber master data extension.
    var sharedFeeds: [Int: [String]] = [:]

    for p in 0..<o.packages {
        let number = pad(p + 1, 4)
        let vendor = estateVendors[p % estateVendors.count]
        let subject = estateSubjects[(p / estateVendors.count + p) % estateSubjects.count]
        let package = "\(vendor) \(subject) P\(number)"
        let packageType = rng.pick(["server-to-server", "server-to-server", "server-to-server", "web-app", "public-app"])
        let technical = rng.chance(0.94) ? (rng.chance(0.7) ? person(rng.below(peopleCount)) : team(rng.below(teamCount))) : ""
        let business = rng.chance(0.92) ? (rng.chance(0.5) ? person(rng.below(peopleCount)) : team(rng.below(teamCount))) : ""
        let kind = rng.pick(["middleware", "etl", "warehouse-sync", "preference-center", "triggered-messaging", "landing-page", "internal-tool", "other"])
        let envCount = rng.chance(0.3) ? 1 : (rng.chance(0.5) ? 2 : 3)
        let envs = Array(["prod", rng.pick(["qa", "uat"]), rng.pick(["dev", "staging"])].prefix(envCount))
        // One secret for every environment is the pattern outputs.md warns about; most packages have one per environment.
        let sharedAcrossEnvs = envCount > 1 && rng.chance(0.15)
        let integrationCount = rng.between(1, 3)
        let integrations = (0..<integrationCount).map { "\(vendor) \(subject) \(estateRoles[($0 + p) % estateRoles.count]) P\(number)" }

        // Expiry and rotation state, per credential.
        struct Secret { var clientID: String; var expires = ""; var generated = ""; var rotated = ""; var rotating = false }
        var secrets: [Secret] = []
        for (e, env) in envs.enumerated() where e == 0 || !sharedAcrossEnvs {
            var secret = Secret(clientID: makeClientID(for: "estate-\(o.seed)-\(p)-\(env)"))
            let roll = rng.unit()
            if roll < 0.04 {
                // unknown expiry
            } else if roll < 0.25 {
                secret.generated = asOfDay.adding(days: -rng.between(0, 200)).description
            } else {
                secret.expires = asOfDay.adding(days: rng.between(-12, 400)).description
            }
            if rng.chance(0.15) {
                secret.rotated = asOfDay.adding(days: -rng.between(0, 20)).description
                secret.rotating = rng.chance(0.5)
            }
            secrets.append(secret)
        }

        // Data extensions each integration writes, and what sits downstream of them.
        var writes: [[String]] = []
        for i in integrations.indices {
            let raw = (0..<rng.between(1, 2)).map { "DE_P\(number)_\(subject.replacingOccurrences(of: " ", with: ""))_\(i + 1)_\($0 + 1)" }
            writes.append(raw)
            for (r, de) in raw.enumerated() {
                let query = "Q_P\(number)_\(i + 1)_\(r + 1)"
                let derived = "DE_P\(number)_Derived_\(i + 1)_\(r + 1)"
                dependency(de, query, "query")
                dependency(query, derived, "data-extension", owner: business)
                for a in 0..<rng.between(1, 3) {
                    let assetKind = rng.pick(estateAssetKinds)
                    let asset = "\(assetKind.uppercased())_P\(number)_\(i + 1)_\(r + 1)_\(a + 1)"
                    dependency(derived, asset, assetKind, owner: business, criticality: rng.pick(["", "low", "medium", "high", "critical"]))
                    if rng.chance(0.6) {
                        let sendKind = rng.pick(estateSendKinds)
                        dependency(asset, "\(sendKind.uppercased())_P\(number)_\(i + 1)_\(r + 1)_\(a + 1)", sendKind, owner: business)
                    }
                }
                if rng.chance(0.5) {
                    let assetKind = rng.pick(estateAssetKinds)
                    dependency(de, "\(assetKind.uppercased())_P\(number)_\(i + 1)_\(r + 1)_raw", assetKind)
                }
                if r == 0, rng.chance(0.12) { sharedFeeds[p / 40, default: []].append(derived) }
            }
        }

        for (e, env) in envs.enumerated() {
            let secret = secrets[sharedAcrossEnvs ? 0 : e]
            for (i, integration) in integrations.enumerated() {
                // Not every integration runs in every environment.
                if e > 0, i > 0, rng.chance(0.3) { continue }
                let location: String = {
                    let r = rng.unit()
                    let slug = "p\(number)-\(i + 1)"
                    if r < 0.55 { return "vault:kv/marketing-cloud/\(env)/\(slug)" }
                    if r < 0.72 { return "ssm:/mc/\(env)/\(slug)/client-secret" }
                    if r < 0.82 { return "env:MC_CLIENT_SECRET_P\(number)_\(i + 1)" }
                    if r < 0.88 { return "file:/etc/integrations/\(slug)/mc.json" }
                    return rng.pick(["hardcoded", "automation-studio", "unknown", "", "vendor"])
                }()
                let rehearsed = env == "prod" && rng.chance(0.4) ? asOfDay.adding(days: -rng.between(1, 40)).description : ""
                let tested = rng.chance(0.35) ? asOfDay.adding(days: -rng.between(1, 40)).description : ""
                let cells = [
                    integration, rng.chance(0.05) && env == "prod" ? "production" : env, package, secret.clientID, packageType, kind,
                    business, technical, location, secret.expires, secret.generated, secret.rotated,
                    rng.pick(["low", "medium", "medium", "high", "critical"]),
                    rng.chance(0.9) ? "exponential backoff, 5 attempts" : "none",
                    rng.chance(0.9) ? rng.pick(["pager:integration-platform", "email:ops@example.com", "slack:#mc-alerts"]) : "none",
                    rehearsed, tested, writes[i].joined(separator: ";"),
                    rng.chance(0.1) ? "ticket INT-\(rng.between(1000, 9999)); owner confirmed" : "",
                ]
                let profile = rng.unit()
                var versions: [(from: Int64, version: String)] = []
                if secret.rotating || rng.chance(0.2) {
                    versions.append((from: 0, version: "v\(rng.between(3, 9))"))
                    if secret.rotating, rng.chance(0.7) {
                        let current = Int(versions[0].version.dropFirst())!
                        versions.append((from: asOf - Int64(rng.between(1, 20)) * 3_600_000, version: "v\(current + 1)"))
                    }
                }
                consumers.append(EstateConsumer(
                    cells: cells, env: env, clientID: secret.clientID, integration: integration,
                    monitored: profile > 0.06,
                    offsetMs: Int64(1000 + rng.below(estateProbeIntervalMs - 2000)),
                    medianLatency: Double(rng.between(120, 420)) * (profile > 0.06 && profile < 0.09 ? 6 : 1),
                    errorShare: profile > 0.96 ? 0.09 : 0.003,
                    authFailFrom: profile > 0.92 && profile <= 0.94 ? asOf - Int64(rng.between(1, 20)) * 3_600_000 : Int64.max,
                    stopAt: profile > 0.90 && profile <= 0.92 ? asOf - Int64(rng.between(1, 12)) * 3_600_000 : Int64.max,
                    versions: versions))
            }
        }
    }
    for unit in sharedFeeds.keys.sorted() {
        let master = "DE_BU\(pad(unit + 1, 3))_Subscriber_Master"
        for derived in sharedFeeds[unit]! {
            dependencies += csvLine([derived, "", master, "data-extension", "feeds", "", "", "high"])
            dependencyRows += 1
        }
        dependencies += csvLine([master, "", "EMAIL_BU\(pad(unit + 1, 3))_Newsletter", "email", "", "", "", "high"])
        dependencies += csvLine(["EMAIL_BU\(pad(unit + 1, 3))_Newsletter", "", "JOURNEY_BU\(pad(unit + 1, 3))_Weekly", "journey", "", "", "", "high"])
        dependencyRows += 2
    }

    var inventory = csvLine(inventoryHeader)
    for consumer in consumers { inventory += csvLine(consumer.cells) }
    try writeTextFile(o.out + "/credgraph.yml", renderConfig(asOf: "\(asOfDay)T12:00:00Z", deadline: sampleDeadline.description, metadata: false))
    try writeTextFile(o.out + "/inventory.csv", inventory)
    try writeTextFile(o.out + "/dependencies.csv", dependencies)

    // Probes: the last day, one a consumer every 20 minutes, in time order.
    try removeIfPresent(o.out + "/probes")
    let writer = try openWriter(o.out + "/probes/probes.jsonl")
    var timestamps = TimestampFormatter()
    var lines = 0
    var tick = asOf - 86_400_000
    while tick < asOf {
        for consumer in consumers where consumer.monitored {
            let millis = tick + consumer.offsetMs
            if millis >= asOf || millis > consumer.stopAt { continue }
            var status = 200
            var latency = min(1_900, rng.skewed(median: consumer.medianLatency, spread: 0.8))
            var error: String?
            if millis >= consumer.authFailFrom {
                status = 401
                error = "invalid_client"
                latency = 90
            } else if rng.chance(consumer.errorShare) {
                let kind = rng.below(3)
                status = kind == 0 ? 503 : (kind == 1 ? 429 : 0)
                error = kind == 1 ? "50100" : (kind == 2 ? "timeout" : nil)
                latency = kind == 2 ? 10_000 : 150
            } else if consumer.medianLatency > 700 {
                latency = Double(2_100 + rng.below(2_700))
            }
            var version: String?
            for step in consumer.versions where step.from <= millis { version = step.version }
            writer.buffer.appendString("{\"ts\":\"")
            timestamps.append(millis, to: &writer.buffer)
            writer.buffer.appendString("\",\"env\":")
            appendJSONString(consumer.env, &writer.buffer)
            writer.buffer.appendString(",\"client_id\":")
            appendJSONString(consumer.clientID, &writer.buffer)
            writer.buffer.appendString(",\"consumer\":")
            appendJSONString(consumer.integration, &writer.buffer)
            writer.buffer.appendString(",\"endpoint\":\"token\",\"status\":")
            writer.buffer.appendInt(status)
            writer.buffer.appendString(",\"latency_ms\":")
            writer.buffer.appendInt(Int(latency))
            if let error {
                writer.buffer.appendString(",\"error\":")
                appendJSONString(error, &writer.buffer)
            }
            if let version {
                writer.buffer.appendString(",\"secret_version\":")
                appendJSONString(version, &writer.buffer)
            }
            writer.buffer.appendString("}\n")
            lines += 1
            try writer.flushIfFull()
        }
        tick += Int64(estateProbeIntervalMs)
    }
    try writer.close()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    FileHandle.standardError.write(Data(
        "credgraph-sample: wrote \(o.out): \(o.packages) packages, \(consumers.count) inventory rows, \(dependencyRows) dependency rows, \(lines) probe lines, \(Int(seconds)) s\n".utf8))
}

private let estateProbeIntervalMs = 1_200_000
