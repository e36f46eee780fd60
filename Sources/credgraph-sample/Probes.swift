/// Turns probe plans into probe log lines.

/// Which of the two line forms of inputs.md a line is written in.
enum LineForm {
    case json
    case logfmt
    /// logfmt with the field aliases (`time`, `environment`, `integration`, `http_status`, `duration_ms`).
    case logfmtAliases
}

struct ProbeEvent {
    var millis: Int64
    var consumer: String
    var env: String
    var clientID: String
    var endpoint: String
    var status: Int
    var latencyMs: Double
    var error: String?
    var version: String?
    var form: LineForm
    var offsetMinutes: Int
    var fractional: Bool
}

let probeIntervalMs: Int64 = 300_000
let sampleWindowDays = 7

/// Every probe of one consumer over the window ending at `asOf`, oldest first.
func probeEvents(plan: ProbePlan, consumer: String, clientID: String, asOf: Int64, form: LineForm) -> [ProbeEvent] {
    var rng = SplitMix64(named: "probes:" + clientID + "|" + consumer + "|" + plan.env)
    // A stable offset inside the interval, so that no probe sits exactly on a
    // window boundary and the consumers of one file interleave.
    let offset = Int64(rng.between(7_000, 250_000))
    let ticks = Int64(sampleWindowDays) * 86_400_000 / probeIntervalMs
    var events: [ProbeEvent] = []
    events.reserveCapacity(Int(ticks) + Int(ticks) / 2)
    for k in stride(from: ticks - 1, through: 0, by: -1) {
        let millis = asOf - k * probeIntervalMs - offset + Int64(plan.fractionalSeconds ? rng.below(1000) : 0)
        if let stop = plan.stopAt, millis > stop { continue }
        var version: String? = nil
        for step in plan.versions where step.from <= millis { version = step.version }
        var event = ProbeEvent(millis: millis, consumer: consumer, env: plan.env, clientID: clientID, endpoint: "token",
                               status: 200, latencyMs: 0, error: nil, version: version, form: form,
                               offsetMinutes: plan.offsetMinutes, fractional: plan.fractionalSeconds)
        if let failFrom = plan.authFailFrom, millis >= failFrom {
            event.status = plan.authFailStatus
            event.error = plan.authFailStatus == 403 ? "insufficient_privileges" : "invalid_client"
            event.latencyMs = rng.skewed(median: 95, spread: 0.4)
        } else {
            let roll = rng.unit()
            if roll < plan.serverErrorShare {
                event.status = rng.pick([500, 502, 503, 503])
                event.latencyMs = rng.skewed(median: plan.medianLatencyMs, spread: plan.latencySpread)
            } else if roll < plan.serverErrorShare + plan.throttledShare {
                event.status = 429
                event.error = "50100"
                event.latencyMs = rng.skewed(median: 60, spread: 0.4)
            } else if roll < plan.serverErrorShare + plan.throttledShare + plan.timeoutShare {
                event.status = 0
                event.error = rng.chance(0.7) ? "timeout" : "connection_reset"
                event.latencyMs = 10_000
            } else if rng.chance(plan.slowShare) {
                event.latencyMs = Double(rng.between(2_100, 4_800))
            } else {
                event.latencyMs = min(1_900, rng.skewed(median: plan.medianLatencyMs, spread: plan.latencySpread))
            }
        }
        events.append(event)
        if plan.apiCallEvery > 0, k % Int64(plan.apiCallEvery) == 0 {
            var api = event
            api.millis = millis + 20_000
            api.endpoint = plan.apiEndpoint
            if api.status == 200 || api.status == 401 {
                api.latencyMs = rng.skewed(median: plan.apiMedianLatencyMs, spread: 0.5)
            }
            if api.millis < asOf { events.append(api) }
        }
    }
    return events
}

/// Appends one probe as a line in its form.
func appendProbeLine(_ e: ProbeEvent, to out: inout [UInt8], timestamps: inout TimestampFormatter) {
    let decimals = e.fractional
    switch e.form {
    case .json:
        out.appendString("{\"ts\":\"")
        timestamps.append(e.millis, offsetMinutes: e.offsetMinutes, fractionDigits: e.fractional ? 3 : 0, to: &out)
        out.appendString("\",\"env\":")
        appendJSONString(e.env, &out)
        out.appendString(",\"client_id\":")
        appendJSONString(e.clientID, &out)
        out.appendString(",\"consumer\":")
        appendJSONString(e.consumer, &out)
        out.appendString(",\"endpoint\":\"")
        out.appendString(e.endpoint)
        out.appendString("\",\"status\":")
        out.appendInt(e.status)
        out.appendString(",\"latency_ms\":")
        appendLatency(e.latencyMs, decimals: decimals, &out)
        if let error = e.error {
            out.appendString(",\"error\":")
            appendJSONString(error, &out)
        }
        if let version = e.version {
            out.appendString(",\"secret_version\":")
            appendJSONString(version, &out)
        }
        out.appendString("}\n")
    case .logfmt, .logfmtAliases:
        let aliases = e.form == .logfmtAliases
        out.appendString(aliases ? "time=" : "ts=")
        timestamps.append(e.millis, offsetMinutes: e.offsetMinutes, fractionDigits: e.fractional ? 3 : 0, to: &out)
        out.appendString(aliases ? " environment=" : " env=")
        appendLogfmtValue(e.env, &out)
        out.appendString(" client_id=")
        appendLogfmtValue(e.clientID, &out)
        out.appendString(aliases ? " integration=" : " consumer=")
        appendLogfmtValue(e.consumer, &out)
        out.appendString(" endpoint=")
        out.appendString(e.endpoint)
        out.appendString(aliases ? " http_status=" : " status=")
        out.appendInt(e.status)
        out.appendString(aliases ? " duration_ms=" : " latency_ms=")
        appendLatency(e.latencyMs, decimals: decimals, &out)
        if let error = e.error {
            out.appendString(" error=")
            appendLogfmtValue(error, &out)
        }
        if let version = e.version {
            out.appendString(" secret_version=")
            appendLogfmtValue(version, &out)
        }
        out.append(UInt8(ascii: "\n"))
    }
}

func appendLatency(_ ms: Double, decimals: Bool, _ out: inout [UInt8]) {
    let clamped = max(1, min(ms, 600_000))
    if decimals {
        let tenths = Int((clamped * 10).rounded())
        out.appendInt(tenths / 10)
        out.append(UInt8(ascii: "."))
        out.appendInt(tenths % 10)
    } else {
        out.appendInt(Int(clamped.rounded()))
    }
}

func appendJSONString(_ s: String, _ out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for byte in s.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out.appendString("\\\"")
        case UInt8(ascii: "\\"): out.appendString("\\\\")
        case 0..<0x20:
            out.appendString("\\u00")
            let hex = Array("0123456789abcdef".utf8)
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        default: out.append(byte)
        }
    }
    out.append(UInt8(ascii: "\""))
}

func appendLogfmtValue(_ s: String, _ out: inout [UInt8]) {
    let needsQuotes = s.isEmpty || s.utf8.contains { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "\"") }
    if needsQuotes { appendJSONString(s, &out) } else { out.appendString(s) }
}

/// The form a file's lines take, from its name; `batch-jobs` files mix both.
func lineForm(file: String, plan: ProbePlan) -> LineForm {
    if file.contains("batch-jobs") { return plan.mixedAsJSON ? .json : .logfmtAliases }
    return file.contains(".jsonl") ? .json : .logfmt
}
