import MAPI
import Testing

@testable import Node

@Suite("Folders") struct FolderTests {
    @Test(arguments: Backend.enabled)
    func createRenameAndCollide(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let projects = try fixture.engine.createFolder(in: inbox, name: "Projects")
        #expect(throws: MAPIError(.collision, "a folder named \"PROJECTS\" already exists there")) {
            try fixture.engine.createFolder(in: inbox, name: "PROJECTS")
        }
        let archive = try fixture.engine.createFolder(in: inbox, name: "Archive")
        #expect(throws: MAPIError.self) {
            try fixture.engine.setFolderProperties(archive.entryID, [Property(id: PropertyTag.displayName.id, value: .unicode("projects"))])
        }
        let before = try fixture.engine.folderProperties(projects.entryID)
        try fixture.engine.setFolderProperties(projects.entryID, [Property(id: PropertyTag.displayName.id, value: .unicode("Work"))])
        let after = try fixture.engine.folderProperties(projects.entryID)
        #expect(after[tag: .displayName] == .unicode("Work"))
        #expect(after[tag: .changeKey] != before[tag: .changeKey])
        #expect(after[tag: .parentEntryID] == .binary(inbox.bytes))
        let names = try fixture.engine.hierarchy(of: inbox).compactMap { $0[tag: .displayName]?.string }
        #expect(names == ["Archive", "Work"])
        #expect(try fixture.engine.folderProperties(inbox)[tag: .subfolders] == .boolean(true))
    }

    @Test(arguments: Backend.enabled)
    func moveDetectsCyclesAndKeepsStandardFoldersInPlace(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let a = try fixture.engine.createFolder(in: store.folder(.inbox), name: "A").entryID
        let b = try fixture.engine.createFolder(in: a, name: "B").entryID
        let c = try fixture.engine.createFolder(in: b, name: "C").entryID

        #expect(throws: MAPIError(.folderCycle, "cannot move a folder below itself")) { try fixture.engine.moveFolder(a, to: c) }
        #expect(throws: MAPIError(.folderCycle, "cannot move a folder below itself")) { try fixture.engine.moveFolder(a, to: a) }
        #expect(throws: MAPIError.self) { try fixture.engine.moveFolder(store.folder(.inbox), to: a) }
        // Nothing moved.
        #expect(try fixture.engine.folderProperties(b)[tag: .parentEntryID] == .binary(a.bytes))

        try fixture.engine.moveFolder(c, to: store.folder(.drafts), newName: "C2")
        let moved = try fixture.engine.folderProperties(c)
        #expect(moved[tag: .parentEntryID] == .binary(store.folder(.drafts).bytes))
        #expect(moved[tag: .displayName] == .unicode("C2"))
        #expect(try fixture.engine.hierarchy(of: b).isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func standardFoldersCannotBeDeleted(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        for folder in StandardFolder.allCases {
            #expect(throws: MAPIError.self) { try fixture.engine.deleteFolder(store.folder(folder)) }
        }
        #expect(try fixture.engine.hierarchy(of: store.folder(.ipmSubtree)).count == 11)
    }

    @Test(arguments: Backend.enabled)
    func deletingAFolderDeletesEverythingBelowIt(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let top = try fixture.engine.createFolder(in: store.folder(.inbox), name: "Top").entryID
        let sub = try fixture.engine.createFolder(in: top, name: "Sub").entryID
        let big = Sample.attachment(name: "big.bin", bytes: Sample.bytes(200_000))
        let m1 = try fixture.engine.createMessage(in: top, Sample.message(subject: "one")).entryID
        let m2 = try fixture.engine.createMessage(in: sub, Sample.message(subject: "two", attachments: [big])).entryID
        #expect(try fixture.blobs.allHashes().count == 1)

        try fixture.engine.deleteFolder(top)

        #expect(throws: MAPIError.self) { try fixture.engine.folderProperties(top) }
        #expect(throws: MAPIError.self) { try fixture.engine.folderProperties(sub) }
        #expect(throws: MAPIError.self) { try fixture.engine.message(m1) }
        #expect(throws: MAPIError.self) { try fixture.engine.message(m2) }
        #expect(try fixture.sql("SELECT COUNT(*) FROM attachments")[0].integer(0) == 0)
        #expect(try fixture.sql("SELECT COUNT(*) FROM recipients")[0].integer(0) == 0)
        #expect(try fixture.engine.collectGarbage() == 1)
        #expect(try fixture.blobs.allHashes().isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func countsFollowCreateReadDeleteAndEmpty(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        var ids: [EntryID] = []
        for index in 0..<5 { ids.append(try fixture.engine.createMessage(in: inbox, Sample.message(subject: "m\(index)")).entryID) }
        func counts() throws -> (Int32?, Int32?, Int32?) {
            let props = try fixture.engine.folderProperties(inbox)
            func long(_ tag: PropertyTag) -> Int32? { if case .long(let v) = props[tag: tag] { return v } else { return nil } }
            return (long(.contentCount), long(.contentUnreadCount), long(.deletedCountTotal))
        }
        #expect(try counts() == (5, 5, 0))
        try fixture.engine.setReadFlags([ids[0], ids[1]], read: true)
        #expect(try counts() == (5, 3, 0))
        try fixture.engine.setReadFlags([ids[0]], read: true)  // already read: no change
        #expect(try counts() == (5, 3, 0))
        try fixture.engine.deleteMessages([ids[0], ids[2]])
        #expect(try counts() == (3, 2, 2))
        try fixture.engine.restoreMessages([ids[2]])
        #expect(try counts() == (4, 3, 1))
        try fixture.engine.deleteMessages([ids[0]], hard: true)
        #expect(try counts() == (4, 3, 0))
        _ = try fixture.engine.createFolder(in: inbox, name: "Child")
        try fixture.engine.emptyFolder(inbox)
        #expect(try counts() == (0, 0, 4))
        #expect(try fixture.engine.hierarchy(of: inbox).isEmpty)
        try fixture.engine.emptyFolder(inbox, hard: true)
        #expect(try counts() == (0, 0, 0))
    }
}
