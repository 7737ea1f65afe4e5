import Database

/// The store database schema, written once for both SQLite and MariaDB (docs/storage.md).
///
/// One row per object with its properties in a compact encoded column (`props`, see
/// `PropertyCodec`) plus plain columns for what tables sort and filter on. Large property values
/// (bodies) live in `large_props` so that table scans stay small. Every change to a store's
/// contents takes a number from the store's own counter (`stores.next_counter`); that row is
/// locked by the writing transaction, so change numbers commit in order per store, which ICS
/// export relies on.
enum StoreSchema {
    /// The version this program writes. Older databases are migrated step by step.
    static let currentVersion = 6

    /// The statements that bring version `version - 1` to `version` (a new database runs every
    /// step from 1). Each step can be run again after a crash half-way (MariaDB commits DDL
    /// statement by statement).
    static func step(to version: Int, _ d: SQLDialect) -> [String] {
        switch version {
        case 1: return version1(d)
        case 2: return version2(d)
        case 3: return version3(d)
        case 4: return version4(d)
        case 5: return version5(d)
        case 6: return version6(d)
        default: preconditionFailure("no schema step to version \(version)")
        }
    }

    /// The statements that create version 1 from nothing.
    static func version1(_ d: SQLDialect) -> [String] {
        let pk = d.autoIncrementPrimaryKey
        let blob = d.blobType
        let opts = d.tableOptions
        let key22 = d.keyType(bytes: 22)
        let name = d.textType(maxCharacters: 255)
        var statements = [
            "CREATE TABLE meta (name \(d.textType(maxCharacters: 64)) NOT NULL PRIMARY KEY, value \(d.longTextType) NOT NULL)\(opts)",
            """
            CREATE TABLE ownership (server \(name) NOT NULL PRIMARY KEY, node \(name) NOT NULL,
              epoch BIGINT NOT NULL, changed_at BIGINT NOT NULL)\(opts)
            """,
            """
            CREATE TABLE stores (id \(pk), guid \(d.keyType(bytes: 16)) NOT NULL, owner \(name) NOT NULL,
              kind INTEGER NOT NULL, root_folder BIGINT, next_counter BIGINT NOT NULL,
              orphaned INTEGER NOT NULL DEFAULT 0, props \(blob) NOT NULL,
              UNIQUE (guid), UNIQUE (owner))\(opts)
            """,
            """
            CREATE TABLE folders (id \(pk), store_id BIGINT NOT NULL, parent_id BIGINT,
              source_key \(key22) NOT NULL, name_key \(name) NOT NULL, special INTEGER NOT NULL,
              folder_type INTEGER NOT NULL, change_num BIGINT NOT NULL,
              content_count BIGINT NOT NULL DEFAULT 0, unread_count BIGINT NOT NULL DEFAULT 0,
              deleted_count BIGINT NOT NULL DEFAULT 0, props \(blob) NOT NULL,
              UNIQUE (store_id, source_key))\(opts)
            """,
            "CREATE UNIQUE INDEX folders_by_name ON folders (store_id, parent_id, name_key)",
            "CREATE INDEX folders_by_change ON folders (store_id, change_num)",
            """
            CREATE TABLE messages (id \(pk), store_id BIGINT NOT NULL, folder_id BIGINT,
              parent_attachment BIGINT, source_key \(key22) NOT NULL,
              change_num BIGINT NOT NULL, sync_num BIGINT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
              flags BIGINT, message_class \(name), subject_key \(name), sender_key \(name),
              delivery_time BIGINT, created_time BIGINT, modified_time BIGINT, size BIGINT NOT NULL,
              importance BIGINT, props \(blob) NOT NULL)\(opts)
            """,
            "CREATE UNIQUE INDEX messages_by_source_key ON messages (store_id, source_key)",
            "CREATE INDEX messages_by_delivery ON messages (folder_id, deleted, delivery_time)",
            "CREATE INDEX messages_by_subject ON messages (folder_id, deleted, subject_key)",
            "CREATE INDEX messages_by_modified ON messages (folder_id, deleted, modified_time)",
            "CREATE INDEX messages_by_sync ON messages (folder_id, sync_num)",
            "CREATE INDEX messages_embedded ON messages (parent_attachment)",
            """
            CREATE TABLE large_props (message_id BIGINT NOT NULL, tag BIGINT NOT NULL, value \(blob) NOT NULL,
              PRIMARY KEY (message_id, tag))\(opts)
            """,
            """
            CREATE TABLE recipients (message_id BIGINT NOT NULL, row_id INTEGER NOT NULL, props \(blob) NOT NULL,
              PRIMARY KEY (message_id, row_id))\(opts)
            """,
            """
            CREATE TABLE attachments (id \(pk), message_id BIGINT NOT NULL, attach_num INTEGER NOT NULL,
              props \(blob) NOT NULL, data \(blob), blob_hash \(d.keyType(bytes: 32)), size BIGINT NOT NULL,
              UNIQUE (message_id, attach_num))\(opts)
            """,
            "CREATE INDEX attachments_by_blob ON attachments (blob_hash)",
            """
            CREATE TABLE blobs (hash \(d.keyType(bytes: 32)) NOT NULL PRIMARY KEY, size BIGINT NOT NULL,
              refcount BIGINT NOT NULL)\(opts)
            """,
            """
            CREATE TABLE tombstones (store_id BIGINT NOT NULL, folder_id BIGINT, is_folder INTEGER NOT NULL,
              source_key \(key22) NOT NULL, change_num BIGINT NOT NULL, soft INTEGER NOT NULL)\(opts)
            """,
            "CREATE INDEX tombstones_by_folder ON tombstones (folder_id, change_num)",
            "CREATE INDEX tombstones_by_store ON tombstones (store_id, is_folder, change_num)",
            """
            CREATE TABLE named_props (id INTEGER NOT NULL PRIMARY KEY, guid \(d.keyType(bytes: 16)) NOT NULL,
              kind INTEGER NOT NULL, num BIGINT NOT NULL, name \(name) NOT NULL,
              UNIQUE (guid, kind, num, name))\(opts)
            """,
        ]
        switch d {
        case .sqlite:
            statements.append(
                "CREATE VIRTUAL TABLE message_search USING fts5(subject, body, recipients, tokenize = 'unicode61 remove_diacritics 2')"
            )
        case .mariadb:
            statements.append(
                """
                CREATE TABLE message_search (message_id BIGINT NOT NULL PRIMARY KEY, subject TEXT, body LONGTEXT,
                  recipients TEXT, FULLTEXT KEY message_search_text (subject, body, recipients))
                  ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
                """)
        }
        return statements
    }

