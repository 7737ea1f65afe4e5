import Database
import MAPI

extension StoreEngine {
    /// Creates a message in a folder with its recipients and attachments, in one transaction.
    public func createMessage(in folder: EntryID, _ message: NewMessage) throws(MAPIError) -> ObjectIdentity {
        try validate(message)
        var prepared = message
        prepared.attachments = try stageLargeData(message.attachments)
        return try discardingStaged(prepared.attachments) { () throws(MAPIError) -> ObjectIdentity in
            try write { tx in
                let (store, folderRow) = try tx.reader.folder(folder)
                let created = try insertMessage(tx, store: store, folderID: folderRow.id, parentAttachment: nil, message: prepared)
                return ObjectIdentity(store: store.guid, kind: .message, sourceKey: created.sourceKey, changeKey: created.changeKey)
            }
        }
    }

    /// A message with all its properties, its recipient table and its attachment table.
    public func message(_ entryID: EntryID) throws(MAPIError) -> Message {
        try read { tx in
            let (store, row) = try tx.reader.message(entryID)
            return try loadMessage(tx.reader, store: store, row: row)
        }
    }

    /// Some (or all, when `tags` is nil) properties of a message, computed ones included. Asking
    /// for a property the message lacks simply leaves it out.
    public func messageProperties(_ entryID: EntryID, tags: [PropertyTag]? = nil) throws(MAPIError) -> PropertySet {
        let all = try read { tx in
            let (store, row) = try tx.reader.message(entryID)
            return try loadProperties(tx.reader, store: store, row: row)
        }
        guard let tags else { return all }
        var out = PropertySet()
        for tag in tags {
            if let value = all[tag: tag] { out[id: tag.id] = value }
        }
        return out
    }

    /// Sets message properties; a new change key, history and modification time are assigned.
    @discardableResult
    public func setMessageProperties(_ entryID: EntryID, _ properties: [Property]) throws(MAPIError) -> ChangeKey {
        try validateIncoming(properties)
        return try write { tx in
            let (store, row) = try tx.reader.message(entryID)
            var props = try fullProperties(tx.reader, row)
            for property in properties { props.set(property) }
            return try rewriteMessage(tx, store: store, row: row, props: props)
        }
    }

    /// Removes message properties.
    @discardableResult
    public func deleteMessageProperties(_ entryID: EntryID, _ tags: [PropertyTag]) throws(MAPIError) -> ChangeKey {
        for tag in tags {
            _ = try tag.validated()
            if ComputedProperties.isReadOnly(tag.id) { throw MAPIError(.noAccess, "property \(tag) cannot be removed") }
        }
        return try write { tx in
            let (store, row) = try tx.reader.message(entryID)
            var props = try fullProperties(tx.reader, row)
            for tag in tags { props.remove(id: tag.id) }
            return try rewriteMessage(tx, store: store, row: row, props: props)
        }
    }

    /// Replaces the recipient table of a message.
    @discardableResult
    public func setRecipients(_ entryID: EntryID, _ recipients: [[Property]]) throws(MAPIError) -> ChangeKey {
        for row in recipients { try validateIncoming(row) }
        return try write { tx in
            let (store, row) = try tx.reader.message(entryID)
            let old = try tx.reader.query("SELECT props FROM recipients WHERE message_id = ?", [.integer(row.id)])
            let oldSize = try old.reduce(Int64(0)) { $0 + MessageSizes.of(try PropertyCodec.decode(try $1.blob(0))) }
            try tx.execute("DELETE FROM recipients WHERE message_id = ?", [.integer(row.id)])
            try insertRecipients(tx, messageID: row.id, recipients)
            let newSize = recipients.reduce(Int64(0)) { $0 + MessageSizes.of($1) }
            var updated = row
            updated.size += newSize - oldSize
            var props = try fullProperties(tx.reader, row)
            for property in RecipientDisplay.properties(of: recipients.map { PropertySet($0) }) { props.set(property) }
            return try rewriteMessage(tx, store: store, row: updated, props: props)
        }
    }

