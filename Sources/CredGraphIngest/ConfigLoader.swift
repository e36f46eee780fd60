import CredGraphCore
import Foundation
internal import Yams

/// Reads `credgraph.yml`. Every key is optional; an unknown key is a warning
/// naming it, a value of the wrong type an error naming the key path and line.
public enum ConfigLoader {
    /// Loads `path`; a missing file when `required` is false yields the defaults.
    public static func load(path: String, required: Bool, diagnostics: inout Diagnostics) -> Config {
        var config = Config()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            if required { diagnostics.error("configuration file not found", file: path) }
            return config
        }
        guard !isDirectory.boolValue else {
            diagnostics.error("is a directory, expected a YAML file", file: path)
            return config
        }
        // Checked before reading: a FIFO or a device would block or never end.
        let fd: Int32
        switch openRegularFile(path) {
        case .success(let opened): fd = opened
        case .failure(let problem):
            diagnostics.error(problem.message, file: path)
            return config
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        guard let data = try? handle.read(upToCount: (1 << 20) + 1) ?? Data() else {
            diagnostics.error("cannot read the file", file: path)
            return config
        }
        guard data.count <= 1 << 20 else {
            diagnostics.error("configuration file larger than 1 MiB", file: path)
            return config
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("not valid UTF-8", file: path)
            return config
        }
        parse(text, file: path, into: &config, diagnostics: &diagnostics)
        return config
    }

