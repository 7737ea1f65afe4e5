import Database
import Foundation
import Logging
import MAPI
import Node

/// One database under test: a fresh SQLite file in a temporary folder (WAL, synchronous=NORMAL,
/// the engine's defaults) or a fresh database on the MariaDB server named by `MARIADB_SOCKET` /
/// `MARIADB_PORT`, with a store engine on it that owns the server. `mariadb-durable` is the same
/// server switched to `innodb_flush_log_at_trx_commit=1` (the log flushed at every commit) for the
/// length of the run, and switched back after.
///
/// The store and the raw baselines share ``pool``: the same connection objects, the same driver
/// class and the same prepared-statement cache.
final class BenchDatabase {
    enum Kind: String, CaseIterable {
        case sqlite
        case mariadb
        case mariadbDurable = "mariadb-durable"

        var title: String {
            switch self {
            case .sqlite: "SQLite"
            case .mariadb: "MariaDB"
            case .mariadbDurable: "MariaDB durable"
            }
        }
    }

    let kind: Kind
    let pool: DatabasePool
    let engine: StoreEngine
    private let directory: URL
    private let mariaDBName: String?
    /// The server's `innodb_flush_log_at_trx_commit` to restore after a durable run.
    private var restoreFlush: Int64?

    /// Opens a fresh database. `connect` wraps each new connection (the statement profile uses it).
    init(
        _ kind: Kind,
        wrap: @escaping @Sendable (any SQLConnection) -> any SQLConnection = { $0 }
    ) throws {
        self.kind = kind
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch kind {
        case .sqlite:
            mariaDBName = nil
            let configuration = SQLiteConfiguration(path: directory.appendingPathComponent("s1.sqlite").path)
            pool = DatabasePool(dialect: .sqlite, maximumConnections: 4) { wrap(try SQLiteConnection.open(configuration)) }
        case .mariadb, .mariadbDurable:
            let name = "tessera_bench_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            mariaDBName = name
            let configuration = try Self.mariaDBConfiguration(database: name)
            pool = DatabasePool(dialect: .mariadb, maximumConnections: 4) { wrap(try MariaDBConnection.open(configuration)) }
        }
        if kind == .mariadbDurable {
            restoreFlush = try pool.withConnection { connection in
                let previous = try connection.queryFirst("SELECT @@GLOBAL.innodb_flush_log_at_trx_commit")!.integer(0)
                try connection.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 1", [])
                return previous
            }
        }
        var logger = Logger(label: "tessera.bench")
        logger.logLevel = .warning
        engine = try StoreEngine(
            database: pool, blobs: try BlobStore(root: directory.appendingPathComponent("blobs").path),
            configuration: StoreEngineConfiguration(serverName: "s1", nodeName: "bench"), logger: logger)
        try engine.claimOwnership()
    }

    deinit {
        if let name = mariaDBName {
            _ = try? pool.withConnection { try $0.execute("DROP DATABASE IF EXISTS `\(name)`", []) }
        }
        if let restoreFlush {
            _ = try? pool.withConnection { try $0.execute("SET GLOBAL innodb_flush_log_at_trx_commit = \(restoreFlush)", []) }
        }
        pool.close()
        try? FileManager.default.removeItem(at: directory)
    }

    var dialect: SQLDialect { pool.dialect }

    /// Runs `body` on a connection of the shared pool.
    func withConnection<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        try pool.withConnection(body)
    }

    /// Version and settings of the database, for the report.
    func describe() throws -> String {
        try withConnection { connection in
            switch kind {
            case .sqlite:
                let version = try connection.queryFirst("SELECT sqlite_version()")!.text(0)
                let journal = try connection.queryFirst("PRAGMA journal_mode")!.text(0)
                let synchronous = try connection.queryFirst("PRAGMA synchronous")!.integer(0)
                let names = [0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"]
                return "SQLite \(version), journal_mode=\(journal), synchronous=\(names[Int(synchronous)] ?? "\(synchronous)"), "
                    + "file in \(directory.path)"
            case .mariadb, .mariadbDurable:
                let row = try connection.queryFirst(
                    """
                    SELECT VERSION(), @@innodb_flush_log_at_trx_commit, @@innodb_buffer_pool_size, @@innodb_log_file_size,
                      @@log_bin, @@sync_binlog, @@innodb_doublewrite, @@innodb_flush_method
                    """)!
                let flush = try row.integer(1)
                return "MariaDB \(try row.text(0)), innodb_flush_log_at_trx_commit=\(flush)"
                    + (flush == 1 ? " (durable: log flushed at every commit)" : " (NOT durable per commit: log flushed about once a second)")
                    + ", innodb_buffer_pool_size=\(try row.integer(2) >> 20)M, innodb_log_file_size=\(try row.integer(3) >> 20)M"
                    + ", log_bin=\(try row.integer(4)), sync_binlog=\(try row.integer(5)), innodb_doublewrite=\(try row.integer(6))"
                    + ", innodb_flush_method=\(row[7].text ?? "default")"
                    + (ProcessInfo.processInfo.environment["MARIADB_SOCKET"].map { _ in ", over the Unix socket" } ?? ", over TCP")
            }
        }
    }

    /// The MariaDB server the throwaway recipe started (Unix socket preferred, as in the tests).
    static func mariaDBConfiguration(database: String) throws -> MariaDBConfiguration {
        let environment = ProcessInfo.processInfo.environment
        var configuration: MariaDBConfiguration
        if let socket = environment["MARIADB_SOCKET"], !socket.isEmpty {
            configuration = MariaDBConfiguration(unixSocket: socket, user: "root", password: "", database: database)
        } else if let port = environment["MARIADB_PORT"].flatMap(Int.init) {
            configuration = MariaDBConfiguration(host: "127.0.0.1", port: port, user: "root", password: "", database: database)
        } else {
            throw BenchError("MariaDB needs MARIADB_SOCKET or MARIADB_PORT (run benchmarks/run.sh, which starts one)")
        }
        configuration.createDatabaseIfMissing = true
        return configuration
    }
}

/// A failure of the benchmark itself (setup, or a result that is not what was asked for).
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}
