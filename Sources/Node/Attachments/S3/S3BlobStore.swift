import Config
import Crypto
import Foundation
import Logging

/// The S3 backend of ``BlobStore``: blobs as objects of one bucket, named like the file
/// store's files (`PREFIX/objects/ab/cd/<sha256 hex>`, so a file store can be copied over with
/// any S3 tool), staged locally first.
///
/// - **Staging** is local (``BlobStagingArea`` in `blob_staging`): a ``BlobWriter`` hashes
///   while it writes, so the object's name and `x-amz-content-sha256` are known before the
///   upload, and S3 checks the bytes it receives against that hash.
/// - **Upload** (``prepare(_:)``, before the database transaction): nothing if an object of the
///   right size is there already (single instance); one PUT below `multipartThreshold`;
///   above it a multipart upload whose parts (`partSize`) are read from the staged file one at
///   a time, so memory holds at most one part whatever the blob's size. A failed multipart
///   upload is aborted.
/// - **Publish** (inside the transaction, after the reference is counted): a HEAD; the upload
///   again only if the object is missing (a garbage collection removed it in between). Then
///   the staged file goes. So no committed row points at a missing object.
/// - **Reads** are ranged GETs, one per chunk the engine asks for; **removal** is DELETE;
///   **listing** is ListObjectsV2 with continuation tokens.
///
/// Requests are retried as ``S3RetryPolicy`` says; failures are ``BlobStoreError``s
/// (`unavailable`, `denied`, `rejected`, `notFound`). Every call blocks its thread.
public final class S3BlobStore: BlobStore {
    /// The bucket, prefix, endpoint and credentials.
    public let settings: S3BlobSettings
    /// Where incoming data waits (local).
    public let staging: BlobStagingArea
    /// The largest blob a writer accepts.
    public let maximumBlobBytes: Int64
    /// Keys per ListObjectsV2 page (S3's maximum is 1,000).
    let listPageSize: Int
    let client: S3Client

    /// `s3://bucket/prefix/`.
    public var location: String { "s3://\(settings.bucket)/\(settings.prefix)" }

    /// A store on the bucket of `settings`, staging in `settings.stagingDirectory` under the
    /// name of `node`. Makes no request (see ``checkAccess()``). `connectAddress` sends the
    /// connections elsewhere than the endpoint's address (tests).
    public init(
        settings: S3BlobSettings, node: String, maximumBlobBytes: Int64 = FileBlobStore.defaultMaximumBlobBytes,
        foreignAge: Duration = BlobStagingArea.defaultForeignAge, retry: S3RetryPolicy = S3RetryPolicy(),
        listPageSize: Int = 1_000, connectAddress: (host: String, port: Int)? = nil, logger: Logger = Logger(label: "tessera.blobs.s3")
    ) throws {
        precondition((1...1_000).contains(listPageSize), "S3 list pages hold 1…1000 keys")
        precondition(settings.partSize >= 5 << 20, "S3 parts but the last must be at least 5 MiB")
        self.settings = settings
        self.maximumBlobBytes = maximumBlobBytes
        self.listPageSize = listPageSize
        staging = try BlobStagingArea(
            path: BlobStagingArea.absolute(settings.stagingDirectory), node: node, foreignAge: foreignAge,
            maximumBlobBytes: maximumBlobBytes)
        client = try S3Client(settings: settings, retry: retry, connectAddress: connectAddress, logger: logger)
    }

    /// Closes the pooled connections to the endpoint (blocking); later calls fail.
    public func shutdown() {
        client.shutdown()
    }

    /// Lists one key, so that a missing bucket, wrong credentials or a wrong region show up
    /// when the node starts rather than at the first attachment.
    public func checkAccess() throws {
        _ = try listPage(maxKeys: 1, continuation: nil)
    }

    // MARK: Writing

    public func makeWriter() throws -> BlobWriter {
        try staging.makeWriter()
    }

    /// Uploads the staged blob unless an object of its size is there already.
    public func prepare(_ staged: StagedBlob) throws {
        precondition(staging.holds(staged), "StagedBlob was written by another blob store")
        if try storedSize(staged.hash) == staged.size { return }
        try upload(staged)
    }

    /// Makes sure the object is there (uploading it again if it went since ``prepare(_:)``),
    /// then removes the staged file.
    public func publish(_ staged: StagedBlob) throws {
        precondition(staging.holds(staged), "StagedBlob was written by another blob store")
        if try storedSize(staged.hash) != staged.size { try upload(staged) }
        staging.discard(staged)
    }

