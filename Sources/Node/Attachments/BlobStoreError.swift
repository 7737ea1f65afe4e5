/// An error from the ``BlobStore``, classified so that callers can react without parsing text.
///
/// Messages are short and never contain file system paths; log the store's root separately
/// if the location matters.
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

    /// `blob store io: rename object: No space left on device`.
    public var description: String { "blob store \(code.rawValue): \(message)" }
}