    /// Parses YAML text into `config`, reporting problems against `file`.
    public static func parse(_ text: String, file: String, into config: inout Config, diagnostics: inout Diagnostics) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = describe(error)
            diagnostics.error("invalid YAML: \(problem)", file: file, line: line)
            return
        } catch {
            diagnostics.error("invalid YAML", file: file)
            return
        }
        guard let root else { return } // An empty file means all defaults.
        guard case .mapping(let mapping) = root else {
            diagnostics.error("expected a mapping of settings at the top level", file: file, line: root.mark?.line)
            return
        }
        var reader = Reader(file: file, diagnostics: diagnostics)
        reader.read(mapping, path: "") { key, value, path, r in
            switch key {
            case "as_of":
                if let ms = r.instant(value, path) { config.asOf = ms }
            case "deadline":
                if let day = r.date(value, path) { config.deadline = day }
            case "window_days":
                if let n = r.int(value, path, range: 1...3650) { config.windowDays = n }
            case "secret_ttl_days":
                if let n = r.int(value, path, range: 1...3650) { config.secretTTLDays = n }
            case "thresholds":
                r.section(value, path) { key, value, path, r in
                    switch key {
                    case "expiry_critical_days":
                        if let n = r.int(value, path, range: 0...3650) { config.thresholds.expiryCriticalDays = n }
                    case "expiry_high_days":
                        if let n = r.int(value, path, range: 0...3650) { config.thresholds.expiryHighDays = n }
                    case "expiry_medium_days":
                        if let n = r.int(value, path, range: 0...3650) { config.thresholds.expiryMediumDays = n }
                    case "probe_stale_minutes":
                        if let n = r.int(value, path, range: 1...525_600) { config.thresholds.probeStaleMinutes = n }
                    case "latency_p95_ms":
                        if let n = r.int(value, path, range: 1...3_600_000) { config.thresholds.latencyP95Ms = n }
                    default:
                        r.unknown(path, value)
                    }
                }
            case "metadata":
                config.metadata = r.metadataSources(value, path, relativeTo: (file as NSString).deletingLastPathComponent)
            case "reports":
                r.section(value, path) { key, value, path, r in
                    switch key {
                    case "mask_client_ids":
                        if let b = r.bool(value, path) { config.reports.maskClientIDs = b }
                    default:
                        r.unknown(path, value)
                    }
                }
            case "acknowledgements":
                config.acknowledgements = parseAcknowledgements(value, path: path, file: file, diagnostics: &r.diagnostics)
            case "rotation":
                r.rotation(value, path, into: &config.rotation)
            case "environments":
                if let names = r.stringList(value, path) {
                    config.environments = names.map(normalizeEnvironment).filter { !$0.isEmpty }
                }
            case "probes":
                r.section(value, path) { key, value, path, r in
                    switch key {
                    case "format":
                        if let s = r.choice(value, path, ProbeSettings.Format.allCases.map(\.rawValue)) {
                            config.probes.format = ProbeSettings.Format(rawValue: s) ?? .auto
                        }
                    case "time_format":
                        if let s = r.choice(value, path, ProbeSettings.TimeFormat.allCases.map(\.rawValue)) {
                            config.probes.timeFormat = ProbeSettings.TimeFormat(rawValue: s) ?? .auto
                        }
                    case "timezone":
                        if let s = r.string(value, path) {
                            if TimeZone(identifier: s) != nil {
                                config.probes.timezone = s
                            } else {
                                r.mismatch(path, value, expected: "an IANA time zone name such as UTC or Europe/Berlin")
                            }
                        }
                    case "max_malformed_share":
                        if let share = r.share(value, path) { config.probes.maxMalformedShare = share }
                    case "fields":
                        r.section(value, path) { key, value, path, r in
                            guard ProbeSettings.fieldNames.contains(key) else {
                                r.mismatch(path, value, expected: "one of the probe fields " + ProbeSettings.fieldNames.joined(separator: ", "))
                                return
                            }
                            if let s = r.string(value, path) {
                                let parts = s.split(separator: ".", omittingEmptySubsequences: false)
                                if parts.contains(where: \.isEmpty) {
                                    r.mismatch(path, value, expected: "a dotted path such as content.attributes.client_id")
                                } else {
                                    config.probes.fields[key] = s
                                }
                            }
                        }
                    default:
                        r.unknown(path, value)
                    }
                }
            default:
                r.unknown(path, value)
            }
        }
        let t = config.thresholds
        if !(t.expiryCriticalDays <= t.expiryHighDays && t.expiryHighDays <= t.expiryMediumDays) {
            reader.diagnostics.error(
                "thresholds must satisfy expiry_critical_days <= expiry_high_days <= expiry_medium_days",
                file: file, line: nil)
        }
        diagnostics = reader.diagnostics
    }

    private static func describe(_ error: YamlError) -> (Int?, String) {
        // The snippet libyaml attaches quotes the file; keep only the problem and position.
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return (mark.line, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Keys are echoed only when they cannot be secret material.
            let names = duplicates.sorted()
            if names.contains(where: { SecretDetector.looksLikeSecret($0) != nil }) {
                for name in names { Redactor.shared.registerSecrets(in: name) }
                return (context.mark.line, "duplicate key in the mapping that starts on this line (its name looks like secret material, withheld)")
            }
            return (context.mark.line, "duplicate key \(names.map { "'\($0)'" }.joined(separator: ", ")) in the mapping that starts on this line; each key may appear once")
        case .reader(let problem, _, _, _):
            return (nil, problem)
        default:
            return (nil, "cannot parse")
        }
    }

    /// Internal so that the readers of other blocks (`Plan/RotationConfig.swift`) extend it.
    struct Reader {
        let file: String
        var diagnostics: Diagnostics

        mutating func read(_ mapping: Node.Mapping, path: String, _ body: (String, Node, String, inout Reader) -> Void) {
            for (keyNode, value) in mapping {
                guard let key = keyNode.scalar?.string else {
                    diagnostics.error("keys must be plain names", file: file, line: keyNode.mark?.line)
                    continue
                }
                body(key, value, path.isEmpty ? key : "\(path).\(key)", &self)
            }
        }

        mutating func section(_ node: Node, _ path: String, _ body: (String, Node, String, inout Reader) -> Void) {
            if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return }
            guard case .mapping(let mapping) = node else {
                mismatch(path, node, expected: "a mapping")
                return
            }
            read(mapping, path: path, body)
        }

        /// `metadata:`: a list of `{path, environment, shared}`.
        mutating func metadataSources(_ node: Node, _ path: String, relativeTo directory: String) -> [MetadataSource] {
            if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return [] }
            guard case .sequence(let sequence) = node else {
                mismatch(path, node, expected: "a list of {path, environment, shared}")
                return []
            }
            var sources: [MetadataSource] = []
            for (i, entry) in sequence.enumerated() {
                let entryPath = "\(path)[\(i)]"
                var folder: String?
                var environment = "prod"
                var shared = false
                section(entry, entryPath) { key, value, keyPath, r in
                    switch key {
                    case "path":
                        if let s = r.plainScalar(value), !s.isEmpty { folder = s } else { r.mismatch(keyPath, value, expected: "a folder") }
                    case "environment":
                        if let s = r.plainScalar(value), !s.isEmpty { environment = s } else { r.mismatch(keyPath, value, expected: "an environment name") }
                    case "shared":
                        if let b = r.bool(value, keyPath) { shared = b }
                    default:
                        r.unknown(keyPath, value)
                    }
                }
                guard let folder else {
                    diagnostics.error("'\(entryPath)' needs a path", file: file, line: entry.mark?.line)
                    continue
                }
                let resolved = folder.hasPrefix("/") || directory.isEmpty ? folder : directory + "/" + folder
                sources.append(MetadataSource(path: resolved, environment: environment, shared: shared,
                                              location: SourceLocation(file: file, line: entry.mark?.line ?? 0)))
            }
            return sources
        }

        mutating func unknown(_ path: String, _ node: Node) {
            // Each segment on its own too: `reports.AKIA…` as a whole does
            // not start with a vendor prefix, the key under it does.
            let segments = [path] + path.split(separator: ".").map(String.init)
            if segments.contains(where: { SecretDetector.looksLikeSecret($0) != nil }) {
                for segment in segments { Redactor.shared.registerSecrets(in: segment) }
                diagnostics.warning("unknown key ignored: its name looks like secret material (withheld)", file: file, line: node.mark?.line)
                return
            }
            diagnostics.warning("unknown key '\(path)' ignored", file: file, line: node.mark?.line)
        }

        mutating func mismatch(_ path: String, _ node: Node, expected: String) {
            diagnostics.error("'\(path)' must be \(expected)", file: file, line: node.mark?.line)
        }

        mutating func int(_ node: Node, _ path: String, range: ClosedRange<Int>) -> Int? {
            guard let s = plainScalar(node), let n = Int(s) else {
                mismatch(path, node, expected: "a whole number")
                return nil
            }
            guard range.contains(n) else {
                mismatch(path, node, expected: "between \(range.lowerBound) and \(range.upperBound)")
                return nil
            }
            return n
        }

        mutating func bool(_ node: Node, _ path: String) -> Bool? {
            switch plainScalar(node)?.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default:
                mismatch(path, node, expected: "true or false")
                return nil
            }
        }

        mutating func date(_ node: Node, _ path: String) -> Day? {
            guard let s = plainScalar(node), let day = Day(parsing: s) else {
                mismatch(path, node, expected: "a date (YYYY-MM-DD)")
                return nil
            }
            return day
        }

        /// A date (midnight UTC) or an RFC 3339 date-time.
        mutating func instant(_ node: Node, _ path: String) -> Int64? {
            guard let s = plainScalar(node) else {
                mismatch(path, node, expected: "a date or an RFC 3339 date-time")
                return nil
            }
            if s.utf8.count == 10, let day = Day(parsing: s) { return day.startMillis }
            if let ms = parseRFC3339(s) { return ms }
            mismatch(path, node, expected: "a date or an RFC 3339 date-time")
            return nil
        }

        mutating func string(_ node: Node, _ path: String) -> String? {
            guard let s = plainScalar(node), !s.isEmpty else {
                mismatch(path, node, expected: "a text value")
                return nil
            }
            return s
        }

        /// One of `choices` (as written, case-insensitively).
        mutating func choice(_ node: Node, _ path: String, _ choices: [String]) -> String? {
            guard let s = plainScalar(node), let found = choices.first(where: { $0.lowercased() == s.lowercased() }) else {
                mismatch(path, node, expected: "one of " + choices.joined(separator: ", "))
                return nil
            }
            return found
        }

        /// A share between 0 and 1: `0.05` or `5%`.
        mutating func share(_ node: Node, _ path: String) -> Double? {
            guard let s = plainScalar(node) else {
                mismatch(path, node, expected: "a share between 0 and 1 (0.05) or a percentage (5%)")
                return nil
            }
            let value = s.hasSuffix("%") ? Double(String(s.dropLast()).trimmingWhitespace()).map { $0 / 100 } : Double(s)
            guard let value, value.isFinite, value >= 0, value <= 1 else {
                mismatch(path, node, expected: "a share between 0 and 1 (0.05) or a percentage (5%)")
                return nil
            }
            return value
        }

        /// A list of names, as a YAML sequence or one comma-separated text.
        mutating func stringList(_ node: Node, _ path: String) -> [String]? {
            switch node {
            case .sequence(let items):
                var out: [String] = []
                for item in items {
                    guard let s = plainScalar(item), !s.isEmpty else {
                        mismatch(path, item, expected: "a list of names")
                        return nil
                    }
                    out.append(s)
                }
                return out
            case .scalar:
                guard let s = plainScalar(node) else { return nil }
                return s.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            default:
                mismatch(path, node, expected: "a list of names")
                return nil
            }
        }

        func plainScalar(_ node: Node) -> String? {
            guard case .scalar(let s) = node else { return nil }
            return s.string.trimmingWhitespace()
        }
    }
}

/// Reads `--as-of` / `as_of` text: a date (midnight UTC) or an RFC 3339 date-time.
public func parseAsOf(_ text: String) -> Int64? {
    let t = text.trimmingWhitespace()
    if t.utf8.count == 10, let day = Day(parsing: t) { return day.startMillis }
    return parseRFC3339(t)
}
