import Database
import Directory

/// What the SQL directory needs: its database and how new passwords are hashed.
public struct SQLDirectorySettings: Sendable {
    /// The directory's database.
    public var location: DatabaseLocation
    /// The hash scheme of new passwords.
    public var passwordScheme: PasswordHash.Scheme
    /// Most database connections.
    public var maximumConnections: Int
}

/// `[directory.sql]` → ``SQLDirectorySettings``: SQLite by path, or MariaDB by its parts.
enum SQLDirectorySection {
    /// SQLite's page cache per directory connection unless `cache_kib` says otherwise (SQLite's
    /// own default is 2,000 KiB). The directory is read-mostly and read by index (a logon's
    /// user, a cache miss of ``CachingDirectory``): with the default, 4 connections checking
    /// passwords of 10,000 users kept 7 MB of the users table in their caches, while the file's
    /// pages stay in the kernel's page cache anyway. A page not cached costs a `pread` of 4 KiB.
    static let defaultCacheKiB = 256

    static let mariaDBKeys = ["host", "port", "socket", "user", "password", "name", "tls", "ca_file"]

    static let schema = TableSchema(
        "SQL directory: users, groups and servers in tables of SQLite or MariaDB, crypt(3) passwords.",
        keys: [
            KeySpec("database", .choice(["sqlite", "mariadb"]), .defaulted(.string("sqlite")), "Which database."),
            KeySpec("path", .path, .computed("required for SQLite"), "SQLite: the database file (created on first use)."),
            KeySpec("host", .string, .defaulted(.string("127.0.0.1")), "MariaDB: host name or address."),
            KeySpec("port", .integer(1...65_535), .defaulted(.integer(3306)), "MariaDB: TCP port."),
            KeySpec("socket", .path, .optional, "MariaDB: Unix socket path; when set, TCP is not used."),
            KeySpec("user", .string, .computed("required for MariaDB"), "MariaDB: account name."),
            KeySpec("password", .secret, .optional, "MariaDB: account password; better `password_file`."),
            KeySpec("name", .string, .computed("required for MariaDB"), "MariaDB: database (schema) name."),
            KeySpec("tls", .choice(["none", "required", "verify-identity"]), .defaulted(.string("none")), "MariaDB: TLS; `verify-identity` checks the certificate against `ca_file` and the host name."),
            KeySpec("ca_file", .readableFile, .computed("required with `tls = \"verify-identity\"`"), "MariaDB: PEM file of the CAs trusted for the server certificate."),
            KeySpec("password_scheme", .choice(["yescrypt", "sha512"]), .defaulted(.string("yescrypt")), "Hash scheme of new passwords (existing hashes of any crypt(3) scheme verify)."),
            KeySpec("max_connections", .integer(1...64), .defaulted(.integer(4)), "Most database connections."),
            KeySpec(
                "cache_kib", .integer(16...1_048_576), .defaulted(.integer(Int64(defaultCacheKiB))),
                "SQLite: page cache of each connection in KiB (`PRAGMA cache_size`); the file's pages stay in the kernel's page cache, so a small one costs reads, not disk I/O."),
        ])

    static func settings(_ reader: SectionReader) -> SQLDirectorySettings? {
        guard let database = reader.string("database"), let schemeName = reader.string("password_scheme"),
              let scheme = PasswordHash.Scheme(name: schemeName), let connections = reader.int("max_connections")
        else { return nil }
        let location: DatabaseLocation?
        if database == "sqlite" {
            for key in mariaDBKeys where reader.isSet(key) {
                reader.report(.conflict, key, "only used with database = \"mariadb\"")
            }
            if reader.string("path") == nil { reader.report(.missing, "path", "missing: database = \"sqlite\" needs path") }
            let cacheKiB = reader.int("cache_kib") ?? defaultCacheKiB
            location = reader.string("path").map { .sqlite(SQLiteConfiguration(path: $0, cacheKiB: cacheKiB)) }
        } else {
            for key in ["path", "cache_kib"] where reader.isSet(key) {
                reader.report(.conflict, key, "only used with database = \"sqlite\"")
            }
            location = mariaDB(reader)
        }
        guard let location else { return nil }
        return SQLDirectorySettings(location: location, passwordScheme: scheme, maximumConnections: connections)
    }

    private static func mariaDB(_ reader: SectionReader) -> DatabaseLocation? {
        for key in ["user", "name"] where !reader.isSet(key) {
            reader.report(.missing, key, "missing: database = \"mariadb\" needs \(key)")
        }
        let tls: MariaDBConfiguration.TLSMode? = switch reader.string("tls") {
        case "required": .required
        case "verify-identity": .verifyIdentity
        case "none": MariaDBConfiguration.TLSMode.none
        default: nil
        }
        if tls == .verifyIdentity && !reader.isSet("ca_file") {
            reader.report(.missing, "ca_file", "missing: tls = \"verify-identity\" needs ca_file")
        }
        guard let user = reader.string("user"), let name = reader.string("name"), let host = reader.string("host"),
              let port = reader.int("port"), let tls
        else { return nil }
        let configuration = MariaDBConfiguration(
            host: host, port: port, unixSocket: reader.string("socket"), user: user,
            password: reader.secret("password")?.value ?? "", database: name, tlsMode: tls, caFile: reader.string("ca_file"))
        do {
            try configuration.validate()
        } catch {
            reader.report(.invalidValue, nil, error.message)
            return nil
        }
        return .mariadb(configuration)
    }
}
