/// The SQL flavours Tessera speaks. Schema and queries are written once; the few places where
/// SQLite and MariaDB differ ask the dialect.
public enum SQLDialect: String, Sendable {
    case sqlite
    case mariadb

    /// Column type for binary data.
    public var blobType: String { self == .sqlite ? "BLOB" : "LONGBLOB" }

    /// Column type for short indexed binary keys (source keys, hashes).
    public func keyType(bytes: Int) -> String { self == .sqlite ? "BLOB" : "VARBINARY(\(bytes))" }

    /// Column type for text compared byte-wise (folded sort keys, names).
    ///
    /// On MariaDB the collation is `utf8mb4_nopad_bin`: `utf8mb4_bin` is a PAD SPACE collation,
    /// which ignores trailing spaces ('a' = 'a ') and orders 'a' after 'a\t'.
    public func textType(maxCharacters: Int) -> String {
        self == .sqlite ? "TEXT" : "VARCHAR(\(maxCharacters)) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
    }

    /// Column type for long text.
    public var longTextType: String { self == .sqlite ? "TEXT" : "LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin" }

    /// An auto-incrementing 64-bit primary key column definition.
    public var autoIncrementPrimaryKey: String {
        self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY"
    }

    /// Suffix of a CREATE TABLE statement.
    public var tableOptions: String { self == .sqlite ? "" : " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin" }

    /// `INSERT OR IGNORE` / `INSERT IGNORE`.
    public var insertOrIgnore: String { self == .sqlite ? "INSERT OR IGNORE" : "INSERT IGNORE" }

    /// The position (1-based) of `needle` in `haystack`, 0 when absent; byte-wise on both.
    public func position(of needle: String, in haystack: String) -> String {
        self == .sqlite ? "instr(\(haystack), \(needle))" : "LOCATE(\(needle), \(haystack))"
    }
}
