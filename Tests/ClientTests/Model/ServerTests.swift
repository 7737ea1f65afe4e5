import Foundation
import SOAP
import Testing

@testable import Client

@Suite struct ServerTests {
    @Test func logonFindsTheStandardFolders() async throws {
        let (server, node) = try await MiniStore.server { request in throw UnexpectedRequest(operation: request.operation) }
        #expect(await node.operations == ["Logon", "GetStore", "GetHierarchy", "GetProps"])
        let store = server.store
        #expect(try store.subtree.entryID.bytes == MiniStore.subtree)
        #expect(try store.outbox.entryID.bytes == MiniStore.outbox)
        #expect(try store.drafts.entryID.bytes == MiniStore.drafts)
        #expect(try store.inbox.entryID.bytes == MiniStore.inbox)
        #expect(try store.inbox.name == "Inbox")
        #expect(try store.root.entryID.bytes == MiniStore.root)
        #expect(throws: TesseraClientError.self) { try store.calendar }
        #expect(store.entryID.bytes == MiniStore.storeEntryID)
        #expect(server.user == User(name: "alice", homeServer: "s1", storeGUID: MiniStore.guid, sessionExpiresAt: Date(timeIntervalSince1970: 1_900_000_000)))
    }

    @Test func storePropertiesWinOverNames() {
        let inbox: [UInt8] = [9]
        let junk: [UInt8] = [8]
        let props = PropertySet([
            Property(id: PropertyTag.ipmSubtreeEntryID.id, value: .binary([1])),
            Property(id: PropertyTag.additionalRenEntryIDs.id, value: .multiBinary([[], [], [], [], junk])),
        ])
        var found = StandardFolderLocator.fromStore(props)
        #expect(found[.junk] == EntryID(junk))
        let missing = StandardFolderLocator.missingBelowSubtree(found)
        #expect(missing.contains(.inbox) && !missing.contains(.junk) && !missing.contains(.root))
        found.merge(StandardFolderLocator.byName([("INBOX", EntryID(inbox)), ("Junk E-mail", EntryID([7]))], missing: missing)) { a, _ in a }
        #expect(found[.inbox] == EntryID(inbox))
        #expect(found[.junk] == EntryID(junk))
    }

    @Test func wrongPasswordIsLogonFailed() async throws {
        let node = FakeNode { try MiniStore.answer($0)! }
        let error = await expectError(.logonFailed) {
            _ = try await Server(url: nodeURL, user: "alice", password: "wrong", transport: node.factory)
        }
        #expect(error?.fault?.name == "MAPI_E_LOGON_FAILED")
    }

    @Test func invalidOptionsAreRefusedBeforeAnythingIsSent() async throws {
        let node = FakeNode { try MiniStore.answer($0)! }
        for options in [ClientOptions(chunkSize: 0), ClientOptions(chunkSize: 2 << 20), ClientOptions(singleUploadLimit: -1), ClientOptions(syncBatchSize: 0)] {
            await expectError(.invalidArgument) {
                _ = try await Server(url: nodeURL, user: "alice", password: "secret", options: options, transport: node.factory)
            }
        }
        #expect(await node.requests.isEmpty)
    }

    @Test func pathsResolveLevelByLevel() async throws {
        let (server, node) = try await MiniStore.server { request in
            let props = try request.decode(GetPropsRequest.self)
            #expect(props.object == MiniStore.projects)
            return .response(GetPropsResponse(properties: [Property(id: PropertyTag.displayName.id, value: .unicode("Projects"))]))
        }
        let folder = try await server.store.folder(path: "inbox/Projects")
        #expect(folder.entryID.bytes == MiniStore.projects)
        #expect(folder.name == "Projects")
        #expect(await node.operations.suffix(3) == ["GetHierarchy", "GetHierarchy", "GetProps"])
        await expectError(.notFound) { _ = try await server.store.folder(path: "Inbox/Nope") }
    }

    @Test func pathsCreateWhatIsMissing() async throws {
        let archive = MiniStore.id(30)
        let (server, node) = try await MiniStore.server { request in
            switch request.operation {
            case "CreateFolder":
                let create = try request.decode(CreateFolderRequest.self)
                #expect(create.parent == MiniStore.inbox && create.name == "Archive")
                return .response(CreatedResponse<CreateFolderRequest>(entryID: archive, sourceKey: [1], changeKey: [2]))
            default:
                return .response(GetPropsResponse(properties: []))
            }
        }
        let folder = try await server.store.folder(path: "Inbox/Archive", create: true)
        #expect(folder.entryID.bytes == archive)
        #expect(await node.operations.contains("CreateFolder"))
    }

    @Test func namedPropertiesAreCachedAndPSMAPIIsFree() async throws {
        let keywords = NamedProperty(guid: .psPublicStrings, name: "Keywords")
        let (server, node) = try await MiniStore.server { request in
            let ask = try request.decode(GetIDsFromNamesRequest.self)
            #expect(ask.names == [keywords] && ask.create == true)
            return .response(GetIDsFromNamesResponse(ids: [0x8005]))
        }
        #expect(try await server.propertyID(for: keywords, create: true) == 0x8005)
        #expect(try await server.propertyTag(for: keywords, type: .multiUnicode) == PropertyTag(id: 0x8005, type: .multiUnicode))
        #expect(try await server.propertyID(for: NamedProperty(guid: .psMAPI, id: 0x0037)) == 0x0037)
        #expect(await node.operations.filter { $0 == "GetIDsFromNames" }.count == 1)
        await expectError(.invalidArgument) { _ = try await server.propertyID(for: NamedProperty(guid: .psPublicStrings, name: "")) }
    }

    @Test func unmappedNamesAreNilOrNotFound() async throws {
        let (server, _) = try await MiniStore.server { _ in .response(GetIDsFromNamesResponse(ids: [0])) }
        let name = NamedProperty(guid: .psetidCommon, id: 0x8501)
        #expect(try await server.propertyID(for: name) == nil)
        await expectError(.notFound) { _ = try await server.propertyTag(for: name, type: .long) }
    }

    @Test func eventsPollWhenUsedUp() async throws {
        let (server, node) = try await MiniStore.server { request in
            let poll = try request.decode(GetNotificationsRequest.self)
            switch poll.cursor {
            case nil: return .response(GetNotificationsResponse(notifications: [], cursor: 10))
            case 10?: return .response(GetNotificationsResponse(notifications: [], cursor: 10))
            default: return .response(GetNotificationsResponse(notifications: [StoreNotification(kind: .newMail, entryID: [7], parentEntryID: [3])], cursor: 12))
            }
        }
        let start = try await server.notifications(after: nil)
        #expect(start == StoreEventBatch(events: [], cursor: 10))
        var events = server.events(after: 11).makeAsyncIterator()
        let event = try await events.next()
        #expect(event?.kind == .newMail && event?.entryID == EntryID([7]))
        #expect(await node.requests.last.map { try! $0.decode(GetNotificationsRequest.self).timeoutSeconds } == 60)
    }
}

@Suite struct ServerLogonFailureTests {
    @Test func aFailedStoreReadEndsTheSession() async throws {
        let node = FakeNode { request in
            switch request.operation {
            case "Logon": return try MiniStore.answer(request)!
            case "GetStore": return .fault(fault(.noAccess, "no store"))
            default: return .response(EmptyResponse<LogoffRequest>())
            }
        }
        await expectError(.server) { _ = try await Server(url: nodeURL, user: "alice", password: "secret", transport: node.factory) }
        #expect(await node.operations == ["Logon", "GetStore", "Logoff"])
    }
}
