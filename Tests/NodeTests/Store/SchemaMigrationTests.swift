import Database
import Foundation
import MAPI
import Synchronization
import Testing

@testable import Node

@Suite("Schema migration") struct SchemaMigrationTests {
    /// The columns of an index on `messages`, in order.
    private func indexColumns(_ fixture: StoreFixture, _ name: String) throws -> [String] {
        switch fixture.backend {
        case .sqlite:
            return try fixture.sql("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(name)]).map { try $0.text(0) }
        case .mariadb:
            return try fixture.sql(
                """
                SELECT column_name FROM information_schema.statistics
                WHERE table_schema = DATABASE() AND table_name = 'messages' AND index_name = ? ORDER BY seq_in_index
                """, [.text(name)]
            ).map { try $0.text(0) }
        }
    }

    @Test(arguments: Backend.enabled)
    func aVersionOneDatabaseGetsTheCoveringSortIndexes(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        #expect(try fixture.sql("SELECT value FROM meta WHERE name = 'schema_version'").first?.text(0) == String(StoreSchema.currentVersion))
        #expect(try indexColumns(fixture, "messages_by_delivery") == ["folder_id", "deleted", "delivery_time", "id", "flags"])

        // Turn it back into version 1: the sort indexes without `id` and `flags`.
        let inbox = try fixture.makeStore("alice").folder(.inbox)
        for n in 0..<5 { _ = try fixture.engine.createMessage(in: inbox, SyntheticMail.message(n, bodyBytes: 100)) }
        for (name, column) in [("messages_by_delivery", "delivery_time"), ("messages_by_subject", "subject_key"), ("messages_by_modified", "modified_time")] {
            _ = try fixture.sql(backend == .sqlite ? "DROP INDEX \(name)" : "DROP INDEX \(name) ON messages")
            _ = try fixture.sql("CREATE INDEX \(name) ON messages (folder_id, deleted, \(column))")
        }
        _ = try fixture.sql("UPDATE meta SET value = '1' WHERE name = 'schema_version'")
        _ = try fixture.sql("DROP TABLE search_queue")
        _ = try fixture.sql("DROP TABLE session_revocations")
        for (table, column) in [("messages", "created_num"), ("messages", "arrived_num"), ("folders", "created_num")] {
            _ = try fixture.sql("ALTER TABLE \(table) DROP COLUMN \(column)")
        }
        #expect(try indexColumns(fixture, "messages_by_subject") == ["folder_id", "deleted", "subject_key"])

        // Opening it migrates it; opening it again changes nothing.
        let reopened = try fixture.secondEngine(node: "n2")
        _ = try fixture.secondEngine(node: "n3")
        #expect(reopened.serverGUID == fixture.engine.serverGUID)
        #expect(try fixture.sql("SELECT value FROM meta WHERE name = 'schema_version'").first?.text(0) == String(StoreSchema.currentVersion))
        #expect(try indexColumns(fixture, "messages_by_delivery") == ["folder_id", "deleted", "delivery_time", "id", "flags"])
        #expect(try indexColumns(fixture, "messages_by_subject") == ["folder_id", "deleted", "subject_key", "id", "flags"])
        #expect(try indexColumns(fixture, "messages_by_modified") == ["folder_id", "deleted", "modified_time", "id", "flags"])
        #expect(try fixture.sql("SELECT COUNT(*) FROM search_queue")[0].integer(0) == 0)  // version 3's queue is back
        // Version 4: revocations, and the creation numbers, unknown (NULL) on the old rows.
        #expect(try fixture.sql("SELECT COUNT(*) FROM session_revocations")[0].integer(0) == 0)
        #expect(try fixture.sql("SELECT COUNT(*) FROM messages WHERE created_num IS NULL AND arrived_num IS NULL")[0].integer(0) == 5)
        #expect(try fixture.sql("SELECT COUNT(*) FROM folders WHERE created_num IS NOT NULL")[0].integer(0) == 0)
        let page = try fixture.engine.contents(
            of: inbox, TableQuery(columns: [.subject], sort: [SortKey(.messageDeliveryTime, ascending: false)], limit: 3))
        #expect(page.totalCount == 5)
        #expect(page.rows.map { $0[tag: .subject]?.string } == ["Synthetic message 4", "Synthetic message 3", "Synthetic message 2"])
    }
}

/// A server's serving node and its standbys open its database at the same moment (every node
/// of a cluster starting together): one creates the schema, the others wait for it and find it.
@Suite("Schema creation by several nodes at once") struct ConcurrentSchemaCreationTests {
    @Test(arguments: Backend.enabled)
    func nodesOpeningAFreshDatabaseTogetherAllGetTheSameServer(_ backend: Backend) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = "tessera_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let pools = try (0..<4).map { _ -> DatabasePool in
            switch backend {
            case .sqlite: .sqlite(SQLiteConfiguration(path: folder.appendingPathComponent("s1.sqlite").path), maximumConnections: 1)
            case .mariadb: .mariadb(try MariaDBServer.configuration(database: database), maximumConnections: 1)
            }
        }
        defer {
            if backend == .mariadb { _ = try? pools[0].withConnection { try $0.execute("DROP DATABASE IF EXISTS `\(database)`", []) } }
            for pool in pools { pool.close() }
            try? FileManager.default.removeItem(at: folder)
        }
        let blobs = try FileBlobStore(root: folder.appendingPathComponent("blobs").path)
        let results = Mutex<[Result<GUID, any Error>]>([])
        DispatchQueue.concurrentPerform(iterations: pools.count) { index in
            let result = Result {
                try StoreEngine(
                    database: pools[index], blobs: blobs, configuration: StoreEngineConfiguration(serverName: "s1", nodeName: "n\(index)")
                ).serverGUID
            }
            results.withLock { $0.append(result) }
        }
        let guids = try results.withLock { $0 }.map { try $0.get() }
        #expect(guids.count == 4)
        #expect(Set(guids).count == 1, "one server GUID: \(guids)")
    }
}
