import Database
import MAPI

/// A read transaction: a connection inside `BEGIN` … `COMMIT`, with the lookups every operation needs.
struct ReadTransaction {
    let connection: any SQLConnection
    let engine: StoreEngine
    /// In a write transaction: looking a store up locks its row (MariaDB `FOR UPDATE`), so that
    /// writers of one store run one after another and read what the previous one committed.
    /// (SQLite's write lock already covers the whole database.)
    var locksStores = false

    var dialect: SQLDialect { connection.dialect }

    /// Itself, so that code shared by read and write paths can say `tx.reader` on both.
    var reader: ReadTransaction { self }

    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        try connection.query(sql, parameters)
    }

    func first(_ sql: String, _ parameters: [SQLValue] = []) throws -> SQLRow? {
        try connection.queryFirst(sql, parameters)
    }
}

/// A write transaction: the ownership epoch is held for its length (see ``Ownership``).
struct WriteTransaction {
    let connection: any SQLConnection
    let engine: StoreEngine
    /// The time every change in this transaction is stamped with.
    let now: FileTime

    var reader: ReadTransaction { ReadTransaction(connection: connection, engine: engine, locksStores: true) }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue] = []) throws -> Int {
        try connection.execute(sql, parameters)
    }

    /// Reserves `count` consecutive numbers from the store's counter and returns the first. The
    /// counter row stays locked until commit, so numbers commit in order per store.
    func allocate(store: Int64, count: Int = 1) throws -> Int64 {
        precondition(count > 0, "allocate at least one number")
        let row: SQLRow?
        switch connection.dialect {
        case .sqlite:
            row = try connection.queryFirst(
                "UPDATE stores SET next_counter = next_counter + ? WHERE id = ? RETURNING next_counter",
                [.integer(Int64(count)), .integer(store)])
        case .mariadb:
            // LAST_INSERT_ID(expr) hands the new value back with the UPDATE's result: one round trip.
            let changed = try execute(
                "UPDATE stores SET next_counter = LAST_INSERT_ID(next_counter + ?) WHERE id = ?",
                [.integer(Int64(count)), .integer(store)])
            guard changed == 1 else { throw MAPIError(.notFound, "store vanished during a write") }
            return connection.lastInsertID - Int64(count)
        }
        guard let row else { throw MAPIError(.notFound, "store vanished during a write") }
        return try row.integer(0) - Int64(count)
    }

    /// The change key and source key of a new object from a counter value.
    func keys(counter: Int64) -> (SourceKey, ChangeKey) {
        (SourceKey(server: engine.serverGUID, counter: counter), ChangeKey(server: engine.serverGUID, changeNumber: counter))
    }
}
