import CMariaDB
import Foundation

/// One connection to a MariaDB server through MariaDB Connector/C (libmariadb 3.x).
///
/// What it guarantees:
/// - Every statement with parameters runs as a server-side prepared statement: values travel
///   in the binary protocol and are never spliced into SQL text. Statements are prepared once
///   per connection and cached by their text (least recently used evicted beyond
///   ``statementCacheCapacity``).
/// - Result sets are read completely into client memory (`mysql_stmt_store_result`) before the
///   first row is handed out, so the body of ``forEachRow(_:_:_:)`` may run other statements
///   on the same connection, as on SQLite. The price: a query's whole result is held in memory
///   while it is walked, so page large results with `LIMIT`.
/// - Affected-row counts are *matched* rows (`CLIENT_FOUND_ROWS`), as SQLite counts them: an
///   UPDATE that sets a value to what it already was still counts the row.
/// - Errors are classified into ``DatabaseError/Code``; values the server quotes back in a
///   message (a duplicate key, a value it could not convert) are cut out of the message.
/// - A lost connection (server restart, `KILL`, network) is never reconnected silently: the
///   call throws `connectionLost`, ``isUsable`` turns false and the pool replaces the
///   connection, so a transaction can never continue half-way on a new session.
///
/// This is the only file that imports CMariaDB. The class owns its `MYSQL*` and every
/// `MYSQL_STMT*` it prepared, and frees them in `deinit`.
///
/// The class is deliberately not `Sendable`: it is not safe to use from two threads at once.
/// ``DatabasePool`` hands each connection to one caller at a time, which is all Connector/C 3.x
/// needs (it keeps no per-thread state: `mysql_thread_init`/`mysql_thread_end` are no-ops).
public final class MariaDBConnection: SQLConnection {
    /// The most prepared statements kept open per connection. MariaDB's default server-wide
    /// limit `max_prepared_stmt_count` is 16382, enough for 64 full connections.
    public static let statementCacheCapacity = 256

    /// Always `.mariadb`.
    public let dialect: SQLDialect = .mariadb
    /// The id the last statement that generated one (an INSERT into an AUTO_INCREMENT table)
    /// returned; statements that generate none leave it unchanged, as SQLite does.
    public private(set) var lastInsertID: Int64 = 0
    /// False once the connection to the server was lost; the pool then drops it.
    public private(set) var isUsable = true
    /// The server's id of this connection (`CONNECTION_ID()`, what `KILL CONNECTION` takes),
    /// known to the client library without a round trip.
    public var connectionID: UInt64 { UInt64(mysql_thread_id(mysql)) }
    /// Free for the connection's user: whatever it must remember about this connection (the
    /// store engine: that it registered the connection as its node's).
    public var userTag: String?

    private let mysql: UnsafeMutablePointer<MYSQL>
    private var statements: [String: PreparedStatement] = [:]
    private var useCounter: UInt64 = 0
    /// The session's isolation level as last set here (nil: the server's default, REPEATABLE READ).
    private var sessionIsolation: String?

    private init(mysql: UnsafeMutablePointer<MYSQL>) {
        self.mysql = mysql
    }

    deinit {
        // Statements first: mysql_stmt_close needs its MYSQL handle alive.
        for statement in statements.values { mysql_stmt_close(statement.handle) }
        mysql_close(mysql)
    }

    // MARK: Opening

    /// Connects to the server described by `config`, creating the database first when
    /// `config.createDatabaseIfMissing` is set. Every failure is a `cannotConnect` error.
    public static func open(_ config: MariaDBConfiguration) throws(DatabaseError) -> MariaDBConnection {
        try config.validate()
        guard Library.isInitialized else {
            throw DatabaseError(.cannotConnect, "the MariaDB client library failed to initialise")
        }
        guard let mysql = mysql_init(nil) else {
            throw DatabaseError(.cannotConnect, "mysql_init failed (out of memory)")
        }
        // From here on `connection` owns `mysql` and frees it in deinit, also when connecting fails.
        let connection = MariaDBConnection(mysql: mysql)
        try connection.connect(config)
        return connection
    }

