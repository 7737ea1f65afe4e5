import Database
import Foundation
import Testing

// Checks that any `SQLConnection` keeps the promises of the protocol, written once for every
// database Tessera supports. Each driver's tests call them with connections to an empty database
// of their own (SQLite: a file in WAL mode, so that two connections see each other's commits).

/// Runs every connection-agnostic check. `make` must open a *new* connection to the same, empty
/// database each time it is called (it is called twice: some checks need a second session).
func checkSQLConnectionConformance(_ make: () throws -> any SQLConnection) throws {
    let db = try make()
    let other = try make()
    try checkValueRoundTrip(db)
    try checkParameterEcho(db)
    try checkLastInsertID(db)
    try checkRepeatedStatement(db)
    try checkChangeCounts(db)
    try checkTransactions(db, other)
    try checkConstraintViolations(db)
    try checkSyntaxError(db)
    try checkInjectionLookingParameter(db)
    try checkNestedQueries(db)
    try checkBodyErrorPropagates(db)
    try checkScript(db)
}

/// 8 threads × 200 inserts through `pool`: every insert lands exactly once.
func checkPoolConcurrency(_ pool: DatabasePool, threads: Int = 8, insertsPerThread: Int = 200) throws {
    let dialect = pool.dialect
    _ = try pool.withConnection { db in
        try db.execute(
            "CREATE TABLE conformance_pool (worker BIGINT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (worker, n))\(dialect.tableOptions)",
            [])
    }
    let failures = FailureLog()
    let group = DispatchGroup()
    for worker in 0..<threads {
        group.enter()
        let thread = Thread {
            defer { group.leave() }
            for n in 0..<insertsPerThread {
                do {
                    _ = try pool.withConnection { db in
                        try db.execute(
                            "INSERT INTO conformance_pool (worker, n) VALUES (?, ?)", [.integer(Int64(worker)), .integer(Int64(n))])
                    }
                } catch {
                    failures.append("worker \(worker) insert \(n): \(error)")
                }
            }
        }
        thread.start()
    }
    group.wait()
    #expect(failures.entries.isEmpty, "\(failures.entries.prefix(5))")
    let counts = try pool.withConnection { db in
        try db.query("SELECT worker, COUNT(*) FROM conformance_pool GROUP BY worker ORDER BY worker")
    }
    #expect(counts.count == threads)
    for row in counts {
        #expect(try row.integer(1) == Int64(insertsPerThread), "worker \(row[0])")
    }
}

/// Errors collected from several threads.
final class FailureLog: @unchecked Sendable {
    // @unchecked: `storage` is only touched with `lock` held.
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ entry: String) {
        lock.lock()
        storage.append(entry)
        lock.unlock()
    }

    var entries: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A short description of a value for failure messages (a 1 MB blob is not printed whole).
func summary(_ value: SQLValue) -> String {
    switch value {
    case .blob(let bytes) where bytes.count > 32: "blob(\(bytes.count) bytes, prefix \(bytes.prefix(8)))"
    case .text(let text) where text.count > 64: "text(\(text.count) characters, prefix \(text.prefix(16).debugDescription))"
    default: "\(value)"
    }
}

/// Deterministic pseudo-random bytes.
func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: state >> 56)
    }
}

private struct ConformanceMarker: Error {}

private func count(_ db: any SQLConnection, _ table: String) throws -> Int64 {
    try #require(try db.queryFirst("SELECT COUNT(*) FROM \(table)")).integer(0)
}

