/// One open connection to a database. Not thread-safe: a connection is used by one thread at a
/// time, which ``DatabasePool`` guarantees. Every call blocks; never call it from an event loop.
public protocol SQLConnection: AnyObject {
    /// The SQL flavour of this connection.
    var dialect: SQLDialect { get }

    /// Runs a statement with `?` placeholders bound to `parameters`; returns the number of rows
    /// changed. Statements are prepared once per connection and cached by their text.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int

    /// Runs a query and calls `body` for each row, in order.
    func forEachRow(
        _ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void
    ) throws

    /// The id the last INSERT generated for an auto-increment key on this connection.
    var lastInsertID: Int64 { get }

    /// Runs several statements separated by semicolons, without parameters (schema scripts).
    func executeScript(_ sql: String) throws(DatabaseError)

    /// Starts a transaction. `.immediate` takes the write lock at once on SQLite (ignored on MariaDB,
    /// where row locks do that work).
    func begin(_ mode: TransactionMode) throws(DatabaseError)
    /// Commits the open transaction.
    func commit() throws(DatabaseError)
    /// Rolls back the open transaction; never throws for a connection that is already broken.
    func rollback()

    /// Whether the connection still works (after an error, the pool asks before reusing it).
    var isUsable: Bool { get }
}

/// How a transaction starts.
public enum TransactionMode: Sendable {
    /// Reads only (a consistent snapshot on both databases).
    case read
    /// Will write: takes the write lock up front on SQLite so that it never fails half-way; on
    /// MariaDB runs at READ COMMITTED, so reads after a locking statement see the latest rows.
    case write
}

extension SQLConnection {
    /// All rows of a query.
    public func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql, parameters) { rows.append($0) }
        return rows
    }

    /// The first row of a query, or nil.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue] = []) throws -> SQLRow? {
        var first: SQLRow?
        try forEachRow(sql, parameters) { row in
            if first == nil { first = row }
        }
        return first
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ mode: TransactionMode, _ body: () throws -> T) throws -> T {
        try begin(mode)
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }
}