    private func connect(_ config: MariaDBConfiguration) throws(DatabaseError) {
        if config.connectTimeout > 0 { try setOption(MYSQL_OPT_CONNECT_TIMEOUT, UInt32(config.connectTimeout)) }
        if config.readTimeout > 0 { try setOption(MYSQL_OPT_READ_TIMEOUT, UInt32(config.readTimeout)) }
        if config.writeTimeout > 0 { try setOption(MYSQL_OPT_WRITE_TIMEOUT, UInt32(config.writeTimeout)) }
        try setOption(MYSQL_SET_CHARSET_NAME, string: config.charset)
        // Never reconnect behind the caller's back (the session, its transaction and its
        // prepared statements would be gone), and never let a server read local files.
        try setOption(MYSQL_OPT_RECONNECT, my_bool(0))
        try setOption(MYSQL_OPT_LOCAL_INFILE, UInt32(0))
        switch config.tlsMode {
        case .none:
            break
        case .required, .verifyIdentity:
            try setOption(MYSQL_OPT_SSL_ENFORCE, my_bool(1))
            try setOption(MYSQL_OPT_SSL_VERIFY_SERVER_CERT, my_bool(config.tlsMode == .verifyIdentity ? 1 : 0))
            if let caFile = config.caFile { try setOption(MYSQL_OPT_SSL_CA, string: caFile) }
        }

        let flags = UInt(CLIENT_FOUND_ROWS)
        let database = config.createDatabaseIfMissing ? nil : config.database
        let host = config.unixSocket == nil ? config.host : nil
        guard
            mysql_real_connect(
                mysql, host, config.user, config.password, database, UInt32(config.port), config.unixSocket, flags)
                != nil
        else {
            throw connectError("cannot connect to \(config.unixSocket ?? "\(config.host):\(config.port)")")
        }
        // Without certificate verification Connector/C 3.x falls back to plain text when the
        // server offers no TLS; "required" must mean required.
        if config.tlsMode != .none && mysql_get_ssl_cipher(mysql) == nil {
            let place = config.unixSocket ?? "\(config.host):\(config.port)"
            throw DatabaseError(.cannotConnect, "TLS is required but the server at \(place) does not offer it")
        }

        if config.createDatabaseIfMissing {
            let name = "`" + config.database.replacingOccurrences(of: "`", with: "``") + "`"
            do {
                try query("CREATE DATABASE IF NOT EXISTS \(name) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin")
            } catch {
                throw DatabaseError(.cannotConnect, "cannot create database \(config.database): \(error.message)")
            }
            guard mysql_select_db(mysql, config.database) == 0 else {
                throw connectError("cannot select database \(config.database)")
            }
        }
    }

    private func setOption<T: BitwiseCopyable>(_ option: mysql_option, _ value: T) throws(DatabaseError) {
        guard withUnsafeBytes(of: value, { mysql_options(mysql, option, $0.baseAddress) }) == 0 else {
            throw DatabaseError(.cannotConnect, "the MariaDB client rejected option \(option.rawValue)")
        }
    }

    private func setOption(_ option: mysql_option, string: String) throws(DatabaseError) {
        guard string.withCString({ mysql_options(mysql, option, $0) }) == 0 else {
            throw DatabaseError(.cannotConnect, "the MariaDB client rejected option \(option.rawValue)")
        }
    }

    private func connectError(_ context: String) -> DatabaseError {
        let number = mysql_errno(mysql)
        let message = Self.redacted(String(cString: mysql_error(mysql)), errorNumber: number)
        return DatabaseError(.cannotConnect, "\(context): \(message) [\(number)]")
    }

    // MARK: SQLConnection

