import Foundation
import MAPI
import Synchronization

/// Attachment uploads in progress (CreateAttachment with more=true, then AppendAttachment):
/// each streams into a staged blob until its last chunk attaches it.
///
/// An upload belongs to the session's user and item; chunks must come in order (`offset` = the
/// bytes received so far); a chunk sent again after a lost answer (same offset and length as
/// the last one) is acknowledged without being written twice. Uploads idle longer than the
/// timeout, or beyond the limit, are dropped and their staged data deleted.
final class AttachmentUploads: Sendable {
    /// One upload's writer; used by one request at a time (``Entry/busy``).
    final class Upload: @unchecked Sendable {
        let owner: String
        let item: EntryID
        let properties: [Property]
        let writer: BlobWriter
        var lastChunk: (offset: Int64, count: Int)?

        init(owner: String, item: EntryID, properties: [Property], writer: BlobWriter) {
            self.owner = owner
            self.item = item
            self.properties = properties
            self.writer = writer
        }
    }

    private struct Entry {
        var upload: Upload
        var lastUse: ContinuousClock.Instant
        var busy: Bool
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let limit: Int
    private let idleTimeout: Duration

    init(limit: Int, idleTimeout: Duration) {
        self.limit = limit
        self.idleTimeout = idleTimeout
    }

    /// Opens an upload (blocking: creates the staging file).
    func open(owner: String, item: EntryID, properties: [Property], blobs: any BlobStore) throws -> (id: String, upload: Upload) {
        try dropIdle()
        let writer = try blobs.makeWriter()
        let upload = Upload(owner: owner, item: item, properties: properties, writer: writer)
        let id = UUID().uuidString.lowercased()
        let admitted = entries.withLock { entries -> Bool in
            guard entries.count < limit else { return false }
            entries[id] = Entry(upload: upload, lastUse: .now, busy: true)
            return true
        }
        guard admitted else {
            writer.cancel()
            throw MAPIError(.notEnoughMemory, "too many attachment uploads in progress; retry later")
        }
        return (id, upload)
    }

    /// Takes the upload `id` of `owner` for one chunk; give it back with ``release(_:)`` or
    /// ``finish(_:)``.
    func take(_ id: String, owner: String) throws -> Upload {
        try entries.withLock { entries throws(MAPIError) -> Upload in
            guard var entry = entries[id], entry.upload.owner == owner else {
                throw MAPIError(.notFound, "no attachment upload \(id.prefix(36)) (finished, expired or not yours)")
            }
            guard !entry.busy else { throw MAPIError(.collision, "a chunk of this upload is being written already") }
            entry.busy = true
            entry.lastUse = .now
            entries[id] = entry
            return entry.upload
        }
    }

    /// Gives an upload back after a chunk.
    func release(_ id: String) {
        entries.withLock { entries in
            entries[id]?.busy = false
            entries[id]?.lastUse = .now
        }
    }

    /// Forgets an upload (finished or failed); a failed one's staged data is deleted.
    func finish(_ id: String, discard: Bool) {
        let removed = entries.withLock { $0.removeValue(forKey: id) }
        if discard { removed?.upload.writer.cancel() }
    }

    private func dropIdle() throws {
        let now = ContinuousClock.now
        let stale = entries.withLock { entries -> [Upload] in
            let ids = entries.filter { !$0.value.busy && now - $0.value.lastUse > idleTimeout }.map(\.key)
            return ids.compactMap { entries.removeValue(forKey: $0)?.upload }
        }
        for upload in stale { upload.writer.cancel() }
    }
}
