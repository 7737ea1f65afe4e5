import Database
import MAPI

/// Brings a server database to ``StoreSchema/currentVersion``, once, under the write lock.
///
/// A database newer than this program refuses to open rather than be written by old code.
enum SchemaMigrator {
    /// Creates or upgrades the schema; returns the server's GUID (made on first creation).
    static func migrate(
        _ connection: any SQLConnection, newServerGUID: () -> GUID
    ) throws -> GUID {
        let version = try currentVersion(connection)
        if version > StoreSchema.currentVersion {
            throw DatabaseError(
                .schema, "database schema version \(version) is newer than this program's \(StoreSchema.currentVersion)")
        }
        if version == 0 {
            let guid = newServerGUID()
            try connection.transaction(.write) {
                for statement in StoreSchema.step(to: 1, connection.dialect) { try connection.execute(statement, []) }
                try connection.execute("INSERT INTO meta (name, value) VALUES ('schema_version', ?)", [.text("1")])
                try connection.execute("INSERT INTO meta (name, value) VALUES ('server_guid', ?)", [.text(guid.description)])
            }
        }
        var reached = max(version, 1)
        while reached < StoreSchema.currentVersion {
            reached += 1
            let next = reached
            try connection.transaction(.write) {
                for statement in StoreSchema.step(to: next, connection.dialect) { try connection.execute(statement, []) }
                try connection.execute("UPDATE meta SET value = ? WHERE name = 'schema_version'", [.text(String(next))])
            }
        }
        guard let row = try connection.queryFirst("SELECT value FROM meta WHERE name = 'server_guid'"),
            let guid = GUID(try row.text(0))
        else { throw DatabaseError(.schema, "the database has no valid server GUID") }
        return guid
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
