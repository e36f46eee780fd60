import Foundation

/// Benchmark estates: the sample's shape at a size that makes parsing,
/// graph building and rendering measurable (millions of probe lines).

enum BenchFormat: String {
    case jsonl, logfmt, gz
    /// A log platform's export (nested JSON lines, epoch ms, URL endpoints) read
    /// through the `probes:` mapping: the benchmark of the general (mapped) path.
    case export
}

struct BenchOptions {
    var out: String
    var credentials: Int
    var consumers: Int
    var days: Int
    var intervalSeconds: Int
    var format: BenchFormat
    /// 1 is the set `make bench` always used; any other seed gives a set of
    /// the same shape with other client ids and probe outcomes (held out).
    var seed: UInt64 = 1
}

private let vendors = ["MuleSoft", "Boomi", "Workato", "Snowflake", "BigQuery", "Python ETL", "Preference Centre",
                       "CloudPages", "Mobile Gateway", "Care Console", "Informatica", "Fivetran", "Azure Functions"]
private let subjects = ["Orders", "Customers", "Loyalty", "Catalog", "Returns", "Stores", "Audiences", "Web Events",
                        "Reviews", "Consent", "Shipments", "Payments", "Wishlists", "Gift Cards", "Surveys"]
private let kinds = ["middleware", "etl", "warehouse-sync", "preference-center", "triggered-messaging", "landing-page",
                     "internal-tool", "other"]
private let people = ["Dana Whitfield", "Marcus Oyelaran", "Priya Raman", "Tomás Herrera", "Hannah Lindqvist",
                      "Kenji Watanabe", "Aisha Bello", "Liam O'Connor", "Grace Mbeki", "Sofia Marchetti",
                      "Noah Fischer", "Mei Chen", "Omar Haddad", "Elena Petrova", "Jonas Berg"]
private let teams = ["CRM Platform Team", "Integration Platform Team", "Data Engineering", "Lifecycle Marketing",
                     "Loyalty Product Team", "E-commerce Web Team", "Store Operations IT", "Marketing Operations"]
private let assetKinds = ["email", "email", "content-block", "cloudpage", "ssjs", "ampscript"]
private let sendKinds = ["journey", "triggered-send", "sms", "push"]

private func owner(_ rng: inout SplitMix64) -> String {
    if rng.chance(0.4) { return rng.pick(teams) }
    let name = rng.pick(people)
    let email = name.lowercased().replacingOccurrences(of: " ", with: ".").replacingOccurrences(of: "'", with: "")
        .replacingOccurrences(of: "á", with: "a")
    return "\(name) <\(email)@example.com>"
}

/// One consumer's probe behaviour in the bench estate.
private struct BenchConsumer {
    var jsonPrefix: [UInt8]   // after the timestamp, up to and including `"status":`
    var logfmtPrefix: [UInt8] // after the timestamp, up to and including `status=`
    var exportPrefix: [UInt8] // after the epoch-ms timestamp, up to and including `"status_code":`
    var offsetMs: Int64
    var medianLatency: Double
    var errorShare: Double
    var slowShare: Double
    var authFailFrom: Int64   // Int64.max: never
    var stopAt: Int64         // Int64.max: never
    var monitored: Bool
}

