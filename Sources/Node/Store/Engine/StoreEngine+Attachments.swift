import Database
import MAPI

/// Attachment data as read back: inline bytes from the database or a stream from the blob store.
public enum AttachmentData {
    case inline([UInt8])
    case blob(BlobReader)

    /// The number of bytes not yet read.
    public var remainingBytes: Int64 {
        switch self {
        case .inline(let bytes): Int64(bytes.count)
        case .blob(let reader): reader.remainingBytes
        }
    }

    /// Skips `count` bytes (a chunked download resuming at an offset).
    public mutating func skip(_ count: Int64) throws {
        switch self {
        case .inline(let bytes): self = .inline(Array(bytes.dropFirst(Int(clamping: count))))
        case .blob(let reader): try reader.skip(count)
        }
    }

    /// Reads up to `maxBytes`; an empty array at the end.
    public mutating func read(maxBytes: Int) throws -> [UInt8] {
        switch self {
        case .inline(let bytes):
            let chunk = Array(bytes.prefix(maxBytes))
            self = .inline(Array(bytes.dropFirst(chunk.count)))
            return chunk
        case .blob(let reader):
            return try reader.read(maxBytes: maxBytes)
        }
    }
}

extension StoreEngine {
    /// Adds an attachment to a message; returns its PR_ATTACH_NUM.
    @discardableResult
    public func addAttachment(to entryID: EntryID, _ attachment: NewAttachment) throws(MAPIError) -> Int32 {
        try validateIncoming(attachment.properties)
        if case .message(let embedded) = attachment.content { try validate(embedded) }
        let prepared = try stageLargeData([attachment])
        return try discardingStaged(prepared) { () throws(MAPIError) -> Int32 in
            try write { tx in
                let (store, row) = try tx.reader.message(entryID)
                let next = try tx.reader.first("SELECT COALESCE(MAX(attach_num) + 1, 0) FROM attachments WHERE message_id = ?", [.integer(row.id)])!
                    .integer(0)
                let number = Int32(next)
                try insertAttachment(tx, store: store, messageID: row.id, number: number, prepared[0])
                var updated = row
                updated.size += MessageSizes.of(prepared[0])
                var props = try fullProperties(tx.reader, row)
                let flags = UInt32(truncatingIfNeeded: props[tag: .messageFlags]?.integer ?? 0) | MessageFlags.hasAttachments.rawValue
                props[id: PropertyTag.messageFlags.id] = .long(Int32(bitPattern: flags))
                _ = try rewriteMessage(tx, store: store, row: updated, props: props)
                return number
            }
        }
    }

    /// Removes an attachment from a message.
    public func deleteAttachment(from entryID: EntryID, number: Int32) throws(MAPIError) {
        try write { tx in
            let (store, row) = try tx.reader.message(entryID)
            guard let attachment = try tx.reader.first(
                "SELECT id, blob_hash, size, props FROM attachments WHERE message_id = ? AND attach_num = ?",
                [.integer(row.id), .integer(Int64(number))])
            else { throw MAPIError(.notFound, "message has no attachment \(number)") }
            let attachmentID = try attachment.integer(0)
            let embedded = try tx.reader.query("SELECT id FROM messages WHERE parent_attachment = ?", [.integer(attachmentID)]).map { try $0.integer(0) }
            try purgeMessageRows(tx, ids: embedded)
            if let hash = attachment[1].blob.flatMap(BlobHash.init(bytes:)) { try releaseBlob(tx, hash) }
            try tx.execute("DELETE FROM attachments WHERE id = ?", [.integer(attachmentID)])
            var updated = row
            updated.size -= try attachment.integer(2)
            var props = try fullProperties(tx.reader, row)
            if try tx.reader.first("SELECT 1 FROM attachments WHERE message_id = ?", [.integer(row.id)]) == nil {
                let flags = UInt32(truncatingIfNeeded: props[tag: .messageFlags]?.integer ?? 0) & ~MessageFlags.hasAttachments.rawValue
                props[id: PropertyTag.messageFlags.id] = .long(Int32(bitPattern: flags))
            }
            _ = try rewriteMessage(tx, store: store, row: updated, props: props)
        }
    }

    /// Opens an attachment's data for streaming.
    public func attachmentData(of entryID: EntryID, number: Int32) throws(MAPIError) -> AttachmentData {
        let (inline, hash, size) = try read { tx -> ([UInt8]?, BlobHash?, Int64?) in
            let (_, row) = try tx.reader.message(entryID)
            guard let attachment = try tx.first(
                "SELECT a.data, a.blob_hash, b.size FROM attachments a LEFT JOIN blobs b ON b.hash = a.blob_hash WHERE a.message_id = ? AND a.attach_num = ?",
                [.integer(row.id), .integer(Int64(number))])
            else { throw MAPIError(.notFound, "message has no attachment \(number)") }
            return (attachment[0].blob, attachment[1].blob.flatMap(BlobHash.init(bytes:)), attachment[2].integer)
        }
        // The size from the row spares S3 a HEAD request per chunk.
        if let hash { return try Self.mapErrors { .blob(try blobs.openReader(hash, size: size, verify: false)) } }
        return .inline(inline ?? [])
    }