    /// Runs one statement as a cached prepared statement; returns the rows it matched.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try withStatement(sql) { (statement) throws(DatabaseError) -> Int in
            let handle = statement.handle
            try run(handle, parameters)
            if mysql_stmt_field_count(handle) > 0 {
                // A query run for its effect: read and drop its rows so that the connection is ready.
                let failed = mysql_stmt_store_result(handle) != 0
                defer { mysql_stmt_free_result(handle) }
                if failed { throw statementError(handle) }
                return 0
            }
            let changed = mysql_stmt_affected_rows(handle)
            return changed == UInt64.max ? 0 : Int(clamping: changed)
        }
    }

    /// Runs a query as a cached prepared statement and calls `body` for each row.
    ///
    /// Integer columns read as `.integer` (a DECIMAL without fraction digits, such as a SUM of
    /// integers, too, when it fits), FLOAT/DOUBLE/DECIMAL as `.real`, binary strings and BLOBs as
    /// `.blob`, other strings and dates as `.text`. An unsigned BIGINT above `Int64.max`
    /// reads as its decimal `.text`.
    public func forEachRow(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        var bodyError: (any Error)?
        try withStatement(sql) { (statement) throws(DatabaseError) in
            let handle = statement.handle
            try run(handle, parameters)
            guard mysql_stmt_field_count(handle) > 0 else { return }
            let stored = mysql_stmt_store_result(handle) == 0
            defer { mysql_stmt_free_result(handle) }
            guard stored, let metadata = mysql_stmt_result_metadata(handle) else { throw statementError(handle) }
            defer { mysql_free_result(metadata) }
            let reader = RowReader(handle, fields: mysql_fetch_fields(metadata), count: Int(mysql_num_fields(metadata)))
            guard mysql_stmt_bind_result(handle, reader.binds) == 0 else { throw statementError(handle) }
            while true {
                let status = mysql_stmt_fetch(handle)
                if status == MYSQL_NO_DATA { return }
                guard status == 0 || status == MYSQL_DATA_TRUNCATED, let row = reader.row() else {
                    throw statementError(handle)
                }
                do {
                    try body(row)
                } catch {
                    bodyError = error
                    return
                }
            }
        }
        if let bodyError { throw bodyError }
    }

    /// Runs a script of statements separated by semicolons (the server splits it, so quotes,
    /// comments and trigger bodies are handled right). Stops at the first failing statement.
    public func executeScript(_ sql: String) throws(DatabaseError) {
        guard sql.contains(where: { !$0.isWhitespace }) else { return }
        try checkUsable()
        // Multi-statement text is allowed only for the length of this call.
        guard mysql_set_server_option(mysql, MYSQL_OPTION_MULTI_STATEMENTS_ON) == 0 else { throw connectionError() }
        defer {
            if isUsable && mysql_set_server_option(mysql, MYSQL_OPTION_MULTI_STATEMENTS_OFF) != 0 {
                isUsable = false  // never keep a session that accepts multi-statement text
            }
        }
        try query(sql, allowingEmpty: true)
    }

    /// `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` for `.read` (writes then fail),
    /// `START TRANSACTION` for `.write`. Throws when a transaction is already open, where MariaDB
    /// would silently commit it.
    public func begin(_ mode: TransactionMode) throws(DatabaseError) {
        try checkUsable()
        var status: UInt32 = 0
        if mariadb_get_info(mysql, MARIADB_CONNECTION_SERVER_STATUS, &status) == 0,
            status & UInt32(SERVER_STATUS_IN_TRANS) != 0
        {
            throw DatabaseError(.other, "a transaction is already open on this connection")
        }
        // Readers get one snapshot for the whole transaction (REPEATABLE READ); writers read the
        // latest committed rows after taking their locks (READ COMMITTED), so a read-modify-write
        // under a row lock never works from a stale snapshot. The session level is changed only
        // when the kind of transaction changes: a connection doing one kind pays nothing for it.
        let isolation = mode == .read ? "REPEATABLE READ" : "READ COMMITTED"
        if (sessionIsolation ?? "REPEATABLE READ") != isolation {
            try query("SET SESSION TRANSACTION ISOLATION LEVEL \(isolation)")
            sessionIsolation = isolation
        }
        switch mode {
        case .read: try query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")
        case .write: try query("START TRANSACTION")
        }
    }

    /// Commits the open transaction.
    public func commit() throws(DatabaseError) {
        try query("COMMIT")
    }

    /// Rolls back the open transaction; a broken connection is only marked unusable.
    public func rollback() {
        guard isUsable else { return }
        if mysql_rollback(mysql) != 0 { _ = connectionError() }
    }

    // MARK: Statements

    private func checkUsable() throws(DatabaseError) {
        guard isUsable else {
            throw DatabaseError(.connectionLost, "the connection to MariaDB was lost earlier and cannot be used")
        }
    }

    /// Runs `body` with the cached statement for `sql`, preparing it on first use. When the
    /// cached one is busy (a query run from inside another's `forEachRow` body), a private copy
    /// is prepared and closed afterwards.
    private func withStatement<T>(
        _ sql: String, _ body: (PreparedStatement) throws(DatabaseError) -> T
    ) throws(DatabaseError) -> T {
        try checkUsable()
        let statement: PreparedStatement
        var isPrivate = false
        if let cached = statements[sql] {
            if cached.inUse {
                statement = try prepare(sql)
                isPrivate = true
            } else {
                statement = cached
            }
        } else {
            statement = try prepare(sql)
            evictIfFull()
            statements[sql] = statement
        }
        useCounter += 1
        statement.lastUse = useCounter
        statement.inUse = true
        defer {
            statement.inUse = false
            if isPrivate { mysql_stmt_close(statement.handle) }
        }
        return try body(statement)
    }

    private func evictIfFull() {
        guard statements.count >= Self.statementCacheCapacity else { return }
        let candidates = statements.filter { !$0.value.inUse }
        guard let oldest = candidates.min(by: { $0.value.lastUse < $1.value.lastUse }) else { return }
        statements[oldest.key] = nil
        mysql_stmt_close(oldest.value.handle)
    }

    private func prepare(_ sql: String) throws(DatabaseError) -> PreparedStatement {
        guard let handle = mysql_stmt_init(mysql) else { throw connectionError() }
        let failed = sql.withCString { mysql_stmt_prepare(handle, $0, UInt(strlen($0))) != 0 }
        if failed {
            let error = statementError(handle)
            mysql_stmt_close(handle)
            throw error
        }
        // Let store_result record each column's longest value so that buffers fit at once.
        var updateMaxLength: my_bool = 1
        _ = mysql_stmt_attr_set(handle, STMT_ATTR_UPDATE_MAX_LENGTH, &updateMaxLength)
        return PreparedStatement(handle)
    }

    /// Binds `parameters` and executes. The bound buffers are copies on the heap that live until
    /// `mysql_stmt_execute` returns (Connector/C reads them only then).
    private func run(_ handle: UnsafeMutablePointer<MYSQL_STMT>, _ parameters: [SQLValue]) throws(DatabaseError) {
        let expected = Int(mysql_stmt_param_count(handle))
        guard parameters.count == expected else {
            throw DatabaseError(.other, "the statement has \(expected) placeholders but \(parameters.count) values were given")
        }
        let buffers = ParameterBuffers(parameters)
        if expected > 0, mysql_stmt_bind_param(handle, buffers.binds) != 0 { throw statementError(handle) }
        let failed = mysql_stmt_execute(handle) != 0
        withExtendedLifetime(buffers) {}
        if failed { throw statementError(handle) }
        let id = mysql_stmt_insert_id(handle)
        if id != 0 { lastInsertID = Int64(bitPattern: id) }
    }

    /// Runs SQL text (no parameters) and drains every result it produces. With `allowingEmpty`,
    /// text without a statement (only comments) is not an error.
    private func query(_ sql: String, allowingEmpty: Bool = false) throws(DatabaseError) {
        try checkUsable()
        let failed = sql.withCString { mysql_real_query(mysql, $0, UInt(strlen($0))) != 0 }
        if failed {
            if allowingEmpty && mysql_errno(mysql) == ER_EMPTY_QUERY { return }
            throw connectionError()
        }
        while true {
            if let result = mysql_store_result(mysql) {
                mysql_free_result(result)
            } else if mysql_field_count(mysql) > 0 {
                throw connectionError()
            }
            let id = mysql_insert_id(mysql)
            if id != 0 { lastInsertID = Int64(bitPattern: id) }
            let next = mysql_next_result(mysql)  // 0: another result, -1: done, > 0: error
            if next > 0 { throw connectionError() }
            if next < 0 { return }
        }
    }

    // MARK: Errors

    private func connectionError() -> DatabaseError {
        makeError(number: mysql_errno(mysql), message: String(cString: mysql_error(mysql)))
    }

    private func statementError(_ handle: UnsafeMutablePointer<MYSQL_STMT>) -> DatabaseError {
        let number = mysql_stmt_errno(handle)
        if number == 0 { return connectionError() }
        return makeError(number: number, message: String(cString: mysql_stmt_error(handle)))
    }

    private func makeError(number: UInt32, message: String) -> DatabaseError {
        let code = Self.code(forErrorNumber: number)
        if code == .connectionLost || number == CR_COMMANDS_OUT_OF_SYNC { isUsable = false }
        return DatabaseError(code, "\(Self.redacted(message, errorNumber: number)) [\(number)]")
    }

    /// The code for a server (ER_…) or client (CR_…) error number met while using a connection
    /// (every failure while opening one is `cannotConnect`).
    static func code(forErrorNumber number: UInt32) -> DatabaseError.Code {
        switch Int32(bitPattern: number) {
        case CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED, CR_CONNECTION_ERROR,
            CR_CONN_HOST_ERROR, ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN,
            CR_SSL_CONNECTION_ERROR,  // over TLS a closed connection reads as "unexpected eof"
            CR_MALFORMED_PACKET:
            .connectionLost
        case ER_LOCK_WAIT_TIMEOUT:
            .busy
        case ER_LOCK_DEADLOCK:
            .deadlock
        case ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME, ER_DUP_KEY, ER_DUP_UNIQUE, ER_BAD_NULL_ERROR,
            ER_NO_REFERENCED_ROW, ER_NO_REFERENCED_ROW_2, ER_ROW_IS_REFERENCED, ER_ROW_IS_REFERENCED_2,
            ER_CONSTRAINT_FAILED:
            .constraint
        case ER_PARSE_ERROR, ER_SYNTAX_ERROR, ER_EMPTY_QUERY:
            .syntax
        default:
            .other
        }
    }

    /// `message` without the values that some server messages quote back: the key of a
    /// duplicate entry, a value that could not be converted. Names of keys and columns stay.
    static func redacted(_ message: String, errorNumber number: UInt32) -> String {
        switch Int32(bitPattern: number) {
        case ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME:
            // "Duplicate entry 'VALUE' for key 'NAME'"
            guard let keyPart = message.range(of: "' for key ", options: .backwards) else {
                return "Duplicate entry (value withheld)"
            }
            return "Duplicate entry (value withheld) for key " + String(message[keyPart.upperBound...])
        case ER_TRUNCATED_WRONG_VALUE, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD, ER_WRONG_VALUE_FOR_TYPE:
            // "Incorrect integer value: 'VALUE' for column ..." / "Truncated incorrect ... value: 'VALUE'"
            guard let valueStart = message.range(of: "value: '") else { return message }
            let rest = message[valueStart.upperBound...]
            let tail = rest.range(of: "' for ", options: .backwards).map { String(rest[$0.lowerBound...]) } ?? "'"
            return String(message[..<valueStart.upperBound]) + "(withheld)" + tail
        default:
            return message
        }
    }
}

