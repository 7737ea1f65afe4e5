import Foundation

/// Where a server's database is, as written in a config file or on the command line:
///
/// - `sqlite:/var/lib/tessera/s1.sqlite` (the embedded default)
/// - `mariadb://USER[:PASSWORD]@HOST[:PORT]/DATABASE` or
///   `mariadb://USER@localhost/DATABASE?socket=/run/mysqld/mysqld.sock`, with `create=1` to
///   create the database if it is missing.
public enum DatabaseLocation: Sendable, CustomStringConvertible {
    case sqlite(SQLiteConfiguration)
    case mariadb(MariaDBConfiguration)

    /// Parses a location; `DatabaseError(.cannotConnect)` explains what is wrong.
    public init(parsing text: String) throws(DatabaseError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseError(.cannotConnect, "sqlite: needs a file path, e.g. sqlite:/var/lib/tessera/s1.sqlite") }
            self = .sqlite(SQLiteConfiguration(path: path))
            return
        }
        guard text.hasPrefix("mariadb://"), let url = URLComponents(string: text) else {
            throw DatabaseError(.cannotConnect, "a database location starts with sqlite: or mariadb://")
        }
        let database = url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard let user = url.user, !user.isEmpty, !database.isEmpty else {
            throw DatabaseError(.cannotConnect, "a MariaDB location needs a user and a database: mariadb://USER@HOST/DATABASE")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        for key in query.keys where !["socket", "create"].contains(key) {
            throw DatabaseError(.cannotConnect, "unknown MariaDB option \"\(key)\" (known: socket, create)")
        }
        var configuration = MariaDBConfiguration(
            host: url.host ?? "127.0.0.1", port: url.port ?? 3306, unixSocket: query["socket"], user: user,
            password: url.password ?? "", database: database, createDatabaseIfMissing: query["create"] == "1")
        if configuration.unixSocket?.isEmpty == true { configuration.unixSocket = nil }
        try configuration.validate()
        self = .mariadb(configuration)
    }

    /// A pool of connections to this database.
    public func makePool(maximumConnections: Int) -> DatabasePool {
        switch self {
        case .sqlite(let configuration): .sqlite(configuration, maximumConnections: maximumConnections)
        case .mariadb(let configuration): .mariadb(configuration, maximumConnections: maximumConnections)
        }
    }

    /// The location without any password.
    public var description: String {
        switch self {
        case .sqlite(let configuration): "sqlite:\(configuration.path)"
        case .mariadb(let configuration): "\(configuration)"
        }
    }
}
