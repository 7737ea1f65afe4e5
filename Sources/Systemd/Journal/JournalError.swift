/// Why a journal entry could not be handed to journald, or why the journal socket cannot be
/// used at all.
public struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// The socket path is not an absolute path that fits `sockaddr_un`.
        case invalidSocketPath
        /// The datagram socket could not be created.
        case socketFailed
        /// The entry could not be sent: no journald (`ENOENT`, `ECONNREFUSED`), or its queue is
        /// full (`EAGAIN`).
        case sendFailed
        /// An entry too large for a datagram could not be put in a sealed memfd.
        case memoryFileFailed
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