private func checkValueRoundTrip(_ db: any SQLConnection) throws {
    let d = db.dialect
    try db.execute(
        "CREATE TABLE conformance_values (id BIGINT NOT NULL PRIMARY KEY, i BIGINT, r DOUBLE, t \(d.longTextType), b \(d.blobType))\(d.tableOptions)",
        [])
    let unicode = "Grüße, 日本語, עברית, emoji 😀👩‍👩‍👧, combining e\u{301}, zero-width \u{200B}"
    let cases: [(column: String, value: SQLValue)] = [
        ("i", .integer(0)), ("i", .integer(1)), ("i", .integer(-1)), ("i", .integer(.min)), ("i", .integer(.max)),
        ("r", .real(0)), ("r", .real(-1.5)), ("r", .real(.pi)), ("r", .real(1e300)), ("r", .real(-2.5e-300)),
        ("t", .text("")), ("t", .text("hello")), ("t", .text(unicode)), ("t", .text("quote ' \" \\ ; -- /*")),
        ("t", .text(String(repeating: "xyz€", count: 50_000))),
        ("b", .blob([])), ("b", .blob([0])), ("b", .blob([0, 0x27, 0x5C, 0x22, 0xFF, 0x00])),
        ("b", .blob(pseudoRandomBytes(1 << 20))),
        ("i", .null), ("r", .null), ("t", .null), ("b", .null),
    ]
    for (id, entry) in cases.enumerated() {
        let changed = try db.execute(
            "INSERT INTO conformance_values (id, \(entry.column)) VALUES (?, ?)", [.integer(Int64(id)), entry.value])
        #expect(changed == 1)
    }
    let rows = try db.query("SELECT id, i, r, t, b FROM conformance_values ORDER BY id")
    try #require(rows.count == cases.count)
    let columns = ["i": 1, "r": 2, "t": 3, "b": 4]
    for (id, entry) in cases.enumerated() {
        let row = rows[id]
        #expect(row.values.count == 5)
        #expect(row[0] == .integer(Int64(id)))
        for (name, index) in columns {
            let expected: SQLValue = name == entry.column ? entry.value : .null
            let same = row[index] == expected
            #expect(same, "case \(id) column \(name): got \(summary(row[index])), expected \(summary(expected))")
        }
    }
    // Reading by value: the empty string is not NULL, the empty blob is not NULL.
    #expect(try count(db, "conformance_values WHERE t = ''") == 1)
    #expect(try count(db, "conformance_values WHERE t IS NULL") == cases.count - 5)
    let empty = try db.queryFirst("SELECT b FROM conformance_values WHERE id = ?", [.integer(15)])
    #expect(empty?[0] == .blob([]))
}

private func checkParameterEcho(_ db: any SQLConnection) throws {
    let values: [SQLValue] = [.null, .integer(42), .integer(.min), .real(2.5), .text("héllo"), .text(""), .blob([1, 0, 2])]
    for value in values {
        let row = try #require(try db.queryFirst("SELECT ?", [value]))
        #expect(row[0] == value, "SELECT ? with \(value)")
    }
}

private func checkLastInsertID(_ db: any SQLConnection) throws {
    let d = db.dialect
    try db.execute(
        "CREATE TABLE conformance_ids (id \(d.autoIncrementPrimaryKey), name \(d.textType(maxCharacters: 100)) NOT NULL)\(d.tableOptions)",
        [])
    try db.execute("INSERT INTO conformance_ids (name) VALUES (?)", ["first"])
    let first = db.lastInsertID
    try db.execute("INSERT INTO conformance_ids (name) VALUES (?)", ["second"])
    let second = db.lastInsertID
    #expect(first > 0)
    #expect(second > first)
    #expect(try db.queryFirst("SELECT id FROM conformance_ids WHERE name = ?", ["second"])?.integer(0) == second)
    // Statements that generate no id leave it alone.
    try db.execute("UPDATE conformance_ids SET name = ? WHERE id = ?", ["renamed", .integer(first)])
    _ = try db.query("SELECT * FROM conformance_ids")
    #expect(db.lastInsertID == second)
}

private func checkRepeatedStatement(_ db: any SQLConnection) throws {
    try db.execute("CREATE TABLE conformance_repeat (n BIGINT NOT NULL, label \(db.dialect.longTextType))\(db.dialect.tableOptions)", [])
    try db.transaction(.write) {
        for n in 1...1000 {
            try db.execute("INSERT INTO conformance_repeat (n, label) VALUES (?, ?)", [.integer(Int64(n)), .text("row \(n)")])
        }
    }
    let row = try #require(try db.queryFirst("SELECT COUNT(*), SUM(n), MAX(label) FROM conformance_repeat"))
    #expect(row[0] == .integer(1000))
    #expect(row[1] == .integer(500_500))
    #expect(row[2] == .text("row 999"))
    for n in [1, 500, 1000] {
        #expect(try db.queryFirst("SELECT label FROM conformance_repeat WHERE n = ?", [.integer(Int64(n))])?.text(0) == "row \(n)")
    }
}

