import Database
import Directory

/// `[directory]`: where users come from (docs/directory.md, "Configuration"): one backend,
/// configured in its own sub-table, and the cache in front of it.
public struct DirectorySection: Sendable {
    /// The backend and its configuration.
    public enum Backend: Sendable {
        /// `backend = "ldap"`: OpenLDAP, a Kopano tree or Active Directory.
        case ldap(LDAPConfiguration)
        /// `backend = "sql"`: the SQL directory on SQLite or MariaDB.
        case sql(SQLDirectorySettings)
        /// `backend = "unix"`: passwd, group and shadow files.
        case unix(UnixConfiguration)
    }

    /// The backend.
    public var backend: Backend
    /// The cache in front of it.
    public var cache: DirectoryCachePolicy

    static let backends = ["sql", "ldap", "unix"]

    static let schema = TableSchema(
        "The user directory: which backend, configured in the sub-table of the same name, and the cache in front of it.",
        keys: [
            KeySpec("backend", .choice(backends), .required, "Which backend; its table (`[directory.ldap]`, `[directory.sql]` or `[directory.unix]`) is then required and the others are not allowed."),
            KeySpec("ldap", .table(LDAPSection.schema), .computed("required with `backend = \"ldap\"`"), "LDAP settings (`backend = \"ldap\"`)."),
            KeySpec("sql", .table(SQLDirectorySection.schema), .computed("required with `backend = \"sql\"`"), "SQL directory settings (`backend = \"sql\"`)."),
            KeySpec("unix", .table(UnixSection.schema), .computed("required with `backend = \"unix\"`"), "Unix account files (`backend = \"unix\"`)."),
            KeySpec("cache", .table(DirectoryCacheSection.schema), .defaulted(.table(TOMLTable())), "The cache in front of the backend."),
        ])

    init?(_ reader: SectionReader) {
        let cache = reader.section("cache").flatMap(DirectoryCacheSection.policy)
        guard let name = reader.string("backend") else { return nil }
        for other in Self.backends where other != name && reader.section(other) != nil {
            reader.section(other)?.report(.conflict, nil, "[directory.\(other)] is set but backend is \"\(name)\"")
        }
        guard let section = reader.section(name) else {
            reader.report(.missing, name, "missing required table [directory.\(name)] (backend = \"\(name)\")")
            return nil
        }
        let backend: Backend?
        switch name {
        case "ldap": backend = LDAPSection.configuration(section).map(Backend.ldap)
        case "sql": backend = SQLDirectorySection.settings(section).map(Backend.sql)
        default: backend = UnixSection.configuration(section).map(Backend.unix)
        }
        guard let backend, let cache else { return nil }
        self.backend = backend
        self.cache = cache
    }

    /// `ldap (openldap) ldaps://…`, `sql sqlite:/var/lib/…`, `unix /etc/passwd`; no secrets.
    var summary: String {
        switch backend {
        case .ldap(let c): "ldap \(c.uris.joined(separator: " ")), base \(c.baseDN), bind \(c.bindSummary)"
        case .sql(let s): "sql \(s.location.summary)"
        case .unix(let u): "unix \(u.passwdPath), mail domain \(u.defaultDomain)"
        }
    }
}

extension LDAPConfiguration {
    /// The service bind without its password.
    var bindSummary: String {
        switch bind {
        case .anonymous: "anonymous"
        case .simple(let dn, _): "simple \(dn) (password redacted)"
        case .saslExternal: "SASL EXTERNAL"
        }
    }
}

extension DatabaseLocation {
    /// `sqlite:PATH` or `mariadb://USER@HOST:PORT/DATABASE`; never the password.
    var summary: String {
        switch self {
        case .sqlite(let c): "sqlite:\(c.path)"
        case .mariadb(let c): "mariadb://\(c.user)@\(c.unixSocket.map { "unix:" + $0 } ?? "\(c.host):\(c.port)")/\(c.database)"
        }
    }
}
