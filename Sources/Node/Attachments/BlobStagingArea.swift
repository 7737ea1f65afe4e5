import Foundation

/// The folder where a blob store's incoming data waits: ``BlobWriter``s stream into new files
/// here, hashing as they go, until the ``StagedBlob`` is published or discarded.
///
/// The file store keeps it at `root/tmp` (on the same file system as `objects/`, so publishing
/// is a rename); the S3 store in a local folder of the node (`blob_staging`). Files are named
/// by the node that writes them (``TemporaryBlobName``), and a sweep removes only this node's
/// files and other nodes' files untouched for ``foreignAge`` (``TemporarySweepPolicy``), so
/// that nodes sharing a folder never remove each other's uploads in progress.
public final class BlobStagingArea: Sendable {
    /// The default ``foreignAge``: one day.
    public static let defaultForeignAge: Duration = .seconds(24 * 3600)

    /// The folder's absolute path.
    public let path: String
    /// The node whose files these are (the name part of new files).
    public let node: String
    /// How long another node's file must be untouched before this node removes it.
    public let foreignAge: Duration
    /// The largest blob a writer accepts.
    let maximumBlobBytes: Int64

    /// Uses the folder `path` (created, mode 0700, with missing parents).
    init(path: String, node: String, foreignAge: Duration, maximumBlobBytes: Int64) throws {
        precondition(maximumBlobBytes > 0, "a staging area needs maximumBlobBytes > 0")
        self.path = path
        self.node = TemporaryBlobName.fileSafe(node)
        self.foreignAge = foreignAge
        self.maximumBlobBytes = maximumBlobBytes
        try Self.makeDirectoryTree(path)
    }

    /// A writer streaming into a new file (created with `O_EXCL`, mode 0600).
    func makeWriter() throws -> BlobWriter {
        var generator = SystemRandomNumberGenerator()
        let processID = ProcessInfo.processInfo.processIdentifier
        for _ in 0..<8 {
            let name = TemporaryBlobName(token: generator.next(), processID: processID, node: node)
            let file = path + "/" + name.fileName
            do {
                let fd = try SystemCall.createExclusive(file, "create temporary file")
                return BlobWriter(fd: fd, temporaryPath: file, limit: maximumBlobBytes)
            } catch let error as BlobStoreError where error.errno == SystemCall.fileExists {
                continue
            }
        }
        throw BlobStoreError.io("create temporary file", errno: SystemCall.fileExists)
    }

    /// Whether `staged` was written here.
    func holds(_ staged: StagedBlob) -> Bool {
        staged.temporaryPath.hasPrefix(path + "/")
    }

    /// Removes a staged blob's file; failures are ignored (a left-over is swept).
    func discard(_ staged: StagedBlob) {
        precondition(holds(staged), "StagedBlob was written by another blob store")
        _ = try? SystemCall.unlink(staged.temporaryPath, "remove temporary file")
    }

    /// Removes what ``TemporarySweepPolicy`` allows and returns how many files went. A writer
    /// whose file was swept fails when it publishes (an `io` error); it never publishes
    /// partial data.
    @discardableResult
    func removeTemporaryFiles(olderThan age: Duration?, now: Date) throws -> Int {
        let policy = TemporarySweepPolicy(node: node, foreignAge: foreignAge)
        var removed = 0
        for entry in try SystemCall.listDirectory(path, "list tmp folder") ?? [] {
            let file = path + "/" + entry.name
            guard let status = try SystemCall.status(file, "check temporary file"), !status.isDirectory else { continue }
            let idle = Duration.milliseconds(Int64(max(0, now.timeIntervalSince1970 - status.modified) * 1_000))
            guard policy.shouldRemove(fileName: entry.name, idle: idle, age: age) else { continue }
            if try SystemCall.unlink(file, "remove temporary file") { removed += 1 }
        }
        return removed
    }

    /// `mkdir -p` with mode 0700, fsyncing the parent of every folder it creates.
    static func makeDirectoryTree(_ path: String) throws {
        if SystemCall.isDirectory(path) { return }
        let parent = parentPath(path)
        if parent != path { try makeDirectoryTree(parent) }
        if try SystemCall.makeDirectory(path, "create store folder") {
            try SystemCall.syncDirectory(parent, "sync store folder")
        }
    }

    /// `/a/b` for `/a/b/c`; `/` for `/a`.
    static func parentPath(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` made absolute against the current directory, without trailing slashes.
    static func absolute(_ path: String) -> String {
        var absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        while absolute.count > 1 && absolute.hasSuffix("/") { absolute.removeLast() }
        return absolute
    }
}
