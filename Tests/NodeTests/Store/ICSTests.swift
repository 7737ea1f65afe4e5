import MAPI
import Testing

@testable import Node

/// A content change reduced to what the tests compare.
enum Seen: Equatable, CustomStringConvertible {
    case upsert(SourceKey, subject: String?)
    case readState(SourceKey, read: Bool)
    case deletion(SourceKey, soft: Bool)

    init(_ change: ContentChange) {
        switch change {
        case .upsert(let key, let message): self = .upsert(key, subject: message.properties[tag: .subject]?.string)
        case .readState(let key, let read): self = .readState(key, read: read)
        case .deletion(let key, let soft): self = .deletion(key, soft: soft)
        }
    }

    var description: String {
        switch self {
        case .upsert(let key, let subject): "upsert(\(key.counter), \(subject ?? "-"))"
        case .readState(let key, let read): "readState(\(key.counter), \(read))"
        case .deletion(let key, let soft): "deletion(\(key.counter), soft: \(soft))"
        }
    }
}

/// A folder's ICS stream as a client follows it.
struct Follower {
    let engine: StoreEngine
    let folder: EntryID
    var state = SyncState.initial

    /// Every change since the last call, following batches to the end; the state must grow.
    mutating func next(batchSize: Int = 512, sourceLocation: SourceLocation = #_sourceLocation) throws -> [Seen] {
        var out: [Seen] = []
        while true {
            let batch = try engine.contentChanges(of: folder, since: state, batchSize: batchSize)
            #expect(batch.changes.count <= batchSize, sourceLocation: sourceLocation)
            if batch.changes.isEmpty {
                #expect(batch.state == state && !batch.hasMore, sourceLocation: sourceLocation)
            } else {
                #expect(batch.state.changeNumber > state.changeNumber, sourceLocation: sourceLocation)
            }
            out += batch.changes.map(Seen.init)
            state = batch.state
            if !batch.hasMore { return out }
        }
    }
}

@Suite("ICS export and import") struct ICSTests {
    static let foreign = GUID("5A5A5A5A-1111-2222-3333-444455556666")!

    static func subject(_ text: String) -> Property { Property(id: PropertyTag.subject.id, value: .unicode(text)) }

    static func history(of message: Message) -> PredecessorChangeList {
        message.properties[tag: .predecessorChangeList]?.bytes.flatMap(PredecessorChangeList.init(bytes:)) ?? PredecessorChangeList()
    }

    // MARK: - Export

