import Config
import Database
import Directory
import Foundation
import Logging
import Node
import ServiceLifecycle

/// A real node in this process: a ``NodeProcess`` built from a ``TestNodeConfiguration``'s TOML,
/// serving HTTP on a free loopback port, its SQL directory seeded with users homed on `s1`.
/// ``run(users:configure:logger:_:)`` starts it in a `ServiceGroup`, hands it to the body and
/// shuts it down gracefully afterwards (also when the body throws), then deletes its folder.
public struct InProcessNode: Sendable {
    /// A user to create before the node starts.
    public struct User: Sendable {
        public var login: String
        public var password: String

        public init(_ login: String, password: String) {
            self.login = login
            self.password = password
        }

        /// alice, password "alice secret".
        public static let alice = User("alice", password: "alice secret")
        /// bob, password "bob secret".
        public static let bob = User("bob", password: "bob secret")
    }

    /// The running node.
    public let process: NodeProcess
    /// Its configuration.
    public let configuration: TestNodeConfiguration
    /// The port it listens on.
    public let port: Int
    /// Its SOAP endpoint, `http://127.0.0.1:PORT/soap`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/soap")! }
    private let group: ServiceGroup

    /// Starts the graceful shutdown the end of ``run(users:configure:logger:_:)`` would, now
    /// (as SIGTERM does to `tessera node`).
    public func shutdown() async { await group.triggerGracefulShutdown() }

    /// Runs `body` against a fresh node; `configure` adjusts the configuration (limits,
    /// session lifetime…) before the node is built.
    public static func run<T>(
        users: [User] = [.alice], configure: (inout TestNodeConfiguration) -> Void = { _ in },
        logger: Logger = InProcessNode.quietLogger, _ body: (InProcessNode) async throws -> T
    ) async throws -> T {
        try await TestNodeConfiguration.inTemporaryFolder(configure: configure) { configuration in
            try await seed(users, directory: configuration.directoryPath)
            let parsed = try NodeConfiguration(parsing: configuration.text, environment: environment(configuration))
            let process = try await NodeProcess(configuration: parsed, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [.init(service: process)], logger: logger))
            return try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                do {
                    let address = try await process.http.boundAddress()
                    let node = InProcessNode(process: process, configuration: configuration, port: address.port, group: group)
                    let result = try await body(node)
                    await group.triggerGracefulShutdown()
                    try await tasks.waitForAll()
                    return result
                } catch {
                    await group.triggerGracefulShutdown()
                    try? await tasks.waitForAll()
                    throw error
                }
            }
        }
    }

    /// Warnings and errors on standard error.
    public static var quietLogger: Logger {
        var logger = Logger(label: "tessera.test-node") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }

    /// Creates `users` in the SQL directory at `path` (homed on `s1`), as `tessera directory
    /// user add` would.
    static func seed(_ users: [User], directory path: String) async throws {
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: path), maximumConnections: 1)
        defer { pool.close() }
        let directory = try await SQLDirectory(pool: pool, passwordScheme: .sha512, logger: quietLogger)
        defer { directory.shutdown() }
        for user in users {
            _ = try await directory.addUser(SQLDirectory.NewUser(login: user.login, homeServer: "s1"), password: user.password)
        }
    }

    /// No `TESSERA_…` overrides; the key file is read from the configuration, not the disk.
    static func environment(_ configuration: TestNodeConfiguration) -> ConfigEnvironment {
        let keyFile = configuration.keyFile, keys = configuration.sessionKeys
        return ConfigEnvironment(
            readFile: { path in
                guard path == keyFile else { throw CocoaError(.fileNoSuchFile) }
                return keys
            },
            isReadableFile: { _ in false })
    }
}
