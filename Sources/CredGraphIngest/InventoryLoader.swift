import CredGraphCore

/// Reads inventory.csv into consumers (one per row) and credentials (one per
/// client id), reporting every problem of the file as a diagnostic.
public enum InventoryLoader {
    /// Columns of inputs.md, with their aliases.
    public static let columns: [CSVColumn] = [
        CSVColumn("integration", required: true, aliases: ["consumer", "integration_name"]),
        CSVColumn("environment", required: true, aliases: ["env"]),
        CSVColumn("installed_package", required: true, aliases: ["package", "package_name"]),
        CSVColumn("client_id", required: true, aliases: ["clientid"]),
        CSVColumn("package_type", aliases: ["type"]),
        CSVColumn("kind", aliases: ["category"]),
        CSVColumn("business_owner"),
        CSVColumn("technical_owner", aliases: ["tech_owner"]),
        CSVColumn("secret_location", aliases: ["secret_store"]),
        CSVColumn("secret_expires_on", aliases: ["expires_on", "secret_expiry"]),
        CSVColumn("secret_generated_on", aliases: ["generated_on"]),
        CSVColumn("secret_rotated_on", aliases: ["last_rotated"]),
        CSVColumn("criticality"),
        CSVColumn("retry", aliases: ["retry_policy"]),
        CSVColumn("alerting", aliases: ["alert_route"]),
        CSVColumn("lower_env_rotated_on"),
        CSVColumn("e2e_tested_on"),
        CSVColumn("writes", aliases: ["data_extensions"]),
        CSVColumn("notes"),
    ]

    /// What replaces a cell that looks like secret material.
    public static let redacted = "[redacted]"

    /// Loads `path`. Rows with a wrong cell count, an empty required cell or
    /// a duplicate integration@environment are skipped; other problems (bad
    /// date, unknown enum value, unrecognised secret location) leave that
    /// field empty and keep the row, so the rest of the run still sees the
    /// consumer. Every problem is a diagnostic with the record's line.
    public static func load(
        path: String, secretTTLDays: Int, declaredEnvironments: [String] = [], diagnostics: inout Diagnostics
    ) -> Inventory {
        var inventory = Inventory()
        guard let reader = CSVReader.open(path: path, diagnostics: &diagnostics) else { return inventory }
        guard let headerRecord = reader.next(diagnostics: &diagnostics) else {
            diagnostics.error("empty file: expected a header line", file: path)
            return inventory
        }
        // A first record skipped for a limit (too many cells, an oversized
        // cell) was the header: the next line must not take its place.
        guard reader.skippedRecords == 0 else {
            diagnostics.error("the header line was skipped (see above), so no row is read", file: path)
            return inventory
        }
        guard let header = CSVHeader.resolve(headerRecord, columns: columns, file: path, diagnostics: &diagnostics) else {
            return inventory
        }

        var builder = CredentialBuilder(file: path, secretTTLDays: secretTTLDays)
        var firstLineOfConsumer: [String: Int] = [:]
        var unusualEnvironments: [String: (raw: String, lines: [Int])] = [:]
        while var record = reader.next(diagnostics: &diagnostics) {
            inventory.rowCount += 1
            redactSecrets(in: &record, header: header, file: path, inventory: &inventory, diagnostics: &diagnostics)
            guard record.cells.count == header.fieldCount else {
                diagnostics.error(
                    "row has \(record.cells.count) cells, the header has \(header.fieldCount); row skipped",
                    file: path, line: record.line)
                continue
            }
            guard let consumer = parseConsumer(record, header: header, file: path, diagnostics: &diagnostics) else { continue }
            let identity = "\(NodeKey.fold(consumer.integration))@\(consumer.environment)"
            if let first = firstLineOfConsumer[identity] {
                diagnostics.error(
                    "duplicate row: \(quotedCell(consumer.reference)) is already at line \(first); row skipped",
                    file: path, line: record.line)
                continue
            }
            firstLineOfConsumer[identity] = record.line
            if !EnvironmentNames.isUsual(consumer.environment, declared: declaredEnvironments) {
                unusualEnvironments[consumer.environment, default: (header.value("environment", in: record.cells), [])].lines.append(record.line)
            }
            // A bad expiry date is not silently replaced by generation + TTL.
            let expiryGiven = !header.value("secret_expires_on", in: record.cells).isEmpty
            builder.add(consumer, index: inventory.consumers.count, expiryGiven: expiryGiven, diagnostics: &diagnostics)
            inventory.consumers.append(consumer)
        }
        inventory.rowCount += reader.skippedRecords
        inventory.credentials = builder.credentials()
        // Once per name, at its first row: a typo (`PRD`) would otherwise split prod silently.
        for (_, entry) in unusualEnvironments.sorted(by: { $0.value.lines[0] < $1.value.lines[0] }) {
            diagnostics.warning(
                EnvironmentNames.warning(raw: entry.raw, rows: entry.lines.count), file: path, line: entry.lines[0])
        }
        return inventory
    }

