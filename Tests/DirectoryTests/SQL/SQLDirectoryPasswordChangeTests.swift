import Database
import Foundation
import Synchronization
import Testing
@testable import Directory

/// `password_changed_at` (schema version 2): stamped at creation and by `setPassword`, on the
/// directory's clock; version-1 databases upgrade when opened; newer ones refuse to open.
extension SQLDirectoryTests {
    @Test func passwordChangesOnSQLite() async throws { try await Self.onSQLite(Self.passwordChanges) }

    @Test func passwordChangesOnMariaDB() async throws { try await Self.onMariaDB(Self.passwordChanges) }

    @Test func versionOneUpgradesOnSQLite() async throws { try await Self.onSQLite(Self.upgradeFromVersionOne) }

    @Test func versionOneUpgradesOnMariaDB() async throws { try await Self.onMariaDB(Self.upgradeFromVersionOne) }

    static func passwordChanges(_ pool: DatabasePool) async throws {
        let now = Mutex(Date(timeIntervalSince1970: 1_700_000_000.75))
        let directory = try await SQLDirectory(pool: pool, clock: { now.withLock { $0 } })
        defer { directory.shutdown() }
        let created = try await directory.addUser(.init(login: "dora"), password: "first secret")
        #expect(created.passwordChangedAt == Date(timeIntervalSince1970: 1_700_000_000))  // whole seconds
        _ = try await directory.addUser(.init(login: "ed"), password: nil)  // stamped too: creation sets a (missing) password

        now.withLock { $0 = $0.addingTimeInterval(100) }
        try await directory.setPassword(login: "DORA", password: "second secret")
        let changed = try #require(await directory.authenticate(login: "dora", password: "second secret").user)
        #expect(changed.passwordChangedAt == Date(timeIntervalSince1970: 1_700_000_100))
        #expect(try await directory.user(id: created.id)?.passwordChangedAt == changed.passwordChangedAt)
        #expect(try await directory.resolve("ed")?.passwordChangedAt == Date(timeIntervalSince1970: 1_700_000_000))
        // A failed change leaves the stamp alone.
        await #expect(throws: DirectoryError.self) { try await directory.setPassword(login: "dora", password: "") }
        #expect(try await directory.resolve("dora")?.passwordChangedAt == changed.passwordChangedAt)
    }

    static func upgradeFromVersionOne(_ pool: DatabasePool) async throws {
        // A database as version 1 left it, with a user in it.
        let hash = try PasswordHash.make("old secret", scheme: .sha512)
        try pool.withConnection { connection in
            for statement in SQLDirectorySchema.version1(pool.dialect) { try connection.execute(statement, []) }
            try connection.execute(
                "INSERT INTO directory_users (login, login_key, display_name, password_hash) VALUES ('fay', 'fay', 'Fay', ?)", [.text(hash)])
        }
        let version = { try pool.withConnection { try $0.queryFirst("SELECT value FROM directory_meta WHERE name = 'schema_version'", [])?.integer(0) } }
        #expect(try version() == 1)

        let directory = try await SQLDirectory(pool: pool)
        defer { directory.shutdown() }
        #expect(try version() == Int64(SQLDirectorySchema.version))
        _ = try await SQLDirectory(pool: pool).shutdown()  // opening again changes nothing
        let fay = try #require(await directory.authenticate(login: "fay", password: "old secret").user)
        #expect(fay.passwordChangedAt == nil)  // unknown until the next change
        try await directory.setPassword(login: "fay", password: "new secret")
        #expect(try await directory.resolve("fay")?.passwordChangedAt != nil)

        // A database written by a newer program is not touched.
        _ = try pool.withConnection { try $0.execute("UPDATE directory_meta SET value = 99 WHERE name = 'schema_version'", []) }
        await #expect { try await SQLDirectory(pool: pool) } throws: { ($0 as? DirectoryError)?.code == .configuration }
    }
}
