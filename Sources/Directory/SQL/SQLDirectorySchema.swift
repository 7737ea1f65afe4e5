import Database

/// The SQL plugin's tables, written once for SQLite and MariaDB. Names carry a `directory_`
/// prefix so that the directory can share a database with a server's stores.
///
/// - `directory_users`: one row per user; `login_key`/`address_key` are the lower-cased login
///   and primary address (unique); `password_hash` is crypt(3) text, NULL = cannot log on.
/// - `directory_aliases`: further addresses (lower-cased, unique) of a user.
/// - `directory_groups`, `directory_memberships`: groups whose members are users or groups.
/// - `directory_servers`: server objects.
/// - `directory_meta`: the change counter behind change cursors and the schema version.
///
/// Versions: 1 the tables above; 2 adds `directory_users.password_changed_at` (Unix seconds,
/// NULL = unknown), behind ``DirectoryUser/passwordChangedAt``. ``migrate(_:)`` creates version 1
/// when the tables are missing, then runs every later step once; a database newer than this
/// program refuses to open rather than be written by old code.
enum SQLDirectorySchema {
    /// The version this program writes.
    static let version = 2

    /// Creates the tables if they are missing and brings them to ``version``.
    static func migrate(_ connection: any SQLConnection) throws {
        for statement in version1(connection.dialect) { try connection.execute(statement, []) }
        while true {
            // One step per transaction. SQLite's write lock makes concurrent openers take turns and
            // re-read the version; MariaDB commits DDL at once, so its steps are idempotent instead.
            let done = try connection.transaction(.write) { () throws -> Bool in
                let current = try connection.queryFirst("SELECT value FROM directory_meta WHERE name = 'schema_version'", [])?.integer(0) ?? 1
                if current > Int64(version) {
                    throw DirectoryError(.configuration, "directory schema version \(current) is newer than this program's \(version)")
                }
                guard current < Int64(version) else { return true }
                let next = Int(current) + 1
                for statement in step(to: next, connection.dialect) { try connection.execute(statement, []) }
                try connection.execute("UPDATE directory_meta SET value = ? WHERE name = 'schema_version'", [.integer(Int64(next))])
                return false
            }
            if done { return }
        }
    }

    /// The statements that bring version `version - 1` to `version`.
    static func step(to version: Int, _ dialect: SQLDialect) -> [String] {
        switch version {
        case 2:
            let ifMissing = dialect == .mariadb ? "IF NOT EXISTS " : ""
            return ["ALTER TABLE directory_users ADD COLUMN \(ifMissing)password_changed_at BIGINT"]
        default:
            preconditionFailure("no directory schema step to version \(version)")
        }
    }

    /// Version 1, created when missing (a database that has it is left as it is).
    static func version1(_ dialect: SQLDialect) -> [String] {
        let key = dialect.autoIncrementPrimaryKey
        let name = dialect.textType(maxCharacters: 255)
        let text = dialect.longTextType
        let options = dialect.tableOptions
        return [
            """
            CREATE TABLE IF NOT EXISTS directory_meta (name \(name) NOT NULL PRIMARY KEY, value BIGINT NOT NULL)\(options)
            """,
            """
            CREATE TABLE IF NOT EXISTS directory_users (
              id \(key), login \(name) NOT NULL, login_key \(name) NOT NULL, display_name \(text) NOT NULL,
              primary_address \(name), address_key \(name), password_hash \(text), disabled INTEGER NOT NULL DEFAULT 0,
              shared_store INTEGER NOT NULL DEFAULT 0, admin_level INTEGER NOT NULL DEFAULT 0, home_server \(name),
              quota_override INTEGER NOT NULL DEFAULT 0, quota_warn BIGINT, quota_soft BIGINT, quota_hard BIGINT,
              change_number BIGINT NOT NULL DEFAULT 0,
              UNIQUE (login_key), UNIQUE (address_key))\(options)
            """,
            """
            CREATE TABLE IF NOT EXISTS directory_aliases (
              address_key \(name) NOT NULL PRIMARY KEY, address \(name) NOT NULL, user_id BIGINT NOT NULL)\(options)
            """,
            """
            CREATE TABLE IF NOT EXISTS directory_groups (
              id \(key), name \(name) NOT NULL, name_key \(name) NOT NULL, address \(name),
              change_number BIGINT NOT NULL DEFAULT 0, UNIQUE (name_key))\(options)
            """,
            """
            CREATE TABLE IF NOT EXISTS directory_memberships (
              group_id BIGINT NOT NULL, member_kind CHAR(1) NOT NULL, member_id BIGINT NOT NULL,
              PRIMARY KEY (group_id, member_kind, member_id))\(options)
            """,
            """
            CREATE TABLE IF NOT EXISTS directory_servers (
              name \(name) NOT NULL PRIMARY KEY, address \(name), http_port INTEGER, ssl_port INTEGER,
              file_path \(text), proxy_url \(text), contains_public INTEGER NOT NULL DEFAULT 0)\(options)
            """,
            "\(dialect.insertOrIgnore) INTO directory_meta (name, value) VALUES ('change_number', 0)",
            "\(dialect.insertOrIgnore) INTO directory_meta (name, value) VALUES ('schema_version', 1)",
        ]
    }
}