    // MARK: - Secrets

    /// Replaces every cell (but the client id) that looks like secret
    /// material by `[redacted]`, before anything else reads the row.
    static func redactSecrets(
        in record: inout CSVRecord, header: CSVHeader, file: String, inventory: inout Inventory, diagnostics: inout Diagnostics
    ) {
        let clientIDColumn = header.columnNames.firstIndex(of: "client_id")
        let clientID: String? = {
            guard let i = clientIDColumn, i < record.cells.count, !record.cells[i].isEmpty,
                  SecretDetector.looksLikeSecret(record.cells[i]) == nil else { return nil }
            return record.cells[i]
        }()
        for i in record.cells.indices {
            guard let reason = SecretDetector.looksLikeSecret(record.cells[i]) else { continue }
            // The value lives on only in the redactor, which cuts it out of every output.
            Redactor.shared.registerSecrets(in: record.cells[i])
            // A client id is the row's identity: a secret pasted there leaves it empty, so the row is skipped.
            record.cells[i] = i == clientIDColumn ? "" : redacted
            let column = i < header.columnNames.count ? header.columnNames[i] : "column \(i + 1)"
            inventory.secretSightings.append(
                SecretSighting(location: SourceLocation(file: file, line: record.line), column: column, clientID: clientID, reason: reason))
            diagnostics.warning(
                "column '\(column)' looks like secret material (\(reason)); the value is redacted: remove it from the inventory and rotate that secret",
                file: file, line: record.line)
        }
    }

    // MARK: - Rows

    static func parseConsumer(_ record: CSVRecord, header: CSVHeader, file: String, diagnostics: inout Diagnostics) -> Consumer? {
        func cell(_ column: String) -> String { header.value(column, in: record.cells) }
        let line = record.line
        var complete = true
        for column in ["integration", "environment", "installed_package", "client_id"] where cell(column).isEmpty {
            diagnostics.error("required cell '\(column)' is empty; row skipped", file: file, line: line)
            complete = false
        }
        guard complete else { return nil }

        func isRedacted(_ column: String) -> Bool { cell(column) == redacted }
        func optional(_ column: String) -> String? {
            let value = cell(column)
            return value.isEmpty ? nil : value
        }
        var invalidDates: [String: String] = [:]
        func date(_ column: String) -> Day? {
            let text = cell(column)
            guard !text.isEmpty, !isRedacted(column) else { return nil }
            if let day = Day(parsing: text) { return day }
            invalidDates[column] = TerminalText.sanitized(text.count > 40 ? String(text.prefix(40)) + "…" : text)
            diagnostics.error("bad date in '\(column)': \(quotedCell(text)) (expected YYYY-MM-DD)", file: file, line: line)
            return nil
        }
        func enumValue<E: RawRepresentable & CaseIterable>(_ column: String, _ type: E.Type) -> E? where E.RawValue == String {
            let text = cell(column)
            guard !text.isEmpty, !isRedacted(column) else { return nil }
            if let value = E(rawValue: normalizeEnumCell(text)) { return value }
            let expected = E.allCases.map(\.rawValue).joined(separator: ", ")
            diagnostics.error("unknown \(column) \(quotedCell(text)) (expected one of: \(expected))", file: file, line: line)
            return nil
        }

        var secretLocation: SecretLocation?
        let locationText = cell("secret_location")
        if !locationText.isEmpty, !isRedacted("secret_location") {
            secretLocation = SecretLocation(parsing: locationText)
            if secretLocation == nil {
                diagnostics.error(
                    "unrecognised secret_location \(quotedCell(locationText)) (expected vault:PATH, ssm:KEY, env:NAME, file:PATH, vendor, hardcoded, automation-studio or unknown)",
                    file: file, line: line)
            }
        }

        var writes: [String] = []
        var seenWrites: Set<String> = []
        for part in cell("writes").split(separator: ";") {
            let name = part.trimmingWhitespace()
            guard !name.isEmpty, name != redacted, seenWrites.insert(NodeKey.fold(name)).inserted else { continue }
            writes.append(name)
        }

        var consumer = Consumer(
            integration: cell("integration"),
            environment: normalizeEnvironment(cell("environment")),
            installedPackage: cell("installed_package"),
            clientID: cell("client_id"),
            packageType: enumValue("package_type", PackageType.self),
            kind: enumValue("kind", ConsumerKind.self),
            businessOwner: isRedacted("business_owner") ? nil : Owner(parsing: cell("business_owner")),
            technicalOwner: isRedacted("technical_owner") ? nil : Owner(parsing: cell("technical_owner")),
            secretLocation: secretLocation,
            secretExpiresOn: date("secret_expires_on"),
            secretGeneratedOn: date("secret_generated_on"),
            secretRotatedOn: date("secret_rotated_on"),
            criticality: enumValue("criticality", Criticality.self) ?? .medium,
            retry: optional("retry"),
            alerting: optional("alerting"),
            lowerEnvRotatedOn: date("lower_env_rotated_on"),
            e2eTestedOn: date("e2e_tested_on"),
            writes: writes,
            notes: optional("notes"),
            location: SourceLocation(file: file, line: line))
        consumer.invalidDates = invalidDates
        return consumer
    }

