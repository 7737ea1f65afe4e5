import MAPI
import Testing

@testable import Node

@Suite("Stores") struct StoreCreationTests {
    @Test(arguments: Backend.enabled)
    func aNewStoreHasTheStandardFolderTree(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore("alice")

        #expect(store.owner == "alice")
        #expect(Set(store.standardFolders.keys) == Set(StandardFolder.allCases))
        let subtree = try fixture.engine.hierarchy(of: store.folder(.ipmSubtree))
        let names = subtree.compactMap { $0[tag: .displayName]?.string }
        #expect(names == [
            "Calendar", "Contacts", "Deleted Items", "Drafts", "Inbox", "Journal", "Junk E-mail", "Notes", "Outbox",
            "Sent Items", "Tasks",
        ])
        #expect(subtree.allSatisfy { $0[tag: .depth] == .long(1) })
        #expect(store.properties[tag: .ipmSubtreeEntryID] == .binary(store.folder(.ipmSubtree).bytes))
        #expect(store.properties[tag: .ipmWastebasketEntryID] == .binary(store.folder(.deletedItems).bytes))
        #expect(store.properties[tag: .ipmSentMailEntryID] == .binary(store.folder(.sentItems).bytes))
        #expect(store.properties[tag: .ipmOutboxEntryID] == .binary(store.folder(.outbox).bytes))
        let calendar = try fixture.engine.folderProperties(store.folder(.calendar))
        #expect(calendar[tag: .containerClass] == .unicode("IPF.Appointment"))
    }

    @Test(arguments: Backend.enabled)
    func oneStorePerOwner(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        _ = try fixture.makeStore("alice")
        #expect(throws: MAPIError.self) { try fixture.makeStore("alice") }
        #expect(try fixture.engine.allStores().map(\.owner) == ["alice"])
        #expect(try fixture.engine.store(owner: "nobody") == nil)
    }

    @Test(arguments: Backend.enabled)
    func storesCanBeFoundByGUIDAndOrphaned(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore("carol")
        #expect(try fixture.engine.store(guid: store.guid).owner == "carol")
        try fixture.engine.setOrphaned(owner: "carol", true)
        #expect(try fixture.engine.store(owner: "carol")?.orphaned == true)
        #expect(try fixture.engine.store(owner: "carol")?.standardFolders.count == StandardFolder.allCases.count)
    }

    @Test(arguments: Backend.enabled)
    func entryIDsRoundTripAndRejectGarbage(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        #expect(try EntryID(bytes: inbox.bytes) == inbox)
        #expect(throws: MAPIError.self) { try EntryID(bytes: [1, 2, 3]) }
        #expect(throws: MAPIError.self) { try EntryID(bytes: Array(repeating: 0xFF, count: 44)) }
    }
}
