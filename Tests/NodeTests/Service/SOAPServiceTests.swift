import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

/// The SOAP service end to end, without sockets: real engine (SQLite and MariaDB), real SQL
/// directory, real sessions; requests and answers as envelopes.
@Suite struct SOAPServiceTests {
    @Test(arguments: Backend.enabled)
    func logonFolderItemTableAndLogoff(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let logon = try await node.logon()
        let token = logon.session
        let store = try await node.call(GetStoreRequest(tags: [.ipmSubtreeEntryID]), token: token)
        #expect(store.storeEntryID == logon.storeEntryID)
        let subtree = try #require(store.properties.first?.value.bytes)
        let folder = try await node.call(CreateFolderRequest(parent: subtree, name: "Projects"), token: token).entryID
        let recipients: [[Property]] = [
            [try Property(.displayName, .unicode("Bob")), try Property(.emailAddress, .unicode("bob@example.com"))],
            [try Property(.displayName, .unicode("Carol")), try Property(.emailAddress, .unicode("carol@example.com"))],
        ]
        for subject in ["beta", "alpha", "gamma"] {
            _ = try await node.call(
                CreateItemRequest(folder: folder, properties: [try Property(.subject, .unicode(subject))], recipients: recipients),
                token: token)
        }
        let page = try await node.call(
            QueryRowsRequest(folder: folder, query: TableQuery(columns: [.subject], sort: [SortKey(.subject)], limit: 2)), token: token)
        #expect(page.totalCount == 3)
        #expect(page.rows.map { $0.first?.value.string } == ["alpha", "beta"])
        let hierarchy = try await node.call(GetHierarchyRequest(folder: subtree), token: token)
        #expect(hierarchy.rows.contains { $0.contains { $0.value.string == "Projects" } })

        _ = try await node.call(LogoffRequest(), token: token)
        let fault = await node.fault(GetStoreRequest(), token: token)
        #expect(fault?.mapiName == "MAPI_E_END_OF_SESSION")
    }

    @Test(arguments: Backend.enabled)
    func entryIDsOfAnotherStoreAreRefusedAndNothingChanges(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let alice = try await node.logon()
        let bob = try await node.logon("bob", password: "bob secret")
        let bobStore = try await node.call(GetStoreRequest(tags: [.ipmSubtreeEntryID]), token: bob.session)
        let bobSubtree = try #require(bobStore.properties.first?.value.bytes)
        let bobFolder = try await node.call(CreateFolderRequest(parent: bobSubtree, name: "Private"), token: bob.session).entryID
        let bobItem = try await node.call(
            CreateItemRequest(folder: bobFolder, properties: [try Property(.subject, .unicode("secret"))]), token: bob.session
        ).entryID

        let attempts: [any SOAPRequestMessage] = [
            GetPropsRequest(object: bobItem), GetPropsRequest(object: bob.storeEntryID), GetItemRequest(item: bobItem),
            SetPropsRequest(object: bobItem, properties: [try Property(.subject, .unicode("mine now"))]),
            DeleteItemsRequest(items: [bobItem], hard: true), DeleteFolderRequest(folder: bobFolder),
            QueryRowsRequest(folder: bobFolder, query: TableQuery()), CreateFolderRequest(parent: bobSubtree, name: "intruder"),
            CopyItemsRequest(items: [bobItem], destination: bobFolder), GetAttachmentRequest(item: bobItem, attachNum: 0),
            GetChangesRequest(folder: bobFolder), SearchRequest(folder: bobFolder, query: "secret"),
        ]
        for attempt in attempts {
            let fault = await node.fault(attempt.envelope(sessionToken: alice.session))
            #expect(fault?.mapiName == "MAPI_E_NO_ACCESS", "\(type(of: attempt).operationName)")
        }
        let item = try await node.call(GetItemRequest(item: bobItem), token: bob.session)
        #expect(item.properties.first { $0.id == PropertyTag.subject.id }?.value.string == "secret")
        let rows = try await node.call(QueryRowsRequest(folder: bobFolder, query: TableQuery()), token: bob.session)
        #expect(rows.totalCount == 1)
    }