/// `mysql_server_init` (alias `mysql_library_init`) must run once before the first
/// `mysql_init`, and is not thread-safe; a static `let` is initialised exactly once
/// (`swift_once`), whichever thread opens the first connection.
///
/// It also sets SIGPIPE to be ignored if it still has its default action (which kills the
/// process). Connector/C sends with MSG_NOSIGNAL on plain sockets, but over TLS OpenSSL
/// writes to the socket itself, so writing to a connection the server has closed would
/// otherwise kill the whole node instead of failing one request with `connectionLost`.
private enum Library {
    static let isInitialized: Bool = {
        var action = sigaction()
        if sigaction(SIGPIPE, nil, &action) == 0 && action.__sigaction_handler.sa_handler == nil {
            signal(SIGPIPE, SIG_IGN)
        }
        return mysql_server_init(0, nil, nil) == 0
    }()
}

/// A prepared statement in a connection's cache; the connection closes it.
private final class PreparedStatement {
    let handle: UnsafeMutablePointer<MYSQL_STMT>
    var inUse = false
    var lastUse: UInt64 = 0

    init(_ handle: UnsafeMutablePointer<MYSQL_STMT>) {
        self.handle = handle
    }
}

/// Heap copies of the parameter values and the `MYSQL_BIND` array pointing at them.
private final class ParameterBuffers {
    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let lengths: UnsafeMutablePointer<UInt>
    private var storage: [UnsafeMutableRawPointer] = []
    private let count: Int

