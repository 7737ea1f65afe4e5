import MAPI
import Testing

@testable import Node

@Suite("Attachments") struct AttachmentTests {
    @Test(arguments: Backend.enabled)
    func smallDataInlineLargeDataInTheBlobStore(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let small = Sample.bytes(1_000, seed: 1)
        let large = Sample.bytes(3_000_000, seed: 2)
        let id = try fixture.engine.createMessage(
            in: store.folder(.inbox),
            Sample.message(subject: "files", attachments: [Sample.attachment(name: "s", bytes: small), Sample.attachment(name: "l", bytes: large)])
        ).entryID

        #expect(try fixture.blobs.allHashes().count == 1)
        #expect(try readAll(fixture.engine.attachmentData(of: id, number: 0)) == small)
        #expect(try readAll(fixture.engine.attachmentData(of: id, number: 1)) == large)
        let table = try fixture.engine.message(id).attachments
        #expect(table.map { $0[tag: .attachNumber] } == [.long(0), .long(1)])
        #expect(table[1][tag: .attachLongFilename] == .unicode("l"))
        guard case .long(let size) = try fixture.engine.message(id).properties[tag: .messageSize] else { return }
        #expect(Int(size) > 3_001_000)
    }

    @Test(arguments: Backend.enabled)
    func identicalDataIsStoredOnceAndCollectedWhenUnused(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let data = Sample.bytes(500_000, seed: 7)
        let first = try fixture.engine.createMessage(
            in: store.folder(.inbox), Sample.message(subject: "1", attachments: [Sample.attachment(name: "a", bytes: data)])).entryID
        let second = try fixture.engine.createMessage(
            in: store.folder(.inbox), Sample.message(subject: "2", attachments: [Sample.attachment(name: "b", bytes: data)])).entryID
        let copy = try fixture.engine.copyMessages([first], to: store.folder(.drafts))[0]
        #expect(try fixture.blobs.allHashes().count == 1)
        #expect(try fixture.sql("SELECT refcount FROM blobs")[0].integer(0) == 3)

        try fixture.engine.deleteMessages([first, second], hard: true)
        #expect(try fixture.engine.collectGarbage() == 0)
        #expect(try readAll(fixture.engine.attachmentData(of: copy, number: 0)) == data)
        try fixture.engine.deleteMessages([copy], hard: true)
        #expect(try fixture.engine.collectGarbage() == 1)
        #expect(try fixture.blobs.allHashes().isEmpty)
        #expect(try fixture.sql("SELECT COUNT(*) FROM blobs")[0].integer(0) == 0)
    }

    @Test(arguments: Backend.enabled)
    func softDeletedMessagesKeepTheirData(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let data = Sample.bytes(300_000, seed: 3)
        let id = try fixture.engine.createMessage(
            in: store.folder(.inbox), Sample.message(subject: "s", attachments: [Sample.attachment(name: "a", bytes: data)])).entryID
        try fixture.engine.deleteMessages([id])
        #expect(try fixture.engine.collectGarbage() == 0)
        try fixture.engine.restoreMessages([id])
        #expect(try readAll(fixture.engine.attachmentData(of: id, number: 0)) == data)
    }

    @Test(arguments: Backend.enabled)
    func embeddedMessages(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inner = Sample.message(subject: "inner", attachments: [Sample.attachment(name: "deep.txt", bytes: Array("deep".utf8))])
        let outer = Sample.message(
            subject: "outer",
            attachments: [NewAttachment(properties: [Property(id: PropertyTag.displayName.id, value: .unicode("fwd"))], content: .message(inner))])
        let id = try fixture.engine.createMessage(in: store.folder(.inbox), outer).entryID

        let table = try fixture.engine.message(id).attachments
        #expect(table[0][tag: .attachMethod] == .long(Int32(AttachMethod.embeddedMessage.rawValue)))
        let embedded = try fixture.engine.embeddedMessage(of: id, number: 0)
        #expect(embedded.properties[tag: .subject] == .unicode("inner"))
        #expect(embedded.attachments.count == 1)
        // Embedded messages are not folder contents.
        #expect(try fixture.engine.contents(of: store.folder(.inbox), TableQuery()).totalCount == 1)

        let copy = try fixture.engine.copyMessages([id], to: store.folder(.drafts))[0]
        #expect(try fixture.engine.embeddedMessage(of: copy, number: 0).properties[tag: .subject] == .unicode("inner"))
        try fixture.engine.deleteMessages([id, copy], hard: true)
        #expect(try fixture.sql("SELECT COUNT(*) FROM messages")[0].integer(0) == 0)
        #expect(try fixture.sql("SELECT COUNT(*) FROM attachments")[0].integer(0) == 0)
    }

    @Test(arguments: Backend.enabled)
    func addAndDeleteAttachmentsLater(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let id = try fixture.engine.createMessage(in: store.folder(.drafts), Sample.message(subject: "d")).entryID
        let number = try fixture.engine.addAttachment(to: id, Sample.attachment(name: "x", bytes: Sample.bytes(100_000)))
        #expect(number == 0)
        #expect(try fixture.engine.message(id).properties[tag: .hasAttachments] == .boolean(true))
        try fixture.engine.deleteAttachment(from: id, number: 0)
        #expect(try fixture.engine.message(id).properties[tag: .hasAttachments] == .boolean(false))
        #expect(throws: MAPIError.self) { try fixture.engine.attachmentData(of: id, number: 0) }
        #expect(try fixture.engine.collectGarbage() == 1)
    }

    @Test(arguments: Backend.enabled)
    func streamedAttachmentsNeverLoadWhole(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let writer = try fixture.blobs.makeWriter()
        let chunk = Sample.bytes(1 << 20, seed: 9)
        for _ in 0..<20 { try writer.write(chunk) }  // 20 MiB, one chunk in memory at a time
        let staged = try writer.finish()
        let id = try fixture.engine.createMessage(
            in: store.folder(.inbox),
            Sample.message(subject: "big", attachments: [NewAttachment(properties: [], content: .staged(staged))])).entryID
        var data = try fixture.engine.attachmentData(of: id, number: 0)
        var total = 0
        while true {
            let part = try data.read(maxBytes: 1 << 20)
            if part.isEmpty { break }
            #expect(part == chunk)
            total += part.count
        }
        #expect(total == 20 << 20)
    }

    private func readAll(_ data: AttachmentData) throws -> [UInt8] {
        var data = data
        var out: [UInt8] = []
        while true {
            let part = try data.read(maxBytes: 65_536)
            if part.isEmpty { return out }
            out += part
        }
    }
}
