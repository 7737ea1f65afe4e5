/// A failure of the directory itself (as opposed to an answer such as "no such user").
public struct DirectoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of failure callers tell apart.
    public enum Code: String, Hashable, Sendable {
        /// The backend cannot be reached or broke mid-request (server down, connection refused,
        /// network timeout). Retrying later may succeed; a cache may answer stale.
        case unavailable
        /// The backend took longer than the configured operation timeout.
        case timeout
        /// The configuration is wrong: bad URI, bad service credentials, bad filter, missing CA file.
        case configuration
        /// The backend does not offer this operation.
        case notSupported
        /// The backend answered something that makes no sense (missing unique id, bad value).
        case invalidData
        /// A write was refused (duplicate login, unknown group).
        case conflict
        /// Anything else the backend reported.
        case backend
    }

    /// What kind of failure.
    public var code: Code
    /// A diagnostic for logs. Never contains a password.
    public var message: String

    /// An error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether the backend was unreachable (down or timed out), so that an older answer may do.
    public var isUnreachable: Bool { code == .unavailable || code == .timeout }

    public var description: String { "directory \(code.rawValue): \(message)" }
}
