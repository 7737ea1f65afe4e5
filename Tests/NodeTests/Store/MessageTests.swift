import MAPI
import Testing

@testable import Node

@Suite("Messages") struct MessageTests {
    @Test(arguments: Backend.enabled)
    func createAndReadBack(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let body = String(repeating: "Lorem ipsum dolor sit amet. ", count: 200)  // large: kept outside the row
        let message = Sample.message(
            subject: "Quarterly report", body: body, to: [("Bob", "bob@example.org"), ("Carol", "carol@example.org")],
            extra: [Property(id: PropertyTag.importance.id, value: .long(2))])
        let created = try fixture.engine.createMessage(in: store.folder(.inbox), message)

        let read = try fixture.engine.message(created.entryID)
        #expect(read.properties[tag: .subject] == .unicode("Quarterly report"))
        #expect(read.properties[tag: .body] == .unicode(body))
        #expect(read.properties[tag: .importance] == .long(2))
        #expect(read.properties[tag: .entryID] == .binary(created.entryID.bytes))
        #expect(read.properties[tag: .sourceKey] == .binary(created.sourceKey.bytes))
        #expect(read.properties[tag: .changeKey] == .binary(created.changeKey.bytes))
        #expect(read.properties[tag: .parentEntryID] == .binary(store.folder(.inbox).bytes))
        #expect(read.properties[tag: .hasAttachments] == .boolean(false))
        #expect(read.recipients.count == 2)
        #expect(read.recipients[1][tag: .emailAddress] == .unicode("carol@example.org"))
        #expect(read.recipients[1][tag: .rowid] == .long(1))
        #expect(try fixture.sql("SELECT COUNT(*) FROM large_props")[0].integer(0) == 1)
        // PR_MESSAGE_SIZE counts properties, recipients and the store's own properties.
        guard case .long(let size) = read.properties[tag: .messageSize] else { Issue.record("no size"); return }
        #expect(Int(size) > body.utf8.count)
        #expect(Int(size) < body.utf8.count + 1_000)

        let only = try fixture.engine.messageProperties(created.entryID, tags: [.subject, .senderName])
        #expect(only.properties.map(\.id) == [PropertyTag.subject.id])
    }

    @Test(arguments: Backend.enabled)
    func modifyingKeepsHistory(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let created = try fixture.engine.createMessage(in: store.folder(.drafts), Sample.message(subject: "draft"))
        let key2 = try fixture.engine.setMessageProperties(
            created.entryID, [Property(id: PropertyTag.subject.id, value: .unicode("final"))])
        let key3 = try fixture.engine.deleteMessageProperties(created.entryID, [.body])
        let read = try fixture.engine.message(created.entryID)
        #expect(read.properties[tag: .subject] == .unicode("final"))
        #expect(read.properties[tag: .body] == nil)
        #expect(key2 != created.changeKey && key3 != key2)
        #expect(read.properties[tag: .changeKey] == .binary(key3.bytes))
        let history = try #require(read.properties[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:)))
        #expect(history.includes(created.changeKey) && history.includes(key2) && history.includes(key3))

        try fixture.engine.setRecipients(created.entryID, [[Property(id: PropertyTag.displayName.id, value: .unicode("Dave"))]])
        #expect(try fixture.engine.message(created.entryID).recipients.map { $0[tag: .displayName] } == [.unicode("Dave")])
    }

    @Test(arguments: Backend.enabled)
    func copyMoveDeleteRestore(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let archive = try fixture.engine.createFolder(in: inbox, name: "Archive").entryID
        let original = try fixture.engine.createMessage(
            in: inbox, Sample.message(subject: "keep", attachments: [Sample.attachment(name: "a.txt", bytes: Array("abc".utf8))]))

        let copies = try fixture.engine.copyMessages([original.entryID], to: archive)
        #expect(copies.count == 1 && copies[0] != original.entryID)
        let copy = try fixture.engine.message(copies[0])
        #expect(copy.properties[tag: .subject] == .unicode("keep"))
        #expect(copy.attachments.count == 1)
        #expect(copy.properties[tag: .hasAttachments] == .boolean(true))
        #expect(copy.properties[tag: .messageSize] == (try fixture.engine.message(original.entryID)).properties[tag: .messageSize])
        // The copy is independent.
        try fixture.engine.setMessageProperties(copies[0], [Property(id: PropertyTag.subject.id, value: .unicode("changed"))])
        #expect(try fixture.engine.message(original.entryID).properties[tag: .subject] == .unicode("keep"))

        try fixture.engine.moveMessages([original.entryID], to: archive)
        #expect(try fixture.engine.message(original.entryID).properties[tag: .parentEntryID] == .binary(archive.bytes))
        #expect(try fixture.engine.contents(of: inbox, TableQuery()).totalCount == 0)
        #expect(try fixture.engine.contents(of: archive, TableQuery()).totalCount == 2)

        try fixture.engine.deleteMessages([original.entryID])
        #expect(throws: MAPIError.self) { try fixture.engine.message(original.entryID) }
        #expect(try fixture.engine.deletedMessages(in: archive) == [original.entryID])
        try fixture.engine.restoreMessages([original.entryID])
        #expect(try fixture.engine.message(original.entryID).properties[tag: .subject] == .unicode("keep"))

        try fixture.engine.deleteMessages([original.entryID], hard: true)
        #expect(throws: MAPIError.self) { try fixture.engine.restoreMessages([original.entryID]) }
        #expect(try fixture.engine.deletedMessages(in: archive).isEmpty)
    }

    @Test(arguments: Backend.enabled)
    func displayRecipientsFollowTheRecipientTable(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        func recipient(_ name: String, _ type: RecipientType) -> [Property] {
            [Property(id: PropertyTag.displayName.id, value: .unicode(name)),
             Property(id: PropertyTag.recipientType.id, value: .long(Int32(type.rawValue)))]
        }
        var message = Sample.message(subject: "team", to: [])
        message.recipients = [recipient("Ann", .to), recipient("Ben", .cc), recipient("Cy", .to), recipient("Di", .bcc)]
        let id = try fixture.engine.createMessage(in: store.folder(.drafts), message).entryID
        let props = try fixture.engine.message(id).properties
        #expect(props[tag: .displayTo] == .unicode("Ann; Cy"))
        #expect(props[tag: .displayCc] == .unicode("Ben"))
        #expect(props[tag: .displayBcc] == .unicode("Di"))
        let page = try fixture.engine.contents(of: store.folder(.drafts), TableQuery(columns: [.displayTo]))
        #expect(page.rows.first?[tag: .displayTo] == .unicode("Ann; Cy"))

        try fixture.engine.setRecipients(id, [recipient("Eve", .cc)])
        let changed = try fixture.engine.message(id).properties
        #expect(changed[tag: .displayTo] == .unicode(""))
        #expect(changed[tag: .displayCc] == .unicode("Eve"))
    }

    @Test(arguments: Backend.enabled)
    func readFlags(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let id = try fixture.engine.createMessage(in: store.folder(.inbox), Sample.message(subject: "x")).entryID
        func flags() throws -> Int64 { try fixture.engine.message(id).properties[tag: .messageFlags]?.integer ?? -1 }
        #expect(try flags() & 1 == 0)
        try fixture.engine.setReadFlags([id], read: true)
        #expect(try flags() & 1 == 1)
        try fixture.engine.setReadFlags([id], read: false)
        #expect(try flags() & 1 == 0)
    }
}
