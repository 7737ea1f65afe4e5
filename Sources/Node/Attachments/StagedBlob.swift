/// A blob whose bytes are complete and durable in a temporary file, not yet visible in the
/// store: the result of ``BlobWriter/finish()``.
///
/// Hand it to ``BlobStore/publish(_:)`` to make it visible under its hash, or to
/// ``BlobStore/discard(_:)`` to drop it. A staged blob that is neither published nor discarded
/// (say, the process crashed) leaves a temporary file for
/// ``BlobStore/removeTemporaryFiles(olderThan:now:)``.
public struct StagedBlob: Hashable, Sendable {
    /// The SHA-256 of the content, the name it will be published under.
    public let hash: BlobHash
    /// The content's length in bytes.
    public let size: Int64
    /// Where the bytes wait, inside the store's `tmp/` folder (for logs; do not touch the file).
    public let temporaryPath: String

    init(hash: BlobHash, size: Int64, temporaryPath: String) {
        self.hash = hash
        self.size = size
        self.temporaryPath = temporaryPath
    }
}