private func checkChangeCounts(_ db: any SQLConnection) throws {
    try db.execute("CREATE TABLE conformance_counts (id BIGINT NOT NULL PRIMARY KEY, v BIGINT NOT NULL)\(db.dialect.tableOptions)", [])
    for id in 1...3 {
        #expect(try db.execute("INSERT INTO conformance_counts (id, v) VALUES (?, 1)", [.integer(Int64(id))]) == 1)
    }
    #expect(try db.execute("UPDATE conformance_counts SET v = 2 WHERE id <= ?", [2]) == 2)
    // Matched rows count even when the new value equals the old one.
    #expect(try db.execute("UPDATE conformance_counts SET v = 2 WHERE id <= ?", [2]) == 2)
    #expect(try db.execute("DELETE FROM conformance_counts WHERE id = ?", [99]) == 0)
    #expect(try db.execute("SELECT id FROM conformance_counts", []) == 0)
}

private func checkTransactions(_ db: any SQLConnection, _ other: any SQLConnection) throws {
    try db.execute("CREATE TABLE conformance_tx (id BIGINT NOT NULL PRIMARY KEY)\(db.dialect.tableOptions)", [])

    try db.begin(.write)
    try db.execute("INSERT INTO conformance_tx (id) VALUES (?)", [1])
    #expect(try count(db, "conformance_tx") == 1, "a transaction sees its own writes")
    #expect(try count(other, "conformance_tx") == 0, "uncommitted writes are invisible to others")
    db.rollback()
    #expect(try count(db, "conformance_tx") == 0, "rolled back")
    #expect(try count(other, "conformance_tx") == 0)

    try db.begin(.write)
    try db.execute("INSERT INTO conformance_tx (id) VALUES (?)", [2])
    try db.commit()
    #expect(try count(other, "conformance_tx") == 1, "committed writes are visible to others")

    // A read transaction is a snapshot: a commit made meanwhile stays invisible until it ends.
    try other.begin(.read)
    #expect(try count(other, "conformance_tx") == 1)
    try db.execute("INSERT INTO conformance_tx (id) VALUES (?)", [3])
    #expect(try count(other, "conformance_tx") == 1, "snapshot")
    try other.commit()
    #expect(try count(other, "conformance_tx") == 2)

    // The transaction helper rolls back when its body throws.
    #expect(throws: ConformanceMarker.self) {
        try db.transaction(.write) {
            try db.execute("INSERT INTO conformance_tx (id) VALUES (?)", [4])
            throw ConformanceMarker()
        }
    }
    #expect(try count(db, "conformance_tx") == 2)
    let inserted = try db.transaction(.write) { try db.execute("INSERT INTO conformance_tx (id) VALUES (?)", [5]) }
    #expect(inserted == 1)
    #expect(try count(other, "conformance_tx") == 3)
}

private func checkConstraintViolations(_ db: any SQLConnection) throws {
    let d = db.dialect
    try db.execute(
        "CREATE TABLE conformance_unique (id BIGINT NOT NULL PRIMARY KEY, email \(d.textType(maxCharacters: 100)) NOT NULL UNIQUE)\(d.tableOptions)",
        [])
    let secret = "secret-7f3a9c@example.org"
    try db.execute("INSERT INTO conformance_unique (id, email) VALUES (?, ?)", [1, .text(secret)])

    let duplicate = #expect(throws: DatabaseError.self) {
        try db.execute("INSERT INTO conformance_unique (id, email) VALUES (?, ?)", [2, .text(secret)])
    }
    #expect(duplicate?.code == .constraint)
    #expect(duplicate?.isTransient == false)
    #expect(duplicate.map { !$0.message.contains("secret-7f3a9c") } == true, "the message must not echo bound values: \(String(describing: duplicate))")
    #expect(duplicate.map { !String(describing: $0).contains("secret-7f3a9c") } == true)

    let primaryKey = #expect(throws: DatabaseError.self) {
        try db.execute("INSERT INTO conformance_unique (id, email) VALUES (?, ?)", [1, "other@example.org"])
    }
    #expect(primaryKey?.code == .constraint)

    let notNull = #expect(throws: DatabaseError.self) {
        try db.execute("INSERT INTO conformance_unique (id, email) VALUES (?, ?)", [3, nil])
    }
    #expect(notNull?.code == .constraint)

    #expect(try count(db, "conformance_unique") == 1)
    #expect(db.isUsable, "a constraint violation leaves the connection usable")
}

