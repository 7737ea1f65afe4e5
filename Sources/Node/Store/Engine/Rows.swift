import Foundation
import Database
import MAPI

/// A `stores` row.
struct StoreRow {
    var id: Int64
    var guid: GUID
    var owner: String
    var rootFolder: Int64
    var orphaned: Bool
    var props: PropertySet

    static let columns = "id, guid, owner, root_folder, orphaned, props"
    /// ``columns`` as `s.id, s.guid, …`, for joins with the store as `s`.
    static let joinedColumns = SQLColumns.qualified(columns, "s")
    /// The number of ``columns``.
    static let columnCount = columns.split(separator: ",").count

    init(_ row: SQLRow) throws {
        id = try row.integer(0)
        guard let guid = GUID(bytes: try row.blob(1)) else { throw MAPIError(.corruptData, "store row \(try row.integer(0)) has a bad GUID") }
        self.guid = guid
        owner = try row.text(2)
        rootFolder = try row.integer(3)
        orphaned = try row.integer(4) != 0
        props = try PropertyCodec.decode(try row.blob(5))
    }
}

/// A `folders` row.
struct FolderRow {
    var id: Int64
    var storeID: Int64
    var parentID: Int64?
    var sourceKey: SourceKey
    var special: StandardFolder?
    var folderType: Int32
    var changeNumber: Int64
    var contentCount: Int64
    var unreadCount: Int64
    var deletedCount: Int64
    var props: PropertySet

    static let columns =
        "id, store_id, parent_id, source_key, special, folder_type, change_num, content_count, unread_count, deleted_count, props"
    /// ``columns`` as `o.id, o.store_id, …`, for joins with the folder as `o`.
    static let joinedColumns = SQLColumns.qualified(columns, "o")

    init(_ row: SQLRow) throws {
        id = try row.integer(0)
        storeID = try row.integer(1)
        parentID = row[2].integer
        guard let key = SourceKey(bytes: try row.blob(3)) else { throw MAPIError(.corruptData, "folder \(id) has a bad source key") }
        sourceKey = key
        special = StandardFolder(rawValue: Int(try row.integer(4)))
        folderType = Int32(try row.integer(5))
        changeNumber = try row.integer(6)
        contentCount = try row.integer(7)
        unreadCount = try row.integer(8)
        deletedCount = try row.integer(9)
        props = try PropertyCodec.decode(try row.blob(10))
    }
}

/// A `messages` row (its small properties; large ones are in `large_props`).
struct MessageRow {
    var id: Int64
    var storeID: Int64
    var folderID: Int64?
    var parentAttachment: Int64?
    var sourceKey: SourceKey
    var changeNumber: Int64
    var syncNumber: Int64
    var deleted: Bool
    var size: Int64
    var props: PropertySet

    static let columns = "id, store_id, folder_id, parent_attachment, source_key, change_num, sync_num, deleted, size, props"
    /// ``columns`` as `o.id, o.store_id, …`, for joins with the message as `o`.
    static let joinedColumns = SQLColumns.qualified(columns, "o")

    /// ``columns`` of the table called `alias` in a join.
    static func columns(in alias: String) -> String { SQLColumns.qualified(columns, alias) }

    init(_ row: SQLRow) throws {
        id = try row.integer(0)
        storeID = try row.integer(1)
        folderID = row[2].integer
        parentAttachment = row[3].integer
        guard let key = SourceKey(bytes: try row.blob(4)) else { throw MAPIError(.corruptData, "message \(id) has a bad source key") }
        sourceKey = key
        changeNumber = try row.integer(5)
        syncNumber = try row.integer(6)
        deleted = try row.integer(7) != 0
        size = try row.integer(8)
        props = try PropertyCodec.decode(try row.blob(9))
    }

    var isRead: Bool { (props[tag: .messageFlags]?.integer ?? 0) & Int64(MessageFlags.read.rawValue) != 0 }
}

/// Column lists of the row types.
enum SQLColumns {
    /// `columns` ("a, b") with each name qualified by `alias` ("o.a, o.b").
    static func qualified(_ columns: String, _ alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.filter { $0 != " " })" }.joined(separator: ", ")
    }
}