    @Test(arguments: Backend.enabled)
    func chunkedUploadRetriesAndRangedDownload(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let token = try await node.logon().session
        let inbox = try await inbox(node, token)
        let item = try await node.call(
            CreateItemRequest(folder: inbox, properties: [try Property(.subject, .unicode("with data"))]), token: token
        ).entryID
        let data = Sample.bytes(300_000, seed: 9)
        let chunk = 100_000
        let name = [try! Property(.attachLongFilename, .unicode("data.bin"))]
        let upload = try #require(
            try await node.call(
                CreateAttachmentRequest(item: item, properties: name, data: Array(data[0..<chunk]), more: true), token: token
            ).upload)
        let second = AppendAttachmentRequest(upload: upload, offset: Int64(chunk), data: Array(data[chunk..<2 * chunk]), more: true)
        #expect(try await node.call(second, token: token).received == Int64(2 * chunk))
        // The same chunk again (its answer was lost): acknowledged, not written twice.
        #expect(try await node.call(second, token: token).received == Int64(2 * chunk))
        // A chunk from the wrong offset is refused; the upload stays usable.
        let gap = await node.fault(AppendAttachmentRequest(upload: upload, offset: 5, data: [1], more: true), token: token)
        #expect(gap?.mapiName == "MAPI_E_INVALID_PARAMETER")
        let other = try await node.logon("bob", password: "bob secret").session
        let stolen = await node.fault(AppendAttachmentRequest(upload: upload, offset: Int64(2 * chunk), data: [1]), token: other)
        #expect(stolen?.mapiName == "MAPI_E_NOT_FOUND")
        let last = try await node.call(
            AppendAttachmentRequest(upload: upload, offset: Int64(2 * chunk), data: Array(data[(2 * chunk)...]), more: false), token: token)
        let number = try #require(last.attachNum)
        #expect(last.received == Int64(data.count))

