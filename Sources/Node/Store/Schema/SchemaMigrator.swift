import Database
import MAPI

/// Brings a server database to ``StoreSchema/currentVersion``, once, under a lock that every
/// process opening the database takes: nodes that open a server at the same moment (its
/// serving node and its standbys) must not both create it. On SQLite the whole migration is one
/// write transaction (`BEGIN IMMEDIATE`; SQLite's DDL is transactional); on MariaDB, whose DDL
/// commits implicitly, a named lock (`GET_LOCK`) per database.
///
/// A database newer than this program refuses to open rather than be written by old code.
enum SchemaMigrator {
    /// Creates or upgrades the schema; returns the server's GUID (made on first creation).
    static func migrate(
        _ connection: any SQLConnection, newServerGUID: () -> GUID
    ) throws -> GUID {
        switch connection.dialect {
        case .sqlite:
            try connection.transaction(.write) { try upgrade(connection, newServerGUID: newServerGUID, inTransaction: true) }
        case .mariadb:
            try withNamedLock(connection) { try upgrade(connection, newServerGUID: newServerGUID, inTransaction: false) }
        }
        guard let row = try connection.queryFirst("SELECT value FROM meta WHERE name = 'server_guid'"),
            let guid = GUID(try row.text(0))
        else { throw DatabaseError(.schema, "the database has no valid server GUID") }
        return guid
    }

    /// The steps from the version found (read under the lock) to the current one.
    private static func upgrade(_ connection: any SQLConnection, newServerGUID: () -> GUID, inTransaction: Bool) throws {
        func step(_ body: () throws -> Void) throws {
            if inTransaction { try body() } else { try connection.transaction(.write) { try body() } }
        }
        let version = try currentVersion(connection)
        if version > StoreSchema.currentVersion {
            throw DatabaseError(
                .schema, "database schema version \(version) is newer than this program's \(StoreSchema.currentVersion)")
        }
        if version == 0 {
            let guid = newServerGUID()
            try step {
                for statement in StoreSchema.step(to: 1, connection.dialect) { try connection.execute(statement, []) }
                try connection.execute("INSERT INTO meta (name, value) VALUES ('schema_version', ?)", [.text("1")])
                try connection.execute("INSERT INTO meta (name, value) VALUES ('server_guid', ?)", [.text(guid.description)])
            }
        }
        var reached = max(version, 1)
        while reached < StoreSchema.currentVersion {
            reached += 1
            let next = reached
            try step {
                for statement in StoreSchema.step(to: next, connection.dialect) { try connection.execute(statement, []) }
                try connection.execute("UPDATE meta SET value = ? WHERE name = 'schema_version'", [.text(String(next))])
            }
        }
    }

    /// Runs `body` holding MariaDB's named lock for this database (waits up to 60 s for it).
    private static func withNamedLock(_ connection: any SQLConnection, _ body: () throws -> Void) throws {
        let name = "CONCAT('tessera-schema-', DATABASE())"
        let granted = try connection.queryFirst("SELECT GET_LOCK(\(name), 60)").map { try $0.integer(0) }
        guard granted == 1 else { throw DatabaseError(.busy, "another process held the schema migration lock for 60 s") }
        defer { _ = try? connection.queryFirst("SELECT RELEASE_LOCK(\(name))") }
        try body()
    }

    private static func currentVersion(_ connection: any SQLConnection) throws -> Int {
        let exists: Bool
        switch connection.dialect {
        case .sqlite:
            exists = try connection.queryFirst("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'") != nil
        case .mariadb:
            exists = try connection.queryFirst(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'meta'") != nil
        }
        guard exists else { return 0 }
        guard let row = try connection.queryFirst("SELECT value FROM meta WHERE name = 'schema_version'") else { return 0 }
        return Int(try row.text(0)) ?? 0
    }
}
