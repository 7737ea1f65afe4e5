import Database
import Directory
import Foundation
import Logging

/// The users of the benchmark, written into the node's SQL directory before the node starts:
/// `user00000`, `user00001`, … with one password, hashed with SHA-512-crypt (`$6$`, 5,000
/// rounds: libxcrypt's default) rather than the directory's default yescrypt, so that a logon's
/// password check costs about a millisecond, not tens.
enum UserSeeding {
    static let password = "bench-password"

    static func login(_ n: Int) -> String { "user" + String(n).leftPadded(to: 5) }

    /// Adds `count` users, two at a time (hashing runs in the calling task); returns the seconds taken.
    static func seed(_ count: Int, into files: NodeFiles) async throws -> Double {
        let configuration = SQLiteConfiguration(path: files.directoryDatabase.path)
        let pool = DatabasePool(dialect: .sqlite, maximumConnections: 2) { try SQLiteConnection.open(configuration) }
        defer { pool.close() }
        var logger = Logger(label: "tessera.soap-bench.directory")
        logger.logLevel = .warning
        let directory = try await SQLDirectory(pool: pool, passwordScheme: .sha512, logger: logger)
        defer { directory.shutdown() }
        let elapsed = try await Batch.run(count: count, concurrency: 2) { n in
            try await directory.addUser(SQLDirectory.NewUser(login: login(n)), password: password)
        }
        return elapsed.seconds
    }
}

extension String {
    /// The string with zeros in front up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