    /// Marks messages read or unread (MSGFLAG_READ). A read-state change is its own kind of ICS change.
    public func setReadFlags(_ entryIDs: [EntryID], read isRead: Bool) throws(MAPIError) {
        try write { tx in
            for entryID in entryIDs {
                let (store, row) = try tx.reader.message(entryID)
                guard row.isRead != isRead else { continue }
                var props = row.props
                let flags = props[tag: .messageFlags]?.integer ?? 0
                let read = Int64(MessageFlags.read.rawValue)
                props[id: PropertyTag.messageFlags.id] = .long(Int32(truncatingIfNeeded: isRead ? flags | read : flags & ~read))
                let counter = try tx.allocate(store: store.id)
                try tx.execute(
                    "UPDATE messages SET flags = ?, sync_num = ?, props = ? WHERE id = ?",
                    [props[tag: .messageFlags]!.integer.map(SQLValue.integer)!, .integer(counter),
                     .blob(PropertyCodec.encode(props)), .integer(row.id)])
                if let folderID = row.folderID, !row.deleted {
                    try tx.execute(
                        "UPDATE folders SET unread_count = unread_count + ? WHERE id = ?", [.integer(isRead ? -1 : 1), .integer(folderID)])
                }
            }
        }
    }

    /// Copies messages (with recipients, attachments and embedded messages) into a folder of the
    /// same store; returns the copies' entry ids in order.
    public func copyMessages(_ entryIDs: [EntryID], to folder: EntryID) throws(MAPIError) -> [EntryID] {
        try write { tx in
            let (store, target) = try tx.reader.folder(folder)
            return try entryIDs.map { entryID in
                let (source, row) = try tx.reader.message(entryID)
                guard source.id == store.id else { throw MAPIError(.noSupport, "messages are copied within one store") }
                let copy = try duplicateMessage(tx, store: store, row: row, folderID: target.id, parentAttachment: nil)
                return EntryID(store: store.guid, kind: .message, sourceKey: copy.sourceKey)
            }
        }
    }

    /// Moves messages into another folder of the same store. They keep their entry ids and source
    /// keys; ICS reports a deletion in the old folder and a new message in the new one.
    public func moveMessages(_ entryIDs: [EntryID], to folder: EntryID) throws(MAPIError) {
        try write { tx in
            let (store, target) = try tx.reader.folder(folder)
            for entryID in entryIDs {
                let (source, row) = try tx.reader.message(entryID)
                guard source.id == store.id else { throw MAPIError(.noSupport, "messages are moved within one store") }
                guard let from = row.folderID, from != target.id else { continue }
                let counter = try tx.allocate(store: store.id)
                try addTombstone(tx, store: store.id, folderID: from, key: row.sourceKey, changeNumber: counter, soft: false)
                // change_num too: for the target folder's ICS stream the message is new, and a
                // change number at or below a client's state would be exported as a read state only.
                try tx.execute(
                    "UPDATE messages SET folder_id = ?, change_num = ?, sync_num = ?, arrived_num = ? WHERE id = ?",
                    [.integer(target.id), .integer(counter), .integer(counter), .integer(counter), .integer(row.id)])
                try adjustCounts(tx, folderID: from, row: row, sign: -1)
                try adjustCounts(tx, folderID: target.id, row: row, sign: 1)
            }
        }
    }

    /// Deletes messages: soft (recoverable with ``restoreMessages(_:)``, hidden from tables) or hard.
    public func deleteMessages(_ entryIDs: [EntryID], hard: Bool = false) throws(MAPIError) {
        try write { tx in
            for entryID in entryIDs {
                let (store, row) = try tx.reader.message(entryID, includeDeleted: hard)
                try removeMessages(tx, store: store, ids: [row.id], soft: !hard)
            }
        }
    }

    /// Brings soft-deleted messages back into their folders.
    public func restoreMessages(_ entryIDs: [EntryID]) throws(MAPIError) {
        try write { tx in
            for entryID in entryIDs {
                let (store, row) = try tx.reader.message(entryID, includeDeleted: true)
                guard row.deleted, let folderID = row.folderID else { continue }
                let counter = try tx.allocate(store: store.id)
                try tx.execute(
                    "UPDATE messages SET deleted = 0, change_num = ?, sync_num = ?, arrived_num = ? WHERE id = ?",
                    [.integer(counter), .integer(counter), .integer(counter), .integer(row.id)])
                try tx.execute("UPDATE folders SET deleted_count = deleted_count - 1 WHERE id = ?", [.integer(folderID)])
                var live = row
                live.deleted = false
                try adjustCounts(tx, folderID: folderID, row: live, sign: 1)
            }
        }
    }

