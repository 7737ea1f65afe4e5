/// Where and how to reach a MariaDB server.
///
/// A plain value: the executable builds it from its configuration file and hands it to
/// ``MariaDBConnection/open(_:)`` or ``DatabasePool/mariadb(_:maximumConnections:)``.
/// Neither `description`, `debugDescription` nor the mirror (`dump`) shows the password.
public struct MariaDBConfiguration: Sendable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable {
        /// Plain TCP or a Unix socket (the default; right for a socket on the same host).
        case none
        /// TLS is required, but the server certificate is not checked (protects against
        /// eavesdroppers, not against an active man in the middle).
        case required
        /// TLS is required, the server certificate must chain to `caFile` and name the host.
        case verifyIdentity
    }

    /// Host name or address for TCP; ignored when `unixSocket` is set. Default `127.0.0.1`.
    public var host: String
    /// TCP port. Default 3306.
    public var port: Int
    /// Path of the server's Unix socket; when set, TCP is not used. Default nil.
    public var unixSocket: String?
    /// Account name.
    public var user: String
    /// Account password (may be empty). Never printed.
    public var password: String
    /// The database (schema) to use.
    public var database: String
    /// Whether to `CREATE DATABASE IF NOT EXISTS` before selecting `database`. Default false.
    public var createDatabaseIfMissing: Bool
    /// Seconds to wait for the connection to be made; 0 means the library default. Default 10.
    public var connectTimeout: Int
    /// Seconds to wait for each read from the server; 0 means no limit. Default 60.
    /// A statement that runs longer than this (a long lock wait, a large ALTER) fails with
    /// `connectionLost`, so keep it above `innodb_lock_wait_timeout` (50 s by default).
    public var readTimeout: Int
    /// Seconds to wait for each write to the server; 0 means no limit. Default 60.
    public var writeTimeout: Int
    /// Whether and how to use TLS. Default `.none`.
    public var tlsMode: TLSMode
    /// PEM file of the certificate authorities trusted for the server certificate (with TLS).
    public var caFile: String?
    /// The connection character set. Default `utf8mb4`, which every Tessera table uses.
    public var charset: String

    /// A configuration; only `user`, `password` and `database` have no default.
    public init(
        host: String = "127.0.0.1", port: Int = 3306, unixSocket: String? = nil,
        user: String, password: String, database: String, createDatabaseIfMissing: Bool = false,
        connectTimeout: Int = 10, readTimeout: Int = 60, writeTimeout: Int = 60,
        tlsMode: TLSMode = .none, caFile: String? = nil, charset: String = "utf8mb4"
    ) {
        self.host = host
        self.port = port
        self.unixSocket = unixSocket
        self.user = user
        self.password = password
        self.database = database
        self.createDatabaseIfMissing = createDatabaseIfMissing
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.writeTimeout = writeTimeout
        self.tlsMode = tlsMode
        self.caFile = caFile
        self.charset = charset
    }

    /// Checks the values that the server cannot check for us; ``MariaDBConnection/open(_:)``
    /// calls it first.
    public func validate() throws(DatabaseError) {
        func fail(_ message: String) -> DatabaseError { DatabaseError(.cannotConnect, "invalid MariaDB configuration: \(message)") }
        if unixSocket == nil {
            guard !host.isEmpty else { throw fail("host is empty") }
            guard (1...65535).contains(port) else { throw fail("port \(port) is not in 1...65535") }
        }
        guard !user.isEmpty else { throw fail("user is empty") }
        // MariaDB limits database names to 64 characters; NUL cannot be passed through the C API.
        guard !database.isEmpty, database.count <= 64, !database.contains("\0") else {
            throw fail("database name must have 1 to 64 characters")
        }
        for (name, seconds) in [("connectTimeout", connectTimeout), ("readTimeout", readTimeout), ("writeTimeout", writeTimeout)] {
            guard (0...Int(UInt32.max)).contains(seconds) else { throw fail("\(name) \(seconds) is out of range") }
        }
        guard !charset.isEmpty, charset.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw fail("charset \(charset) is not a character set name")
        }
        for (name, value) in [("host", host), ("user", user), ("password", password), ("unixSocket", unixSocket ?? ""), ("caFile", caFile ?? "")] {
            guard !value.contains("\0") else { throw fail("\(name) contains a NUL character") }
        }
    }
}

extension MariaDBConfiguration: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `mariadb://user@host:port/database` plus the options that differ from the defaults;
    /// the password is never shown, only whether one is set.
    public var description: String {
        let place = unixSocket.map { "unix:\($0)" } ?? "\(host):\(port)"
        var options = ["password \(password.isEmpty ? "empty" : "set")", "tls \(tlsMode.rawValue)"]
        if let caFile { options.append("ca \(caFile)") }
        if createDatabaseIfMissing { options.append("create database if missing") }
        options.append("timeouts connect \(connectTimeout) s, read \(readTimeout) s, write \(writeTimeout) s")
        options.append("charset \(charset)")
        return "mariadb://\(user)@\(place)/\(database) (\(options.joined(separator: ", ")))"
    }

    /// Same as `description`: the password stays out of debug output too.
    public var debugDescription: String { description }

    /// A mirror without the password, so that `dump` and debuggers do not show it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "unixSocket": unixSocket as Any, "user": user,
                "password": password.isEmpty ? "(empty)" : "(redacted)", "database": database,
                "createDatabaseIfMissing": createDatabaseIfMissing, "connectTimeout": connectTimeout,
                "readTimeout": readTimeout, "writeTimeout": writeTimeout, "tlsMode": tlsMode,
                "caFile": caFile as Any, "charset": charset,
            ],
            displayStyle: .struct)
    }
}
