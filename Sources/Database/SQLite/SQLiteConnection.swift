import CSQLite

/// A connection to an SQLite database in WAL mode. The only file that imports CSQLite.
///
/// Statements are prepared once and cached by their SQL text. Writers take the write lock at the
/// start of their transaction (`BEGIN IMMEDIATE`), so a write transaction never fails half-way
/// on a lock; readers see a snapshot and never block writers.
public final class SQLiteConnection: SQLConnection {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private var statementOrder: [String] = []
    private let configuration: SQLiteConfiguration
    private var broken = false

    public var dialect: SQLDialect { .sqlite }

    /// Opens (and creates) the database and sets the connection's pragmas.
    public static func open(_ configuration: SQLiteConfiguration) throws(DatabaseError) -> SQLiteConnection {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(configuration.path, &handle, flags, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw DatabaseError(.cannotConnect, "cannot open \(configuration.path): \(message)")
        }
        let connection = SQLiteConnection(handle: handle, configuration: configuration)
        sqlite3_busy_timeout(handle, configuration.busyTimeoutMilliseconds)
        sqlite3_extended_result_codes(handle, 1)
        try connection.executeScript(
            """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=\(configuration.synchronous.rawValue);
            PRAGMA foreign_keys=ON;
            PRAGMA temp_store=MEMORY
            """)
        if let cacheKiB = configuration.cacheKiB { try connection.executeScript("PRAGMA cache_size=-\(cacheKiB)") }
        return connection
    }

    private init(handle: OpaquePointer, configuration: SQLiteConfiguration) {
        self.handle = handle
        self.configuration = configuration
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    public var isUsable: Bool { !broken && handle != nil }

    public var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        let (statement, temporary) = try prepared(sql, parameters)
        defer { release(statement, temporary) }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { break }
            if rc != SQLITE_ROW { throw error(rc, sql) }
        }
        return Int(sqlite3_changes(handle))
    }

    public func forEachRow(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        let (statement, temporary) = try prepared(sql, parameters)
        defer { release(statement, temporary) }
        let columns = sqlite3_column_count(statement)
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw error(rc, sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for column in 0..<columns { values.append(value(statement, column)) }
            try body(SQLRow(values))
        }
    }

    public func executeScript(_ sql: String) throws(DatabaseError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(message)
            throw DatabaseError(Self.code(for: rc), text)
        }
    }

    public func begin(_ mode: TransactionMode) throws(DatabaseError) {
        try execute(mode == .write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", [])
    }

    public func commit() throws(DatabaseError) { try execute("COMMIT", []) }

    public func rollback() {
        if sqlite3_get_autocommit(handle) == 0 { _ = try? execute("ROLLBACK", []) }
    }

    // MARK: - Statements

    /// The statement for `sql` with `parameters` bound: the cached one, or — when the cached
    /// one is being stepped by an outer query on this connection — a temporary one.
    private func prepared(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> (OpaquePointer, temporary: Bool) {
        let statement: OpaquePointer
        var temporary = false
        if let cached = statements[sql], sqlite3_stmt_busy(cached) == 0 {
            statement = cached
        } else {
            var fresh: OpaquePointer?
            let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &fresh, nil)
            guard rc == SQLITE_OK, let fresh else { throw error(rc, sql) }
            if statements[sql] == nil { cache(fresh, for: sql) } else { temporary = true }
            statement = fresh
        }
        sqlite3_clear_bindings(statement)
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            if temporary { sqlite3_finalize(statement) } else { sqlite3_reset(statement) }
            throw DatabaseError(.syntax, "statement expects \(expected) parameters, got \(parameters.count): \(sql)")
        }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch parameter {
            case .null: rc = sqlite3_bind_null(statement, index)
            case .integer(let v): rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v): rc = sqlite3_bind_double(statement, index, v)
            case .text(let v): rc = sqlite3_bind_text64(statement, index, v, UInt64(v.utf8.count), csqlite_transient(), UInt8(SQLITE_UTF8))
            case .blob(let v):
                rc = v.withUnsafeBytes { buffer in
                    // An empty Swift array has no base address; SQLite needs a non-nil pointer for an empty blob.
                    sqlite3_bind_blob64(statement, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(buffer.count), csqlite_transient())
                }
            }
            if rc != SQLITE_OK {
                if temporary { sqlite3_finalize(statement) }
                throw error(rc, sql)
            }
        }
        return (statement, temporary)
    }

    private func release(_ statement: OpaquePointer, _ temporary: Bool) {
        if temporary { sqlite3_finalize(statement) } else { sqlite3_reset(statement) }
    }

    private func cache(_ statement: OpaquePointer, for sql: String) {
        if statementOrder.count >= configuration.statementCacheSize {
            let evicted = statementOrder.removeFirst()
            if let old = statements.removeValue(forKey: evicted) { sqlite3_finalize(old) }
        }
        statements[sql] = statement
        statementOrder.append(sql)
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let pointer = sqlite3_column_text(statement, column) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }

    // MARK: - Errors

    private func error(_ rc: Int32, _ sql: String) -> DatabaseError {
        let message = String(cString: sqlite3_errmsg(handle))
        let code = Self.code(for: rc)
        if code == .connectionLost || code == .cannotConnect { broken = true }
        let statementText = sql.count > 200 ? String(sql.prefix(200)) + "…" : sql
        return DatabaseError(code, "\(message) [\(statementText)]")
    }

    private static func code(for rc: Int32) -> DatabaseError.Code {
        switch rc & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: .busy
        case SQLITE_CONSTRAINT: .constraint
        case SQLITE_ERROR: .syntax
        case SQLITE_MISMATCH: .typeMismatch
        case SQLITE_CANTOPEN, SQLITE_NOTADB: .cannotConnect
        case SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL: .connectionLost
        default: .other
        }
    }
}

extension DatabasePool {
    /// A pool of SQLite connections to one file. Readers run concurrently under WAL; writers queue
    /// on SQLite's write lock.
    public static func sqlite(_ configuration: SQLiteConfiguration, maximumConnections: Int = 4) -> DatabasePool {
        DatabasePool(dialect: .sqlite, maximumConnections: maximumConnections) {
            try SQLiteConnection.open(configuration)
        }
    }
}
