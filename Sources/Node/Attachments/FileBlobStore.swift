import Foundation

/// The file backend of ``BlobStore``: a content-addressed folder of blob files, on local disk
/// or on a file system several nodes share (NFS), so that any node can serve the server.
///
/// Every blob is a file named by the SHA-256 of its content, so equal content is stored once
/// (single instance). The layout under `root`:
///
///     objects/ab/cd/abcd…(64 hex digits)          complete blobs, never modified once there
///     tmp/blob-<16 hex>-<pid>-<node>.tmp          blobs being written or staged, by node
///
/// **Guarantee.** A name under `objects/` only ever appears through `rename(2)` of a temporary
/// file that was fsynced first, so a reader never sees a partial blob (on NFS too: rename is
/// atomic on the server), and a crash at any point leaves only temporary files (removed by
/// ``removeTemporaryFiles(olderThan:now:)``) and complete blobs (which the engine, holding the
/// reference counts, finds with ``allHashes()``).
///
/// **Shared folders.** Each node stages in `tmp/` under names that carry its node name
/// (``TemporaryBlobName``); a sweep removes this node's files and other nodes' only after
/// ``BlobStagingArea/foreignAge`` without a write, so one node's cleanup never removes another
/// node's upload in progress. Publishing the same content from two nodes at once is safe: both
/// renames put identical bytes under the name.
///
/// **Writing** is two-phase so that the engine can order it with its own transaction:
/// ``makeWriter()`` → ``BlobWriter/finish()`` gives a durable ``StagedBlob``; ``publish(_:)``
/// makes it visible and durable under its hash, or ``discard(_:)`` drops it.
///
/// **fsync points.** `finish()` fsyncs the temporary file. `publish` creates missing folders,
/// renames, then fsyncs the object's folder, its parent and `objects/` (always all three: a
/// folder made by a concurrent publisher may not be durable yet, and fsync of a clean folder
/// is cheap). ``remove(_:)`` fsyncs the object's folder after unlinking. `tmp/` itself is never
/// fsynced: a temporary name that a crash resurrects is swept like any other.
///
/// The store holds no mutable state; it is safe to share between tasks and threads, and
/// between processes on the same root. Calls block on disk I/O: run them off event loops.
public final class FileBlobStore: BlobStore {
    /// The default ``maximumBlobBytes``: 2 GiB.
    public static let defaultMaximumBlobBytes: Int64 = 2 << 30

    /// The absolute path of the store's folder.
    public let root: String
    /// The largest blob a ``BlobWriter`` accepts.
    public let maximumBlobBytes: Int64

    /// The folder of blobs being written (`root/tmp`).
    public let staging: BlobStagingArea
    private let objectsPath: String

    /// The root folder.
    public var location: String { root }

    /// Opens the store at `root`, creating `root`, `objects/` and `tmp/` (mode 0700) as
    /// needed. A relative `root` is resolved against the current directory now. `node` names
    /// this process's temporary files (default: the host name); nodes sharing the folder must
    /// use different names. Other nodes' temporary files are swept after `foreignAge`.
    public init(
        root: String, maximumBlobBytes: Int64 = FileBlobStore.defaultMaximumBlobBytes,
        node: String = ProcessInfo.processInfo.hostName, foreignAge: Duration = BlobStagingArea.defaultForeignAge
    ) throws {
        precondition(maximumBlobBytes > 0, "FileBlobStore needs maximumBlobBytes > 0")
        let absolute = BlobStagingArea.absolute(root)
        self.root = absolute
        self.maximumBlobBytes = maximumBlobBytes
        self.objectsPath = absolute == "/" ? "/objects" : absolute + "/objects"

        try BlobStagingArea.makeDirectoryTree(absolute)
        _ = try SystemCall.makeDirectory(objectsPath, "create objects folder")
        staging = try BlobStagingArea(
            path: absolute == "/" ? "/tmp" : absolute + "/tmp", node: node, foreignAge: foreignAge,
            maximumBlobBytes: maximumBlobBytes)
        try SystemCall.syncDirectory(absolute, "sync store folder")
    }