    public func discard(_ staged: StagedBlob) {
        staging.discard(staged)
    }

    // MARK: Reading

    public func contains(_ hash: BlobHash) throws -> Bool {
        try storedSize(hash) != nil
    }

    public func size(of hash: BlobHash) throws -> Int64 {
        guard let size = try storedSize(hash) else { throw BlobStoreError.notFound(hash) }
        return size
    }

    public func openReader(_ hash: BlobHash, size: Int64?, verify: Bool) throws -> BlobReader {
        let size = try size ?? self.size(of: hash)
        return BlobReader(source: S3BlobSource(client: client, key: key(of: hash), hash: hash), hash: hash, size: size, verify: verify)
    }

    // MARK: Removing and listing

    public func remove(_ hash: BlobHash) throws {
        _ = try client.send(.init(operation: "DELETE object", method: "DELETE", key: key(of: hash), passThrough: [404]))
    }

    public func allHashes() throws -> [BlobHash] {
        try allBlobSizes().keys.sorted { $0.hex < $1.hex }
    }

    public func allBlobSizes() throws -> [BlobHash: Int64] {
        var sizes: [BlobHash: Int64] = [:]
        var continuation: String?
        repeat {
            let page = try listPage(maxKeys: listPageSize, continuation: continuation)
            for (key, size) in page.objects {
                if let hash = hash(ofKey: key) { sizes[hash] = size }
            }
            continuation = page.next
        } while continuation != nil
        return sizes
    }

    /// Sweeps the local staging folder (see ``BlobStagingArea``). Incomplete multipart
    /// uploads of crashed nodes are left to the bucket's lifecycle rule
    /// (`AbortIncompleteMultipartUpload`, docs/storage.md).
    @discardableResult
    public func removeTemporaryFiles(olderThan age: Duration?, now: Date) throws -> Int {
        try staging.removeTemporaryFiles(olderThan: age, now: now)
    }

    // MARK: Layout

    /// `PREFIX/objects/ab/cd/abcd…`.
    func key(of hash: BlobHash) -> String {
        let hex = hash.hex
        return settings.prefix + "objects/" + hex.prefix(2) + "/" + hex.dropFirst(2).prefix(2) + "/" + hex
    }

    /// The hash a key names if it fits the layout exactly.
    func hash(ofKey key: String) -> BlobHash? {
        guard key.hasPrefix(settings.prefix), let hash = BlobHash(hex: String(key.suffix(64))), self.key(of: hash) == key else { return nil }
        return hash
    }

    // MARK: Requests

    /// The object's size by HEAD; nil when there is none.
    private func storedSize(_ hash: BlobHash) throws -> Int64? {
        let response = try client.send(.init(operation: "HEAD object", method: "HEAD", key: key(of: hash), passThrough: [404]))
        guard response.status != 404 else { return nil }
        guard let length = response.headers["content-length"].flatMap(Int64.init) else {
            throw BlobStoreError.rejected("S3 HEAD object \(key(of: hash)): no Content-Length in the answer")
        }
        return length
    }

    /// One ListObjectsV2 page under `PREFIX/objects/`.
    private func listPage(maxKeys: Int, continuation: String?) throws -> (objects: [(key: String, size: Int64)], next: String?) {
        var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", settings.prefix + "objects/"), ("max-keys", "\(maxKeys)")]
        if let continuation { query.append(("continuation-token", continuation)) }
        let response = try client.send(.init(operation: "ListObjectsV2", method: "GET", key: nil, query: query))
        let text = String(decoding: response.body, as: UTF8.self)
        let objects = S3XML.elements("Contents", in: text).compactMap { entry -> (String, Int64)? in
            guard let key = S3XML.value("Key", in: String(entry)), let size = S3XML.value("Size", in: String(entry)).flatMap(Int64.init) else { return nil }
            return (key, size)
        }
        let truncated = S3XML.value("IsTruncated", in: text) == "true"
        let next = truncated ? S3XML.value("NextContinuationToken", in: text) : nil
        if truncated && next == nil {
            throw BlobStoreError.rejected("S3 ListObjectsV2 in bucket \(settings.bucket): a truncated page without NextContinuationToken")
        }
        return (objects, next)
    }

