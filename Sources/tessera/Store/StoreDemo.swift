import ArgumentParser
import Foundation
import MAPI
import Node

/// `tessera store demo`: a first look at the store engine on the embedded default (SQLite):
/// creates demo users' stores, writes mail, and shows folders, a sorted contents table, a
/// search and an ICS export. `make run` runs it until the cluster (`tessera dev`) exists.
struct StoreDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Create demo stores and show what the store engine does.")

    @OptionGroup var server: ServerOptions

    func run() throws {
        let engine = try server.openEngine(logger: makeLogger("tessera.store"))
        print("Server \(server.server) at \(server.database), blobs in \(server.blobs)\n")
        for (login, name) in [("alice", "Alice Liddell"), ("bob", "Bob Builder")] {
            let store: StoreInfo
            if let existing = try engine.store(owner: login) {
                store = existing
            } else {
                store = try engine.createStore(owner: login, displayName: name)
                let inbox = store.folder(.inbox)
                let projects = try engine.createFolder(in: inbox, name: "Projects").entryID
                for n in 0..<40 {
                    let target = n % 4 == 0 ? projects : inbox
                    _ = try engine.createMessage(in: target, SyntheticMail.message(n, bodyBytes: 600, attachmentEvery: 10, attachmentBytes: 120_000))
                }
                print("created the store of \(login) (\(name)) with 40 messages")
            }
            try show(engine, store)
        }
        print("Run `tessera store check` to verify the storage invariants. The cluster (`tessera dev`) comes with the router.")
    }

    private func show(_ engine: StoreEngine, _ store: StoreInfo) throws {
        print("\n== \(store.owner): store \(store.guid)")
        for row in try engine.hierarchy(of: store.folder(.ipmSubtree), recursive: true) {
            let depth = Int(row[tag: .depth]?.integer ?? 1)
            let name = row[tag: .displayName]?.string ?? "?"
            let count = row[tag: .contentCount]?.integer ?? 0
            let unread = row[tag: .contentUnreadCount]?.integer ?? 0
            print(String(repeating: "  ", count: depth) + "\(name)  (\(count) items, \(unread) unread)")
        }
        let page = try engine.contents(
            of: store.folder(.inbox),
            TableQuery(columns: [.subject, .senderName, .messageSize], sort: [SortKey(.messageDeliveryTime, ascending: false)], limit: 5))
        print("\nInbox, newest 5 of \(page.totalCount):")
        for row in page.rows {
            print("  \(row[tag: .subject]?.string ?? "")  from \(row[tag: .senderName]?.string ?? "")  \(row[tag: .messageSize]?.integer ?? 0) bytes")
        }
        let hits = try engine.search("quarterly budget", in: store.folder(.ipmSubtree), recursive: true)
        print("\nSearch \"quarterly budget\": \(hits.count) messages")
        var state = SyncState.initial
        var changes = 0
        repeat {
            let batch = try engine.contentChanges(of: store.folder(.inbox), since: state, batchSize: 16)
            changes += batch.changes.count
            state = batch.state
            if !batch.hasMore { break }
        } while true
        print("ICS export of the inbox: \(changes) changes, sync state \(state.bytes.map { String(format: "%02x", $0) }.joined())")
    }
}