private func checkSyntaxError(_ db: any SQLConnection) throws {
    let error = #expect(throws: DatabaseError.self) { try db.execute("SELEC 1 FROM nowhere", []) }
    #expect(error?.code == .syntax)
    let queryError = #expect(throws: DatabaseError.self) { try db.query("SELECT FROM WHERE") }
    #expect(queryError?.code == .syntax)
    #expect(db.isUsable)
    #expect(try db.queryFirst("SELECT 1")?.integer(0) == 1)
}

private func checkInjectionLookingParameter(_ db: any SQLConnection) throws {
    try db.execute("CREATE TABLE conformance_notes (id BIGINT NOT NULL PRIMARY KEY, body \(db.dialect.longTextType))\(db.dialect.tableOptions)", [])
    let evil = "'); DROP TABLE conformance_notes; --"
    try db.execute("INSERT INTO conformance_notes (id, body) VALUES (?, ?)", [1, .text(evil)])
    try db.execute("INSERT INTO conformance_notes (id, body) VALUES (?, ?)", [2, "\" OR 1=1 --"])
    #expect(try db.queryFirst("SELECT body FROM conformance_notes WHERE id = ?", [1])?.text(0) == evil)
    #expect(try db.query("SELECT id FROM conformance_notes WHERE body = ?", [.text(evil)]).map { try $0.integer(0) } == [1])
    #expect(try db.query("SELECT id FROM conformance_notes WHERE body = ?", ["' OR '1'='1"]).isEmpty)
    #expect(try count(db, "conformance_notes") == 2, "the table is intact")
}

private func checkNestedQueries(_ db: any SQLConnection) throws {
    var seen: [Int64] = []
    try db.forEachRow("SELECT id FROM conformance_counts ORDER BY id", []) { row in
        let id = try row.integer(0)
        seen.append(id)
        // Another statement, and the very same one, while the outer query is being read.
        #expect(try db.queryFirst("SELECT v FROM conformance_counts WHERE id = ?", [.integer(id)]) != nil)
        #expect(try db.query("SELECT id FROM conformance_counts ORDER BY id").count == 3)
        try db.execute("UPDATE conformance_counts SET v = v + 10 WHERE id = ?", [.integer(id)])
    }
    #expect(seen == [1, 2, 3])
    #expect(try db.query("SELECT v FROM conformance_counts ORDER BY id").map { try $0.integer(0) } == [12, 12, 11])
}

private func checkBodyErrorPropagates(_ db: any SQLConnection) throws {
    var rows = 0
    #expect(throws: ConformanceMarker.self) {
        try db.forEachRow("SELECT id FROM conformance_counts ORDER BY id", []) { _ in
            rows += 1
            throw ConformanceMarker()
        }
    }
    #expect(rows == 1)
    #expect(db.isUsable)
    #expect(try db.query("SELECT id FROM conformance_counts ORDER BY id").count == 3)
}

private func checkScript(_ db: any SQLConnection) throws {
    let d = db.dialect
    try db.executeScript("")
    try db.executeScript(
        """
        CREATE TABLE conformance_script (id BIGINT NOT NULL PRIMARY KEY, note \(d.textType(maxCharacters: 50)))\(d.tableOptions);
        -- a comment; with a semicolon
        INSERT INTO conformance_script (id, note) VALUES (1, 'a;b');
        /* another; comment */
        INSERT INTO conformance_script (id, note) VALUES (2, 'it''s');

        """)
    #expect(try db.query("SELECT note FROM conformance_script ORDER BY id").map { try $0.text(0) } == ["a;b", "it's"])

    let error = #expect(throws: DatabaseError.self) {
        try db.executeScript(
            """
            INSERT INTO conformance_script (id, note) VALUES (3, 'three');
            INSERT INTO conformance_script (id, note) VALUES (1, 'duplicate');
            INSERT INTO conformance_script (id, note) VALUES (4, 'never');
            """)
    }
    #expect(error?.code == .constraint)
    #expect(try db.query("SELECT id FROM conformance_script ORDER BY id").map { try $0.integer(0) } == [1, 2, 3])
    #expect(db.isUsable)
}