    init(_ parameters: [SQLValue]) {
        count = parameters.count
        binds = .allocate(capacity: max(count, 1))
        binds.initialize(repeating: MYSQL_BIND(), count: max(count, 1))
        lengths = .allocate(capacity: max(count, 1))
        lengths.initialize(repeating: 0, count: max(count, 1))
        for (index, value) in parameters.enumerated() {
            switch value {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
            case .integer(let integer):
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].buffer = store(integer)
            case .real(let real):
                binds[index].buffer_type = MYSQL_TYPE_DOUBLE
                binds[index].buffer = store(real)
            case .text(let text):
                binds[index].buffer_type = MYSQL_TYPE_STRING
                var text = text
                text.withUTF8 { bind(index, bytes: UnsafeRawBufferPointer($0)) }
            case .blob(let bytes):
                binds[index].buffer_type = MYSQL_TYPE_BLOB
                bytes.withUnsafeBytes { bind(index, bytes: $0) }
            }
        }
    }

    deinit {
        for pointer in storage { pointer.deallocate() }
        binds.deinitialize(count: max(count, 1))
        binds.deallocate()
        lengths.deallocate()
    }

    private func store<T: BitwiseCopyable>(_ value: T) -> UnsafeMutableRawPointer {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
        pointer.storeBytes(of: value, as: T.self)
        storage.append(pointer)
        return pointer
    }

    private func bind(_ index: Int, bytes: UnsafeRawBufferPointer) {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        if let base = bytes.baseAddress, bytes.count > 0 { pointer.copyMemory(from: base, byteCount: bytes.count) }
        storage.append(pointer)
        lengths[index] = UInt(bytes.count)
        binds[index].buffer = pointer
        binds[index].buffer_length = UInt(bytes.count)
        binds[index].length = lengths + index
    }
}

