import MAPI
import Testing

@testable import Node

/// A change reduced to what the tests compare: kind, object and parent by name.
struct Noted: Equatable, CustomStringConvertible {
    var kind: StoreChange.Kind
    var object: String
    var parent: String?

    init(_ kind: StoreChange.Kind, _ object: String, in parent: String?) {
        self.kind = kind
        self.object = object
        self.parent = parent
    }

    var description: String { "\(kind)(\(object) in \(parent ?? "-"))" }
}

@Suite("Store change feed") struct ChangeFeedTests {
    /// Names for entry ids, so that expectations read as a story.
    final class Names {
        var byID: [EntryID: String] = [:]
        func callIt(_ name: String, _ id: EntryID) { byID[id] = name }
        func note(_ change: StoreChange) -> Noted {
            Noted(change.kind, byID[change.entryID] ?? "?", in: change.parentEntryID.map { byID[$0] ?? "?" })
        }
    }

    static func message(_ subject: String, flags: MessageFlags = []) -> NewMessage {
        Sample.message(subject: subject, extra: [Property(id: PropertyTag.messageFlags.id, value: .long(flags.propertyValue))])
    }

    @Test(arguments: Backend.enabled)
    func reportsEveryKindOfChange(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore("alice")
        let names = Names()
        for folder in StandardFolder.allCases { names.callIt("\(folder)", store.folder(folder)) }
        func changes(since cursor: Int64) throws -> [Noted] {
            let page = try engine.changes(of: store.guid, since: cursor, limit: 10_000)
            let counter = try engine.changeCursor(of: store.guid)
            #expect(!page.hasMore && page.cursor == counter)
            #expect(page.changes.map(\.changeNumber) == page.changes.map(\.changeNumber).sorted())
            return page.changes.map(names.note)
        }

        // A new store: its folders, created.
        let all = try changes(since: 0)
        #expect(all.count == StandardFolder.allCases.count && all.allSatisfy { $0.kind == .folderCreated })
        #expect(all.first == Noted(.folderCreated, "root", in: nil))

        let start = try engine.changeCursor(of: store.guid)
        #expect(try changes(since: start).isEmpty)
        let projects = try engine.createFolder(in: store.folder(.ipmSubtree), name: "Projects").entryID
        names.callIt("projects", projects)
        let mail = try engine.createMessage(in: store.folder(.inbox), Self.message("mail")).entryID
        names.callIt("mail", mail)
        let draft = try engine.createMessage(in: store.folder(.drafts), Self.message("draft")).entryID
        names.callIt("draft", draft)
        let hidden = try engine.createMessage(in: store.folder(.inbox), Self.message("view settings", flags: .associated)).entryID
        names.callIt("hidden", hidden)
        #expect(try changes(since: start) == [
            Noted(.folderCreated, "projects", in: "ipmSubtree"),
            Noted(.itemCreated, "mail", in: "inbox"), Noted(.newMail, "mail", in: "inbox"),
            Noted(.itemCreated, "draft", in: "drafts"),
            Noted(.itemCreated, "hidden", in: "inbox"),  // folder-associated: no new mail
        ])

        let later = try engine.changeCursor(of: store.guid)
        try engine.setMessageProperties(draft, [Property(id: PropertyTag.subject.id, value: .unicode("draft 2"))])
        try engine.setReadFlags([mail], read: true)
        try engine.moveMessages([mail], to: projects)
        try engine.deleteMessages([hidden])
        try engine.setFolderProperties(projects, [Property(id: PropertyTag.displayName.id, value: .unicode("Work"))])
        let scratch = try engine.createFolder(in: projects, name: "Scratch").entryID
        names.callIt("scratch", scratch)
        try engine.deleteFolder(scratch)
        let copy = try engine.copyMessages([draft], to: store.folder(.inbox))[0]
        names.callIt("copy", copy)
        #expect(try changes(since: later) == [
            Noted(.itemModified, "draft", in: "drafts"),
            // The read flag, then the move: one entry, at the move, which is a deletion in the
            // old folder and a creation in the new one, and no new mail.
            Noted(.itemDeleted, "mail", in: "inbox"), Noted(.itemCreated, "mail", in: "projects"),
            Noted(.itemDeleted, "hidden", in: "inbox"),
            Noted(.folderModified, "projects", in: "ipmSubtree"),
            // Created and deleted since the cursor: only the deletion.
            Noted(.folderDeleted, "scratch", in: "projects"),
            Noted(.itemCreated, "copy", in: "inbox"), Noted(.newMail, "copy", in: "inbox"),
        ])

        let last = try engine.changeCursor(of: store.guid)
        try engine.restoreMessages([hidden])
        try engine.moveFolder(projects, to: store.folder(.inbox))
        try engine.deleteMessages([copy], hard: true)
        #expect(try changes(since: last) == [
            Noted(.itemCreated, "hidden", in: "inbox"),  // restored: back, not new mail
            Noted(.folderModified, "projects", in: "inbox"),
            Noted(.itemDeleted, "copy", in: "inbox"),
        ])
        // From the beginning each object is reported once, as it is now, after the deletions.
        let whole = try changes(since: start)
        #expect(whole.filter { $0.object == "mail" } == [Noted(.itemDeleted, "mail", in: "inbox"), Noted(.itemCreated, "mail", in: "projects")])
        #expect(whole.filter { $0.object == "draft" } == [Noted(.itemCreated, "draft", in: "drafts"), Noted(.itemModified, "draft", in: "drafts")])
        #expect(whole.filter { $0.object == "projects" } == [Noted(.folderCreated, "projects", in: "inbox"), Noted(.folderModified, "projects", in: "inbox")])
    }

    @Test(arguments: Backend.enabled)
    func rowsFromBeforeVersionFourCountAsOld(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore("alice")
        let start = try fixture.engine.changeCursor(of: store.guid)
        let mail = try fixture.engine.createMessage(in: store.folder(.inbox), Self.message("old")).entryID
        _ = try fixture.sql("UPDATE messages SET created_num = NULL, arrived_num = NULL")
        _ = try fixture.sql("UPDATE folders SET created_num = NULL")
        let page = try fixture.engine.changes(of: store.guid, since: start)
        #expect(page.changes.map(\.kind) == [.itemModified])
        #expect(page.changes.first?.entryID == mail)
        #expect(try fixture.engine.changes(of: store.guid, since: 0).changes.allSatisfy { $0.kind != .folderCreated })
    }

    @Test(arguments: Backend.enabled)
    func cursorsAtTheEdges(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore("alice")
        let counter = try fixture.engine.changeCursor(of: store.guid)
        #expect(counter == Int64(StandardFolder.allCases.count))
        #expect(try fixture.engine.changes(of: store.guid, since: counter) == StoreChangePage(changes: [], cursor: counter, hasMore: false))
        // A cursor from the future (another store, a restored database) starts over at the counter.
        #expect(try fixture.engine.changes(of: store.guid, since: counter + 1_000).cursor == counter)
        #expect(throws: MAPIError.self) { try fixture.engine.changes(of: store.guid, since: -1) }
        #expect(throws: MAPIError.self) { try fixture.engine.changes(of: store.guid, since: 0, limit: 0) }
        var generator = SplitMix64(seed: 9)
        #expect { try fixture.engine.changes(of: GUID.random(using: &generator), since: 0) } throws: { ($0 as? MAPIError)?.code == .notFound }
    }

    /// A batch of writes read back in small pages from a cursor before it: the same changes,
    /// in order, as in one read, without a gap or a repeat, and no page splits a change number.
    @Test(arguments: Backend.enabled)
    func pagesFollowEachOtherWithoutGaps(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore("alice")
        let start = try engine.changeCursor(of: store.guid)
        let folders = try (0..<3).map { try engine.createFolder(in: store.folder(.inbox), name: "F\($0)").entryID }
        var items: [EntryID] = []
        for n in 0..<120 {
            let folder = n % 4 == 0 ? store.folder(.inbox) : folders[n % 3]
            items.append(try engine.createMessage(in: folder, Self.message("m\(n)")).entryID)
        }
        try engine.moveMessages(Array(items[0..<30]), to: folders[1])
        try engine.deleteMessages(Array(items[30..<50]))
        try engine.setReadFlags(Array(items[50..<70]), read: true)

        let whole = try engine.changes(of: store.guid, since: start, limit: 10_000)
        #expect(!whole.hasMore)
        for limit in [1, 2, 7, 50] {
            var cursor = start
            var read: [StoreChange] = []
            while true {
                let page = try engine.changes(of: store.guid, since: cursor, limit: limit)
                #expect(page.changes.count <= limit + 1)
                if let first = page.changes.first { #expect(first.changeNumber > cursor) }
                if page.hasMore { #expect(page.cursor == page.changes.last?.changeNumber) }
                read += page.changes
                cursor = page.cursor
                if !page.hasMore { break }
            }
            let mismatch = read.indices.first { $0 >= whole.changes.count || read[$0] != whole.changes[$0] }
            #expect(read == whole.changes, "pages of \(limit): \(read.count) vs \(whole.changes.count), first mismatch at \(mismatch.map(String.init) ?? "-"): \(mismatch.map { "\(read[$0].kind) \(read[$0].changeNumber) vs \(whole.changes[$0].kind) \(whole.changes[$0].changeNumber)" } ?? "")")
            #expect(cursor == whole.cursor)
        }
        // 30 created in the Inbox; 8 of them moved out and 5 deleted since.
        #expect(whole.changes.filter { $0.kind == .newMail }.count == 30 - 8 - 5)
    }

    @Test func pagesAreCutWhereEverySourceIsComplete() {
        var generator = SplitMix64(seed: 3)
        let id = EntryID(store: GUID.random(using: &generator), kind: .store, sourceKey: nil)
        func event(_ number: Int64, _ kind: StoreChange.Kind = .itemModified, rank: Int = 1) -> ChangeFeedPage.Event {
            .init(change: StoreChange(kind: kind, changeNumber: number, entryID: id, parentEntryID: nil), rank: rank)
        }
        // The second source stopped at 4 (it has more): nothing after 4 may be given yet.
        let page = ChangeFeedPage.cut(
            [.init(events: [event(1), event(5), event(9)], complete: true), .init(events: [event(2), event(4)], complete: false)],
            limit: 10, counter: 20)
        #expect(page.changes.map(\.changeNumber) == [1, 2, 4] && page.hasMore && page.cursor == 4)
        // A change number is never split, and deletions come first.
        let grouped = ChangeFeedPage.cut(
            [.init(events: [event(3, .itemCreated), event(3, .newMail, rank: 2), event(6)], complete: true),
             .init(events: [event(3, .itemDeleted, rank: 0)], complete: true)],
            limit: 1, counter: 20)
        #expect(grouped.changes.map(\.kind) == [.itemDeleted, .itemCreated, .newMail] && grouped.hasMore && grouped.cursor == 3)
        let rest = ChangeFeedPage.cut([.init(events: [event(6)], complete: true)], limit: 1, counter: 20)
        #expect(rest.changes.count == 1 && !rest.hasMore && rest.cursor == 20)
    }
}
