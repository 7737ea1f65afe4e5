/// Why notifying systemd failed, or why the environment it set cannot be used.
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// `NOTIFY_SOCKET`, `WATCHDOG_USEC` or `WATCHDOG_PID` holds something unusable.
        case invalidEnvironment
        /// The datagram socket could not be created.
        case socketFailed
        /// The datagram could not be sent (nobody listens, or its queue is full).
        case sendFailed
    }
    /// What failed.
    public var code: Code
    /// Details for logs.
    public var diagnostic: String

    /// An error.
    public init(_ code: Code, _ diagnostic: String) { self.code = code; self.diagnostic = diagnostic }

    /// `code: diagnostic`.
    public var description: String { "\(code.rawValue): \(diagnostic)" }
}
