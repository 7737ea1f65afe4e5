import Database
import Foundation
import Testing

/// Where the MariaDB integration tests find their server.
///
/// Run them against a throwaway server, which exports MARIADB_SOCKET and MARIADB_PORT
/// (root, empty password):
///
///     scripts/with-mariadb.sh swift test --filter DatabaseTests
///
/// Without either variable the tests fail, saying so.
enum MariaDBTestServer {
    private static let environment = ProcessInfo.processInfo.environment

    /// The server's Unix socket, preferred when set.
    static let socket: String? = environment["MARIADB_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    /// The server's TCP port on 127.0.0.1.
    static let port: Int? = environment["MARIADB_PORT"].flatMap { Int($0) }
    /// The account (the throwaway server's root has an empty password).
    static let user = environment["MARIADB_USER"] ?? "root"
    static let password = environment["MARIADB_PASSWORD"] ?? ""

    /// A CA file that verifies the server's TLS certificate, when the server was started with one
    /// (the throwaway recipe starts it without TLS); and a CA file that does not.
    static let tlsCAFile: String? = environment["MARIADB_TLS_CA"].flatMap { $0.isEmpty ? nil : $0 }
    static let tlsWrongCAFile: String? = environment["MARIADB_TLS_WRONG_CA"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether a server was named.
    static var isConfigured: Bool { socket != nil || port != nil }

    /// The CA file for the TLS tests; throws (failing the test) when the server has no certificate.
    static func requireTLSCAFile() throws -> String {
        guard let file = tlsCAFile, port != nil else { throw MissingTLS() }
        return file
    }

    struct MissingTLS: Error, CustomStringConvertible {
        var description: String {
            "the TLS tests need MARIADB_TLS_CA and MARIADB_PORT: a server with a certificate, as `scripts/with-mariadb.sh swift test` starts it"
        }
    }

    static let requirement = """
        MariaDB is required for the MariaDB driver tests, but neither MARIADB_SOCKET nor MARIADB_PORT \
        is set. Run them against a throwaway server: `make test`, or \
        `scripts/with-mariadb.sh swift test --filter DatabaseTests`.
        """

    /// A configuration for `database` on the test server: over the socket when there is one,
    /// else (or with `overTCP`) over TCP to 127.0.0.1. Throws the requirement when no server is set.
    static func configuration(database: String, overTCP: Bool = false) throws -> MariaDBConfiguration {
        guard isConfigured else { throw MissingServer() }
        if overTCP || socket == nil {
            let port = try #require(port, "MARIADB_PORT is needed for a TCP connection")
            return MariaDBConfiguration(host: "127.0.0.1", port: port, user: user, password: password, database: database)
        }
        return MariaDBConfiguration(unixSocket: socket, user: user, password: password, database: database)
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String { MariaDBTestServer.requirement }
    }
}

/// A database of one test's own on the test server, named with a random suffix.
struct MariaDBTestDatabase {
    let name: String
    /// Connects to `name`, creating it on first use.
    let configuration: MariaDBConfiguration

    init(overTCP: Bool = false) throws {
        name = "tessera_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var configuration = try MariaDBTestServer.configuration(database: name, overTCP: overTCP)
        configuration.createDatabaseIfMissing = true
        self.configuration = configuration
    }

    /// A new connection to the test database.
    func connect() throws -> MariaDBConnection {
        try MariaDBConnection.open(configuration)
    }

    /// Drops the database (over a connection to the `mysql` schema, so as not to recreate it).
    func drop() {
        do {
            var admin = configuration
            admin.database = "mysql"
            admin.createDatabaseIfMissing = false
            try MariaDBConnection.open(admin).execute("DROP DATABASE IF EXISTS `\(name)`", [])
        } catch {
            Issue.record("could not drop test database \(name): \(error)")
        }
    }
}

/// Runs `body` with a fresh test database and drops it afterwards, also when `body` throws.
func withMariaDBTestDatabase<T>(overTCP: Bool = false, _ body: (MariaDBTestDatabase) throws -> T) throws -> T {
    let database = try MariaDBTestDatabase(overTCP: overTCP)
    defer { database.drop() }
    return try body(database)
}

/// Lets a test hand a connection to a thread of its own. A connection is not `Sendable`; the
/// tests that use this make sure only one thread touches it at a time.
final class UncheckedTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
