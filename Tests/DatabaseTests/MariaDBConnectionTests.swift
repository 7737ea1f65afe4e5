import Database
import Foundation
import Testing

/// The MariaDB driver against a real server (see `MariaDBTestServer` for how to run them).
/// Serialized: the lock tests depend on timing, and the machine is small.
@Suite("MariaDB connection", .serialized)
struct MariaDBConnectionTests {
    @Test func conformsToSQLConnection() throws {
        try withMariaDBTestDatabase { database in
            try checkSQLConnectionConformance { try database.connect() }
        }
    }

    @Test func connectsOverTCP() throws {
        if MariaDBTestServer.port == nil && MariaDBTestServer.isConfigured {
            print("connectsOverTCP: only MARIADB_SOCKET is set, TCP not tested")
            return
        }
        try withMariaDBTestDatabase(overTCP: true) { database in
            let db = try database.connect()
            #expect(db.dialect == .mariadb)
            #expect(try db.queryFirst("SELECT DATABASE()")?.text(0) == database.name)
            let charset = try db.queryFirst("SELECT @@character_set_client, @@character_set_connection, @@character_set_results")
            #expect(charset?.values == [.text("utf8mb4"), .text("utf8mb4"), .text("utf8mb4")])
        }
    }

    @Test func connectionFailuresAreCannotConnect() throws {
        var wrongPassword = try MariaDBTestServer.configuration(database: "mysql")
        wrongPassword.password = "wrong-Pa55word"
        let denied = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(wrongPassword) }
        #expect(denied?.code == .cannotConnect)
        #expect(denied.map { !$0.message.contains("wrong-Pa55word") } == true)