    /// The message embedded in an attachment (ATTACH_EMBEDDED_MSG).
    public func embeddedMessage(of entryID: EntryID, number: Int32) throws(MAPIError) -> Message {
        try read { tx in
            let (store, row) = try tx.reader.message(entryID)
            guard let attachment = try tx.first(
                "SELECT id FROM attachments WHERE message_id = ? AND attach_num = ?", [.integer(row.id), .integer(Int64(number))])
            else { throw MAPIError(.notFound, "message has no attachment \(number)") }
            guard let embedded = try tx.first("SELECT \(MessageRow.columns) FROM messages WHERE parent_attachment = ?", [.integer(try attachment.integer(0))])
            else { throw MAPIError(.notFound, "attachment \(number) holds no message") }
            return try loadMessage(tx.reader, store: store, row: try MessageRow(embedded))
        }
    }

    // MARK: - Internals

    /// Moves attachment bytes over the inline limit into staged blobs before a transaction starts,
    /// so that large file writes never happen under the database's write lock.
    func stageLargeData(_ attachments: [NewAttachment]) throws(MAPIError) -> [NewAttachment] {
        try Self.mapErrors {
            try attachments.map { attachment in
                var copy = attachment
                switch attachment.content {
                case .bytes(let bytes) where bytes.count > configuration.inlineAttachmentLimit:
                    let writer = try blobs.makeWriter()
                    try writer.write(bytes)
                    copy.content = .staged(try writer.finish())
                case .message(var embedded):
                    embedded.attachments = try stageLargeData(embedded.attachments)
                    copy.content = .message(embedded)
                default: break
                }
                return copy
            }
        }
    }

    /// Prepares the staged blobs for publishing (S3 uploads them, outside any transaction) and
    /// runs `body`; if either fails, removes the temporary files of blobs it did not publish.
    func discardingStaged<T>(_ attachments: [NewAttachment], _ body: () throws(MAPIError) -> T) throws(MAPIError) -> T {
        func prepare(_ list: [NewAttachment]) throws {
            for attachment in list {
                switch attachment.content {
                case .staged(let staged): try blobs.prepare(staged)
                case .message(let embedded): try prepare(embedded.attachments)
                default: break
                }
            }
        }
        do {
            try Self.mapErrors { try prepare(attachments) }
            return try body()
        } catch {
            func discard(_ list: [NewAttachment]) {
                for attachment in list {
                    switch attachment.content {
                    case .staged(let staged): blobs.discard(staged)
                    case .message(let embedded): discard(embedded.attachments)
                    default: break
                    }
                }
            }
            discard(attachments)
            throw error
        }
    }

    func insertAttachment(_ tx: WriteTransaction, store: StoreRow, messageID: Int64, number: Int32, _ attachment: NewAttachment) throws {
        var props = PropertySet(attachment.properties)
        let size = MessageSizes.of(attachment)
        props[id: PropertyTag.attachNumber.id] = .long(number)
        props[id: PropertyTag.attachSize.id] = .long(Int32(clamping: size))
        var data: SQLValue = .null
        var hash: SQLValue = .null
        switch attachment.content {
        case .none:
            break
        case .bytes(let bytes) where bytes.count <= configuration.inlineAttachmentLimit:
            data = .blob(bytes)
            props[id: PropertyTag.attachMethod.id] = props[id: PropertyTag.attachMethod.id] ?? .long(Int32(AttachMethod.byValue.rawValue))
        case .bytes:
            preconditionFailure("large attachment bytes must be staged before the transaction (stageLargeData)")
        case .staged(let staged):
            try retainBlob(tx, staged.hash, size: staged.size)
            try blobs.publish(staged)
            hash = .blob(staged.hash.bytes)
            props[id: PropertyTag.attachMethod.id] = props[id: PropertyTag.attachMethod.id] ?? .long(Int32(AttachMethod.byValue.rawValue))
        case .message:
            props[id: PropertyTag.attachMethod.id] = .long(Int32(AttachMethod.embeddedMessage.rawValue))
        }
        try tx.execute(
            "INSERT INTO attachments (message_id, attach_num, props, data, blob_hash, size) VALUES (?, ?, ?, ?, ?, ?)",
            [.integer(messageID), .integer(Int64(number)), .blob(PropertyCodec.encode(props)), data, hash, .integer(size)])
        if case .message(let embedded) = attachment.content {
            _ = try insertMessage(tx, store: store, folderID: nil, parentAttachment: tx.connection.lastInsertID, message: embedded)
        }
    }

    /// The attachment table of a message (no data).
    func attachmentTable(_ tx: ReadTransaction, messageID: Int64) throws -> [PropertySet] {
        try tx.query("SELECT props FROM attachments WHERE message_id = ? ORDER BY attach_num", [.integer(messageID)])
            .map { try PropertyCodec.decode(try $0.blob(0)) }
    }

