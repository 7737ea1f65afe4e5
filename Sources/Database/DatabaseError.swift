/// An error from a database driver, classified so that callers can react without parsing text.
public struct DatabaseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of failure callers tell apart.
    public enum Code: String, Sendable {
        /// The database could not be opened or reached.
        case cannotConnect
        /// The connection broke mid-use (server restarted, network gone).
        case connectionLost
        /// The database is locked or a lock wait timed out; the transaction may be retried.
        case busy
        /// A deadlock was detected and this transaction was rolled back; it may be retried.
        case deadlock
        /// A UNIQUE, FOREIGN KEY, NOT NULL or CHECK constraint failed.
        case constraint
        /// The statement is not valid SQL for this database.
        case syntax
        /// A column held another type than the caller expected.
        case typeMismatch
        /// The schema is newer than this program knows, or otherwise unusable.
        case schema
        /// Anything else the driver reported.
        case other
    }

    /// What kind of failure.
    public var code: Code
    /// The driver's message (never includes bound parameter values).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Whether retrying the whole transaction may succeed.
    public var isTransient: Bool { code == .busy || code == .deadlock }

    public var description: String { "database \(code.rawValue): \(message)" }
}