    // MARK: Writing

    /// A writer streaming into a new temporary file (created with `O_EXCL`, mode 0600).
    public func makeWriter() throws -> BlobWriter {
        try staging.makeWriter()
    }

    /// Nothing: publishing is a rename, done inside the transaction.
    public func prepare(_ staged: StagedBlob) throws {}

    /// Makes a staged blob visible under its hash; when this returns, the object is complete
    /// and durable.
    ///
    /// The temporary file is always renamed onto the object path, also when the object exists
    /// already: the content is the same by definition, `rename(2)` replaces atomically (readers
    /// of the old file keep their bytes), and a damaged old copy is healed. Publishing the same
    /// `StagedBlob` again succeeds if the object is there (the first call may have renamed it
    /// and failed later, at an fsync).
    public func publish(_ staged: StagedBlob) throws {
        precondition(staging.holds(staged), "StagedBlob was written by a BlobStore with another root")
        let folders = objectFolders(of: staged.hash)
        let target = objectPath(of: staged.hash)
        _ = try SystemCall.makeDirectory(folders.outer, "create object folder")
        _ = try SystemCall.makeDirectory(folders.inner, "create object folder")
        do {
            try SystemCall.rename(staged.temporaryPath, target, "publish blob")
        } catch let error as BlobStoreError where error.errno == SystemCall.noSuchFile {
            guard try SystemCall.status(target, "check object")?.isRegularFile == true else {
                throw error
            }
        }
        try SystemCall.syncDirectory(folders.inner, "sync object folder")
        try SystemCall.syncDirectory(folders.outer, "sync object folder")
        try SystemCall.syncDirectory(objectsPath, "sync objects folder")
    }

    /// Removes a staged blob's temporary file. Failures are ignored: a left-over file is swept
    /// by ``removeTemporaryFiles(olderThan:now:)``.
    public func discard(_ staged: StagedBlob) {
        staging.discard(staged)
    }

    // MARK: Reading

    /// Whether a complete blob with this hash is stored.
    public func contains(_ hash: BlobHash) -> Bool {
        (try? SystemCall.status(objectPath(of: hash), "check object"))??.isRegularFile == true
    }

    /// The length of a stored blob in bytes; throws ``BlobStoreError/Code/notFound``.
    public func size(of hash: BlobHash) throws -> Int64 {
        guard let status = try SystemCall.status(objectPath(of: hash), "check object"),
            status.isRegularFile
        else {
            throw BlobStoreError.notFound(hash)
        }
        return status.size
    }

    /// Opens a stored blob for reading; throws ``BlobStoreError/Code/notFound``. The size is
    /// the file's (`size` is not needed). With `verify` the reader re-hashes the content and
    /// throws ``BlobStoreError/Code/corrupt`` at the end if it does not match.
    public func openReader(_ hash: BlobHash, size: Int64?, verify: Bool) throws -> BlobReader {
        let fd: Int32
        do {
            fd = try SystemCall.openForReading(objectPath(of: hash), "open blob")
        } catch let error as BlobStoreError where error.errno == SystemCall.noSuchFile {
            throw BlobStoreError.notFound(hash)
        }
        do {
            let status = try SystemCall.status(fd, "check blob")
            guard status.isRegularFile else { throw BlobStoreError.notFound(hash) }
            return BlobReader(source: FileBlobSource(fd: fd), hash: hash, size: status.size, verify: verify)
        } catch {
            SystemCall.close(fd)
            throw error
        }
    }

    // MARK: Removing and sweeping

    /// Removes a blob and makes the removal durable; removing a missing blob is not an error.
    /// Open readers keep reading. Empty folders are kept (at most 65,536 of them).
    public func remove(_ hash: BlobHash) throws {
        try SystemCall.unlink(objectPath(of: hash), "remove blob")
        let folder = objectFolders(of: hash).inner
        do {
            try SystemCall.syncDirectory(folder, "sync object folder")
        } catch let error as BlobStoreError where error.errno == SystemCall.noSuchFile {
            return
        }
    }