extension ReadTransaction {
    /// The store with this GUID; `MAPI_E_NOT_FOUND` otherwise.
    func store(_ guid: GUID) throws -> StoreRow {
        let lock = locksStores && dialect == .mariadb ? " FOR UPDATE" : ""
        guard let row = try first("SELECT \(StoreRow.columns) FROM stores WHERE guid = ?\(lock)", [.blob(guid.bytes)]) else {
            throw MAPIError(.notFound, "no store \(guid) on this server")
        }
        return try StoreRow(row)
    }

    /// The store by row id.
    func store(id: Int64) throws -> StoreRow {
        guard let row = try first("SELECT \(StoreRow.columns) FROM stores WHERE id = ?", [.integer(id)]) else {
            throw MAPIError(.notFound, "no store \(id)")
        }
        return try StoreRow(row)
    }

    /// A folder by row id.
    func folder(id: Int64) throws -> FolderRow {
        guard let row = try first("SELECT \(FolderRow.columns) FROM folders WHERE id = ?", [.integer(id)]) else {
            throw MAPIError(.notFound, "no folder \(id)")
        }
        return try FolderRow(row)
    }

    /// The folder an entry id names, with its store: one query (in a write transaction on MariaDB
    /// it also locks the store's row, see ``locksStores``).
    func folder(_ entryID: EntryID) throws -> (StoreRow, FolderRow) {
        guard entryID.kind == .folder, let key = entryID.sourceKey else {
            throw MAPIError(.invalidParameter, "entry id \(entryID) is not a folder's")
        }
        let (store, row) = try storeWith("folders", columns: FolderRow.joinedColumns, sourceKey: key, storeGUID: entryID.store)
        guard let row else { throw MAPIError(.notFound, "no folder \(entryID)") }
        return (store, try FolderRow(row))
    }

    /// A store row and the row of one of its objects (by source key) from one query; `columns`
    /// are the object's as `o.…` (``MessageRow/joinedColumns``: built once, not per call).
    private func storeWith(
        _ table: String, columns: String, sourceKey: SourceKey, storeGUID: GUID
    ) throws -> (StoreRow, SQLRow?) {
        let lock = locksStores && dialect == .mariadb ? " FOR UPDATE" : ""
        guard
            let row = try first(
                """
                SELECT \(StoreRow.joinedColumns), \(columns) FROM stores s
                LEFT JOIN \(table) o ON o.store_id = s.id AND o.source_key = ? WHERE s.guid = ?\(lock)
                """, [.blob(sourceKey.bytes), .blob(storeGUID.bytes)])
        else { throw MAPIError(.notFound, "no store \(storeGUID) on this server") }
        let split = StoreRow.columnCount
        let store = try StoreRow(SQLRow(Array(row.values[..<split])))
        let object = SQLRow(Array(row.values[split...]))
        return (store, object[0].isNull ? nil : object)
    }

    /// The message an entry id names, with its store (one query); soft-deleted ones only when asked.
    func message(_ entryID: EntryID, includeDeleted: Bool = false) throws -> (StoreRow, MessageRow) {
        guard entryID.kind == .message, let key = entryID.sourceKey else {
            throw MAPIError(.invalidParameter, "entry id \(entryID) is not a message's")
        }
        let (store, row) = try storeWith("messages", columns: MessageRow.joinedColumns, sourceKey: key, storeGUID: entryID.store)
        guard let row else { throw MAPIError(.notFound, "no message \(entryID)") }
        let message = try MessageRow(row)
        if message.deleted && !includeDeleted { throw MAPIError(.notFound, "message \(entryID) is deleted") }
        return (store, message)
    }

    /// A message by row id.
    func message(id: Int64) throws -> MessageRow {
        guard let row = try first("SELECT \(MessageRow.columns) FROM messages WHERE id = ?", [.integer(id)]) else {
            throw MAPIError(.notFound, "no message \(id)")
        }
        return try MessageRow(row)
    }

    /// The large property values of a message.
    func largeProperties(of messageID: Int64) throws -> [Property] {
        try query("SELECT tag, value FROM large_props WHERE message_id = ?", [.integer(messageID)]).map { row in
            let tag = PropertyTag(rawValue: UInt32(try row.integer(0)))
            let set = try PropertyCodec.decode(try row.blob(1))
            guard let value = set[id: tag.id] else { throw MAPIError(.corruptData, "empty large property \(tag)") }
            return Property(id: tag.id, value: value)
        }
    }
}
