import Directory
import Foundation
import MAPI
import Synchronization
import Testing

@testable import Node

@Suite("Notification hub") struct NotificationHubTests {
    static let store = GUID("11111111-2222-3333-4444-555555555555")!
    static let other = GUID("66666666-7777-8888-9999-AAAAAAAAAAAA")!

    /// Waits (yielding, without a time budget) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async {
        while !condition() { try? await Task.sleep(for: .milliseconds(1)) }
    }

    /// A hub over a counter the test sets.
    final class Counter: Sendable {
        let value = Mutex<Int64>(5)
        let reads = Mutex(0)
        var read: @Sendable (GUID) async throws(MAPIError) -> Int64 {
            { _ in
                self.reads.withLock { $0 += 1 }
                return self.value.withLock { $0 }
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func aWaiterWakesOnAWrite(_ backend: Backend) async throws {
        let fixture = try StoreFixture(backend)
        let store = try fixture.makeStore("alice")
        let engine = fixture.engine
        let executor = BlockingExecutor(name: "test-hub", threadCount: 2)
        defer { executor.shutdown() }
        let hub = NotificationHub { guid throws(MAPIError) in
            try await executor.runBlocking { () throws(MAPIError) -> Int64 in try engine.changeCursor(of: guid) }
        }
        let cursor = try engine.changeCursor(of: store.guid)
        // A minute's timeout: the wait can only end this quickly through the signal.
        let waiting = Task { try await hub.wait(store: store.guid, after: cursor, timeout: .seconds(60)) }
        await Self.eventually { hub.waiterCount(store: store.guid) == 1 }
        let mail = try engine.createMessage(in: store.folder(.inbox), Sample.message(subject: "new")).entryID
        hub.signal(store: store.guid)
        let result = try await waiting.value
        let counter = try engine.changeCursor(of: store.guid)
        #expect(result == .changed(counter: counter) && counter > cursor)
        #expect(hub.waiterCount() == 0)
        let page = try engine.changes(of: store.guid, since: cursor)
        #expect(page.changes.map(\.kind) == [.itemCreated, .newMail] && page.changes[0].entryID == mail)
        // A counter already past the cursor answers at once.
        #expect(try await hub.wait(store: store.guid, after: cursor, timeout: .seconds(60)) == .changed(counter: counter))
    }

    @Test func timesOutWhenNothingHappens() async throws {
        let counter = Counter()
        let hub = NotificationHub(counter: counter.read)
        #expect(try await hub.wait(store: Self.store, after: 5, timeout: .milliseconds(20)) == .timedOut)
        #expect(hub.waiterCount() == 0)
        // Signals for other stores do not end it either.
        let waiting = Task { try await hub.wait(store: Self.store, after: 5, timeout: .milliseconds(200)) }
        await Self.eventually { hub.waiterCount(store: Self.store) == 1 }
        hub.signal(store: Self.other)
        #expect(try await waiting.value == .timedOut)
    }

    @Test func cancellingTheTaskRemovesTheWaiter() async throws {
        let counter = Counter()
        let hub = NotificationHub(counter: counter.read)
        let waiting = Task { try await hub.wait(store: Self.store, after: 5, timeout: .seconds(3600)) }
        await Self.eventually { hub.waiterCount(store: Self.store) == 1 }
        waiting.cancel()
        #expect(try await waiting.value == .cancelled)
        #expect(hub.waiterCount() == 0)
        // A task cancelled before it waits does not wait at all.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await hub.wait(store: Self.store, after: 5, timeout: .seconds(3600))
        }
        #expect(try await early.value == .cancelled)
        #expect(hub.waiterCount() == 0)
    }

    @Test func aSignalWithoutAChangeKeepsWaiting() async throws {
        let counter = Counter()
        let hub = NotificationHub(counter: counter.read)
        let waiting = Task { try await hub.wait(store: Self.store, after: 5, timeout: .seconds(3600)) }
        await Self.eventually { hub.waiterCount(store: Self.store) == 1 }
        hub.signal(store: Self.store)  // a write that changed nothing
        await Self.eventually { counter.reads.withLock { $0 } == 2 && hub.waiterCount(store: Self.store) == 1 }
        counter.value.withLock { $0 = 6 }
        hub.signal(store: Self.store)
        #expect(try await waiting.value == .changed(counter: 6))
    }

    @Test func waitersAreBoundedPerStoreAndInTotal() async throws {
        let counter = Counter()
        let hub = NotificationHub(limits: .init(perStore: 2, total: 3), counter: counter.read)
        let tasks = [Self.store, Self.store, Self.other].map { store in
            Task { try await hub.wait(store: store, after: 5, timeout: .seconds(3600)) }
        }
        await Self.eventually { hub.waiterCount() == 3 }
        await #expect { try await hub.wait(store: Self.store, after: 5, timeout: .seconds(1)) } throws: {
            ($0 as? MAPIError)?.code == .notEnoughMemory
        }
        let third = GUID("00000000-0000-0000-0000-000000000003")!
        await #expect { try await hub.wait(store: third, after: 5, timeout: .seconds(1)) } throws: {
            ($0 as? MAPIError)?.code == .notEnoughMemory
        }
        for task in tasks { task.cancel() }
        for task in tasks { #expect(try await task.value == .cancelled) }
        #expect(hub.waiterCount() == 0)
    }

    /// The books alone: whatever ends a waiter first wins, also before it suspends.
    @Test func theBooksKeepTheFirstEnding() throws {
        var books = NotificationWaiters<String>(perStore: 4, total: 8)
        let a = try books.register(store: Self.store)
        let b = try books.register(store: Self.store)
        let c = try books.register(store: Self.other)
        #expect(books.attach(a, "resume a") == nil)
        // b is signalled before it suspends: attaching tells it at once.
        #expect(books.signal(store: Self.store) == ["resume a"])
        #expect(books.attach(b, "resume b") == .signalled)
        #expect(books.count(store: Self.store) == 0)
        // c times out, and its cancellation a moment later changes nothing.
        #expect(books.attach(c, "resume c") == nil)
        #expect(books.resolve(c, .timedOut) == "resume c")
        #expect(books.resolve(c, .cancelled) == nil)
        #expect(books.count == 0)
        // Cancelled before it suspends.
        let d = try books.register(store: Self.store)
        #expect(books.resolve(d, .cancelled) == nil)
        #expect(books.attach(d, "resume d") == .cancelled)
        #expect(books.count == 0)
    }
}
