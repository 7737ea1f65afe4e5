import Foundation
import TestSupport
import Testing

import Client

/// The client against a real node over real HTTP: every test starts one in this process
/// (``InProcessNode``: SQLite server, SQL directory with alice) on a free loopback port. Each
/// works in a folder of its own below the IPM subtree and deletes it at the end.
struct ClientEndToEndTests {
    @Test func logonFoldersAndWrongPassword() async throws {
        try await InProcessNode.run { node in
            let server = try await EndToEnd.logon(node)
            #expect(try server.store.inbox.name == "Inbox")
            let folders = try await server.store.folders()
            #expect(folders.contains { $0.entryID == (try? server.store.inbox.entryID) })
            try await server.logoff()
            await #expect(throws: TesseraClientError.self) { _ = try await server.store.inbox.count }
            let wrong = await #expect(throws: TesseraClientError.self) {
                _ = try await Server(url: node.url, user: EndToEnd.user, password: "not the password")
            }
            #expect(wrong?.code == .logonFailed)
        }
    }

    @Test func itemsRoundTrip() async throws {
        try await EndToEnd.inScratchFolder { server, folder in
            let small = NewAttachment(name: "note.txt", data: Array("hello".utf8), mimeType: "text/plain")
            let large = NewAttachment(name: "blob.bin", data: (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            var item = try await folder.createItem(
                subject: "E2E report", body: "Body text", to: ["Alice <alice@example.org>"], cc: ["bob@example.org"],
                attachments: [small, large])
            #expect(try await folder.count == 1)

            let listed = try await folder.items(where: try FilterSyntax.restriction(["subject~report"]), sortedBy: try SortSyntax.sortKeys("-date"))
            #expect(listed.map(\.entryID) == [item.entryID])
            #expect(try await folder.items(where: try FilterSyntax.restriction(["subject~nothing-like-this"])).isEmpty)

            let full = try await item.loaded()
            #expect(full.body == "Body text")
            #expect(Set(full.recipients?.map(\.email) ?? []) == ["alice@example.org", "bob@example.org"])
            let attachments = try await item.attachments
            #expect(attachments.map(\.name) == ["note.txt", "blob.bin"])
            #expect(try await attachments[0].data() == small.data)
            #expect(try await attachments[1].data() == large.data)

            item.subject = "E2E report (edited)"
            item.properties[.importance] = 2
            try await item.save()
            #expect(try await item.loaded().properties[.importance] == 2)

            try await item.markRead()
            #expect(try await item.loaded().isRead)

            let copy = try await item.copy(to: folder)
            #expect(try await folder.count == 2)
            try await copy.delete(hard: true)
            #expect(try await folder.count == 1)
        }
    }

    @Test func pathsSyncSearchNamesAndEvents() async throws {
        try await EndToEnd.inScratchFolder { server, folder in
            let nested = try await folder.folder(path: "A/B", create: true)
            #expect(try await folder.folder(path: "a/b").entryID == nested.entryID)

            let first = try await folder.sync()
            #expect(first.changes.isEmpty)
            let cursor = try await server.notifications(after: nil).cursor
            let item = try await folder.createItem(subject: "synced zebra", body: "the quick brown zebra")
            let second = try await folder.sync(state: first.state)
            #expect(second.changes.map(\.kind) == [.upsert])
            #expect(try await folder.sync(state: second.state).changes.isEmpty)

            #expect(try await folder.search("zebra").map(\.entryID) == [item.entryID])

            let keywords = NamedProperty(guid: .psPublicStrings, name: "Keywords")
            let tag = try await server.propertyTag(for: keywords, type: .multiUnicode, create: true)
            #expect(try await server.propertyID(for: keywords) == tag.id)

            let events = try await server.notifications(after: cursor)
            #expect(events.events.contains { $0.entryID == item.entryID })
        }
    }

    @Test func syncStatesSurviveInAFile() async throws {
        try await EndToEnd.inScratchFolder { _, folder in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString).sync").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let states = SyncStateStore(path: path)
            try await states.save(try await folder.sync().state, for: folder.entryID.hex)
            _ = try await folder.createItem(subject: "after the state")
            let again = try await folder.sync(state: try await SyncStateStore(path: path).state(for: folder.entryID.hex))
            #expect(again.changes.count == 1)
        }
    }

    /// A graceful shutdown (SIGTERM) answers a long poll in flight at once, with no events and
    /// the same cursor, instead of holding the shutdown for its 10 s grace period and then
    /// cutting the connection. (Regression: the poll waited out the grace period.)
    @Test func aNodeShuttingDownAnswersTheLongPoll() async throws {
        try await InProcessNode.run { node in
            let server = try await EndToEnd.logon(node)
            let cursor = try await server.notifications(after: nil).cursor
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let batch = try await server.notifications(after: cursor)
                    #expect(batch.events.isEmpty && batch.cursor == cursor)
                }
                while node.process.waitingPolls == 0 { try await Task.sleep(for: .milliseconds(20)) }
                let stopping = ContinuousClock.now
                await node.shutdown()
                try await group.waitForAll()
                let waited = ContinuousClock.now - stopping
                #expect(waited < .seconds(8), "answered \(waited) after the shutdown began: not at the end of the 10 s grace period")
            }
        }
    }
}

/// The end-to-end runs' helpers.
enum EndToEnd {
    static let user = InProcessNode.User.alice.login

    static func logon(_ node: InProcessNode) async throws -> Server {
        try await Server(url: node.url, user: user, password: InProcessNode.User.alice.password)
    }

    /// Runs `body` on a fresh node, in a new folder below the IPM subtree, deleted afterwards.
    static func inScratchFolder(_ body: (Server, Folder) async throws -> Void) async throws {
        try await InProcessNode.run { node in
            let server = try await logon(node)
            let folder = try await server.store.subtree.createFolder(name: "e2e-\(UUID().uuidString)", containerClass: "IPF.Note")
            do {
                try await body(server, folder)
                try await folder.delete()
                try await server.logoff()
            } catch {
                try? await folder.delete()
                try? await server.logoff()
                throw error
            }
        }
    }
}
