import Foundation
import Testing

@testable import Client

@Suite struct SyncStateStoreTests {
    /// A fresh folder for one test, removed afterwards.
    private func withFolder(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("client-sync-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder)
    }

    @Test func savesAndLoadsStatesByKey() async throws {
        try await withFolder { folder in
            let store = SyncStateStore(path: folder + "/states.json")
            #expect(try await store.state(for: "inbox") == nil)
            try await store.save(SyncState([1, 2, 3]), for: "inbox")
            try await store.save(SyncState([4]), for: "drafts")
            try await store.save(SyncState([5, 6]), for: "inbox")
            let reopened = SyncStateStore(path: folder + "/states.json")
            #expect(try await reopened.all() == ["inbox": SyncState([5, 6]), "drafts": SyncState([4])])
            try await reopened.remove(key: "drafts")
            #expect(try await store.all() == ["inbox": SyncState([5, 6])])
        }
    }

    @Test func theFileIsPrivateAndReadable() async throws {
        try await withFolder { folder in
            let path = folder + "/states.json"
            try await SyncStateStore(path: path).save(SyncState([0xFF]), for: "k")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text == "{\"format\":1,\"states\":{\"k\":\"/w==\"}}\n")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func aCrashBeforeTheRenameKeepsTheOldStates() async throws {
        try await withFolder { folder in
            let path = folder + "/states.json"
            let store = SyncStateStore(path: path)
            try await store.save(SyncState([1]), for: "inbox")
            // The new content is written and flushed, then the process dies before the rename.
            let temporary = try AtomicFile.writeTemporary(Array("{\"format\":1,\"states\":{}}".utf8), for: path)
            #expect(FileManager.default.fileExists(atPath: temporary))
            #expect(try await SyncStateStore(path: path).all() == ["inbox": SyncState([1])])
            // The next save goes through and takes the stray temporary file with it.
            try await store.save(SyncState([2]), for: "inbox")
            #expect(try await store.state(for: "inbox") == SyncState([2]))
            #expect(!FileManager.default.fileExists(atPath: temporary))
        }
    }

    @Test func aTornTemporaryFileIsIgnored() async throws {
        try await withFolder { folder in
            let path = folder + "/states.json"
            try await SyncStateStore(path: path).save(SyncState([9]), for: "k")
            // A crash in the middle of writing the temporary file: half a document.
            try Data("{\"format\":1,\"sta".utf8).write(to: URL(fileURLWithPath: AtomicFile.temporaryPath(for: path)))
            #expect(try await SyncStateStore(path: path).state(for: "k") == SyncState([9]))
        }
    }

    @Test func aDamagedFileIsAnErrorNotAnEmptyStore() async throws {
        try await withFolder { folder in
            for content in ["{\"format\":1,\"sta", "{\"format\":2,\"states\":{}}", "{\"format\":1,\"states\":{\"k\":\"!!\"}}"] {
                let path = folder + "/states.json"
                try Data(content.utf8).write(to: URL(fileURLWithPath: path))
                await expectError(.localStorage) { _ = try await SyncStateStore(path: path).all() }
                // Saving over a damaged file must fail, not drop the other states.
                await expectError(.localStorage) { try await SyncStateStore(path: path).save(SyncState([1]), for: "k") }
            }
        }
    }

    @Test func anUnwritableFolderIsALocalStorageError() async throws {
        try await withFolder { folder in
            let store = SyncStateStore(path: folder + "/missing/states.json")
            await expectError(.localStorage) { try await store.save(SyncState([1]), for: "k") }
        }
    }

    @Test func concurrentSavesOfOneStoreKeepEveryKey() async throws {
        try await withFolder { folder in
            let store = SyncStateStore(path: folder + "/states.json")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask { try await store.save(SyncState([UInt8(index)]), for: "folder\(index)") }
                }
                try await group.waitForAll()
            }
            #expect(try await store.all().count == 20)
        }
    }
}
