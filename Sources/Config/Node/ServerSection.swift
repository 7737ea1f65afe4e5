import Database

/// `[[server]]`: a server (a database and a blob store) this node serves or stands by for.
public struct ServerSection: Sendable {
    /// Whether the node takes the server at start or only on failover.
    public enum Role: String, Sendable, CaseIterable {
        /// Serve it: take ownership at start.
        case serve
        /// Stand by: a failover candidate that reaches the database but serves only when the
        /// serving node dies.
        case standby
    }

    /// The server's name, as the directory stores a user's home server.
    public var name: String
    /// Its database (the password, if any, from `database_password`).
    public var database: DatabaseLocation
    /// Its blob store directory.
    public var blobs: String
    /// Serve or stand by.
    public var role: Role
    /// Most database connections.
    public var maximumConnections: Int

    static let schema = TableSchema(
        "A server this node may serve: one table per server, at least one.",
        keys: [
            KeySpec("name", .name, .required, "The server's name, as the directory names users' home servers (Kopano's server_name)."),
            KeySpec("database", .database, .required, "`sqlite:PATH`, or `mariadb://USER@HOST[:PORT]/DATABASE[?socket=PATH]` (see docs/storage.md)."),
            KeySpec("database_password", .secret, .optional, "MariaDB password, kept out of the URL; better `database_password_file`."),
            KeySpec("blobs", .path, .required, "Directory of the attachment blob store (content-addressed files)."),
            KeySpec("role", .choice(Role.allCases.map(\.rawValue)), .defaulted(.string("serve")), "`serve`: take the server at start; `standby`: only on failover."),
            KeySpec("max_connections", .integer(1...256), .defaulted(.integer(8)), "Most database connections for this server."),
        ])

    init?(_ reader: SectionReader) {
        guard let name = reader.string("name"), var database = reader.database("database"), let blobs = reader.string("blobs"),
              let roleName = reader.string("role"), let role = Role(rawValue: roleName), let connections = reader.int("max_connections")
        else { return nil }
        if let password = reader.secret("database_password") {
            switch database {
            case .sqlite:
                reader.report(.conflict, "database_password", "only used with a mariadb:// database")
                return nil
            case .mariadb(var configuration):
                guard configuration.password.isEmpty else {
                    reader.report(.conflict, "database_password", "the database URL already holds a password; give it in one place")
                    return nil
                }
                configuration.password = password.value
                database = .mariadb(configuration)
            }
        }
        self.name = name
        self.database = database
        self.blobs = blobs
        self.role = role
        self.maximumConnections = connections
    }

    /// Reports servers listed twice, and two servers on one SQLite file or blob directory.
    static func checkDistinct(_ servers: [ServerSection], _ readers: [SectionReader]) {
        var seen: [String: Int] = [:]
        for (index, server) in servers.enumerated() {
            let places: [(key: String, value: String)] = [
                ("name", "name " + server.name), ("blobs", "blobs " + server.blobs),
            ] + (server.sqlitePath.map { [("database", "database " + $0)] } ?? [])
            for place in places {
                if let first = seen[place.value] {
                    readers[index].report(.conflict, place.key, "server[\(first)] has the same \(place.key)")
                } else {
                    seen[place.value] = index
                }
            }
        }
    }

    /// The SQLite file of the server's database; nil for MariaDB.
    public var sqlitePath: String? {
        if case .sqlite(let configuration) = database { configuration.path } else { nil }
    }
}
