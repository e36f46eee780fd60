import CredGraphCore

/// How one probe ended.
public enum ProbeOutcome: String, Sendable, Hashable, CaseIterable {
    case success
    /// 401, or the OAuth error `invalid_client` / `invalid_grant`: the secret
    /// (or the package's API user) no longer works.
    case auth
    /// 429: Marketing Cloud rate limiting (50100, 50200). Not an auth failure.
    case throttled
    /// 5xx.
    case server
    /// Status 0: no response (timeout, connection error).
    case transport
    /// 403: the secret was accepted but access was refused (scope, business
    /// unit, package permissions). Not the secret, yet the consumer is cut off.
    case forbidden
    /// Any other non-2xx answer (400, 404, 3xx …).
    case other

    /// Classifies on the status and the OAuth error code only; the code is
    /// compared, never kept.
    public init(status: Int, error: String?) {
        self.init(status: status, authErrorCode: ProbeOutcome.isAuthErrorCode(error))
    }

    /// The same, with the error text already classified (`isAuthErrorCode`).
    @inline(__always)
    init(status: Int, authErrorCode: Bool) {
        if status == 429 { self = .throttled; return }
        if status == 0 { self = .transport; return }
        if status == 401 || authErrorCode { self = .auth; return }
        if status == 403 { self = .forbidden; return }
        if (500...599).contains(status) { self = .server; return }
        if (200...299).contains(status) { self = .success; return }
        self = .other
    }

    static func isAuthErrorCode(_ error: String?) -> Bool {
        guard let error, !error.isEmpty else { return false }
        let code = error.trimmingWhitespace().lowercased()
        return code == "invalid_client" || code == "invalid_grant"
    }
}
