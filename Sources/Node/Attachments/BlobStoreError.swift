/// An error from the ``BlobStore``, classified so that callers can react without parsing text.
///
/// Messages are short and never contain file system paths or secrets; log the store's
/// location separately if it matters. Mapped once to MAPI codes by the engine
/// (`StoreEngine.mapped`).
public struct BlobStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of failure callers tell apart.
    public enum Code: String, Sendable {
        /// No blob with that hash is stored.
        case notFound
        /// The blob is larger than the limit in ``BlobStoreError/limit``.
        case tooBig
        /// A system call failed; ``BlobStoreError/errno`` says why.
        case io
        /// The stored bytes do not hash to the blob's name (or the file was truncated).
        case corrupt
        /// A remote store (S3) could not be reached or kept failing (connection errors,
        /// timeouts, 5xx, throttling) after the retries; trying later may succeed.
        case unavailable
        /// A remote store refused the credentials or the access (S3 403): a configuration
        /// problem on the node.
        case denied
        /// A remote store refused the request for another reason (a missing bucket, a wrong
        /// region, any other 4xx); retrying does not help.
        case rejected
    }

    /// What kind of failure.
    public var code: Code
    /// A short diagnostic without paths, e.g. `rename object: No space left on device`.
    public var message: String
    /// The POSIX error number for ``Code/io``, otherwise `nil`.
    public var errno: Int32?
    /// The byte limit that was exceeded for ``Code/tooBig``, otherwise `nil`.
    public var limit: Int64?

    /// An error of any code; prefer the static constructors.
    public init(_ code: Code, _ message: String, errno: Int32? = nil, limit: Int64? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.limit = limit
    }

    /// No blob with `hash` is stored.
    public static func notFound(_ hash: BlobHash) -> BlobStoreError {
        BlobStoreError(.notFound, "no blob \(hash.hex)")
    }

    /// A blob (or a read) would exceed `limit` bytes.
    public static func tooBig(limit: Int64) -> BlobStoreError {
        BlobStoreError(.tooBig, "blob exceeds \(limit) bytes", limit: limit)
    }

    /// The system call behind `operation` failed with `errno`.
    public static func io(_ operation: String, errno: Int32) -> BlobStoreError {
        BlobStoreError(.io, "\(operation): \(SystemCall.describe(errno))", errno: errno)
    }

    /// The content of blob `hash` does not match its hash.
    public static func corrupt(_ hash: BlobHash) -> BlobStoreError {
        BlobStoreError(.corrupt, "blob \(hash.hex) does not match its hash")
    }

    /// A remote store could not be reached or kept failing; `message` says what was tried.
    public static func unavailable(_ message: String) -> BlobStoreError {
        BlobStoreError(.unavailable, message)
    }

    /// A remote store refused the credentials or the access.
    public static func denied(_ message: String) -> BlobStoreError {
        BlobStoreError(.denied, message)
    }

    /// A remote store refused the request for good.
    public static func rejected(_ message: String) -> BlobStoreError {
        BlobStoreError(.rejected, message)
    }

    /// `blob store io: rename object: No space left on device`.
    public var description: String { "blob store \(code.rawValue): \(message)" }
}