    @Test(arguments: Backend.enabled)
    func initialExportListsEveryMessageOnce(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let one = try fixture.engine.createMessage(in: inbox, Sample.message(subject: "one"))
        let two = try fixture.engine.createMessage(
            in: inbox, Sample.message(subject: "two", to: [("Carol", "carol@example.org"), ("Dave", "dave@example.org")],
                                      attachments: [Sample.attachment(name: "a.txt", bytes: Array("abc".utf8))]))
        let three = try fixture.engine.createMessage(in: inbox, Sample.message(subject: "three"))
        try fixture.engine.setReadFlags([three.entryID], read: true)
        // Another folder's messages are not part of this one's stream.
        _ = try fixture.engine.createMessage(in: store.folder(.drafts), Sample.message(subject: "elsewhere"))

        let batch = try fixture.engine.contentChanges(of: inbox, since: .initial)
        #expect(batch.changes.map(Seen.init) == [
            .upsert(one.sourceKey, subject: "one"), .upsert(two.sourceKey, subject: "two"), .upsert(three.sourceKey, subject: "three"),
        ])
        #expect(!batch.hasMore)
        #expect(batch.state.changeNumber > 0)
        // Each upsert carries the whole message as it is now.
        guard case .upsert(_, let exported) = batch.changes[1], case .upsert(_, let last) = batch.changes[2] else {
            Issue.record("not upserts")
            return
        }
        let stored = try fixture.engine.message(two.entryID)
        #expect(exported.properties == stored.properties)
        #expect(exported.recipients == stored.recipients && exported.recipients.count == 2)
        #expect(exported.attachments == stored.attachments && exported.attachments.count == 1)
        #expect(exported.properties[tag: .changeKey] == .binary(two.changeKey.bytes))
        #expect(exported.properties[tag: .sourceKey] == .binary(two.sourceKey.bytes))
        #expect((last.properties[tag: .messageFlags]?.integer ?? 0) & 1 == 1)

        // Nothing new since.
        let again = try fixture.engine.contentChanges(of: inbox, since: batch.state)
        #expect(again.changes.isEmpty && !again.hasMore && again.state == batch.state)
        // An empty folder has nothing, and keeps the state it was asked from.
        let empty = try fixture.engine.contentChanges(of: store.folder(.notes), since: .initial)
        #expect(empty.changes.isEmpty && !empty.hasMore && empty.state == .initial)
    }

    @Test(arguments: Backend.enabled)
    func incrementalExportReportsEachKindOfChange(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let m1 = try engine.createMessage(in: inbox, Sample.message(subject: "m1"))
        let m2 = try engine.createMessage(in: inbox, Sample.message(subject: "m2"))
        let m3 = try engine.createMessage(in: inbox, Sample.message(subject: "m3"))
        var client = Follower(engine: engine, folder: inbox)
        #expect(try client.next().count == 3)
        let start = client.state

        let m4 = try engine.createMessage(in: inbox, Sample.message(subject: "m4"))
        #expect(try client.next() == [.upsert(m4.sourceKey, subject: "m4")])

        try engine.setMessageProperties(m1.entryID, [Self.subject("m1 changed")])
        #expect(try client.next() == [.upsert(m1.sourceKey, subject: "m1 changed")])

        // A read-state change is reported as such, not as a new version.
        try engine.setReadFlags([m2.entryID], read: true)
        #expect(try client.next() == [.readState(m2.sourceKey, read: true)])
        try engine.setReadFlags([m2.entryID], read: true)  // no change, nothing to report
        #expect(try client.next() == [])
        try engine.setReadFlags([m2.entryID], read: false)
        #expect(try client.next() == [.readState(m2.sourceKey, read: false)])

        try engine.deleteMessages([m3.entryID])
        #expect(try client.next() == [.deletion(m3.sourceKey, soft: true)])
        try engine.restoreMessages([m3.entryID])
        #expect(try client.next() == [.upsert(m3.sourceKey, subject: "m3")])

        try engine.deleteMessages([m4.entryID], hard: true)
        #expect(try client.next() == [.deletion(m4.sourceKey, soft: false)])

        // A soft-deleted message that is then purged is reported deleted again, hard.
        try engine.deleteMessages([m3.entryID])
        try engine.deleteMessages([m3.entryID], hard: true)
        #expect(try client.next() == [.deletion(m3.sourceKey, soft: true), .deletion(m3.sourceKey, soft: false)])

        // A client that was away for all of it sees each live message's latest state once, and
        // every deletion, in the order they happened.
        var late = Follower(engine: engine, folder: inbox, state: start)
        #expect(
            try late.next() == [
                .upsert(m1.sourceKey, subject: "m1 changed"), .readState(m2.sourceKey, read: false), .deletion(m3.sourceKey, soft: true),
                .deletion(m4.sourceKey, soft: false), .deletion(m3.sourceKey, soft: true), .deletion(m3.sourceKey, soft: false),
            ])
        #expect(late.state == client.state)
    }

    @Test(arguments: Backend.enabled)
    func movedMessagesLeaveOneFolderAndAppearInTheOther(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let archive = try engine.createFolder(in: inbox, name: "Archive").entryID
        let moved = try engine.createMessage(in: inbox, Sample.message(subject: "moved"))
        // The archive holds a newer message, so its client's state is past the moved message's last change.
        let resident = try engine.createMessage(in: archive, Sample.message(subject: "resident"))
        var inboxClient = Follower(engine: engine, folder: inbox)
        var archiveClient = Follower(engine: engine, folder: archive)
        #expect(try inboxClient.next() == [.upsert(moved.sourceKey, subject: "moved")])
        #expect(try archiveClient.next() == [.upsert(resident.sourceKey, subject: "resident")])

        try engine.moveMessages([moved.entryID], to: archive)
        #expect(try inboxClient.next() == [.deletion(moved.sourceKey, soft: false)])
        #expect(try archiveClient.next() == [.upsert(moved.sourceKey, subject: "moved")])

        // Read in its new folder: a read state there.
        try engine.setReadFlags([moved.entryID], read: true)
        #expect(try archiveClient.next() == [.readState(moved.sourceKey, read: true)])
        #expect(try inboxClient.next() == [])

        // And back again.
        try engine.moveMessages([moved.entryID], to: inbox)
        #expect(try archiveClient.next() == [.deletion(moved.sourceKey, soft: false)])
        #expect(try inboxClient.next() == [.upsert(moved.sourceKey, subject: "moved")])
        let message = try engine.message(moved.entryID)  // same entry id and source key all along
        #expect(message.properties[tag: .parentEntryID] == .binary(inbox.bytes))
        #expect((message.properties[tag: .messageFlags]?.integer ?? 0) & 1 == 1)
    }

    @Test(arguments: Backend.enabled)
    func exportResumesInBatches(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let folder = try fixture.engine.createFolder(in: store.folder(.inbox), name: "Bulk").entryID
        var keys: [SourceKey] = []
        for n in 0..<1_000 {
            keys.append(try fixture.engine.createMessage(in: folder, Sample.message(subject: "bulk \(n)")).sourceKey)
        }

        var state = SyncState.initial
        var exported: [SourceKey] = []
        var batches = 0
        while true {
            let batch = try fixture.engine.contentChanges(of: folder, since: state, batchSize: 64)
            batches += 1
            #expect(batch.state.changeNumber > state.changeNumber)
            #expect(batch.changes.count == (batch.hasMore ? 64 : 1_000 - 15 * 64))
            for change in batch.changes {
                guard case .upsert(let key, _) = change else {
                    Issue.record("unexpected \(Seen(change))")
                    continue
                }
                exported.append(key)
            }
            state = try SyncState(bytes: batch.state.bytes)  // as a client keeps it
            if !batch.hasMore { break }
        }
        #expect(batches == 16)
        #expect(exported == keys)  // every message exactly once, oldest first
        let after = try fixture.engine.contentChanges(of: folder, since: state, batchSize: 64)
        #expect(after.changes.isEmpty && !after.hasMore && after.state == state)
    }

    @Test(arguments: Backend.enabled)
    func changesBetweenBatchesComeAgainLater(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let folder = try engine.createFolder(in: store.folder(.inbox), name: "Bulk").entryID
        var created: [ObjectIdentity] = []
        for n in 0..<200 { created.append(try engine.createMessage(in: folder, Sample.message(subject: "m\(n)"))) }
        let keys = created.map(\.sourceKey)

        let first = try engine.contentChanges(of: folder, since: .initial, batchSize: 64)
        #expect(first.changes.map(Seen.init) == (0..<64).map { .upsert(keys[$0], subject: "m\($0)") })
        #expect(first.hasMore)

        // Between batches: messages already exported and not yet exported change.
        try engine.setMessageProperties(created[10].entryID, [Self.subject("m10 v2")])
        try engine.setMessageProperties(created[150].entryID, [Self.subject("m150 v2")])
        try engine.deleteMessages([created[20].entryID])
        try engine.setReadFlags([created[30].entryID], read: true)
        try engine.setReadFlags([created[170].entryID], read: true)
        try engine.deleteMessages([created[100].entryID], hard: true)

        var client = Follower(engine: engine, folder: folder, state: first.state)
        let rest = try client.next(batchSize: 64)
        let untouched = (64..<200).filter { ![100, 150, 170].contains($0) }.map { Seen.upsert(keys[$0], subject: "m\($0)") }
        // Within one export the engine cannot tell which messages the client already has, so a read
        // state change comes as the whole message: m170 had not been sent yet, m30 had.
        #expect(
            rest == untouched + [
                .upsert(keys[10], subject: "m10 v2"), .upsert(keys[150], subject: "m150 v2"), .deletion(keys[20], soft: true),
                .upsert(keys[30], subject: "m30"), .upsert(keys[170], subject: "m170"), .deletion(keys[100], soft: false),
            ])
        // Once the export is complete, read states are just that again.
        try engine.setReadFlags([created[40].entryID, created[170].entryID], read: true)
        try engine.setReadFlags([created[30].entryID], read: false)
        #expect(try client.next() == [.readState(keys[40], read: true), .readState(keys[30], read: false)])
    }

    @Test(arguments: Backend.enabled)
    func aReadStateChangeDuringABatchedExportDoesNotLoseTheMessage(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let early = try engine.createMessage(in: inbox, Sample.message(subject: "early"))
        var client = Follower(engine: engine, folder: inbox)
        #expect(try client.next() == [.upsert(early.sourceKey, subject: "early")])
        let a = try engine.createMessage(in: inbox, Sample.message(subject: "a"))
        let b = try engine.createMessage(in: inbox, Sample.message(subject: "b"))
        let c = try engine.createMessage(in: inbox, Sample.message(subject: "c"))

        let first = try engine.contentChanges(of: inbox, since: client.state, batchSize: 1)
        #expect(first.changes.map(Seen.init) == [.upsert(a.sourceKey, subject: "a")] && first.hasMore)
        // b, not sent yet, is read; so is the early message the client has had since the last export.
        try engine.setReadFlags([b.entryID, early.entryID], read: true)
        client.state = try SyncState(bytes: first.state.bytes)
        #expect(
            try client.next(batchSize: 1) == [
                .upsert(c.sourceKey, subject: "c"), .upsert(b.sourceKey, subject: "b"), .readState(early.sourceKey, read: true),
            ])
    }

    @Test func syncStateBytesRoundTripAndGarbageIsRefused() throws {
        for number: Int64 in [0, 1, 255, 256, 1 << 40, Int64.max] {
            let state = SyncState(changeNumber: number)
            #expect(state.bytes.count == 9)
            #expect(try SyncState(bytes: state.bytes) == state)
        }
        #expect(try SyncState(bytes: []) == .initial)
        // Part way through an export the state also carries where the export began.
        for (number, baseline): (Int64, Int64) in [(10, 0), (1 << 40, 7), (Int64.max, Int64.max - 1)] {
            let state = SyncState(changeNumber: number, baseline: baseline)
            #expect(state.bytes.count == 17)
            #expect(try SyncState(bytes: state.bytes) == state)
        }
        let zero = [UInt8](repeating: 0, count: 8)
        let garbage: [[UInt8]] = [
            [1], [1, 2, 3], Array(repeating: 0, count: 9), [2, 1, 0, 0, 0, 0, 0, 0, 0], [1] + Array(repeating: 0xFF, count: 8),
            Array(repeating: 1, count: 10), Array("not a state".utf8), [3] + zero + zero, [2] + zero,
            [2] + [5, 0, 0, 0, 0, 0, 0, 0] + [6, 0, 0, 0, 0, 0, 0, 0],  // baseline after the change number
            [2] + [5, 0, 0, 0, 0, 0, 0, 0] + Array(repeating: 0xFF, count: 8),  // negative baseline
            [2] + Array(repeating: 0xFF, count: 16),
        ]
        for bytes in garbage {
            #expect { try SyncState(bytes: bytes) } throws: { ($0 as? MAPIError)?.code == .invalidParameter }
        }
    }

    @Test(arguments: Backend.enabled)
    func batchSizeIsChecked(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        for size in [0, -1, 10_001] {
            #expect { try fixture.engine.contentChanges(of: store.folder(.inbox), since: .initial, batchSize: size) } throws: {
                ($0 as? MAPIError)?.code == .invalidParameter
            }
        }
    }

    // MARK: - Hierarchy

    /// A hierarchy change reduced to what the tests compare.
    enum FolderSeen: Equatable, Hashable {
        case upsert(SourceKey, name: String?, parent: [UInt8]?)
        case deletion(SourceKey)

        init(_ change: HierarchyChange) {
            switch change {
            case .upsert(let key, let props):
                self = .upsert(key, name: props[tag: .displayName]?.string, parent: props[tag: .parentSourceKey]?.bytes)
            case .deletion(let key): self = .deletion(key)
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func hierarchyChangesListParentsBeforeChildren(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let drafts = store.folder(.drafts)

        // Initially: every folder but the root, each after its parent.
        let initial = try engine.hierarchyChanges(of: store.guid, since: .initial)
        #expect(!initial.hasMore)
        var known: Set<[UInt8]> = [store.folder(.root).sourceKey!.bytes]
        var names: [String] = []
        for change in initial.changes {
            guard case .upsert(let key, let props) = change else {
                Issue.record("unexpected deletion")
                continue
            }
            #expect(known.contains(props[tag: .parentSourceKey]?.bytes ?? []), "parent of \(props[tag: .displayName]?.string ?? "?") first")
            #expect(props[tag: .sourceKey] == .binary(key.bytes))
            known.insert(key.bytes)
            names.append(props[tag: .displayName]?.string ?? "")
        }
        #expect(names.count == StandardFolder.allCases.count - 1)
        #expect(Set(names) == Set(StandardFolder.allCases.filter { $0 != .root }.map(\.displayName)))

        var state = initial.state
        func next() throws -> [FolderSeen] {
            let batch = try engine.hierarchyChanges(of: store.guid, since: state)
            #expect(!batch.hasMore)
            #expect(batch.state.changeNumber >= state.changeNumber)
            state = batch.state
            return batch.changes.map(FolderSeen.init)
        }
        #expect(try next() == [])

        let a = try engine.createFolder(in: inbox, name: "A")
        let b = try engine.createFolder(in: a.entryID, name: "B")
        let c = try engine.createFolder(in: b.entryID, name: "C")
        #expect(
            try next() == [
                .upsert(a.sourceKey, name: "A", parent: inbox.sourceKey!.bytes), .upsert(b.sourceKey, name: "B", parent: a.sourceKey.bytes),
                .upsert(c.sourceKey, name: "C", parent: b.sourceKey.bytes),
            ])

        // Messages do not change the hierarchy.
        _ = try engine.createMessage(in: a.entryID, Sample.message(subject: "x"))
        #expect(try next() == [])

        try engine.setFolderProperties(a.entryID, [Property(id: PropertyTag.displayName.id, value: .unicode("A2"))])
        #expect(try next() == [.upsert(a.sourceKey, name: "A2", parent: inbox.sourceKey!.bytes)])

        try engine.moveFolder(b.entryID, to: drafts)
        #expect(try next() == [.upsert(b.sourceKey, name: "B", parent: drafts.sourceKey!.bytes)])

        // A child that changed before its parent moved under another folder still comes after it.
        let p = try engine.createFolder(in: inbox, name: "P")
        let q = try engine.createFolder(in: inbox, name: "Q")
        let x = try engine.createFolder(in: q.entryID, name: "X")
        try engine.moveFolder(q.entryID, to: p.entryID, newName: "Q2")
        #expect(
            try next() == [
                .upsert(p.sourceKey, name: "P", parent: inbox.sourceKey!.bytes), .upsert(q.sourceKey, name: "Q2", parent: p.sourceKey.bytes),
                .upsert(x.sourceKey, name: "X", parent: q.sourceKey.bytes),
            ])

        try engine.deleteFolder(a.entryID)
        #expect(try next() == [.deletion(a.sourceKey)])
        // Deleting a folder deletes its subfolders too.
        try engine.deleteFolder(b.entryID)
        #expect(Set(try next()) == [.deletion(b.sourceKey), .deletion(c.sourceKey)])
        // Created and deleted between two syncs: only the deletion.
        let brief = try engine.createFolder(in: inbox, name: "Brief")
        try engine.deleteFolder(brief.entryID)
        #expect(try next() == [.deletion(brief.sourceKey)])

        // A client that was away for all of it: the survivors' latest state, then the deletions.
        let late = try engine.hierarchyChanges(of: store.guid, since: initial.state).changes.map(FolderSeen.init)
        #expect(
            Array(late.prefix(3)) == [
                .upsert(p.sourceKey, name: "P", parent: inbox.sourceKey!.bytes), .upsert(q.sourceKey, name: "Q2", parent: p.sourceKey.bytes),
                .upsert(x.sourceKey, name: "X", parent: q.sourceKey.bytes),
            ])
        #expect(late.count == 7)
        #expect(Set(late.dropFirst(3)) == [.deletion(a.sourceKey), .deletion(b.sourceKey), .deletion(c.sourceKey), .deletion(brief.sourceKey)])
    }

    // MARK: - Import

    @Test(arguments: Backend.enabled)
    func importingANewMessageKeepsItsKeys(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        var client = Follower(engine: engine, folder: inbox)
        #expect(try client.next() == [])

        let key = SourceKey(server: Self.foreign, counter: 4_711)
        let change = ChangeKey(server: Self.foreign, changeNumber: 9)
        let outcome = try engine.importMessage(
            into: inbox, sourceKey: key, changeKey: change, history: PredecessorChangeList(),
            Sample.message(subject: "from afar", attachments: [Sample.attachment(name: "a.bin", bytes: Sample.bytes(100))]))
        #expect(outcome == .applied(change))

        let entryID = EntryID(store: store.guid, kind: .message, sourceKey: key)
        let message = try engine.message(entryID)
        #expect(message.properties[tag: .subject] == .unicode("from afar"))
        #expect(message.properties[tag: .sourceKey] == .binary(key.bytes))
        #expect(message.properties[tag: .changeKey] == .binary(change.bytes))
        #expect(Self.history(of: message) == PredecessorChangeList([Self.foreign: 9]))
        #expect(message.properties[tag: .parentEntryID] == .binary(inbox.bytes))
        #expect(message.attachments.count == 1)
        let table = try engine.contents(of: inbox, TableQuery(columns: [.sourceKey, .entryID]))
        #expect(table.rows.map { $0[tag: .sourceKey] } == [.binary(key.bytes)])
        #expect(table.rows.map { $0[tag: .entryID] } == [.binary(entryID.bytes)])
        #expect(try engine.folderProperties(inbox)[tag: .contentCount] == .long(1))
        #expect(try client.next() == [.upsert(key, subject: "from afar")])

        // A local change afterwards keeps the foreign history.
        let local = try engine.setMessageProperties(entryID, [Self.subject("edited here")])
        let history = Self.history(of: try engine.message(entryID))
        #expect(history.includes(change) && history.includes(local))
    }

    @Test(arguments: Backend.enabled)
    func importingAnOlderVersionIsIgnored(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let created = try engine.createMessage(in: inbox, Sample.message(subject: "v1"))
        let v2 = try engine.setMessageProperties(created.entryID, [Self.subject("v2")])
        let before = try engine.message(created.entryID)
        var client = Follower(engine: engine, folder: inbox)
        _ = try client.next()

        // The first version: the server's history includes it.
        #expect(
            try engine.importMessage(
                into: inbox, sourceKey: created.sourceKey, changeKey: created.changeKey, history: PredecessorChangeList(),
                Sample.message(subject: "v1")) == .ignored)
        // The current version itself.
        #expect(
            try engine.importMessage(
                into: inbox, sourceKey: created.sourceKey, changeKey: v2,
                history: PredecessorChangeList([engine.serverGUID: created.changeKey.changeNumber]),
                Sample.message(subject: "v2 again")) == .ignored)

        let after = try engine.message(created.entryID)
        #expect(after.properties == before.properties)
        #expect(after.recipients == before.recipients)
        #expect(try engine.contents(of: inbox, TableQuery()).totalCount == 1)
        #expect(try client.next() == [])
    }

    @Test(arguments: Backend.enabled)
    func importingANewerVersionReplacesTheContent(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let created = try engine.createMessage(
            in: inbox,
            Sample.message(
                subject: "v1", body: String(repeating: "long body ", count: 300),
                to: [("Bob", "bob@example.org"), ("Carol", "carol@example.org")],
                attachments: [Sample.attachment(name: "old.txt", bytes: Array("old".utf8))]))
        let v2 = try engine.setMessageProperties(created.entryID, [Self.subject("v2")])
        let server = try engine.message(created.entryID)
        var client = Follower(engine: engine, folder: inbox)
        _ = try client.next()

        let remote = ChangeKey(server: Self.foreign, changeNumber: 3)
        let outcome = try engine.importMessage(
            into: inbox, sourceKey: created.sourceKey, changeKey: remote, history: Self.history(of: server),
            Sample.message(subject: "v3 from afar", body: "new body", to: [("Erin", "erin@example.org")]))
        #expect(outcome == .applied(remote))

        let after = try engine.message(created.entryID)
        #expect(after.properties[tag: .subject] == .unicode("v3 from afar"))
        #expect(after.properties[tag: .body] == .unicode("new body"))
        #expect(after.recipients.map { $0[tag: .displayName] } == [.unicode("Erin")])
        #expect(after.attachments.isEmpty)
        #expect(after.properties[tag: .hasAttachments] == .boolean(false))
        #expect(after.properties[tag: .changeKey] == .binary(remote.bytes))
        #expect(after.properties[tag: .sourceKey] == .binary(created.sourceKey.bytes))
        let history = Self.history(of: after)
        #expect(history.includes(v2) && history.includes(remote))
        #expect(try engine.contents(of: inbox, TableQuery()).totalCount == 1)
        #expect(try engine.folderProperties(inbox)[tag: .contentCount] == .long(1))
        #expect(try fixture.sql("SELECT COUNT(*) FROM large_props")[0].integer(0) == 0)  // the old long body is gone
        #expect(try engine.search("long body", in: inbox).isEmpty)
        #expect(try engine.search("afar", in: inbox) == [created.entryID])
        #expect(try client.next() == [.upsert(created.sourceKey, subject: "v3 from afar")])

        // The same version again changes nothing.
        #expect(
            try engine.importMessage(
                into: inbox, sourceKey: created.sourceKey, changeKey: remote, history: Self.history(of: server),
                Sample.message(subject: "v3 from afar")) == .ignored)
        #expect(try client.next() == [])
    }

    @Test(arguments: Backend.enabled, [true, false])
    func independentChangesKeepBothVersions(_ backend: Backend, remoteIsNewer: Bool) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let created = try engine.createMessage(in: inbox, Sample.message(subject: "base"))
        let base = try engine.message(created.entryID)
        let localChange = try engine.setMessageProperties(created.entryID, [Self.subject("local edit")])
        var client = Follower(engine: engine, folder: inbox)
        _ = try client.next()

        // The remote side changed the base version too, unaware of the local edit.
        let remote = ChangeKey(server: Self.foreign, changeNumber: 1)
        let remoteTime = remoteIsNewer ? FileTime(unixSeconds: 4_102_444_800) : FileTime(unixSeconds: 946_684_800)  // 2100 / 2000
        let outcome = try engine.importMessage(
            into: inbox, sourceKey: created.sourceKey, changeKey: remote, history: Self.history(of: base),
            Sample.message(subject: "remote edit", extra: [Property(id: PropertyTag.lastModificationTime.id, value: .sysTime(remoteTime))]))
        guard case .conflict(let winner, let copy) = outcome else {
            Issue.record("expected a conflict, got \(outcome)")
            return
        }
        let (winning, losing) = remoteIsNewer ? ("remote edit", "local edit") : ("local edit", "remote edit")

        // The winner is in place, under the original source key, pointing at the copy.
        let kept = try engine.message(created.entryID)
        #expect(kept.properties[tag: .subject] == .unicode(winning))
        #expect(kept.properties[tag: .conflictItems] == .multiBinary([copy.bytes]))
        #expect(kept.properties[tag: .changeKey] == .binary(winner.bytes))
        if remoteIsNewer {
            #expect(winner == remote)
        } else {
            #expect(winner.server == engine.serverGUID)
        }
        let history = Self.history(of: kept)
        #expect(history.includes(remote) && history.includes(localChange) && history.includes(winner))

        // The loser is a copy in the same folder.
        #expect(copy != created.entryID)
        let other = try engine.message(copy)
        #expect(other.properties[tag: .subject] == .unicode(losing))
        #expect(other.properties[tag: .parentEntryID] == .binary(inbox.bytes))
        let subjects = try engine.contents(of: inbox, TableQuery(columns: [.subject])).rows.compactMap { $0[tag: .subject]?.string }
        #expect(subjects.sorted() == ["local edit", "remote edit"])
        #expect(try engine.folderProperties(inbox)[tag: .contentCount] == .long(2))

        // Both reach the client; importing the remote version again changes nothing.
        #expect(Set(try client.next().map(\.description)) == [
            Seen.upsert(created.sourceKey, subject: winning).description, Seen.upsert(copy.sourceKey!, subject: losing).description,
        ])
        #expect(
            try engine.importMessage(
                into: inbox, sourceKey: created.sourceKey, changeKey: remote, history: Self.history(of: base),
                Sample.message(subject: "remote edit")) == .ignored)
        #expect(try client.next() == [])
        #expect(try engine.contents(of: inbox, TableQuery()).totalCount == 2)
    }

    @Test(arguments: Backend.enabled)
    func importingOverASoftDeletedMessageKeepsTheCountsRight(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let created = try engine.createMessage(in: inbox, Sample.message(subject: "v1"))
        try engine.deleteMessages([created.entryID])
        func counts() throws -> [PropertyValue?] {
            let props = try engine.folderProperties(inbox)
            return [props[tag: .contentCount], props[tag: .contentUnreadCount], props[tag: .deletedCountTotal]]
        }
        #expect(try counts() == [.long(0), .long(0), .long(1)])

        let remote = ChangeKey(server: Self.foreign, changeNumber: 2)
        #expect(
            try engine.importMessage(
                into: inbox, sourceKey: created.sourceKey, changeKey: remote,
                history: PredecessorChangeList([engine.serverGUID: created.changeKey.changeNumber]),
                Sample.message(subject: "v2")) == .applied(remote))
        #expect(try engine.message(created.entryID).properties[tag: .subject] == .unicode("v2"))
        #expect(try engine.deletedMessages(in: inbox).isEmpty)
        #expect(try counts() == [.long(1), .long(1), .long(0)])
    }

    @Test(arguments: Backend.enabled)
    func importedDeletions(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let m1 = try engine.createMessage(in: inbox, Sample.message(subject: "m1"))
        let m2 = try engine.createMessage(in: inbox, Sample.message(subject: "m2"))
        let m3 = try engine.createMessage(in: inbox, Sample.message(subject: "m3"))
        let elsewhere = try engine.createMessage(in: store.folder(.drafts), Sample.message(subject: "elsewhere"))
        var client = Follower(engine: engine, folder: inbox)
        _ = try client.next()
        let unknown = SourceKey(server: Self.foreign, counter: 1)

        // Soft by default; unknown keys and keys of other folders are skipped.
        try engine.importDeletions(in: inbox, [m1.sourceKey, unknown, elsewhere.sourceKey])
        #expect(try engine.deletedMessages(in: inbox) == [m1.entryID])
        #expect(try engine.message(elsewhere.entryID).properties[tag: .subject] == .unicode("elsewhere"))
        #expect(try client.next() == [.deletion(m1.sourceKey, soft: true)])

        try engine.importDeletions(in: inbox, [m2.sourceKey], hard: true)
        #expect { try engine.message(m2.entryID) } throws: { ($0 as? MAPIError)?.code == .notFound }
        #expect(try engine.deletedMessages(in: inbox) == [m1.entryID])
        #expect(try client.next() == [.deletion(m2.sourceKey, soft: false)])

        // Deleting a soft-deleted message softly again changes nothing; hard purges it.
        try engine.importDeletions(in: inbox, [m1.sourceKey])
        #expect(try client.next() == [])
        try engine.importDeletions(in: inbox, [m1.sourceKey], hard: true)
        #expect(try engine.deletedMessages(in: inbox).isEmpty)
        #expect(try client.next() == [.deletion(m1.sourceKey, soft: false)])

        let counts = try engine.folderProperties(inbox)
        #expect(counts[tag: .contentCount] == .long(1) && counts[tag: .deletedCountTotal] == .long(0))
        #expect(try engine.contents(of: inbox, TableQuery(columns: [.entryID])).rows.map { $0[tag: .entryID] } == [.binary(m3.entryID.bytes)])
    }

    @Test(arguments: Backend.enabled)
    func importedReadStates(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let engine = fixture.engine
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let m1 = try engine.createMessage(in: inbox, Sample.message(subject: "m1"))
        let m2 = try engine.createMessage(in: inbox, Sample.message(subject: "m2"))
        var client = Follower(engine: engine, folder: inbox)
        _ = try client.next()
        func isRead(_ id: ObjectIdentity) throws -> Bool { (try engine.message(id.entryID).properties[tag: .messageFlags]?.integer ?? 0) & 1 == 1 }

        try engine.importReadStates(in: inbox, [(m1.sourceKey, true), (m2.sourceKey, false), (SourceKey(server: Self.foreign, counter: 5), true)])
        #expect(try isRead(m1) && !isRead(m2))
        #expect(try client.next() == [.readState(m1.sourceKey, read: true)])
        #expect(try engine.folderProperties(inbox)[tag: .contentUnreadCount] == .long(1))

        try engine.importReadStates(in: inbox, [(m1.sourceKey, false), (m2.sourceKey, true)])
        #expect(try !isRead(m1) && isRead(m2))
        #expect(try client.next() == [.readState(m1.sourceKey, read: false), .readState(m2.sourceKey, read: true)])
        #expect(try engine.folderProperties(inbox)[tag: .contentUnreadCount] == .long(1))
        // The content did not change: same change keys.
        #expect(try engine.message(m1.entryID).properties[tag: .changeKey] == .binary(m1.changeKey.bytes))
    }
}
