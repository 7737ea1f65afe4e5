import Foundation
import MAPI
import Synchronization
import Testing

@testable import Node

@Suite("Ownership and fencing") struct FencingTests {
    /// A failover from an owner that froze inside a write transaction (SIGSTOP, a stalled VM):
    /// the transaction holds the ownership row, so the takeover's update would wait for it as
    /// long as the owner stays frozen. Killing the owner's connections (MariaDB) rolls it back: the
    /// takeover goes through at once and the frozen write never lands.
    @Test func aFailoverKillsTheConnectionsOfAFrozenOwner() throws {
        // MariaDB only: on SQLite a dead process's locks go with it.
        let fixture = try StoreFixture(.mariadb)
        let old = fixture.engine
        let store = try fixture.makeStore("alice")
        let inbox = store.folder(.inbox)
        let frozen = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Void, MAPIError>?>(nil)
        let thread = Thread {
            let result = Result { () throws(MAPIError) in
                try old.write { tx in
                    let (store, folder) = try tx.reader.folder(inbox)
                    _ = try old.insertMessage(
                        tx, store: store, folderID: folder.id, parentAttachment: nil, message: Sample.message(subject: "written while frozen"))
                    frozen.signal()
                    release.wait()
                }
            }
            outcome.withLock { $0 = result }
        }
        thread.start()
        frozen.wait()

        let new = try fixture.secondEngine(node: "n2")
        let started = ContinuousClock.now
        let epoch = try new.takeOver(expectedEpoch: 1, killing: "n1")
        let waited = ContinuousClock.now - started
        release.signal()
        while outcome.withLock({ $0 }) == nil { Thread.sleep(forTimeInterval: 0.01) }
        #expect(epoch == 2)
        #expect(waited < .seconds(20), "the takeover did not wait for the frozen transaction (\(waited))")
        print("takeover from a frozen owner: \(waited)")
        #expect(throws: MAPIError.self) { try outcome.withLock { $0 }!.get() }
        #expect(try new.contents(of: inbox, TableQuery()).totalCount == 0, "the frozen write never landed")
    }

    /// The owner's lease (docs/failover.md): written with every takeover, renewed by the owner
    /// on the database's clock, moved by a takeover; a fenced owner's renewal fails `FENCED` and
    /// it stops serving, and the lease stays the new owner's.
    @Test(arguments: Backend.enabled)
    func theLeaseFollowsTheOwnerAndAFencedOwnerCannotRenewIt(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let old = fixture.engine
        let first = try #require(try old.lease())
        #expect(first.node == "n1" && first.epoch == 1)
        #expect(first.age >= .zero && first.age < .seconds(30), "age on the database's clock: \(first.age)")
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try #require(try old.lease()).age >= .milliseconds(250), "a lease ages")
        try old.renewLease()
        #expect(try #require(try old.lease()).age < .milliseconds(250), "renewing makes it fresh")

        let new = try fixture.secondEngine(node: "n2")
        try new.claimOwnership()
        let moved = try #require(try new.lease())
        #expect(moved.node == "n2" && moved.epoch == 2)
        #expect { try old.renewLease() } throws: { ($0 as? MAPIError)?.code == .fenced }
        #expect(old.ownershipEpoch == nil)
        let after = try #require(try new.lease())
        #expect(after.node == "n2" && after.epoch == 2, "the fenced owner did not overwrite the lease")
    }

    @Test(arguments: Backend.enabled)
    func afterATakeoverEveryWriteOfTheOldOwnerIsFenced(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let old = fixture.engine
        let store = try fixture.makeStore("alice")
        let kept = try old.createMessage(in: store.folder(.inbox), Sample.message(subject: "before")).entryID
        #expect(old.ownershipEpoch == 1)

        let new = try fixture.secondEngine(node: "n2")
        #expect(throws: MAPIError.self) { try new.createMessage(in: store.folder(.inbox), Sample.message(subject: "not yet")) }
        let epoch = try new.claimOwnership()
        #expect(epoch == 2)
        #expect(try new.currentOwner()?.node == "n2")

        // Every kind of write of the old owner now fails with FENCED and changes nothing.
        let attempts: [() throws -> Void] = [
            { _ = try old.createMessage(in: store.folder(.inbox), Sample.message(subject: "after")) },
            { try old.setMessageProperties(kept, [Property(id: PropertyTag.subject.id, value: .unicode("changed"))]) },
            { try old.deleteMessages([kept], hard: true) },
            { _ = try old.createFolder(in: store.folder(.inbox), name: "Zombie") },
            { _ = try old.createStore(owner: "bob", displayName: "Bob") },
        ]
        for attempt in attempts {
            #expect { try attempt() } throws: { ($0 as? MAPIError)?.code == .fenced }
        }
        #expect(old.ownershipEpoch == nil)
        #expect(try new.message(kept).properties[tag: .subject] == .unicode("before"))
        #expect(try new.contents(of: store.folder(.inbox), TableQuery()).totalCount == 1)
        #expect(try new.hierarchy(of: store.folder(.inbox)).isEmpty)
        #expect(try new.store(owner: "bob") == nil)
        // The new owner writes.
        _ = try new.createMessage(in: store.folder(.inbox), Sample.message(subject: "new owner"))
    }

    @Test(arguments: Backend.enabled)
    func takeoverIsConditionalOnTheEpoch(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let second = try fixture.secondEngine(node: "n2")
        let third = try fixture.secondEngine(node: "n3")
        #expect(try second.takeOver(expectedEpoch: 1) == 2)
        // n3 read epoch 1 before n2 moved it: its conditional update must lose.
        #expect(throws: MAPIError(.collision, "server s1 is no longer at epoch 1")) { try third.takeOver(expectedEpoch: 1) }
        #expect(third.ownershipEpoch == nil)
        #expect(try third.currentOwner()?.node == "n2")
    }

    /// A writer keeps writing while another node takes the server: every write acknowledged
    /// before the takeover is there, and none after it is.
    @Test(arguments: Backend.enabled)
    func takeoverDuringAStreamOfWrites(_ backend: Backend) throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore()
        let inbox = store.folder(.inbox)
        let old = fixture.engine
        let acknowledged = Mutex<[EntryID]>([])
        let fencedAfter = Mutex<Int>(0)
        let done = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        Thread {
            var index = 0
            while true {
                do {
                    let id = try old.createMessage(in: inbox, Sample.message(subject: "w\(index)")).entryID
                    acknowledged.withLock { $0.append(id) }
                    if index == 20 { started.signal() }
                } catch let error as MAPIError where error.code == .fenced {
                    fencedAfter.withLock { $0 += 1 }
                    if fencedAfter.withLock({ $0 }) >= 5 { break }
                } catch {
                    Issue.record("unexpected \(error)")
                    break
                }
                index += 1
            }
            done.signal()
        }.start()
        started.wait()
        let new = try fixture.secondEngine(node: "n2")
        try new.claimOwnership()
        done.wait()

        let ids = acknowledged.withLock { $0 }
        let table = try new.contents(of: inbox, TableQuery(columns: [.entryID], limit: 10_000))
        #expect(table.totalCount == ids.count)
        #expect(Set(table.rows.compactMap { $0[tag: .entryID]?.bytes }) == Set(ids.map(\.bytes)))
        #expect(fencedAfter.withLock { $0 } == 5)
    }
}