    /// Version 2: the three sort indexes of `messages` cover what a contents table asks of them.
    ///
    /// - They end with `flags`, so the scope test of every table (MSGFLAG_ASSOCIATED), flag
    ///   restrictions (read/unread) and the row count are answered from the index alone instead
    ///   of reading every row of the folder.
    /// - They hold `id`, the tie-break of every sort, in the direction of the usual sort of their
    ///   column (newest first by time, A to Z by subject): read forwards or backwards, such an
    ///   index is already in table order and a page needs no sort step. The other direction of
    ///   each is still served from the index, with ties sorted in a small temporary b-tree.
    static func version2(_ d: SQLDialect) -> [String] {
        let sorts = [
            ("messages_by_delivery", "delivery_time, id DESC"), ("messages_by_subject", "subject_key, id"),
            ("messages_by_modified", "modified_time, id DESC"),
        ]
        return sorts.flatMap { name, columns in
            [
                d == .sqlite ? "DROP INDEX IF EXISTS \(name)" : "DROP INDEX IF EXISTS \(name) ON messages",
                "CREATE INDEX IF NOT EXISTS \(name) ON messages (folder_id, deleted, \(columns), flags)",
            ]
        }
    }

    /// Version 3: full-text indexing leaves the writing transaction. A write queues the message
    /// id (`search_queue`, a one-row insert) and ``StoreEngine/indexPendingMessages(limit:)``
    /// indexes queued messages in batches — as kopano-search did, off the write path. A search
    /// first indexes what is queued, so it never misses a committed message.
    static func version3(_ d: SQLDialect) -> [String] {
        [
            "CREATE TABLE IF NOT EXISTS search_queue (message_id BIGINT NOT NULL PRIMARY KEY)\(d.tableOptions)",
            // Messages written by version 2 are in the index already.
        ]
    }

    /// Version 4: sessions and notifications.
    ///
    /// - `session_revocations`: ids of revoked session tokens (logoff) until the token's expiry
    ///   (Unix seconds), when ``StoreEngine/pruneRevocations(expiredBy:)`` may forget them.
    /// - `messages.created_num`, `messages.arrived_num`, `folders.created_num`: the change number
    ///   at which an object came into being here, and at which a message arrived in its current
    ///   folder (creation, move, restore), so that the change feed tells created from modified
    ///   objects. NULL on rows written before version 4: they count as old.
    static func version4(_ d: SQLDialect) -> [String] {
        let tokenID = d == .mariadb ? "BINARY(16)" : "BLOB"
        // SQLite runs a step in one transaction; MariaDB commits DDL at once, so a step cut short
        // by a crash runs again and must skip what it did.
        let ifMissing = d == .mariadb ? "IF NOT EXISTS " : ""
        return [
            """
            CREATE TABLE IF NOT EXISTS session_revocations (token_id \(tokenID) NOT NULL PRIMARY KEY,
              expires_at BIGINT NOT NULL)\(d.tableOptions)
            """,
            "CREATE INDEX IF NOT EXISTS session_revocations_by_expiry ON session_revocations (expires_at)",
            "ALTER TABLE messages ADD COLUMN \(ifMissing)created_num BIGINT",
            "ALTER TABLE messages ADD COLUMN \(ifMissing)arrived_num BIGINT",
            "ALTER TABLE folders ADD COLUMN \(ifMissing)created_num BIGINT",
        ]
    }

    /// Version 5: the owner's lease (docs/failover.md): the serving node renews `renewed_at`
    /// (the database's clock, milliseconds) while it sees a majority of the cluster; a failover
    /// candidate does not take a server whose lease is fresh. Apart from `ownership`, so that
    /// renewing never waits for the writers that hold the ownership row.
    static func version5(_ d: SQLDialect) -> [String] {
        let name = d.textType(maxCharacters: 255)
        return [
            """
            CREATE TABLE IF NOT EXISTS ownership_leases (server \(name) NOT NULL PRIMARY KEY, node \(name) NOT NULL,
              epoch BIGINT NOT NULL, renewed_at BIGINT NOT NULL)\(d.tableOptions)
            """
        ]
    }

    /// Version 6: which node each MariaDB connection writing this database belongs to
    /// (`CONNECTION_ID()`), so that a failover can kill the connections of a dead or frozen owner:
    /// their open transactions hold the ownership row and would keep the takeover waiting
    /// (docs/failover.md). Unused on SQLite.
    static func version6(_ d: SQLDialect) -> [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS node_connections (connection_id BIGINT NOT NULL PRIMARY KEY,
              node \(d.textType(maxCharacters: 255)) NOT NULL)\(d.tableOptions)
            """
        ]
    }
}
