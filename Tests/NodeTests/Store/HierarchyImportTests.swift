import MAPI
import Testing

@testable import Node

@Suite("ICS hierarchy import") struct HierarchyImportTests {
    private let remoteServer = GUID("6A1B7C2D-0000-4000-8000-00000000AB01")!

    private func name(_ text: String, modified: Int64 = 0) -> [Property] {
        [Property(id: PropertyTag.displayName.id, value: .unicode(text)),
         Property(id: PropertyTag.lastModificationTime.id, value: .sysTime(FileTime(rawValue: modified)))]
    }

    private func key(_ n: Int64) -> SourceKey { SourceKey(server: remoteServer, counter: n) }
    private func change(_ n: Int64) -> ChangeKey { ChangeKey(server: remoteServer, changeNumber: n) }

    @Test(arguments: Backend.enabled)
    func createRenameMoveAndDelete(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inboxKey = try #require(store.folder(.inbox).sourceKey)
        let draftsKey = try #require(store.folder(.drafts).sourceKey)
        let engine = fixture.engine

        #expect(try engine.importFolder(in: store.guid, parentKey: inboxKey, sourceKey: key(1), changeKey: change(1),
                                        history: PredecessorChangeList(), properties: name("Remote")) == .applied(change(1)))
        let folder = EntryID(store: store.guid, kind: .folder, sourceKey: key(1))
        #expect(try engine.folderProperties(folder)[tag: .displayName] == .unicode("Remote"))
        #expect(try engine.folderProperties(folder)[tag: .changeKey] == .binary(change(1).bytes))

        // A newer version (its history includes ours): renamed and moved.
        var seen = PredecessorChangeList()
        seen.add(change(1))
        #expect(try engine.importFolder(in: store.guid, parentKey: draftsKey, sourceKey: key(1), changeKey: change(2),
                                        history: seen, properties: name("Renamed")) == .applied(change(2)))
        let props = try engine.folderProperties(folder)
        #expect(props[tag: .displayName] == .unicode("Renamed"))
        #expect(props[tag: .parentEntryID] == .binary(store.folder(.drafts).bytes))

        // The old version again: ignored.
        #expect(try engine.importFolder(in: store.guid, parentKey: inboxKey, sourceKey: key(1), changeKey: change(1),
                                        history: PredecessorChangeList(), properties: name("Remote")) == .ignored)
        #expect(try engine.folderProperties(folder)[tag: .displayName] == .unicode("Renamed"))

        // Export reports the imported folder to other clients.
        let exported = try engine.hierarchyChanges(of: store.guid, since: .initial).changes.compactMap { change -> SourceKey? in
            if case .upsert(let key, _) = change { return key }
            return nil
        }
        #expect(exported.contains(key(1)))

        try engine.importFolderDeletion(in: store.guid, sourceKey: key(1))
        #expect(throws: MAPIError.self) { try engine.folderProperties(folder) }
        try engine.importFolderDeletion(in: store.guid, sourceKey: key(99))  // unknown: skipped
        #expect(throws: MAPIError.self) { try engine.importFolderDeletion(in: store.guid, sourceKey: inboxKey) }
    }

    @Test(arguments: Backend.enabled)
    func independentChangesKeepTheNewerVersion(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let engine = fixture.engine
        let inboxKey = try #require(store.folder(.inbox).sourceKey)
        let local = try engine.createFolder(in: store.folder(.inbox), name: "Shared")
        // The remote side changed the folder without having seen our version: conflict.
        let older = try engine.importFolder(
            in: store.guid, parentKey: inboxKey, sourceKey: local.sourceKey, changeKey: change(5),
            history: PredecessorChangeList(), properties: name("Remote name", modified: 1))
        guard case .folderConflict = older else { Issue.record("expected a conflict, got \(older)"); return }
        #expect(try engine.folderProperties(local.entryID)[tag: .displayName] == .unicode("Shared"))

        let newer = try engine.importFolder(
            in: store.guid, parentKey: inboxKey, sourceKey: local.sourceKey, changeKey: change(6),
            history: PredecessorChangeList(), properties: name("Remote wins", modified: Int64.max / 2))
        #expect(newer == .folderConflict(winner: change(6)))
        #expect(try engine.folderProperties(local.entryID)[tag: .displayName] == .unicode("Remote wins"))
    }

    @Test(arguments: Backend.enabled)
    func badImportsChangeNothing(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let engine = fixture.engine
        let inboxKey = try #require(store.folder(.inbox).sourceKey)
        let a = try engine.createFolder(in: store.folder(.inbox), name: "A")
        let b = try engine.createFolder(in: a.entryID, name: "B")
        // Move A below its own child B.
        var seen = PredecessorChangeList()
        seen.add(a.changeKey)
        #expect { try engine.importFolder(in: store.guid, parentKey: b.sourceKey, sourceKey: a.sourceKey, changeKey: change(7),
                                          history: seen, properties: name("A")) } throws: { ($0 as? MAPIError)?.code == .folderCycle }
        #expect { try engine.importFolder(in: store.guid, parentKey: key(404), sourceKey: key(8), changeKey: change(8),
                                          history: PredecessorChangeList(), properties: name("X")) } throws: { ($0 as? MAPIError)?.code == .notFound }
        #expect { try engine.importFolder(in: store.guid, parentKey: inboxKey, sourceKey: key(9), changeKey: change(9),
                                          history: PredecessorChangeList(), properties: []) } throws: { ($0 as? MAPIError)?.code == .invalidParameter }
        #expect { try engine.importFolder(in: store.guid, parentKey: inboxKey, sourceKey: key(10), changeKey: change(10),
                                          history: PredecessorChangeList(), properties: name("a")) } throws: { ($0 as? MAPIError)?.code == .collision }
        #expect(try engine.folderProperties(a.entryID)[tag: .parentEntryID] == .binary(store.folder(.inbox).bytes))
        #expect(try engine.hierarchy(of: store.folder(.inbox)).count == 1)
    }
}