        let missing = #expect(throws: DatabaseError.self) {
            try MariaDBConnection.open(MariaDBTestServer.configuration(database: "tessera_no_such_database"))
        }
        #expect(missing?.code == .cannotConnect)

        let closedPort = MariaDBConfiguration(host: "127.0.0.1", port: 1, user: "root", password: "", database: "mysql", connectTimeout: 2)
        let refusedPort = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(closedPort) }
        #expect(refusedPort?.code == .cannotConnect)

        if MariaDBTestServer.port != nil && MariaDBTestServer.tlsCAFile == nil {
            // The throwaway server has no certificate: demanding TLS must fail, not fall back.
            var tls = try MariaDBTestServer.configuration(database: "mysql", overTCP: true)
            tls.tlsMode = .required
            let refused = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(tls) }
            #expect(refused?.code == .cannotConnect)
            tls.tlsMode = .verifyIdentity
            let unverified = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(tls) }
            #expect(unverified?.code == .cannotConnect)
        }

        let invalid = #expect(throws: DatabaseError.self) {
            try MariaDBConnection.open(MariaDBTestServer.configuration(database: ""))
        }
        #expect(invalid?.code == .cannotConnect)
    }

    @Test func preparesEachStatementOnceAndBoundsTheCache() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.execute("CREATE TABLE t (n BIGINT NOT NULL)", [])
            func status(_ name: String) throws -> Int64 {
                let row = try #require(
                    try db.queryFirst("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = ?", [.text(name)]))
                return try #require(Int64(row.text(0)))
            }
            let preparedBefore = try status("COM_STMT_PREPARE")
            for n in 0..<1000 { try db.execute("INSERT INTO t (n) VALUES (?)", [.integer(Int64(n))]) }
            #expect(try status("COM_STMT_PREPARE") - preparedBefore == 1, "1000 runs, one prepare")
            #expect(try db.queryFirst("SELECT COUNT(*) FROM t")?.integer(0) == 1000)

            // Beyond the cache's capacity, the least recently used statements are closed.
            let closedBefore = try status("COM_STMT_CLOSE")
            let distinct = MariaDBConnection.statementCacheCapacity + 44
            for k in 0..<distinct { _ = try db.query("SELECT n + \(k) FROM t WHERE n = ?", [1]) }
            let closed = try status("COM_STMT_CLOSE") - closedBefore
            #expect(closed >= 44 && closed <= 50, "closed \(closed)")
            #expect(try db.queryFirst("SELECT COUNT(*) FROM t")?.integer(0) == 1000)
        }
    }

    @Test func mapsColumnTypes() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.executeScript(
                """
                CREATE TABLE kinds (
                    id INT NOT NULL PRIMARY KEY, tiny TINYINT, small_u SMALLINT UNSIGNED, big_u BIGINT UNSIGNED,
                    f FLOAT, dec2 DECIMAL(10,2), dec0 DECIMAL(30,0), vc VARCHAR(20) CHARACTER SET utf8mb4,
                    vb VARBINARY(20), dt DATETIME, d DATE, js JSON, en ENUM('x','y'), bits BIT(8), yr YEAR,
                    ch CHAR(3) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, tx TEXT, bl BLOB
                ) ENGINE=InnoDB;
                INSERT INTO kinds VALUES (1, -5, 65535, 18446744073709551615, 1.5, 12.34, 123456789012345678901234567890,
                    'héllo', x'00ff', '2024-01-02 03:04:05', '2024-01-02', '{"a":1}', 'y', b'10100101', 2024,
                    'abc', 'text', x'010203');
                INSERT INTO kinds (id) VALUES (2);
                """)
            let rows = try db.query("SELECT * FROM kinds ORDER BY id")
            try #require(rows.count == 2)
            let expected: [SQLValue] = [
                .integer(1), .integer(-5), .integer(65535), .text("18446744073709551615"), .real(1.5), .real(12.34),
                .real(1.2345678901234568e29), .text("héllo"), .blob([0, 0xFF]), .text("2024-01-02 03:04:05"),
                .text("2024-01-02"), .text("{\"a\":1}"), .text("y"), .blob([0xA5]), .integer(2024), .text("abc"),
                .text("text"), .blob([1, 2, 3]),
            ]
            #expect(rows[0].values == expected)
            #expect(rows[1].values == [.integer(2)] + Array(repeating: SQLValue.null, count: expected.count - 1))

            // Aggregates: SUM of integers is a DECIMAL without fraction digits on MariaDB; it reads as an integer.
            let aggregates = try #require(try db.queryFirst("SELECT SUM(id), COUNT(*), AVG(id), MAX(id), SUM(dec2) FROM kinds"))
            #expect(aggregates.values == [.integer(3), .integer(2), .real(1.5), .integer(2), .real(12.34)])
        }
    }

    @Test func readsValuesLongerThanTheInlineBuffer() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.execute("CREATE TABLE big (id BIGINT NOT NULL PRIMARY KEY, b LONGBLOB, t LONGTEXT CHARACTER SET utf8mb4)", [])
            let sizes = [10, 70_000, 0, 3 << 20, 65_536, 65_537]
            for (id, size) in sizes.enumerated() {
                try db.execute(
                    "INSERT INTO big VALUES (?, ?, ?)",
                    [.integer(Int64(id)), .blob(pseudoRandomBytes(size, seed: UInt64(id))), .text(String(repeating: "ä", count: size / 2))])
            }
            var id = 0
            try db.forEachRow("SELECT b, t FROM big ORDER BY id", []) { row in
                #expect(row[0] == .blob(pseudoRandomBytes(sizes[id], seed: UInt64(id))), "blob \(id)")
                #expect(row[1] == .text(String(repeating: "ä", count: sizes[id] / 2)), "text \(id)")
                id += 1
            }
            #expect(id == sizes.count)
        }
    }

    @Test func scriptsRunOnTheServer() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            // A trigger body holds semicolons: the server, not a client-side splitter, divides the script.
            try db.executeScript(
                """
                CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
                CREATE TABLE audit (n BIGINT NOT NULL) ENGINE=InnoDB;
                CREATE TRIGGER items_ai AFTER INSERT ON items FOR EACH ROW
                BEGIN
                    INSERT INTO audit VALUES (NEW.id);
                    INSERT INTO audit VALUES (NEW.id * 10);
                END;
                # a hash comment
                INSERT INTO items VALUES (7);
                """)
            #expect(try db.query("SELECT n FROM audit ORDER BY n").map { try $0.integer(0) } == [7, 70])
            try db.executeScript("-- only a comment")
            let error = #expect(throws: DatabaseError.self) { try db.executeScript("INSERT INTO items VALUES (8); SELEC 1; INSERT INTO items VALUES (9)") }
            #expect(error?.code == .syntax)
            #expect(try db.query("SELECT id FROM items ORDER BY id").map { try $0.integer(0) } == [7, 8])
            // Multi-statement text is off again outside executeScript.
            let multi = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO items VALUES (10); INSERT INTO items VALUES (11)", []) }
            #expect(multi?.code == .syntax)
        }
    }

    @Test func transactionModes() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.execute("CREATE TABLE t (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB", [])
            try db.begin(.read)
            let readOnly = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO t VALUES (1)", []) }
            #expect(readOnly != nil)
            let nested = #expect(throws: DatabaseError.self) { try db.begin(.write) }
            #expect(nested?.code == .other)
            db.rollback()
            try db.begin(.write)
            try db.execute("INSERT INTO t VALUES (1)", [])
            try db.commit()
            #expect(try db.queryFirst("SELECT COUNT(*) FROM t")?.integer(0) == 1)
        }
    }

    @Test func foreignKeyViolationsAreConstraintErrors() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.executeScript(
                """
                CREATE TABLE parent (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB;
                CREATE TABLE child (id BIGINT NOT NULL PRIMARY KEY, parent BIGINT NOT NULL,
                    FOREIGN KEY (parent) REFERENCES parent (id)) ENGINE=InnoDB;
                CREATE TABLE checked (v BIGINT NOT NULL CHECK (v > 0)) ENGINE=InnoDB;
                INSERT INTO parent VALUES (1);
                INSERT INTO child VALUES (1, 1);
                """)
            let orphan = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO child VALUES (?, ?)", [2, 99]) }
            #expect(orphan?.code == .constraint)
            let referenced = #expect(throws: DatabaseError.self) { try db.execute("DELETE FROM parent WHERE id = ?", [1]) }
            #expect(referenced?.code == .constraint)
            let check = #expect(throws: DatabaseError.self) { try db.execute("INSERT INTO checked VALUES (?)", [-1]) }
            #expect(check?.code == .constraint)
        }
    }

    @Test func lockWaitTimeoutIsBusy() throws {
        try withMariaDBTestDatabase { database in
            let holder = try database.connect()
            let waiter = try database.connect()
            try holder.executeScript("CREATE TABLE locks (id BIGINT NOT NULL PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB; INSERT INTO locks VALUES (1, 0)")
            try waiter.execute("SET SESSION innodb_lock_wait_timeout = 1", [])
            try holder.begin(.write)
            try holder.execute("UPDATE locks SET v = 1 WHERE id = ?", [1])
            try waiter.begin(.write)
            let error = #expect(throws: DatabaseError.self) { try waiter.execute("UPDATE locks SET v = 2 WHERE id = ?", [1]) }
            #expect(error?.code == .busy)
            #expect(error?.isTransient == true)
            #expect(waiter.isUsable)
            waiter.rollback()
            holder.rollback()
            #expect(try waiter.queryFirst("SELECT v FROM locks")?.integer(0) == 0)
        }
    }

    @Test func deadlockIsReported() throws {
        try withMariaDBTestDatabase { database in
            let observer = try database.connect()
            try observer.executeScript(
                "CREATE TABLE locks (id BIGINT NOT NULL PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB; INSERT INTO locks VALUES (1, 0), (2, 0)")
            let a = try database.connect()
            let b = try database.connect()
            try a.begin(.write)
            try a.execute("UPDATE locks SET v = 1 WHERE id = ?", [1])
            try b.begin(.write)
            try b.execute("UPDATE locks SET v = 2 WHERE id = ?", [2])

            // `a` waits for row 2 on a thread of its own; then `b` asks for row 1, closing the cycle.
            let transfer = UncheckedTransfer(a)
            let errorOfA = FailureLog()
            let finished = DispatchSemaphore(value: 0)
            Thread {
                do {
                    try transfer.value.execute("UPDATE locks SET v = 1 WHERE id = ?", [2])
                } catch {
                    errorOfA.append((error as? DatabaseError)?.code.rawValue ?? "\(error)")
                }
                finished.signal()
            }.start()
            var waiting = false
            for _ in 0..<100 where !waiting {
                Thread.sleep(forTimeInterval: 0.02)
                waiting = try observer.queryFirst("SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'")?.integer(0) == 1
            }
            #expect(waiting, "a never started waiting")
            var codes: [String] = []
            do {
                try b.execute("UPDATE locks SET v = 2 WHERE id = ?", [1])
            } catch {
                let error = try #require(error as? DatabaseError)
                codes.append(error.code.rawValue)
                #expect(error.isTransient)
            }
            finished.wait()
            codes += errorOfA.entries
            #expect(codes == ["deadlock"], "exactly one victim")
            a.rollback()
            b.rollback()
            #expect(a.isUsable && b.isUsable)
        }
    }

    @Test func killedConnectionIsLostAndUnusable() throws {
        try withMariaDBTestDatabase { database in
            let victim = try database.connect()
            let killer = try database.connect()
            let id = try #require(try victim.queryFirst("SELECT CONNECTION_ID()")).integer(0)
            try victim.begin(.write)
            try killer.execute("KILL \(id)", [])
            let lost = #expect(throws: DatabaseError.self) { try victim.execute("SELECT 1", []) }
            #expect(lost?.code == .connectionLost)
            #expect(!victim.isUsable)
            victim.rollback()  // must not throw nor crash
            let again = #expect(throws: DatabaseError.self) { try victim.query("SELECT 1") }
            #expect(again?.code == .connectionLost)
            #expect(killer.isUsable)
        }
    }

    @Test func poolReplacesALostConnection() throws {
        try withMariaDBTestDatabase { database in
            let pool = DatabasePool.mariadb(database.configuration, maximumConnections: 1)
            defer { pool.close() }
            #expect(pool.dialect == .mariadb)
            let first = try pool.withConnection { try #require(try $0.queryFirst("SELECT CONNECTION_ID()")).integer(0) }
            try database.connect().execute("KILL \(first)", [])
            let lost = #expect(throws: DatabaseError.self) { try pool.withConnection { try $0.execute("SELECT 1", []) } }
            #expect(lost?.code == .connectionLost)
            let second = try pool.withConnection { try #require(try $0.queryFirst("SELECT CONNECTION_ID()")).integer(0) }
            #expect(second != first)
        }
    }

    @Test func poolUnderConcurrency() throws {
        try withMariaDBTestDatabase { database in
            let pool = DatabasePool.mariadb(database.configuration, maximumConnections: 4)
            defer { pool.close() }
            try checkPoolConcurrency(pool, threads: 8, insertsPerThread: 200)

            // Never more than four sessions at once.
            let sessions = FailureLog()
            let group = DispatchGroup()
            for _ in 0..<8 {
                group.enter()
                Thread {
                    defer { group.leave() }
                    for _ in 0..<25 {
                        do {
                            let id = try pool.withConnection { try $0.queryFirst("SELECT CONNECTION_ID()")?.integer(0) }
                            sessions.append("\(id ?? -1)")
                        } catch {
                            sessions.append("error \(error)")
                        }
                    }
                }.start()
            }
            group.wait()
            let distinct = Set(sessions.entries)
            #expect(distinct.count <= 4, "\(distinct)")
            #expect(!distinct.contains { $0.hasPrefix("error") })
        }
    }

    /// Not a check: prints the cost of a trivial prepared INSERT, as a guide for batching.
    @Test func insertRoundTripRates() throws {
        try withMariaDBTestDatabase { database in
            let db = try database.connect()
            try db.execute("CREATE TABLE rate (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, v BIGINT NOT NULL) ENGINE=InnoDB", [])
            let count = 2000
            let clock = ContinuousClock()
            let autocommit = try clock.measure {
                for n in 0..<count { try db.execute("INSERT INTO rate (v) VALUES (?)", [.integer(Int64(n))]) }
            }
            let transaction = try clock.measure {
                try db.transaction(.write) {
                    for n in 0..<count { try db.execute("INSERT INTO rate (v) VALUES (?)", [.integer(Int64(n))]) }
                }
            }
            let select = try clock.measure {
                for n in 1...count { _ = try db.queryFirst("SELECT v FROM rate WHERE id = ?", [.integer(Int64(n))]) }
            }
            #expect(try db.queryFirst("SELECT COUNT(*) FROM rate")?.integer(0) == Int64(2 * count))
            func rate(_ duration: Duration) -> String {
                let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
                return "\(Int(Double(count) / seconds))/s (\(Int(seconds / Double(count) * 1e6)) µs each)"
            }
            let path = database.configuration.unixSocket == nil ? "TCP" : "unix socket"
            print(
                "MariaDB over \(path), \(count) prepared statements: INSERT autocommit \(rate(autocommit)), "
                    + "INSERT in one transaction \(rate(transaction)), SELECT by key \(rate(select))")
        }
    }
}

/// TLS against a server started with a certificate: MARIADB_TLS_CA names the CA that signed it
/// (for 127.0.0.1), MARIADB_TLS_WRONG_CA one that did not. `scripts/with-mariadb.sh` starts the
/// server that way; without those variables these tests fail and say so.
@Suite("MariaDB TLS", .serialized)
struct MariaDBTLSTests {
    private func cipher(_ db: MariaDBConnection) throws -> String? {
        try db.queryFirst("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER'")?.text(0)
    }

    @Test func verifiedAndUnverifiedTLS() throws {
        var config = try MariaDBTestServer.configuration(database: "mysql", overTCP: true)
        config.tlsMode = .verifyIdentity
        config.caFile = try MariaDBTestServer.requireTLSCAFile()
        let verified = try MariaDBConnection.open(config)
        #expect(try cipher(verified)?.isEmpty == false)

        config.tlsMode = .required
        config.caFile = nil
        #expect(try cipher(MariaDBConnection.open(config))?.isEmpty == false)

        config.tlsMode = .verifyIdentity
        let wrong: String = try #require(MariaDBTestServer.tlsWrongCAFile, "MARIADB_TLS_WRONG_CA is needed (scripts/with-mariadb.sh sets it)")
        config.caFile = wrong
        let refused = #expect(throws: DatabaseError.self) { try MariaDBConnection.open(config) }
        #expect(refused?.code == .cannotConnect)
    }
}

extension MariaDBTLSTests {
    /// Over TLS a connection closed by the server reports an "unexpected eof" TLS error; it is a
    /// lost connection all the same. The large write also exercises writing into a closed socket.
    @Test func killedTLSConnectionIsLost() throws {
        var config = try MariaDBTestServer.configuration(database: "mysql", overTCP: true)
        config.tlsMode = .required
        let victim = try MariaDBConnection.open(config)
        let id = try #require(try victim.queryFirst("SELECT CONNECTION_ID()")).integer(0)
        try MariaDBConnection.open(config).execute("KILL \(id)", [])
        Thread.sleep(forTimeInterval: 0.2)
        let lost = #expect(throws: DatabaseError.self) { try victim.execute("SELECT LENGTH(?)", [.blob(pseudoRandomBytes(8 << 20))]) }
        #expect(lost?.code == .connectionLost, "\(String(describing: lost))")
        #expect(!victim.isUsable)
    }
}
