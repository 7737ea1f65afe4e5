import Foundation

/// A content-addressed store of large attachment data on local disk.
///
/// Every blob is a file named by the SHA-256 of its content, so equal content is stored once
/// (single instance). The layout under `root`:
///
///     objects/ab/cd/abcd…(64 hex digits)   complete blobs, never modified once there
///     tmp/blob-<random>.tmp                blobs being written or staged
///
/// **Guarantee.** A name under `objects/` only ever appears through `rename(2)` of a temporary
/// file that was fsynced first, so a reader never sees a partial blob, and a crash at any point
/// leaves only temporary files (removed by ``removeTemporaryFiles(olderThan:now:)``) and
/// complete blobs (which the engine, holding the reference counts, finds with ``allHashes()``).
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
/// Reference counting, and so the ordering of `publish` and `remove` for the same hash, is
/// the caller's job.
public final class BlobStore: Sendable {
    /// The default ``maximumBlobBytes``: 2 GiB.
    public static let defaultMaximumBlobBytes: Int64 = 2 << 30

    /// The absolute path of the store's folder.
    public let root: String
    /// The largest blob a ``BlobWriter`` accepts.
    public let maximumBlobBytes: Int64

    private let objectsPath: String
    private let temporaryPath: String

    /// Opens the store at `root`, creating `root`, `objects/` and `tmp/` (mode 0700) as
    /// needed. A relative `root` is resolved against the current directory now.
    public init(root: String, maximumBlobBytes: Int64 = BlobStore.defaultMaximumBlobBytes) throws {
        precondition(maximumBlobBytes > 0, "BlobStore needs maximumBlobBytes > 0")
        var absolute =
            root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
        while absolute.count > 1 && absolute.hasSuffix("/") { absolute.removeLast() }
        self.root = absolute
        self.maximumBlobBytes = maximumBlobBytes
        self.objectsPath = absolute == "/" ? "/objects" : absolute + "/objects"
        self.temporaryPath = absolute == "/" ? "/tmp" : absolute + "/tmp"

        try Self.makeDirectoryTree(absolute)
        _ = try SystemCall.makeDirectory(objectsPath, "create objects folder")
        _ = try SystemCall.makeDirectory(temporaryPath, "create tmp folder")
        try SystemCall.syncDirectory(absolute, "sync store folder")
    }

    // MARK: Writing

    /// A writer streaming into a new temporary file (created with `O_EXCL`, mode 0600).
    public func makeWriter() throws -> BlobWriter {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let token = String(generator.next() as UInt64, radix: 16)
            let padded = String(repeating: "0", count: 16 - token.count) + token
            let path = temporaryPath + "/blob-" + padded + ".tmp"
            do {
                let fd = try SystemCall.createExclusive(path, "create temporary file")
                return BlobWriter(fd: fd, temporaryPath: path, limit: maximumBlobBytes)
            } catch let error as BlobStoreError where error.errno == SystemCall.fileExists {
                continue
            }
        }
        throw BlobStoreError.io("create temporary file", errno: SystemCall.fileExists)
    }

    /// Makes a staged blob visible under its hash; when this returns, the object is complete
    /// and durable.
    ///
    /// The temporary file is always renamed onto the object path, also when the object exists
    /// already: the content is the same by definition, `rename(2)` replaces atomically (readers
    /// of the old file keep their bytes), and a damaged old copy is healed. Publishing the same
    /// `StagedBlob` again succeeds if the object is there (the first call may have renamed it
    /// and failed later, at an fsync).
    public func publish(_ staged: StagedBlob) throws {
        precondition(
            staged.temporaryPath.hasPrefix(temporaryPath + "/"),
            "StagedBlob was written by a BlobStore with another root")
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
        precondition(
            staged.temporaryPath.hasPrefix(temporaryPath + "/"),
            "StagedBlob was written by a BlobStore with another root")
        _ = try? SystemCall.unlink(staged.temporaryPath, "remove temporary file")
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

    /// Opens a stored blob for reading; throws ``BlobStoreError/Code/notFound``. With `verify`
    /// the reader re-hashes the content and throws ``BlobStoreError/Code/corrupt`` at the end
    /// if it does not match.
    public func openReader(_ hash: BlobHash, verify: Bool = false) throws -> BlobReader {
        let fd: Int32
        do {
            fd = try SystemCall.openForReading(objectPath(of: hash), "open blob")
        } catch let error as BlobStoreError where error.errno == SystemCall.noSuchFile {
            throw BlobStoreError.notFound(hash)
        }
        do {
            let status = try SystemCall.status(fd, "check blob")
            guard status.isRegularFile else { throw BlobStoreError.notFound(hash) }
            return BlobReader(fd: fd, hash: hash, size: status.size, verify: verify)
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

    /// Removes left-overs in `tmp/` (from crashes, or staged blobs never published or
    /// discarded) and returns how many files went.
    ///
    /// With `age`, only files not modified for at least that long before `now` are removed;
    /// writers in progress touch their file with every flush, so an age well above the longest
    /// pause in an upload is safe while the store is in use. Without `age` every temporary
    /// file is removed: do that only when no writer or unpublished `StagedBlob` exists, e.g.
    /// at startup. (A writer whose file was swept fails in `publish` with an `io` error; it
    /// never publishes partial data.)
    @discardableResult
    public func removeTemporaryFiles(
        olderThan age: Duration? = nil, now: Date = Date()
    ) throws -> Int {
        let cutoff = age.map { age in
            let (seconds, attoseconds) = age.components
            return now.timeIntervalSince1970 - (Double(seconds) + Double(attoseconds) * 1e-18)
        }
        var removed = 0
        for entry in try SystemCall.listDirectory(temporaryPath, "list tmp folder") ?? [] {
            let path = temporaryPath + "/" + entry.name
            guard let status = try SystemCall.status(path, "check temporary file"),
                !status.isDirectory
            else { continue }
            if let cutoff, status.modified > cutoff { continue }
            if try SystemCall.unlink(path, "remove temporary file") { removed += 1 }
        }
        return removed
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

    /// `mkdir -p` with mode 0700, fsyncing the parent of every folder it creates.
    private static func makeDirectoryTree(_ path: String) throws {
        if SystemCall.isDirectory(path) { return }
        let parent = parentPath(path)
        if parent != path { try makeDirectoryTree(parent) }
        if try SystemCall.makeDirectory(path, "create store folder") {
            try SystemCall.syncDirectory(parent, "sync store folder")
        }
    }

    private static func parentPath(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
