import Foundation
import SOAP
import Testing

@testable import Client

@Suite struct ItemTests {
    @Test func createItemSendsPropertiesAndRecipientRows() async throws {
        let (server, node) = try await MiniStore.server { request in
            .response(CreatedResponse<CreateItemRequest>(entryID: MiniStore.id(40), sourceKey: [4], changeKey: [5]))
        }
        let item = try await server.store.drafts.createItem(
            subject: "Plan", body: "Hello", to: ["Alice <alice@example.org>", "bob@example.org"], cc: ["\"Smith, C\" <c@example.org>"])
        let sent = try #require(await node.requests.last).decode(CreateItemRequest.self)
        #expect(sent.folder == MiniStore.drafts)
        let props = PropertySet(sent.properties)
        #expect(props[tag: .subject] == .unicode("Plan") && props[tag: .body] == .unicode("Hello"))
        #expect(props[tag: .messageClass] == .unicode("IPM.Note"))
        #expect(sent.recipients?.map { PropertySet($0) } == [
            PropertySet(Recipient(email: "alice@example.org", name: "Alice", type: .to).row),
            PropertySet(Recipient(email: "bob@example.org", type: .to).row),
            PropertySet(Recipient(email: "c@example.org", name: "Smith, C", type: .cc).row),
        ])
        let row = PropertySet(sent.recipients![2])
        #expect(row[tag: .recipientType] == .long(2) && row[tag: .emailAddress] == .unicode("c@example.org"))
        #expect(row[tag: .displayName] == .unicode("Smith, C") && row[tag: .addressType] == .unicode("SMTP"))
        #expect(item.entryID.bytes == MiniStore.id(40) && item.subject == "Plan" && !item.properties.hasChanges)
    }

    @Test func badRecipientsAreRefusedBeforeSending() async throws {
        let (server, node) = try await MiniStore.server { request in throw UnexpectedRequest(operation: request.operation) }
        let before = await node.requests.count
        for address in ["", "alice", "a@", "Alice <>", "a b@example.org"] {
            await expectError(.invalidArgument) { _ = try await server.store.drafts.createItem(to: [address]) }
        }
        #expect(await node.requests.count == before)
    }

    @Test func smallAttachmentsGoInlineAndLargeOnesInChunks() async throws {
        let options = ClientOptions(singleUploadLimit: 8, chunkSize: 4)
        let (server, node) = try await MiniStore.server(options: options) { request in
            switch request.operation {
            case "CreateItem":
                return .response(CreatedResponse<CreateItemRequest>(entryID: MiniStore.id(40), sourceKey: [4], changeKey: [5]))
            case "CreateAttachment":
                return .response(AttachmentUploadResponse<CreateAttachmentRequest>(upload: "up-1"))
            default:
                let append = try request.decode(AppendAttachmentRequest.self)
                let received = append.offset + Int64(append.data.count)
                return .response(AttachmentUploadResponse<AppendAttachmentRequest>(attachNum: append.more == true ? nil : 1, received: received))
            }
        }
        let small = NewAttachment(name: "a.txt", data: Array("tiny".utf8), mimeType: "text/plain")
        let large = NewAttachment(name: "b.bin", data: Array(0..<10))
        _ = try await server.store.drafts.createItem(subject: "x", attachments: [small, large])
        let requests = await node.requests.suffix(4)
        #expect(requests.map(\.operation) == ["CreateItem", "CreateAttachment", "AppendAttachment", "AppendAttachment"])
        let create = try requests.first!.decode(CreateItemRequest.self)
        #expect(create.attachments.map(\.data) == [Array("tiny".utf8)])
        #expect(PropertySet(create.attachments[0].properties)[tag: .attachLongFilename] == .unicode("a.txt"))
        let first = try requests.dropFirst().first!.decode(CreateAttachmentRequest.self)
        #expect(first.data == [0, 1, 2, 3] && first.more == true)
        let appends = try requests.suffix(2).map { try $0.decode(AppendAttachmentRequest.self) }
        #expect(appends == [
            AppendAttachmentRequest(upload: "up-1", offset: 4, data: [4, 5, 6, 7], more: true),
            AppendAttachmentRequest(upload: "up-1", offset: 8, data: [8, 9], more: false),
        ])
    }

    @Test func attachmentDataComesInChunks() async throws {
        let content = Array(UInt8(0)..<UInt8(10))
        let (server, node) = try await MiniStore.server(options: ClientOptions(chunkSize: 4)) { request in
            let get = try request.decode(GetAttachmentRequest.self)
            let start = Int(get.offset ?? 0)
            let end = min(content.count, start + Int(get.length ?? 1_000))
            return .response(GetAttachmentResponse(properties: [], data: Array(content[start..<end]), totalSize: Int64(content.count)))
        }
        let attachment = Attachment(server: server, itemID: EntryID(MiniStore.id(40)), number: 0, properties: PropertyBag())
        #expect(try await attachment.data() == content)
        let offsets = try await node.requests.filter { $0.operation == "GetAttachment" }.map { try $0.decode(GetAttachmentRequest.self).offset }
        #expect(offsets == [0, 4, 8])
    }

    @Test func saveSendsOnlyWhatChanged() async throws {
        let (server, node) = try await MiniStore.server { request in
            request.operation == "SetProps"
                ? .response(ChangeKeyResponse<SetPropsRequest>(changeKey: [1])) : .response(ChangeKeyResponse<DeletePropsRequest>(changeKey: [2]))
        }
        var item = Item(
            server: server, entryID: EntryID(MiniStore.id(40)),
            properties: PropertyBag([Property(id: PropertyTag.subject.id, value: .unicode("a")), Property(id: PropertyTag.body.id, value: .unicode("b"))]))
        try await item.save()
        #expect(await node.operations.count == 4)  // nothing to send
        item.subject = "new"
        item.properties[.importance] = 2
        item.body = nil
        #expect(item.properties[.importance] == 2)
        try await item.save()
        let requests = await node.requests.suffix(2)
        #expect(try requests.first!.decode(SetPropsRequest.self).properties == [
            Property(id: PropertyTag.importance.id, value: .long(2)), Property(id: PropertyTag.subject.id, value: .unicode("new")),
        ])
        #expect(try requests.last!.decode(DeletePropsRequest.self).tags == [.body])
        #expect(!item.properties.hasChanges && item.properties[.changeKey] == [2])
    }

    @Test func itemsAreReadInPagesWithTheirEntryIDs() async throws {
        let (server, node) = try await MiniStore.server { request in
            let query = try request.decode(QueryRowsRequest.self).query
            let rows = (query.offset..<min(query.offset + query.limit, 3)).map { index in
                [Property(id: PropertyTag.entryID.id, value: .binary([UInt8(index)])), Property(id: PropertyTag.subject.id, value: .unicode("s\(index)"))]
            }
            return .response(TableResponse<QueryRowsRequest>(rows: rows, totalCount: 3))
        }
        let items = try await server.store.inbox.items(where: .exists(.subject), sortedBy: [SortKey(.subject)], columns: [.subject])
        #expect(items.map(\.subject) == ["s0", "s1", "s2"])
        let query = try #require(await node.requests.last).decode(QueryRowsRequest.self).query
        #expect(query.columns == [.entryID, .subject] && query.restriction == .exists(.subject) && query.limit == TableQuery.maximumLimit)
    }

    @Test func syncReadsBatchesUntilNoMore() async throws {
        let (server, node) = try await MiniStore.server { request in
            let ask = try request.decode(GetChangesRequest.self)
            let change = SyncChange(kind: .upsert, sourceKey: [ask.syncState?.first ?? 0], properties: [])
            return .response(GetChangesResponse(changes: [change], syncState: [(ask.syncState?.first ?? 0) + 1], more: ask.syncState == nil))
        }
        let result = try await server.store.inbox.sync()
        #expect(result.changes.map(\.sourceKey) == [[0], [1]])
        #expect(result.state == SyncState([2]))
        let asks = try await node.requests.suffix(2).map { try $0.decode(GetChangesRequest.self) }
        #expect(asks.map(\.syncState) == [nil, [1]] && asks.allSatisfy { $0.batchSize == 500 && $0.folder == MiniStore.inbox })
    }

    @Test func syncThatMakesNoProgressFails() async throws {
        let (server, _) = try await MiniStore.server { _ in .response(GetChangesResponse(changes: [], syncState: [1], more: true)) }
        await expectError(.network) { _ = try await server.store.inbox.sync(state: SyncState([1])) }
    }
}