func writeBench(_ o: BenchOptions) throws {
    let started = DispatchTime.now().uptimeNanoseconds
    let asOfDay = sampleAsOfDate
    let asOf = epochSeconds(asOfDay, 12) * 1000
    var rng = SplitMix64(named: o.seed == 1 ? "bench" : "bench-\(o.seed)", salt: UInt64(o.credentials) << 32 | UInt64(o.consumers))

    // Credentials.
    struct BenchCredential { var key: String; var package: String; var type: String; var expires: String; var generated: String }
    var credentials: [BenchCredential] = []
    for i in 0..<o.credentials {
        let package = "\(vendors[i % vendors.count]) \(subjects[(i / vendors.count) % subjects.count]) Connector \(pad(i + 1, 3))"
        let roll = rng.unit()
        var expires = "", generated = ""
        if roll < 0.05 {
            // neither: expiry unknown
        } else if roll < 0.25 {
            generated = asOfDay.adding(days: -rng.between(0, 200)).description
        } else {
            expires = asOfDay.adding(days: rng.between(-10, 420)).description
        }
        credentials.append(BenchCredential(key: "bench-credential-\(i)", package: package,
                                           type: rng.pick(["server-to-server", "server-to-server", "web-app", "public-app"]),
                                           expires: expires, generated: generated))
    }

    // Consumers: every credential has at least one; the rest spread at random.
    let dePool = max(4, o.consumers * 2)
    var inventory = csvLine(inventoryHeader)
    var consumers: [BenchConsumer] = []
    var writtenRaw = Set<Int>()
    consumers.reserveCapacity(o.consumers)
    for j in 0..<o.consumers {
        let c = j < o.credentials ? j : rng.below(o.credentials)
        let credential = credentials[c]
        let clientID = makeClientID(for: o.seed == 1 ? credential.key : "\(credential.key)-\(o.seed)")
        let env = rng.pick(["prod", "prod", "prod", "production", "qa", "qa", "dev", "uat"])
        let integration = "\(vendors[j % vendors.count]) \(subjects[(j / 3) % subjects.count]) Integration \(pad(j + 1, 4))"
        let writeIndices = (0..<rng.between(1, 3)).map { _ in rng.below(dePool / 2) }
        writtenRaw.formUnion(writeIndices)
        let writes = Set(writeIndices).sorted().map { "DE_Raw_\(pad($0, 5))" }
        let location: String = {
            let r = rng.unit()
            if r < 0.55 { return "vault:kv/marketing-cloud/\(normalizedEnv(env))/integration-\(j + 1)" }
            if r < 0.70 { return "ssm:/retail/\(normalizedEnv(env))/mc/integration-\(j + 1)" }
            if r < 0.80 { return "env:MC_CLIENT_SECRET_\(j + 1)" }
            if r < 0.86 { return "file:/etc/integrations/\(j + 1)/mc.json" }
            return rng.pick(["hardcoded", "automation-studio", "unknown", ""])
        }()
        let cells = [
            integration, env, credential.package, clientID, credential.type, rng.pick(kinds),
            rng.chance(0.95) ? owner(&rng) : "", rng.chance(0.93) ? owner(&rng) : "", location,
            credential.expires, credential.generated, "",
            rng.pick(["low", "medium", "medium", "high", "critical"]),
            rng.chance(0.9) ? "exponential backoff, 5 attempts" : "none",
            rng.chance(0.9) ? rng.pick(["pager:integration-platform", "email:ops@example.com", "slack:#mc-alerts"]) : "none",
            rng.chance(0.4) ? asOfDay.adding(days: -rng.between(1, 60)).description : "",
            rng.chance(0.3) ? asOfDay.adding(days: -rng.between(1, 60)).description : "",
            writes.joined(separator: ";"), "",
        ]
        inventory += csvLine(cells)

        var json: [UInt8] = []
        json.appendString("\",\"env\":")
        appendJSONString(env, &json)
        json.appendString(",\"client_id\":")
        appendJSONString(clientID, &json)
        json.appendString(",\"consumer\":")
        appendJSONString(integration, &json)
        json.appendString(",\"endpoint\":\"token\",\"status\":")
        var logfmt: [UInt8] = []
        logfmt.appendString(" env=")
        appendLogfmtValue(env, &logfmt)
        logfmt.appendString(" client_id=")
        appendLogfmtValue(clientID, &logfmt)
        logfmt.appendString(" consumer=")
        appendLogfmtValue(integration, &logfmt)
        logfmt.appendString(" endpoint=token status=")
        var export: [UInt8] = []
        export.appendString(",\"service\":\"mc-probe-runner\",\"attributes\":{\"client_id\":")
        appendJSONString(clientID, &export)
        export.appendString(",\"env\":")
        appendJSONString(env, &export)
        export.appendString(",\"consumer\":")
        appendJSONString(integration, &export)
        export.appendString(",\"http\":{\"method\":\"POST\",\"url\":\"https://bench.auth.marketingcloudapis.com/v2/token\",\"status_code\":")
        let profile = rng.unit()
        consumers.append(BenchConsumer(
            jsonPrefix: json, logfmtPrefix: logfmt, exportPrefix: export,
            offsetMs: Int64(1000 + rng.below(max(1, o.intervalSeconds * 1000 - 2000))),
            medianLatency: Double(rng.between(120, 420)) * (profile < 0.04 ? 4 : 1),
            errorShare: profile > 0.96 ? 0.08 : 0.003,
            slowShare: profile < 0.04 ? 0.2 : 0.002,
            authFailFrom: profile > 0.92 && profile <= 0.94 ? asOf - Int64(rng.between(1, 20)) * 3_600_000 : Int64.max,
            stopAt: profile > 0.90 && profile <= 0.92 ? asOf - Int64(rng.between(1, 48)) * 3_600_000 : Int64.max,
            monitored: !(profile > 0.94 && profile <= 0.96)))
    }
    let mapping = o.format == .export ? exportProbeMapping : nil
    try writeTextFile(o.out + "/credgraph.yml", renderConfig(asOf: "\(asOfDay)T12:00:00Z", deadline: sampleDeadline.description, probes: mapping, metadata: false))
    try writeTextFile(o.out + "/inventory.csv", inventory)
    try writeBenchDependencies(o, writtenRaw: writtenRaw, rng: &rng)

    // Probes: one file per day, oldest first; each line is formatted straight into the writer's buffer.
    try removeIfPresent(o.out + "/probes")
    let intervalMs = Int64(o.intervalSeconds) * 1000
    let windowStart = asOf - Int64(o.days) * 86_400_000
    var timestamps = TimestampFormatter()
    var lines = 0
    var bytes = 0
    for day in 0..<o.days {
        let dayStart = windowStart + Int64(day) * 86_400_000
        let dayEnd = dayStart + 86_400_000
        let ext = o.format == .logfmt ? "log" : (o.format == .gz ? "jsonl.gz" : "jsonl")
        let writer = try openWriter("\(o.out)/probes/day-\(pad(day + 1, 2)).\(ext)", chainLimit: 4)
        let json = o.format != .logfmt
        var tick = dayStart
        while tick < dayEnd {
            for c in consumers.indices where consumers[c].monitored {
                let consumer = consumers[c]
                let millis = tick + consumer.offsetMs
                if millis >= asOf || millis > consumer.stopAt { continue }
                var status = 200
                var latency: Double
                var error: String?
                if millis >= consumer.authFailFrom {
                    status = 401
                    error = "invalid_client"
                    latency = 90
                } else {
                    let roll = rng.unit()
                    if roll < consumer.errorShare {
                        let kind = rng.below(3)
                        status = kind == 0 ? 503 : (kind == 1 ? 429 : 0)
                        error = kind == 1 ? "50100" : (kind == 2 ? "timeout" : nil)
                        latency = kind == 2 ? 10_000 : 150
                    } else if roll < consumer.errorShare + consumer.slowShare {
                        latency = Double(2_100 + rng.below(2_700))
                    } else {
                        latency = min(1_900, rng.skewed(median: consumer.medianLatency, spread: 0.8))
                    }
                }
                if o.format == .export {
                    writer.buffer.appendString("{\"content\":{\"timestamp\":")
                    writer.buffer.appendString(String(millis))
                    writer.buffer.append(contentsOf: consumer.exportPrefix)
                    writer.buffer.appendInt(status)
                    writer.buffer.appendString("},\"latency_ms\":")
                    writer.buffer.appendInt(Int(latency))
                    if let error {
                        writer.buffer.appendString(",\"error\":{\"code\":\"")
                        writer.buffer.appendString(error)
                        writer.buffer.appendString("\"}")
                    }
                    writer.buffer.appendString("}},\"status\":\"info\"}\n")
                } else if json {
                    writer.buffer.appendString("{\"ts\":\"")
                    timestamps.append(millis, to: &writer.buffer)
                    writer.buffer.append(contentsOf: consumer.jsonPrefix)
                    writer.buffer.appendInt(status)
                    writer.buffer.appendString(",\"latency_ms\":")
                    writer.buffer.appendInt(Int(latency))
                    if let error {
                        writer.buffer.appendString(",\"error\":\"")
                        writer.buffer.appendString(error)
                        writer.buffer.appendString("\"}\n")
                    } else {
                        writer.buffer.appendString("}\n")
                    }
                } else {
                    writer.buffer.appendString("ts=")
                    timestamps.append(millis, to: &writer.buffer)
                    writer.buffer.append(contentsOf: consumer.logfmtPrefix)
                    writer.buffer.appendInt(status)
                    writer.buffer.appendString(" latency_ms=")
                    writer.buffer.appendInt(Int(latency))
                    if let error {
                        writer.buffer.appendString(" error=")
                        writer.buffer.appendString(error)
                    }
                    writer.buffer.append(UInt8(ascii: "\n"))
                }
                lines += 1
                if writer.buffer.count >= 4 << 20 {
                    bytes += writer.buffer.count
                    try writer.flush()
                }
            }
            tick += intervalMs
        }
        bytes += writer.buffer.count
        try writer.close()
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    FileHandle.standardError.write(Data(
        "credgraph-sample: wrote \(o.out): \(o.credentials) credentials, \(o.consumers) consumers, \(lines) probe lines (\(bytes / 1_000_000) MB before compression) in \(o.days) files, \(Int(seconds)) s\n".utf8))
}

private func normalizedEnv(_ env: String) -> String { env == "production" ? "prod" : env }

/// Layered, so acyclic: raw data extensions (written by integrations) feed
/// queries that fill derived data extensions; both feed assets, which trigger
/// sends. A row only starts from a node that exists already (written by an
/// integration, or the `to` of an earlier row), as the contract requires.
private func writeBenchDependencies(_ o: BenchOptions, writtenRaw: Set<Int>, rng: inout SplitMix64) throws {
    let writer = try openWriter(o.out + "/dependencies.csv")
    try writer.write(csvLine(dependencyHeader))
    let queries = max(1, o.consumers / 2)
    let derived = max(1, o.consumers / 2)
    let assets = max(1, o.consumers * 2)
    let sends = max(1, o.consumers / 2)
    func row(_ from: String, _ to: String, _ kind: String) -> String {
        csvLine([from, "", to, kind, "", "", rng.chance(0.8) ? owner(&rng) : "", rng.pick(["", "low", "medium", "high", "critical"])])
    }
    func assetName(_ a: Int) -> String { "\(assetKinds[a % assetKinds.count].uppercased())_\(pad(a, 5))" }
    var usedQueries = Set<Int>()
    var usedDerived = Set<Int>()
    var usedAssets = Set<Int>()
    for d in writtenRaw.sorted() {
        let name = "DE_Raw_\(pad(d, 5))"
        let q = rng.below(queries)
        usedQueries.insert(q)
        try writer.write(row(name, "Q_Build_\(pad(q, 4))", "query"))
        for _ in 0..<rng.between(0, 2) {
            let a = rng.below(assets)
            usedAssets.insert(a)
            try writer.write(row(name, assetName(a), assetKinds[a % assetKinds.count]))
        }
    }
    for q in usedQueries.sorted() {
        let d = rng.below(derived)
        usedDerived.insert(d)
        try writer.write(row("Q_Build_\(pad(q, 4))", "DE_Derived_\(pad(d, 4))", "data-extension"))
    }
    for d in usedDerived.sorted() {
        for _ in 0..<rng.between(1, 3) {
            let a = rng.below(assets)
            usedAssets.insert(a)
            try writer.write(row("DE_Derived_\(pad(d, 4))", assetName(a), assetKinds[a % assetKinds.count]))
        }
    }
    for a in usedAssets.sorted() where rng.chance(0.6) {
        let s = rng.below(sends)
        try writer.write(row(assetName(a), "\(sendKinds[s % sendKinds.count].uppercased())_\(pad(s, 4))", sendKinds[s % sendKinds.count]))
    }
    try writer.close()
}