    /// Uploads a staged blob: one PUT, or a multipart upload from `multipartThreshold` on.
    private func upload(_ staged: StagedBlob) throws {
        let file = try StagedFile(staged)
        if staged.size < Int64(settings.multipartThreshold) {
            let body = try file.read(at: 0, count: Int(staged.size))
            _ = try client.send(.init(
                operation: "PUT object", method: "PUT", key: key(of: staged.hash), body: body, payloadHash: staged.hash.hex))
        } else {
            try uploadInParts(staged, from: file)
        }
    }

    /// CreateMultipartUpload, UploadPart per `partSize` bytes, CompleteMultipartUpload;
    /// AbortMultipartUpload if anything fails.
    private func uploadInParts(_ staged: StagedBlob, from file: StagedFile) throws {
        let key = key(of: staged.hash)
        let created = try client.send(.init(operation: "CreateMultipartUpload", method: "POST", key: key, query: [("uploads", "")]))
        guard let uploadID = S3XML.value("UploadId", in: String(decoding: created.body, as: UTF8.self)) else {
            throw BlobStoreError.rejected("S3 CreateMultipartUpload \(key): no UploadId in the answer")
        }
        do {
            var parts: [(number: Int, etag: String)] = []
            var offset: Int64 = 0
            while offset < staged.size {
                let number = parts.count + 1
                let bytes = try file.read(at: offset, count: Int(min(Int64(settings.partSize), staged.size - offset)))
                let response = try client.send(.init(
                    operation: "UploadPart \(number)", method: "PUT", key: key,
                    query: [("partNumber", "\(number)"), ("uploadId", uploadID)], body: bytes))
                guard let etag = response.headers["etag"] else {
                    throw BlobStoreError.rejected("S3 UploadPart \(number) of \(key): no ETag in the answer")
                }
                parts.append((number, etag))
                offset += Int64(bytes.count)
            }
            let document = "<CompleteMultipartUpload>"
                + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\(S3XML.escape($0.etag))</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            do {
                _ = try client.send(.init(
                    operation: "CompleteMultipartUpload", method: "POST", key: key, query: [("uploadId", uploadID)],
                    body: Array(document.utf8), errorsIn2xx: true))
            } catch {
                // A retried Complete after the first one succeeded (its answer lost): done.
                if (try? storedSize(staged.hash)) == staged.size { return }
                throw error
            }
        } catch {
            _ = try? client.send(.init(
                operation: "AbortMultipartUpload", method: "DELETE", key: key, query: [("uploadId", uploadID)], passThrough: [404]))
            throw error
        }
    }
}

/// A staged blob's file opened for reading parts.
private struct StagedFile {
    let source: FileBlobSource
    let staged: StagedBlob

    init(_ staged: StagedBlob) throws {
        self.staged = staged
        source = FileBlobSource(fd: try SystemCall.openForReading(staged.temporaryPath, "open staged blob"))
    }

    /// Exactly `count` bytes from `offset`, or an `io` error if the file is shorter.
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        let bytes = try source.read(at: offset, count: count)
        guard bytes.count == count else { throw BlobStoreError(.io, "staged blob \(staged.hash.hex) is shorter than \(staged.size) bytes") }
        return bytes
    }
}

/// A stored object read by ranged GETs, at most 8 MiB per request.
final class S3BlobSource: BlobByteSource {
    static let maximumRange = 8 << 20
    private let client: S3Client
    private let key: String
    private let hash: BlobHash

    init(client: S3Client, key: String, hash: BlobHash) {
        self.client = client
        self.key = key
        self.hash = hash
    }

    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let start = offset + Int64(bytes.count)
            let length = min(count - bytes.count, Self.maximumRange)
            let response = try client.send(.init(
                operation: "GET object", method: "GET", key: key, headers: [("range", "bytes=\(start)-\(start + Int64(length) - 1)")],
                passThrough: [404, 416]))
            switch response.status {
            case 404: throw BlobStoreError.notFound(hash)
            case 416: return bytes  // past the end: the object is shorter than its size
            case 206: break
            default:
                // 200: the whole object, when the server ignores the range.
                guard start == 0 else { throw BlobStoreError.rejected("S3 GET object \(key): HTTP \(response.status) to a ranged request") }
            }
            bytes += response.body.prefix(length)
            if response.body.count < length { break }
        }
        return bytes
    }
}
