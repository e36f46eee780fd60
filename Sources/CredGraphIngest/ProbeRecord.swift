/// One synthetic token check (or representative API call), as read from a
/// probe log line. Only the fields credgraph uses are kept; the `error`
/// text is untrusted and is classified, never echoed in full.
public struct ProbeRecord: Sendable, Hashable {
    public enum Endpoint: String, Sendable, Hashable, Codable {
        case token, rest, soap
    }

    /// Milliseconds since the epoch, UTC.
    public var timestamp: Int64
    public var clientID: String
    /// HTTP status; 0 means no response.
    public var status: Int
    /// Lower-case, `production` read as `prod`.
    public var environment: String?
    public var consumer: String?
    public var endpoint: Endpoint
    public var latencyMs: Double?
    public var error: String?
    public var secretVersion: String?

    public init(
        timestamp: Int64, clientID: String, status: Int, environment: String? = nil,
        consumer: String? = nil, endpoint: Endpoint = .token, latencyMs: Double? = nil,
        error: String? = nil, secretVersion: String? = nil
    ) {
        self.timestamp = timestamp
        self.clientID = clientID
        self.status = status
        self.environment = environment
        self.consumer = consumer
        self.endpoint = endpoint
        self.latencyMs = latencyMs
        self.error = error
        self.secretVersion = secretVersion
    }
}

/// Environments are compared lower-case, with `production` meaning `prod`.
public func normalizeEnvironment(_ raw: String) -> String {
    let text = raw.trimmingWhitespace().lowercased()
    return text == "production" ? "prod" : text
}