    /// Copies the attachments of one message to another: blob data by reference, embedded
    /// messages deeply.
    func copyAttachments(_ tx: WriteTransaction, store: StoreRow, from source: Int64, to target: Int64) throws {
        let rows = try tx.reader.query(
            "SELECT id, attach_num, props, data, blob_hash, size FROM attachments WHERE message_id = ? ORDER BY attach_num",
            [.integer(source)])
        for row in rows {
            let hash = row[4].blob.flatMap(BlobHash.init(bytes:))
            if let hash { try retainBlob(tx, hash, size: try row.integer(5)) }
            try tx.execute(
                "INSERT INTO attachments (message_id, attach_num, props, data, blob_hash, size) VALUES (?, ?, ?, ?, ?, ?)",
                [.integer(target), row[1], row[2], row[3], row[4], row[5]])
            let newAttachment = tx.connection.lastInsertID
            if let embedded = try tx.reader.first("SELECT \(MessageRow.columns) FROM messages WHERE parent_attachment = ?", [.integer(try row.integer(0))]) {
                _ = try duplicateMessage(tx, store: store, row: try MessageRow(embedded), folderID: nil, parentAttachment: newAttachment)
            }
        }
    }

    /// Counts one more reference to a blob (creating its row). Must come before publishing the
    /// file: the row lock orders it after any garbage collection of the same hash.
    func retainBlob(_ tx: WriteTransaction, _ hash: BlobHash, size: Int64) throws {
        let sql =
            tx.connection.dialect == .sqlite
            ? "INSERT INTO blobs (hash, size, refcount) VALUES (?, ?, 1) ON CONFLICT (hash) DO UPDATE SET refcount = refcount + 1"
            : "INSERT INTO blobs (hash, size, refcount) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE refcount = refcount + 1"
        try tx.execute(sql, [.blob(hash.bytes), .integer(size)])
    }

    /// Counts one reference less. A blob at zero is removed later by ``collectGarbage()``.
    func releaseBlob(_ tx: WriteTransaction, _ hash: BlobHash) throws {
        try tx.execute("UPDATE blobs SET refcount = refcount - 1 WHERE hash = ? AND refcount > 0", [.blob(hash.bytes)])
    }

    /// Removes blobs nobody references any more; returns how many. Each removal deletes the row
    /// and unlinks the file inside one transaction holding the row, so a writer retaining the same
    /// content waits and then publishes the file again.
    @discardableResult
    public func collectGarbage() throws(MAPIError) -> Int {
        let candidates = try read { tx in
            try tx.query("SELECT hash FROM blobs WHERE refcount = 0").compactMap { BlobHash(bytes: try $0.blob(0)) }
        }
        var removed = 0
        for hash in candidates {
            let gone = try write { tx -> Bool in
                guard try tx.execute("DELETE FROM blobs WHERE hash = ? AND refcount = 0", [.blob(hash.bytes)]) == 1 else { return false }
                try blobs.remove(hash)
                return true
            }
            if gone { removed += 1 }
        }
        return removed
    }

    /// Removes the object of `hash` if no row references it, like ``collectGarbage()``: inside
    /// one transaction that holds the blob's row — a placeholder at zero references when there is
    /// none — so that an attachment of the same content being written now (the server serves
    /// while it recovers) waits, then finds no object and publishes its own. Without the row lock
    /// the object could go just after such a writer found it there.
    func removeOrphanObject(_ hash: BlobHash) throws(MAPIError) -> Bool {
        try write { tx -> Bool in
            try tx.execute(tx.connection.dialect.insertOrIgnore + " INTO blobs (hash, size, refcount) VALUES (?, 0, 0)", [.blob(hash.bytes)])
            guard try tx.execute("DELETE FROM blobs WHERE hash = ? AND refcount = 0", [.blob(hash.bytes)]) == 1 else { return false }
            try blobs.remove(hash)
            return true
        }
    }

    /// After taking a server: clear what a crashed writer may have left — temporary files, blob
    /// files no row references, rows at zero references.
    func recoverAfterTakeover() throws(MAPIError) {
        let temporary = try Self.mapErrors { try blobs.removeTemporaryFiles() }
        let referenced = try read { tx in
            Set(try tx.query("SELECT hash FROM blobs WHERE refcount > 0").compactMap { BlobHash(bytes: try $0.blob(0)) })
        }
        var orphans = 0
        for hash in try Self.mapErrors({ try blobs.allHashes() }) where !referenced.contains(hash) {
            if try removeOrphanObject(hash) { orphans += 1 }
        }
        let collected = try collectGarbage()
        if temporary + orphans + collected > 0 {
            logger.notice(
                "blob store recovered",
                metadata: ["blobs.temporary": "\(temporary)", "blobs.orphans": "\(orphans)", "blobs.collected": "\(collected)"])
        }
    }
}
