import Database
import MAPI
import Node

/// The raw baseline of item creation: what the database does for the least equivalent work, in
/// tables of its own beside the store's, through the same pool (same connections, same driver,
/// same prepared-statement cache).
///
/// One transaction per item inserts one `raw_messages` row (the encoded small properties, the
/// body, the indexed columns, with the same indexes as `messages` in schema version 2) and one
/// `raw_recipients` row.
struct RawItems {
    let database: BenchDatabase
    private var counter: Int64 = 0

    init(_ database: BenchDatabase) throws {
        self.database = database
        let d = database.dialect
        let key22 = d.keyType(bytes: 22)
        let name = d.textType(maxCharacters: 255)
        let statements = [
            """
            CREATE TABLE raw_messages (id \(d.autoIncrementPrimaryKey), store_id BIGINT NOT NULL, folder_id BIGINT,
              parent_attachment BIGINT, source_key \(key22) NOT NULL,
              change_num BIGINT NOT NULL, sync_num BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
              flags BIGINT, message_class \(name), subject_key \(name), sender_key \(name),
              delivery_time BIGINT, created_time BIGINT, modified_time BIGINT, size BIGINT NOT NULL,
              importance BIGINT, props \(d.blobType) NOT NULL, body \(d.blobType))\(d.tableOptions)
            """,
            "CREATE UNIQUE INDEX raw_messages_by_source_key ON raw_messages (store_id, source_key)",
            "CREATE INDEX raw_messages_by_delivery ON raw_messages (folder_id, deleted, delivery_time, id DESC, flags)",
            "CREATE INDEX raw_messages_by_subject ON raw_messages (folder_id, deleted, subject_key, id, flags)",
            "CREATE INDEX raw_messages_by_modified ON raw_messages (folder_id, deleted, modified_time, id DESC, flags)",
            "CREATE INDEX raw_messages_by_sync ON raw_messages (folder_id, sync_num)",
            "CREATE INDEX raw_messages_embedded ON raw_messages (parent_attachment)",
            """
            CREATE TABLE raw_recipients (message_id BIGINT NOT NULL, row_id INTEGER NOT NULL, props \(d.blobType) NOT NULL,
              PRIMARY KEY (message_id, row_id))\(d.tableOptions)
            """,
        ]
        try database.withConnection { connection in
            for statement in statements { try connection.execute(statement, []) }
        }
    }

    static let insertMessage = """
        INSERT INTO raw_messages (store_id, folder_id, parent_attachment, source_key, change_num, sync_num, deleted, size,
          props, body, flags, message_class, subject_key, sender_key, delivery_time, created_time, modified_time, importance)
        VALUES (?, ?, NULL, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    static let insertRecipient = "INSERT INTO raw_recipients (message_id, row_id, props) VALUES (?, ?, ?)"

    /// Inserts one item in its own transaction: encodes its properties, derives the indexed
    /// columns and writes the two rows.
    mutating func insert(_ message: NewMessage, serverGUID: GUID, now: FileTime) throws {
        counter += 1
        var small = PropertySet()
        var body: [UInt8] = []
        for property in message.properties {
            if property.id == PropertyTag.body.id, let text = property.value.string {
                body = Array(text.utf8)
            } else {
                small.set(property)
            }
        }
        let props = PropertyCodec.encode(small)
        let recipient = PropertyCodec.encode(PropertySet(message.recipients[0]))
        let parameters: [SQLValue] = [
            .integer(1), .integer(1), .blob(SourceKey(server: serverGUID, counter: counter).bytes), .integer(counter),
            .integer(counter), .integer(Int64(props.count + body.count + recipient.count)), .blob(props), .blob(body),
            small[tag: .messageFlags]?.integer.map(SQLValue.integer) ?? .null,
            small[tag: .messageClass]?.string.map { .text(StringFolding.fold($0)) } ?? .null,
            small[tag: .subject]?.string.map { .text(StringFolding.fold($0)) } ?? .null,
            small[tag: .senderName]?.string.map { .text(StringFolding.fold($0)) } ?? .null,
            small[tag: .messageDeliveryTime]?.integer.map(SQLValue.integer) ?? .null,
            .integer(now.rawValue), .integer(now.rawValue),
            small[tag: .importance]?.integer.map(SQLValue.integer) ?? .null,
        ]
        try database.withConnection { connection in
            try connection.transaction(.write) {
                try connection.execute(Self.insertMessage, parameters)
                let id = connection.lastInsertID
                try connection.execute(Self.insertRecipient, [.integer(id), .integer(0), .blob(recipient)])
            }
        }
    }
}
