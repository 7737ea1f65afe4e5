import Database
import MAPI

extension StoreEngine {
    /// Reads a message with computed properties and its recipient and attachment tables.
    func loadMessage(_ tx: ReadTransaction, store: StoreRow, row: MessageRow) throws -> Message {
        try loadMessages(tx, store: store, rows: [row])[0]
    }

    /// Reads messages with computed properties and their recipient and attachment tables, in
    /// the order of `rows`: one query per table for all of them (an ICS batch costs four queries,
    /// not four per message), and each parent folder read once.
    func loadMessages(_ tx: ReadTransaction, store: StoreRow, rows: [MessageRow]) throws -> [Message] {
        let ids = rows.map(\.id)
        var large: [Int64: [Property]] = [:]
        for row in try MessageBatch.query(tx, "SELECT message_id, tag, value FROM large_props WHERE message_id IN", ids, "ORDER BY message_id, tag") {
            let tag = PropertyTag(rawValue: UInt32(try row.integer(1)))
            guard let value = try PropertyCodec.decode(try row.blob(2))[id: tag.id] else {
                throw MAPIError(.corruptData, "empty large property \(tag)")
            }
            large[try row.integer(0), default: []].append(Property(id: tag.id, value: value))
        }
        var recipients: [Int64: [PropertySet]] = [:]
        for row in try MessageBatch.query(tx, "SELECT message_id, props FROM recipients WHERE message_id IN", ids, "ORDER BY message_id, row_id") {
            recipients[try row.integer(0), default: []].append(try PropertyCodec.decode(try row.blob(1)))
        }
        var attachments: [Int64: [PropertySet]] = [:]
        for row in try MessageBatch.query(
            tx, "SELECT message_id, props FROM attachments WHERE message_id IN", ids, "ORDER BY message_id, attach_num")
        {
            attachments[try row.integer(0), default: []].append(try PropertyCodec.decode(try row.blob(1)))
        }
        var folders: [Int64: FolderRow] = [:]
        return try rows.map { row in
            Message(
                properties: try properties(tx, store: store, row: row, large: large[row.id] ?? [], folders: &folders),
                recipients: recipients[row.id] ?? [], attachments: attachments[row.id] ?? [])
        }
    }

    /// Reads a message's properties, computed ones included, without its recipient and
    /// attachment tables (two queries fewer than ``loadMessage(_:store:row:)``).
    func loadProperties(_ tx: ReadTransaction, store: StoreRow, row: MessageRow) throws -> PropertySet {
        var folders: [Int64: FolderRow] = [:]
        return try properties(tx, store: store, row: row, large: try tx.largeProperties(of: row.id), folders: &folders)
    }

    /// A message's stored properties, its `large` ones and the computed ones; parent folders are
    /// read through `folders`.
    private func properties(
        _ tx: ReadTransaction, store: StoreRow, row: MessageRow, large: [Property], folders: inout [Int64: FolderRow]
    ) throws -> PropertySet {
        var props = row.props
        for property in large { props.set(property) }
        props.setIdentity(.message, sourceKey: row.sourceKey, in: store)
        props[id: PropertyTag.messageSize.id] = .long(Int32(clamping: row.size))
        let flags = props[tag: .messageFlags]?.integer ?? 0
        props[id: PropertyTag.hasAttachments.id] = .boolean(flags & Int64(MessageFlags.hasAttachments.rawValue) != 0)
        if let folderID = row.folderID {
            let folder = try folders[folderID] ?? tx.folder(id: folderID)
            folders[folderID] = folder
            props[id: PropertyTag.parentSourceKey.id] = .binary(folder.sourceKey.bytes)
            props[id: PropertyTag.parentEntryID.id] = .binary(
                EntryID(store: store.guid, kind: .folder, sourceKey: folder.sourceKey).bytes)
        }
        return props
    }
}

/// Queries over a set of message ids with `IN (…)` lists. A list is padded to a power of two (by
/// repeating its last id, which changes no result), so that a handful of prepared statements
/// serve every batch size; long sets go in chunks of ``chunk``.
enum MessageBatch {
    static let chunk = 256

    static func query(_ tx: ReadTransaction, _ head: String, _ ids: [Int64], _ tail: String) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        for start in stride(from: 0, to: ids.count, by: chunk) {
            var part = Array(ids[start..<min(start + chunk, ids.count)])
            var width = 1
            while width < part.count { width *= 2 }
            part += Array(repeating: part[part.count - 1], count: width - part.count)
            let marks = Array(repeating: "?", count: width).joined(separator: ", ")
            rows += try tx.query("\(head) (\(marks)) \(tail)", part.map(SQLValue.integer))
        }
        return rows
    }
}