    // MARK: - Credentials

    /// Folds the consumers of each client id into one credential.
    struct CredentialBuilder {
        struct Partial {
            var credential: Credential
            var packageLine: Int
            /// The first explicit expiry and its line, for the conflict warning.
            var explicitExpiry: (day: Day, line: Int)?
        }

        let file: String
        let secretTTLDays: Int
        var partials: [String: Partial] = [:]

        init(file: String, secretTTLDays: Int) {
            self.file = file
            self.secretTTLDays = secretTTLDays
        }

        mutating func add(_ consumer: Consumer, index: Int, expiryGiven: Bool, diagnostics: inout Diagnostics) {
            let line = consumer.location.line ?? 0
            let expiry = rowExpiry(consumer, expiryGiven: expiryGiven)
            guard var partial = partials[consumer.clientID] else {
                partials[consumer.clientID] = Partial(
                    credential: Credential(
                        clientID: consumer.clientID, installedPackage: consumer.installedPackage,
                        packageType: consumer.packageType, expiresOn: expiry?.day,
                        expirySource: expiry?.source ?? .unknown, generatedOn: consumer.secretGeneratedOn,
                        rotatedOn: consumer.secretRotatedOn, consumerIndices: [index], location: consumer.location),
                    packageLine: line,
                    explicitExpiry: consumer.secretExpiresOn.map { ($0, line) })
                return
            }
            var credential = partial.credential
            credential.consumerIndices.append(index)
            if NodeKey.fold(consumer.installedPackage) != NodeKey.fold(credential.installedPackage) {
                diagnostics.error(
                    "client_id \(quotedCell(consumer.clientID)) belongs to installed_package \(quotedCell(consumer.installedPackage)) here but to \(quotedCell(credential.installedPackage)) at line \(partial.packageLine); a client id has one package",
                    file: file, line: line)
            }
            if credential.packageType == nil { credential.packageType = consumer.packageType }
            if let explicit = consumer.secretExpiresOn {
                if let first = partial.explicitExpiry {
                    if first.day != explicit {
                        let earliest = min(first.day, explicit)
                        diagnostics.warning(
                            "client_id \(quotedCell(consumer.clientID)) expires on \(explicit) here but on \(first.day) at line \(first.line); one secret has one expiry, the earliest (\(earliest)) counts",
                            file: file, line: line)
                    }
                } else {
                    partial.explicitExpiry = (explicit, line)
                }
            }
            if let expiry {
                let replace: Bool
                if let current = credential.expiresOn {
                    replace = expiry.day < current
                        || (expiry.day == current && expiry.source == .explicit && credential.expirySource != .explicit)
                } else {
                    replace = true
                }
                if replace {
                    credential.expiresOn = expiry.day
                    credential.expirySource = expiry.source
                }
            }
            // The most recent generation / rotation is the current secret's.
            if let generated = consumer.secretGeneratedOn, credential.generatedOn.map({ generated > $0 }) ?? true {
                credential.generatedOn = generated
            }
            if let rotated = consumer.secretRotatedOn, credential.rotatedOn.map({ rotated > $0 }) ?? true {
                credential.rotatedOn = rotated
            }
            partial.credential = credential
            partials[consumer.clientID] = partial
        }

        /// The row's expiry: the explicit date, else generation + TTL.
        func rowExpiry(_ consumer: Consumer, expiryGiven: Bool) -> (day: Day, source: ExpirySource)? {
            if let explicit = consumer.secretExpiresOn { return (explicit, .explicit) }
            guard !expiryGiven, let generated = consumer.secretGeneratedOn else { return nil }
            let (sum, overflow) = generated.daysSinceEpoch.addingReportingOverflow(secretTTLDays)
            // Past 9999-12-31 a date cannot be written as YYYY-MM-DD (nor read
            // back by credgraph): such an expiry is unknown, not year 10000.
            guard !overflow, sum <= Day.daysFromCivil(year: 9999, month: 12, day: 31) else { return nil }
            return (Day(daysSinceEpoch: sum), .derivedFromGeneration)
        }

        func credentials() -> [Credential] {
            partials.values.map(\.credential).sorted { $0.clientID < $1.clientID }
        }
    }
}