/// Output buffers for one result set and the decoding of each fetched row into `SQLValue`s.
///
/// Numbers land in 8-byte buffers. Strings and blobs land in a buffer sized from the column's
/// longest value (known after `mysql_stmt_store_result`), capped at 64 KiB; a longer value is
/// reported truncated and then read whole with `mysql_stmt_fetch_column` into its final storage.
private final class RowReader {
    private enum Kind {
        case integer
        case real
        case decimal(integral: Bool)
        case text
        case blob
    }

    private static let inlineLimit = 64 * 1024

    let binds: UnsafeMutablePointer<MYSQL_BIND>
    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    private let count: Int
    private let kinds: [Kind]
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let truncations: UnsafeMutablePointer<my_bool>
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ handle: UnsafeMutablePointer<MYSQL_STMT>, fields: UnsafeMutablePointer<MYSQL_FIELD>, count: Int) {
        self.handle = handle
        self.count = count
        let slots = max(count, 1)
        binds = .allocate(capacity: slots)
        binds.initialize(repeating: MYSQL_BIND(), count: slots)
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        nulls = .allocate(capacity: slots)
        nulls.initialize(repeating: 0, count: slots)
        truncations = .allocate(capacity: slots)
        truncations.initialize(repeating: 0, count: slots)

        var kinds: [Kind] = []
        for index in 0..<count {
            let field = fields[index]
            let kind = Self.kind(of: field)
            kinds.append(kind)
            let capacity: Int
            switch kind {
            case .integer:
                binds[index].buffer_type = MYSQL_TYPE_LONGLONG
                binds[index].is_unsigned = field.flags & UInt32(UNSIGNED_FLAG) != 0 ? 1 : 0
                capacity = 8
            case .real:
                binds[index].buffer_type = MYSQL_TYPE_DOUBLE
                capacity = 8
            case .decimal, .text:
                binds[index].buffer_type = MYSQL_TYPE_STRING
                capacity = min(max(Int(field.max_length), 1), Self.inlineLimit)
            case .blob:
                binds[index].buffer_type = MYSQL_TYPE_BLOB
                capacity = min(max(Int(field.max_length), 1), Self.inlineLimit)
            }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            buffers.append(buffer)
            binds[index].buffer = buffer
            binds[index].buffer_length = UInt(capacity)
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = truncations + index
        }
        self.kinds = kinds
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
        binds.deinitialize(count: max(count, 1))
        binds.deallocate()
        lengths.deallocate()
        nulls.deallocate()
        truncations.deallocate()
    }

    private static func kind(of field: MYSQL_FIELD) -> Kind {
        switch field.type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_INT24, MYSQL_TYPE_LONG, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR:
            return .integer
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE:
            return .real
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL:
            return .decimal(integral: field.decimals == 0)
        case MYSQL_TYPE_DATE, MYSQL_TYPE_NEWDATE, MYSQL_TYPE_TIME, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP,
            MYSQL_TYPE_ENUM, MYSQL_TYPE_SET, MYSQL_TYPE_NULL, MYSQL_TYPE_JSON:
            return .text  // temporal columns carry the binary charset, yet read as text
        case MYSQL_TYPE_BIT, MYSQL_TYPE_GEOMETRY:
            return .blob
        default:
            return field.charsetnr == 63 ? .blob : .text  // 63: the `binary` character set
        }
    }

    /// The current row, or nil when reading an overlong column failed.
    func row() -> SQLRow? {
        var values: [SQLValue] = []
        values.reserveCapacity(count)
        for index in 0..<count {
            guard nulls[index] == 0 else {
                values.append(.null)
                continue
            }
            switch kinds[index] {
            case .integer:
                let raw = buffers[index].load(as: Int64.self)
                if raw < 0 && binds[index].is_unsigned != 0 {
                    values.append(.text(String(UInt64(bitPattern: raw))))
                } else {
                    values.append(.integer(raw))
                }
            case .real:
                values.append(.real(buffers[index].load(as: Double.self)))
            case .decimal(let integral):
                guard let text = string(at: index) else { return nil }
                if integral, let integer = Int64(text) {
                    values.append(.integer(integer))
                } else {
                    values.append(Double(text).map(SQLValue.real) ?? .text(text))
                }
            case .text:
                guard let text = string(at: index) else { return nil }
                values.append(.text(text))
            case .blob:
                guard let bytes = bytes(at: index) else { return nil }
                values.append(.blob(bytes))
            }
        }
        return SQLRow(values)
    }

    private func string(at index: Int) -> String? {
        let length = Int(lengths[index])
        if length <= Int(binds[index].buffer_length) {
            return String(decoding: UnsafeRawBufferPointer(start: buffers[index], count: length), as: UTF8.self)
        }
        guard let bytes = fetchWhole(index, length: length) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func bytes(at index: Int) -> [UInt8]? {
        let length = Int(lengths[index])
        if length <= Int(binds[index].buffer_length) {
            return Array(UnsafeRawBufferPointer(start: buffers[index], count: length))
        }
        return fetchWhole(index, length: length)
    }

    /// Reads a value longer than the bound buffer straight into an array of its real length.
    private func fetchWhole(_ index: Int, length: Int) -> [UInt8]? {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { storage, initialized in
            var bind = MYSQL_BIND()
            var realLength: UInt = 0
            bind.buffer_type = binds[index].buffer_type
            bind.buffer = UnsafeMutableRawPointer(storage.baseAddress)
            bind.buffer_length = UInt(length)
            withUnsafeMutablePointer(to: &realLength) { lengthPointer in
                bind.length = lengthPointer
                failed = mysql_stmt_fetch_column(handle, &bind, UInt32(index), 0) != 0
            }
            initialized = failed ? 0 : min(Int(realLength), length)
        }
        return failed ? nil : bytes
    }
}
