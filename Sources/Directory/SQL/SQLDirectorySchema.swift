import Database

/// The SQL plugin's tables, written once for SQLite and MariaDB. Names carry a `directory_`
/// prefix so that the directory can share a database with a server's stores.
///
/// - `directory_users`: one row per user; `login_key`/`address_key` are the lower-cased login
///   and primary address (unique); `password_hash` is crypt(3) text, NULL = cannot log on.
/// - `directory_aliases`: further addresses (lower-cased, unique) of a user.
/// - `directory_groups`, `directory_memberships`: groups whose members are users or groups.
/// - `directory_servers`: server objects.
/// - `directory_meta`: the change counter behind change cursors.
enum SQLDirectorySchema {
    static let version = 1

    static func statements(_ dialect: SQLDialect) -> [String] {
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
            "\(dialect.insertOrIgnore) INTO directory_meta (name, value) VALUES ('schema_version', \(version))",
        ]
    }
}