        var read: [UInt8] = []
        var total: Int64 = -1
        while total < 0 || read.count < total {
            let part = try await node.call(GetAttachmentRequest(item: item, attachNum: number, offset: Int64(read.count)), token: token)
            #expect(part.data.count <= 64 << 10)
            read += part.data
            total = part.totalSize
        }
        #expect(read == data)
        let tooLong = await node.fault(GetAttachmentRequest(item: item, attachNum: number, length: 1 << 20), token: token)
        #expect(tooLong?.mapiName == "MAPI_E_INVALID_PARAMETER")
        let view = try await node.call(GetItemRequest(item: item), token: token)
        #expect(view.attachments.count == 1)
    }

    @Test(arguments: Backend.enabled)
    func syncExportAndImport(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let token = try await node.logon().session
        let inbox = try await inbox(node, token)
        let first = try await node.call(GetChangesRequest(folder: inbox), token: token)
        #expect(first.changes.isEmpty)
        let created = try await node.call(
            CreateItemRequest(folder: inbox, properties: [try Property(.subject, .unicode("synced"))]), token: token)
        _ = try await node.call(SetReadFlagsRequest(items: [created.entryID], read: true), token: token)
        let next = try await node.call(GetChangesRequest(folder: inbox, syncState: first.syncState), token: token)
        #expect(next.changes.map(\.sourceKey).contains(created.sourceKey))
        #expect(next.changes.allSatisfy { $0.kind != .delete })

        // A client's offline change comes back in: a new item with its own source key.
        let clientKey = Array(repeating: UInt8(0xC1), count: 16) + [1, 0, 0, 0, 0, 0]
        let clientChange = Array(repeating: UInt8(0xC1), count: 16) + [2, 0, 0, 0, 0, 0]
        let imported = try await node.call(
            ImportChangesRequest(
                folder: inbox,
                changes: [
                    SyncChange(kind: .upsert, sourceKey: clientKey, changeKey: clientChange, properties: [try Property(.subject, .unicode("offline"))]),
                    SyncChange(kind: .delete, sourceKey: created.sourceKey),
                ]), token: token)
        #expect(imported.outcomes == ["applied", "applied"])
        let rows = try await node.call(QueryRowsRequest(folder: inbox, query: TableQuery(columns: [.subject])), token: token)
        #expect(rows.rows.map { $0.first?.value.string } == ["offline"])
        let hierarchy = try await node.call(GetChangesRequest(hierarchy: true), token: token)
        #expect(!hierarchy.changes.isEmpty)
        let both = await node.fault(GetChangesRequest(folder: inbox, hierarchy: true), token: token)
        #expect(both?.mapiName == "MAPI_E_INVALID_PARAMETER")
    }

    @Test(arguments: Backend.enabled)
    func notificationsWakeALongPollOnNewMail(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let reader = try await node.logon().session
        let writer = try await node.logon().session
        let inbox = try await inbox(node, reader)
        let start = try await node.call(GetNotificationsRequest(), token: reader)
        async let poll = node.call(GetNotificationsRequest(cursor: start.cursor, timeoutSeconds: 60), token: reader)
        while node.hub.waiterCount() == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let created = try await node.call(
            CreateItemRequest(folder: inbox, properties: [try Property(.subject, .unicode("hello"))]), token: writer)
        let answer = try await poll
        #expect(answer.notifications.contains { $0.kind == .newMail && $0.entryID == created.entryID })
        #expect(answer.notifications.contains { $0.kind == .itemCreated && $0.parentEntryID == inbox })
        #expect(answer.cursor > start.cursor)
        let quiet = try await node.call(GetNotificationsRequest(cursor: answer.cursor, timeoutSeconds: 0), token: reader)
        #expect(quiet.notifications.isEmpty && quiet.cursor == answer.cursor)
    }

    @Test(arguments: Backend.enabled)
    func badRequestsGetFaultsWithoutDetailsOfTheNode(_ backend: Backend) async throws {
        let node = try await ServiceFixture(backend)
        let token = try await node.logon().session
        let cases: [([UInt8], String)] = [
            (Array("<not xml".utf8), "MAPI_E_INVALID_PARAMETER"),
            (Array("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>".utf8), "MAPI_E_INVALID_PARAMETER"),
            (envelopeBody("<t:Frobnicate/>", token: token), "MAPI_E_NO_SUPPORT"),
            (envelopeBody("<t:GetProps><t:object>AQID</t:object></t:GetProps>", token: token), "MAPI_E_INVALID_PARAMETER"),
            (envelopeBody("<t:GetProps><t:object>AQID</t:object></t:GetProps>", token: nil), "MAPI_E_END_OF_SESSION"),
            (envelopeBody("<t:GetProps><t:object>AQID</t:object></t:GetProps>", token: token + "x"), "MAPI_E_END_OF_SESSION"),
            (envelopeBody("<t:SubmitMessage><t:item>AQID</t:item></t:SubmitMessage>", token: token), "MAPI_E_INVALID_PARAMETER"),
            (envelopeBody("<t:ServerDetails/>", token: token), "MAPI_E_NO_ACCESS"),
        ]
        for (body, expected) in cases {
            let fault = await node.fault(body)
            #expect(fault?.mapiName == expected, "\(String(decoding: body.prefix(120), as: UTF8.self))")
            #expect(!(fault?.message.contains("/") ?? false) || expected == "MAPI_E_INVALID_PARAMETER")
        }
        let wrongPassword = await node.fault(LogonRequest(user: "alice", password: "wrong"), token: nil)
        let unknown = await node.fault(LogonRequest(user: "nobody", password: "wrong"), token: nil)
        #expect(wrongPassword?.mapiName == "MAPI_E_LOGON_FAILED")
        #expect(wrongPassword?.message == unknown?.message)
    }

    private func inbox(_ node: ServiceFixture, _ token: String) async throws -> [UInt8] {
        let store = try await node.call(GetStoreRequest(), token: token)
        let receive = try await node.call(GetHierarchyRequest(folder: try #require(store.properties.first { $0.id == PropertyTag.ipmSubtreeEntryID.id }?.value.bytes), query: TableQuery(columns: [.entryID, .displayName])), token: token)
        let row = try #require(receive.rows.first { $0.contains { $0.value.string == "Inbox" } })
        return try #require(row.first { $0.id == PropertyTag.entryID.id }?.value.bytes)
    }

    private func envelopeBody(_ body: String, token: String?) -> [UInt8] {
        let header = token.map { "<soap:Header><t:Session>\($0)</t:Session></soap:Header>" } ?? ""
        return Array(
            "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/' xmlns:t='urn:tessera:soap:1'>\(header)<soap:Body>\(body)</soap:Body></soap:Envelope>".utf8)
    }
}