    /// Soft-deleted messages of a folder (entry ids), for recovery tools.
    public func deletedMessages(in folder: EntryID) throws(MAPIError) -> [EntryID] {
        try read { tx in
            let (store, row) = try tx.reader.folder(folder)
            return try tx.query("SELECT source_key FROM messages WHERE folder_id = ? AND deleted = 1 ORDER BY id", [.integer(row.id)])
                .map { EntryID(store: store.guid, kind: .message, sourceKey: SourceKey(bytes: try $0.blob(0))!) }
        }
    }

    // MARK: - Internals

    func validate(_ message: NewMessage) throws(MAPIError) {
        try validateIncoming(message.properties)
        for row in message.recipients { try validateIncoming(row) }
        for attachment in message.attachments {
            try validateIncoming(attachment.properties)
            if case .message(let embedded) = attachment.content { try validate(embedded) }
        }
    }

    struct InsertedMessage {
        var id: Int64
        var sourceKey: SourceKey
        var changeKey: ChangeKey
    }

    /// Inserts a message row with everything in it. `identity` keeps the source key, change key
    /// and history of an imported version (ICS); otherwise new ones are made.
    func insertMessage(
        _ tx: WriteTransaction, store: StoreRow, folderID: Int64?, parentAttachment: Int64?, message: NewMessage,
        identity: (SourceKey, ChangeKey, PredecessorChangeList)? = nil
    ) throws -> InsertedMessage {
        let counter = try tx.allocate(store: store.id)
        let sourceKey = identity?.0 ?? SourceKey(server: serverGUID, counter: counter)
        let changeKey = identity?.1 ?? ChangeKey(server: serverGUID, changeNumber: counter)
        var history = identity?.2 ?? PredecessorChangeList()
        history.add(changeKey)
        var props = PropertySet(message.properties)
        for property in RecipientDisplay.properties(of: message.recipients.map { PropertySet($0) }) { props.set(property) }
        props[id: PropertyTag.changeKey.id] = .binary(changeKey.bytes)
        props[id: PropertyTag.predecessorChangeList.id] = .binary(history.bytes)
        if props[id: PropertyTag.creationTime.id] == nil { props[id: PropertyTag.creationTime.id] = .sysTime(tx.now) }
        if props[id: PropertyTag.lastModificationTime.id] == nil || identity == nil {
            props[id: PropertyTag.lastModificationTime.id] = .sysTime(tx.now)
        }
        var flags = UInt32(truncatingIfNeeded: props[tag: .messageFlags]?.integer ?? 0)
        if message.attachments.isEmpty { flags &= ~MessageFlags.hasAttachments.rawValue } else { flags |= MessageFlags.hasAttachments.rawValue }
        props[id: PropertyTag.messageFlags.id] = .long(Int32(bitPattern: flags))
        let size = MessageSizes.of(props) + message.recipients.reduce(0) { $0 + MessageSizes.of($1) }
            + message.attachments.reduce(0) { $0 + MessageSizes.of($1) }
        let (small, large) = split(props)
        try tx.execute(
            """
            INSERT INTO messages (store_id, folder_id, parent_attachment, source_key, change_num, sync_num, created_num,
              arrived_num, deleted, size, props, \(MessageColumns.names.joined(separator: ", ")))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .integer(store.id), folderID.map(SQLValue.integer) ?? .null, parentAttachment.map(SQLValue.integer) ?? .null,
                .blob(sourceKey.bytes), .integer(counter), .integer(counter), .integer(counter), .integer(counter), .integer(size),
                .blob(PropertyCodec.encode(small)),
            ] + MessageColumns(props).values)
        let id = tx.connection.lastInsertID
        try insertLargeProperties(tx, messageID: id, large)
        try insertRecipients(tx, messageID: id, message.recipients)
        for (number, attachment) in message.attachments.enumerated() {
            try insertAttachment(tx, store: store, messageID: id, number: Int32(number), attachment)
        }
        if let folderID {
            try SearchIndex.enqueue(tx, messageID: id)
            let unread: Int64 = flags & MessageFlags.read.rawValue == 0 ? 1 : 0
            try tx.execute(
                "UPDATE folders SET content_count = content_count + 1, unread_count = unread_count + ? WHERE id = ?",
                [.integer(unread), .integer(folderID)])
        }
        return InsertedMessage(id: id, sourceKey: sourceKey, changeKey: changeKey)
    }

    /// Small properties stay in the row; values over the threshold go to `large_props`.
    func split(_ props: PropertySet) -> (small: PropertySet, large: [Property]) {
        var small = PropertySet()
        var large: [Property] = []
        for property in props {
            if PropertyCodec.encodedSize(of: property.value) > configuration.largePropertyThreshold {
                large.append(property)
            } else {
                small.set(property)
            }
        }
        return (small, large)
    }

    func insertLargeProperties(_ tx: WriteTransaction, messageID: Int64, _ large: [Property]) throws {
        for property in large {
            try tx.execute(
                "INSERT INTO large_props (message_id, tag, value) VALUES (?, ?, ?)",
                [.integer(messageID), .integer(Int64(property.tag.rawValue)), .blob(PropertyCodec.encode(PropertySet([property])))])
        }
    }

    func insertRecipients(_ tx: WriteTransaction, messageID: Int64, _ recipients: [[Property]]) throws {
        for (index, recipient) in recipients.enumerated() {
            var props = PropertySet(recipient)
            props[id: PropertyTag.rowid.id] = .long(Int32(index))
            try tx.execute(
                "INSERT INTO recipients (message_id, row_id, props) VALUES (?, ?, ?)",
                [.integer(messageID), .integer(Int64(index)), .blob(PropertyCodec.encode(props))])
        }
    }

    /// All stored properties of a message (small and large).
    func fullProperties(_ tx: ReadTransaction, _ row: MessageRow) throws -> PropertySet {
        var props = row.props
        for property in try tx.largeProperties(of: row.id) { props.set(property) }
        return props
    }

    /// Writes a message's new properties with a new change number, change key and history.
    func rewriteMessage(_ tx: WriteTransaction, store: StoreRow, row: MessageRow, props newProps: PropertySet) throws -> ChangeKey {
        let old = try fullProperties(tx.reader, row)
        var props = newProps
        let counter = try tx.allocate(store: store.id)
        let changeKey = ChangeKey(server: serverGUID, changeNumber: counter)
        var history = props[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:)) ?? PredecessorChangeList()
        history.add(changeKey)
        props[id: PropertyTag.changeKey.id] = .binary(changeKey.bytes)
        props[id: PropertyTag.predecessorChangeList.id] = .binary(history.bytes)
        props[id: PropertyTag.lastModificationTime.id] = .sysTime(tx.now)
        let size = row.size - MessageSizes.of(old) + MessageSizes.of(props)
        let (small, large) = split(props)
        try tx.execute(
            "UPDATE messages SET change_num = ?, sync_num = ?, size = ?, props = ?, \(MessageColumns.assignments) WHERE id = ?",
            [.integer(counter), .integer(counter), .integer(size), .blob(PropertyCodec.encode(small))]
                + MessageColumns(props).values + [.integer(row.id)])
        try tx.execute("DELETE FROM large_props WHERE message_id = ?", [.integer(row.id)])
        try insertLargeProperties(tx, messageID: row.id, large)
        if row.folderID != nil { try SearchIndex.enqueue(tx, messageID: row.id) }
        let wasRead = row.isRead
        let isRead = (props[tag: .messageFlags]?.integer ?? 0) & Int64(MessageFlags.read.rawValue) != 0
        if wasRead != isRead, let folderID = row.folderID, !row.deleted {
            try tx.execute("UPDATE folders SET unread_count = unread_count + ? WHERE id = ?", [.integer(isRead ? -1 : 1), .integer(folderID)])
        }
        return changeKey
    }

    /// Removes messages (soft: marks them deleted; hard: deletes rows, attachments and blobs'
    /// references) with ICS tombstones and folder counts.
    func removeMessages(_ tx: WriteTransaction, store: StoreRow, ids: [Int64], soft: Bool) throws {
        guard !ids.isEmpty else { return }
        var counter = try tx.allocate(store: store.id, count: ids.count)
        for id in ids {
            let row = try tx.reader.message(id: id)
            defer { counter += 1 }
            guard let folderID = row.folderID else { continue }
            if soft {
                guard !row.deleted else { continue }
                try tx.execute("UPDATE messages SET deleted = 1, sync_num = ? WHERE id = ?", [.integer(counter), .integer(id)])
                try adjustCounts(tx, folderID: folderID, row: row, sign: -1)
                try tx.execute("UPDATE folders SET deleted_count = deleted_count + 1 WHERE id = ?", [.integer(folderID)])
            } else {
                if row.deleted {
                    try tx.execute("UPDATE folders SET deleted_count = deleted_count - 1 WHERE id = ?", [.integer(folderID)])
                } else {
                    try adjustCounts(tx, folderID: folderID, row: row, sign: -1)
                }
                try purgeMessageRows(tx, ids: [id])
            }
            try addTombstone(tx, store: store.id, folderID: folderID, key: row.sourceKey, changeNumber: counter, soft: soft)
        }
    }

    /// Deletes message rows and everything hanging off them (recipients, large properties,
    /// attachments with their blob references, embedded messages, search entries).
    func purgeMessageRows(_ tx: WriteTransaction, ids: [Int64]) throws {
        for id in ids {
            for attachment in try tx.reader.query("SELECT id, blob_hash FROM attachments WHERE message_id = ?", [.integer(id)]) {
                let attachmentID = try attachment.integer(0)
                let embedded = try tx.reader.query("SELECT id FROM messages WHERE parent_attachment = ?", [.integer(attachmentID)])
                    .map { try $0.integer(0) }
                try purgeMessageRows(tx, ids: embedded)
                if let hash = attachment[1].blob.flatMap(BlobHash.init(bytes:)) { try releaseBlob(tx, hash) }
            }
            try tx.execute("DELETE FROM attachments WHERE message_id = ?", [.integer(id)])
            try tx.execute("DELETE FROM recipients WHERE message_id = ?", [.integer(id)])
            try tx.execute("DELETE FROM large_props WHERE message_id = ?", [.integer(id)])
            try SearchIndex.remove(tx, messageID: id)
            try tx.execute("DELETE FROM messages WHERE id = ?", [.integer(id)])
        }
    }

    /// Deep copy of a message row (new keys) into a folder or an attachment.
    func duplicateMessage(
        _ tx: WriteTransaction, store: StoreRow, row: MessageRow, folderID: Int64?, parentAttachment: Int64?
    ) throws -> InsertedMessage {
        var props = try fullProperties(tx.reader, row)
        props.remove(id: PropertyTag.changeKey.id)
        props.remove(id: PropertyTag.predecessorChangeList.id)
        let recipients = try tx.reader.query("SELECT props FROM recipients WHERE message_id = ? ORDER BY row_id", [.integer(row.id)])
            .map { try PropertyCodec.decode(try $0.blob(0)).properties.filter { $0.id != PropertyTag.rowid.id } }
        let copied = try insertMessage(
            tx, store: store, folderID: folderID, parentAttachment: parentAttachment,
            message: NewMessage(properties: props.properties, recipients: recipients, attachments: []))
        try copyAttachments(tx, store: store, from: row.id, to: copied.id)
        // insertMessage sized and flagged the copy without attachments: carry the original's over.
        let flags = props[tag: .messageFlags]?.integer ?? 0
        try tx.execute("UPDATE messages SET size = ?, flags = ? WHERE id = ?", [.integer(row.size), .integer(flags), .integer(copied.id)])
        if flags & Int64(MessageFlags.hasAttachments.rawValue) != 0 {
            var small = try PropertyCodec.decode(try tx.reader.first("SELECT props FROM messages WHERE id = ?", [.integer(copied.id)])!.blob(0))
            small[id: PropertyTag.messageFlags.id] = .long(Int32(truncatingIfNeeded: flags))
            try tx.execute("UPDATE messages SET props = ? WHERE id = ?", [.blob(PropertyCodec.encode(small)), .integer(copied.id)])
        }
        return copied
    }

    func addTombstone(_ tx: WriteTransaction, store: Int64, folderID: Int64, key: SourceKey, changeNumber: Int64, soft: Bool) throws {
        try tx.execute(
            "INSERT INTO tombstones (store_id, folder_id, is_folder, source_key, change_num, soft) VALUES (?, ?, 0, ?, ?, ?)",
            [.integer(store), .integer(folderID), .blob(key.bytes), .integer(changeNumber), .integer(soft ? 1 : 0)])
    }

    /// Adds (`sign` 1) or removes (-1) a live message from a folder's counts.
    func adjustCounts(_ tx: WriteTransaction, folderID: Int64, row: MessageRow, sign: Int64) throws {
        try tx.execute(
            "UPDATE folders SET content_count = content_count + ?, unread_count = unread_count + ? WHERE id = ?",
            [.integer(sign), .integer(row.isRead ? 0 : sign), .integer(folderID)])
    }
}
