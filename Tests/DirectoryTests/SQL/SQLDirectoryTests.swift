import Database
import Foundation
import Testing
import TestSupport
@testable import Directory

/// The SQL plugin on SQLite and on MariaDB: one scenario, two databases.
@Suite struct SQLDirectoryTests {
    @Test func sqlite() async throws { try await Self.onSQLite(Self.exercise) }

    @Test func mariadb() async throws { try await Self.onMariaDB(Self.exercise) }

    /// Runs `body` on a fresh SQLite database, removed afterwards.
    static func onSQLite(_ body: (DatabasePool) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-directory-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: path), maximumConnections: 2)
        defer { pool.close() }
        try await body(pool)
    }

    /// Runs `body` on a fresh MariaDB database, dropped afterwards; records an issue without a server.
    static func onMariaDB(_ body: (DatabasePool) async throws -> Void) async throws {
        let environment = ProcessInfo.processInfo.environment
        guard environment["MARIADB_SOCKET"] != nil || environment["MARIADB_PORT"] != nil else {
            Issue.record("""
                MariaDB tests need a server: set MARIADB_SOCKET or MARIADB_PORT (run `make test`, or \
                `scripts/with-mariadb.sh swift test --filter DirectoryTests`)
                """)
            return
        }
        let database = "tessera_directory_\(UInt32.random(in: 0...UInt32.max))"
        let configuration = MariaDBConfiguration(
            port: Int(environment["MARIADB_PORT"] ?? "") ?? 3306, unixSocket: environment["MARIADB_SOCKET"],
            user: environment["MARIADB_USER"] ?? "root", password: environment["MARIADB_PASSWORD"] ?? "",
            database: database, createDatabaseIfMissing: true)
        let pool = DatabasePool.mariadb(configuration, maximumConnections: 2)
        defer {
            _ = try? pool.withConnection { try $0.execute("DROP DATABASE \(database)", []) }
            pool.close()
        }
        try await body(pool)
    }

    static func exercise(_ pool: DatabasePool) async throws {
        let capture = LogCapture()
        let directory = try await SQLDirectory(pool: pool, logger: capture.logger())
        defer { directory.shutdown() }
        _ = try await SQLDirectory(pool: pool).shutdown()  // creating the schema twice is harmless

        let alice = try await directory.addUser(
            .init(login: "Alice", displayName: "Alice Example", primaryAddress: "alice@example.test", homeServer: "s1",
                  adminLevel: .systemAdmin, quota: Quota(overridesDefault: true, hardBytes: 5_000_000)),
            password: "alice secret")
        try await directory.addAlias(login: "alice", address: "A.Alias@example.test")
        _ = try await directory.addUser(.init(login: "bob", primaryAddress: "bob@example.test", homeServer: "s2"), password: "bobpw")
        _ = try await directory.addUser(.init(login: "shared", sharedStore: true), password: "sharedpw")
        _ = try await directory.addUser(.init(login: "nopassword"), password: nil)
        try await directory.setDisabled(login: "bob", true)
        await #expect(throws: DirectoryError.self) { try await directory.addUser(.init(login: "ALICE"), password: "x") }
        await #expect(throws: DirectoryError.self) { try await directory.addUser(.init(login: "x", primaryAddress: "a.alias@example.test"), password: "x") }
        await #expect(throws: DirectoryError.self) { try await directory.addUser(.init(login: "y"), password: "") }
        await #expect(throws: DirectoryError.self) { try await directory.setPassword(login: "ghost", password: "x") }

        // Passwords are stored as crypt(3) hashes, never in clear.
        let stored = try pool.withConnection { try $0.query("SELECT password_hash FROM directory_users WHERE password_hash IS NOT NULL", []) }
        #expect(stored.count == 3)
        #expect(stored.allSatisfy { ($0[0].text ?? "").hasPrefix("$y$") })

        #expect(alice.login == "Alice")
        #expect(alice.adminLevel == .systemAdmin)
        #expect(try await directory.resolve("alice")?.id == alice.id)
        #expect(try await directory.resolve("ALICE@example.test")?.id == alice.id)
        #expect(try await directory.resolve("a.alias@EXAMPLE.test")?.aliases == ["A.Alias@example.test"])
        #expect(try await directory.user(id: alice.id)?.quota.hardBytes == 5_000_000)
        #expect(try await directory.user(id: DirectoryID("abc")!) == nil)

        #expect(await directory.authenticate(login: "alice", password: "alice secret").user?.id == alice.id)
        #expect(await directory.authenticate(login: "ALICE", password: "alice secret").user != nil)
        #expect(await directory.authenticate(login: "alice", password: "wrong") == .wrongPassword)
        #expect(await directory.authenticate(login: "alice", password: "") == .wrongPassword)
        #expect(await directory.authenticate(login: "bob", password: "bobpw") == .inactive(.disabled))
        #expect(await directory.authenticate(login: "shared", password: "sharedpw") == .inactive(.sharedStore))
        #expect(await directory.authenticate(login: "nopassword", password: "anything") == .wrongPassword)
        #expect(await directory.authenticate(login: "ghost", password: "x") == .unknownUser)
        try await directory.setPassword(login: "alice", password: "new secret")
        #expect(await directory.authenticate(login: "alice", password: "alice secret") == .wrongPassword)
        #expect(await directory.authenticate(login: "alice", password: "new secret").user != nil)

        // SQL and LDAP metacharacters are data, never syntax.
        for hostile in ["' OR '1'='1", "alice' --", "%", "_lice", "*", "alice\0", "\"; DROP TABLE directory_users; --"] {
            #expect(try await directory.resolve(hostile) == nil)
            #expect(await directory.authenticate(login: hostile, password: "' OR '1'='1") == .unknownUser)
        }

        let staff = try await directory.addGroup(name: "staff", address: "staff@example.test")
        let admins = try await directory.addGroup(name: "admins")
        try await directory.addMember(.user("alice"), toGroup: "admins")
        try await directory.addMember(.user("bob"), toGroup: "staff")
        try await directory.addMember(.group("admins"), toGroup: "staff")
        try await directory.addMember(.group("staff"), toGroup: "admins")  // a cycle
        await #expect(throws: DirectoryError.self) { try await directory.addMember(.user("ghost"), toGroup: "staff") }
        let members = try #require(try await directory.memberIDs(ofGroup: staff.id))
        #expect(Set(members) == Set([alice.id, try #require(try await directory.resolve("bob")).id]))
        #expect(try await directory.memberIDs(ofGroup: DirectoryID("999999")!) == nil)
        #expect(try await directory.resolve("alice")?.groupIDs == [admins.id])
        #expect(try await directory.group(id: staff.id)?.address == "staff@example.test")

        try await directory.addServer(DirectoryServer(name: "s1", address: "node1.example.test", httpPort: 236, sslPort: 237, containsPublicStore: true))
        try await directory.addServer(DirectoryServer(name: "s2", address: "node2.example.test", httpPort: 236))
        #expect(try await directory.servers().map(\.name) == ["s1", "s2"])
        #expect(try await directory.server(named: "s1")?.soapURL == "https://node1.example.test:237/soap")

        let all = try await directory.users(changedSince: nil)
        #expect(all.items.count == 4)
        try await directory.setHomeServer(login: "bob", server: "s1")
        let changed = try await directory.users(changedSince: all.cursor)
        #expect(changed.items.map(\.login) == ["bob"])
        #expect(try await directory.users(changedSince: changed.cursor).items.isEmpty)
        #expect(try await directory.groups(changedSince: nil).items.count == 2)

        for secret in ["alice secret", "new secret", "bobpw", "sharedpw"] {
            #expect(!capture.all.contains { $0.contains(secret) }, "a log line contains a password")
        }
    }
}