    /// The hashes of all complete blobs, sorted by hex. Names that do not fit the layout
    /// (stray files, wrong case, misplaced objects) are skipped, and so are temporary files.
    public func allHashes() throws -> [BlobHash] {
        var hashes: [BlobHash] = []
        for outer in try listFolders(objectsPath) {
            let outerPath = objectsPath + "/" + outer
            for inner in try listFolders(outerPath) {
                let innerPath = outerPath + "/" + inner
                let prefix = outer + inner
                let entries = try SystemCall.listDirectory(innerPath, "list objects") ?? []
                for entry in entries.sorted(by: { $0.name < $1.name }) {
                    guard entry.name.utf8.count == BlobHash.byteCount * 2,
                        entry.name.hasPrefix(prefix),
                        let hash = BlobHash(hex: entry.name), hash.hex == entry.name,
                        try isRegularFile(entry, in: innerPath)
                    else { continue }
                    hashes.append(hash)
                }
            }
        }
        return hashes
    }

    /// Every complete blob with its file size.
    public func allBlobSizes() throws -> [BlobHash: Int64] {
        var sizes: [BlobHash: Int64] = [:]
        for hash in try allHashes() {
            if let status = try SystemCall.status(objectPath(of: hash), "check object"), status.isRegularFile {
                sizes[hash] = status.size
            }
        }
        return sizes
    }

    /// Removes left-overs in `tmp/` (from crashes, or staged blobs never published or
    /// discarded) and returns how many files went: this node's, and other nodes' untouched for
    /// ``BlobStagingArea/foreignAge``.
    ///
    /// With `age`, only files not modified for at least that long before `now` are removed;
    /// writers in progress touch their file with every flush, so an age well above the longest
    /// pause in an upload is safe while the store is in use. Without `age` every temporary
    /// file of this node is removed: do that only when this node has no writer or unpublished
    /// `StagedBlob` on the store, e.g. at startup or takeover. (A writer whose file was swept
    /// fails in `publish` with an `io` error; it never publishes partial data.)
    @discardableResult
    public func removeTemporaryFiles(olderThan age: Duration? = nil, now: Date = Date()) throws -> Int {
        try staging.removeTemporaryFiles(olderThan: age, now: now)
    }

    // MARK: Layout

    /// `root/objects/ab/cd/abcd…` for a hash starting `abcd`.
    func objectPath(of hash: BlobHash) -> String {
        objectFolders(of: hash).inner + "/" + hash.hex
    }

    private func objectFolders(of hash: BlobHash) -> (outer: String, inner: String) {
        let hex = hash.hex
        let outer = objectsPath + "/" + hex.prefix(2)
        return (outer, outer + "/" + hex.dropFirst(2).prefix(2))
    }

    /// The sorted two-hex-digit folder names in `path`; anything else is skipped.
    private func listFolders(_ path: String) throws -> [String] {
        let entries = try SystemCall.listDirectory(path, "list objects") ?? []
        return try entries.filter { entry in
            let digits = Array(entry.name.utf8)
            guard digits.count == 2, digits.allSatisfy(Self.isLowercaseHexDigit) else {
                return false
            }
            if let isDirectory = entry.isDirectory { return isDirectory }
            return try SystemCall.status(path + "/" + entry.name, "check object folder")?
                .isDirectory == true
        }
        .map(\.name)
        .sorted()
    }

    private func isRegularFile(_ entry: SystemCall.Entry, in folder: String) throws -> Bool {
        if let isRegularFile = entry.isRegularFile { return isRegularFile }
        return try SystemCall.status(folder + "/" + entry.name, "check object")?.isRegularFile
            == true
    }

    private static func isLowercaseHexDigit(_ digit: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(digit)
    }
}
