import Database
import Foundation
import Testing

@Suite("SQLite driver") struct SQLiteConnectionTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tessera-sqlite-\(UUID().uuidString).sqlite").path
    }

    @Test func conformsToSQLConnection() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try checkSQLConnectionConformance { try SQLiteConnection.open(SQLiteConfiguration(path: path)) }
    }

    @Test func poolsConcurrentWriters() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: path), maximumConnections: 4)
        try checkPoolConcurrency(pool)
        pool.close()
    }

    @Test func usesWriteAheadLogging() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let connection = try SQLiteConnection.open(SQLiteConfiguration(path: path))
        #expect(try connection.queryFirst("PRAGMA journal_mode")?.text(0) == "wal")
        #expect(try connection.queryFirst("PRAGMA synchronous")?.integer(0) == 1)  // NORMAL
        #expect(try connection.queryFirst("PRAGMA foreign_keys")?.integer(0) == 1)
    }

    @Test func wrongParameterCountsAndBadFilesAreClearErrors() throws {
        let connection = try SQLiteConnection.open(SQLiteConfiguration(path: ":memory:"))
        try connection.execute("CREATE TABLE t (a INTEGER)", [])
        #expect(throws: DatabaseError.self) { try connection.execute("INSERT INTO t VALUES (?)", []) }
        #expect { try SQLiteConnection.open(SQLiteConfiguration(path: "/nonexistent-dir/x.sqlite")) } throws: {
            ($0 as? DatabaseError)?.code == .cannotConnect
        }
    }

    @Test func pageCacheIsSQLitesUnlessConfigured() throws {
        let standard = try SQLiteConnection.open(SQLiteConfiguration(path: ":memory:"))
        #expect(try standard.queryFirst("PRAGMA cache_size")?.integer(0) == -2000)
        let small = try SQLiteConnection.open(SQLiteConfiguration(path: ":memory:", cacheKiB: 256))
        #expect(try small.queryFirst("PRAGMA cache_size")?.integer(0) == -256)
    }

    @Test func statementCacheIsBounded() throws {
        let connection = try SQLiteConnection.open(SQLiteConfiguration(path: ":memory:", statementCacheSize: 4))
        for n in 0..<50 { #expect(try connection.queryFirst("SELECT \(n)")?.integer(0) == Int64(n)) }
    }
}

@Suite("Database locations") struct DatabaseLocationTests {
    @Test func parsesSQLiteAndMariaDB() throws {
        guard case .sqlite(let sqlite) = try DatabaseLocation(parsing: "sqlite:/var/lib/tessera/s1.sqlite") else {
            Issue.record("not sqlite")
            return
        }
        #expect(sqlite.path == "/var/lib/tessera/s1.sqlite")
        guard case .mariadb(let tcp) = try DatabaseLocation(parsing: "mariadb://tessera:s3cret@db.example:3307/s1?create=1") else {
            Issue.record("not mariadb")
            return
        }
        #expect(tcp.host == "db.example" && tcp.port == 3307 && tcp.user == "tessera" && tcp.password == "s3cret")
        #expect(tcp.database == "s1" && tcp.createDatabaseIfMissing)
        #expect(!String(describing: try DatabaseLocation(parsing: "mariadb://tessera:s3cret@db.example/s1")).contains("s3cret"))
        guard case .mariadb(let socket) = try DatabaseLocation(parsing: "mariadb://root@localhost/s2?socket=/run/mysqld/mysqld.sock")
        else {
            Issue.record("not mariadb")
            return
        }
        #expect(socket.unixSocket == "/run/mysqld/mysqld.sock")
    }

    @Test func refusesWhatItCannotUse() {
        for text in ["", "sqlite:", "postgres://x@y/z", "mariadb://host/db", "mariadb://u@host/", "mariadb://u@h/db?bogus=1", "mariadb://u@h:99999/db"] {
            #expect(throws: DatabaseError.self) { try DatabaseLocation(parsing: text) }
        }
    }
}
