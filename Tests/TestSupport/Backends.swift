import Database
import Foundation

/// The databases the store suite runs on. Every store test runs once per backend.
///
/// MariaDB is found through MARIADB_SOCKET or MARIADB_PORT (as `scripts/with-mariadb.sh`
/// exports them; `make test` starts one). Without them the MariaDB cases fail saying so: a test
/// that needs MariaDB never passes, or is skipped, without it.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case mariadb

    /// Every backend: MariaDB is not optional.
    public static let enabled: [Backend] = allCases

    public var description: String { rawValue }
}

/// Where the MariaDB tests find their server.
public enum MariaDBServer {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "MariaDB is required for the store tests on MariaDB, but neither MARIADB_SOCKET nor MARIADB_PORT is set: "
                + "run `make test`, or `scripts/with-mariadb.sh swift test`"
        }
    }

    public static func configuration(database: String) throws -> MariaDBConfiguration {
        let environment = ProcessInfo.processInfo.environment
        if let socket = environment["MARIADB_SOCKET"], !socket.isEmpty {
            var configuration = MariaDBConfiguration(unixSocket: socket, user: "root", password: "", database: database)
            configuration.createDatabaseIfMissing = true
            return configuration
        }
        if let port = environment["MARIADB_PORT"].flatMap(Int.init) {
            var configuration = MariaDBConfiguration(host: "127.0.0.1", port: port, user: "root", password: "", database: database)
            configuration.createDatabaseIfMissing = true
            return configuration
        }
        throw Missing()
    }
}


extension MariaDBServer {
    /// The same server as a `mariadb://` location for the `tessera` command line.
    public static func location(database: String) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let socket = environment["MARIADB_SOCKET"], !socket.isEmpty {
            return "mariadb://root@localhost/\(database)?socket=\(socket)&create=1"
        }
        if let port = environment["MARIADB_PORT"].flatMap(Int.init) {
            return "mariadb://root@127.0.0.1:\(port)/\(database)?create=1"
        }
        throw Missing()
    }
}
