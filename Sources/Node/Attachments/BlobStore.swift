import Foundation

/// Where a server's large attachment data lives: a content-addressed store of blobs named by
/// the SHA-256 of their content (``BlobHash``), so equal content is stored once.
///
/// Two backends: ``FileBlobStore`` (a folder, local or shared by several nodes over NFS) and
/// ``S3BlobStore`` (a bucket); ``BlobStoreFactory`` opens the one a server's configuration
/// names. Both stage incoming data locally the same way (``BlobStagingArea``): a
/// ``BlobWriter`` hashes while it writes a temporary file, and its ``StagedBlob`` is then
/// published under its hash.
///
/// **How the engine uses it** (docs/storage.md, "Blob stores"):
/// 1. ``makeWriter()`` → ``BlobWriter/finish()``: the bytes are durable in a staged file.
/// 2. ``prepare(_:)``, before the database transaction: the slow part of publishing that is
///    safe to do early (S3 uploads the object here; the file store does nothing).
/// 3. Inside the transaction, after counting the reference (which locks the blob's row):
///    ``publish(_:)`` makes sure the object is complete under its name, so that no row ever
///    points at a missing object. ``discard(_:)`` drops a staged blob that was not used.
/// 4. ``remove(_:)`` runs inside the transaction that deletes the blob's row at zero
///    references; ``allHashes()`` and ``removeTemporaryFiles(olderThan:now:)`` let a node that
///    takes the server clear what a crashed writer left.
///
/// Every call blocks (disk or network I/O): call it from threads that may block (the engine's
/// blocking executor), never from an event loop. Implementations are safe to share between
/// threads. Reference counting, and so the ordering of `publish` and `remove` for one hash, is
/// the caller's job.
public protocol BlobStore: AnyObject, Sendable {
    /// Where the blobs are, for logs and reports (`/srv/blobs`, `s3://bucket/prefix/`); never
    /// holds a secret.
    var location: String { get }

    /// The largest blob a ``BlobWriter`` of this store accepts.
    var maximumBlobBytes: Int64 { get }

    /// A writer streaming into a new temporary file of the staging area.
    func makeWriter() throws -> BlobWriter

    /// Does what can be done for publishing before the database transaction starts (uploads
    /// to S3); the staged file stays until ``publish(_:)`` or ``discard(_:)``. Optional for the
    /// caller: ``publish(_:)`` alone is always enough.
    func prepare(_ staged: StagedBlob) throws

    /// Makes a staged blob visible and durable under its hash; when this returns the object is
    /// complete. Publishing content that is already stored succeeds, and so does publishing the
    /// same `StagedBlob` again once it was published.
    func publish(_ staged: StagedBlob) throws

    /// Removes a staged blob's temporary file; failures are ignored (the sweep removes it).
    func discard(_ staged: StagedBlob)

    /// Whether a complete blob with this hash is stored.
    func contains(_ hash: BlobHash) throws -> Bool

    /// The length of a stored blob in bytes; throws ``BlobStoreError/Code/notFound``.
    func size(of hash: BlobHash) throws -> Int64

    /// Opens a stored blob for reading; throws ``BlobStoreError/Code/notFound``. `size`, when
    /// the caller knows it (the database row), saves a round trip to S3; a blob shorter than
    /// that reads as ``BlobStoreError/Code/corrupt``. With `verify` the reader re-hashes the
    /// content and throws ``BlobStoreError/Code/corrupt`` at the end if it does not match.
    func openReader(_ hash: BlobHash, size: Int64?, verify: Bool) throws -> BlobReader

    /// Removes a blob; removing a missing blob is not an error. Open readers of the file store
    /// keep reading; S3 readers fail with ``BlobStoreError/Code/notFound`` at their next read.
    func remove(_ hash: BlobHash) throws

    /// The hashes of all complete blobs, sorted by hex. Names that do not fit the layout are
    /// skipped, and so are temporary files.
    func allHashes() throws -> [BlobHash]

    /// Every complete blob with its size in bytes (for the consistency check).
    func allBlobSizes() throws -> [BlobHash: Int64]

    /// Removes this node's left-over temporary files (crashes, staged blobs never published or
    /// discarded), and other nodes' once they are older than the staging area's
    /// ``BlobStagingArea/foreignAge``; returns how many went. With `age`, only files not
    /// modified for that long before `now` are removed. See ``BlobStagingArea``.
    @discardableResult
    func removeTemporaryFiles(olderThan age: Duration?, now: Date) throws -> Int
}

extension BlobStore {
    /// Opens a stored blob for reading, its size found by asking the store.
    public func openReader(_ hash: BlobHash, verify: Bool = false) throws -> BlobReader {
        try openReader(hash, size: nil, verify: verify)
    }

    /// Removes this node's temporary files, and other nodes' older than the foreign age.
    @discardableResult
    public func removeTemporaryFiles() throws -> Int {
        try removeTemporaryFiles(olderThan: nil, now: Date())
    }
}
