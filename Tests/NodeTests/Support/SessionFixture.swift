import Database
import Directory
import Foundation
import Logging
import MAPI
import SOAP
import Synchronization

@testable import Node

/// A node's session machinery over real parts: a ``StoreFixture`` server `s1` (SQLite or
/// MariaDB), a ``SQLDirectory`` on its own SQLite file, a hand-stepped clock shared by all of
/// them, and seeded token ids.
final class SessionFixture: @unchecked Sendable {
    static let key: [UInt8] = Array(repeating: 7, count: 32)
    /// The URL the static placement gives for server `s2`.
    static let s2URL = "https://node2.example.test:8443/soap"

    let store: StoreFixture
    let directory: SQLDirectory
    let executor = BlockingExecutor(name: "test-store", threadCount: 2)
    let logs = LogCapture()
    let authority: SessionTokenAuthority
    let revocations: ServerRevocations
    let servers: HomeServers
    private let directoryPool: DatabasePool
    private let directoryPath: String
    private let time = TestClock()
    private let random = SeededRandom(seed: 42)

    /// The clock everything reads.
    var clock: @Sendable () -> Date { time.read }

    private init(_ backend: Backend, placement: StaticServerPlacement?) async throws {
        store = try StoreFixture(backend)
        directoryPath = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-directory-\(UUID().uuidString).sqlite").path
        directoryPool = .sqlite(SQLiteConfiguration(path: directoryPath), maximumConnections: 2)
        directory = try await SQLDirectory(pool: directoryPool, passwordScheme: .sha512, logger: logs.logger(), clock: time.read)
        authority = SessionTokenAuthority(keyring: try SessionKeyring(keys: [Self.key]))
        revocations = ServerRevocations(engine: store.engine, executor: executor, clock: time.read)
        servers = HomeServers(
            [LocalServer(engine: store.engine, revocations: revocations)],
            placement: placement ?? StaticServerPlacement(local: ["s1"], elsewhere: ["s2": Self.s2URL]), directory: directory)
    }

    /// A fixture on `backend`; `placement` defaults to "s1 here, s2 at ``s2URL``".
    static func make(_ backend: Backend, placement: StaticServerPlacement? = nil) async throws -> SessionFixture {
        try await SessionFixture(backend, placement: placement)
    }

    /// Directories made by ``unreachableDirectory()``, and their files.
    private let others = Mutex<[(SQLDirectory, String)]>([])

    deinit {
        for (directory, path) in others.withLock({ $0 }) + [(directory, directoryPath)] {
            directory.shutdown()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        executor.shutdown()
        directoryPool.close()
    }

    /// Another SQL directory whose database has gone away (its pool is closed): every call
    /// finds the directory unavailable.
    func unreachableDirectory() async throws -> SQLDirectory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-gone-\(UUID().uuidString).sqlite").path
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: path), maximumConnections: 1)
        let directory = try await SQLDirectory(pool: pool)
        pool.close()
        others.withLock { $0.append((directory, path)) }
        return directory
    }

    /// Moves the clock on.
    func advance(_ seconds: TimeInterval) { time.advance(seconds) }

    /// The logon service under test.
    func logonService(rateLimits: LogonRateLimiter.Policy = .init(), directory: (any UserDirectory)? = nil) -> LogonService {
        LogonService(
            directory: directory ?? self.directory, authority: authority, servers: servers, executor: executor, rateLimits: rateLimits,
            clock: clock, random: random.source, logger: logs.logger())
    }

    /// The gate under test.
    func gate(directory: (any UserDirectory)? = nil) -> SessionGate {
        SessionGate(authority: authority, directory: directory ?? self.directory, servers: servers, clock: clock, logger: logs.logger())
    }

    /// Adds `alice` (password "alice secret", home s1) and logs her on with `service` (default:
    /// a fresh ``logonService(rateLimits:directory:)``), as often as asked.
    @discardableResult
    func aliceLoggedOn(times: Int = 1, with service: LogonService? = nil) async throws -> [LogonService.Result] {
        if try await directory.resolve("alice") == nil { try await addUser("alice", password: "alice secret") }
        let service = service ?? logonService()
        var results: [LogonService.Result] = []
        for _ in 0..<times { results.append(try await service.logon(login: "alice", password: "alice secret", clientAddress: nil)) }
        return results
    }

    /// A user homed on `server` with `password`.
    @discardableResult
    func addUser(_ login: String, password: String, server: String? = "s1") async throws -> DirectoryUser {
        try await directory.addUser(.init(login: login, displayName: login.capitalized, homeServer: server), password: password)
    }
}
