import MAPI
import Synchronization

/// The waiting room of GetNotifications' long poll: ``wait(store:after:timeout:)`` returns as
/// soon as the store's change counter is past the client's cursor, or at the timeout; the SOAP
/// service calls ``signal(store:)`` after every successful write to a store.
///
/// No wake-up is lost: a waiter is registered *before* the hub reads the store's counter (through
/// the `counter` closure it was given), so a write that commits after that read signals a
/// registered waiter, and one that committed before it is seen by the read. A signalled waiter
/// reads the counter again (a write that changed nothing leaves it) and waits on for the rest of
/// its time. Cancelling the waiting task (the client disconnected) ends the wait at once and
/// removes the waiter; waiters are bounded per store and in total (``Limits``). The hub is a
/// lock around ``NotificationWaiters`` and continuations; timeouts run on the injected clock.
public final class NotificationHub: Sendable {
    /// Bounds on waiters, with documented defaults.
    public struct Limits: Sendable, Hashable {
        /// Waiters per store (a user's phone, desktop and web client each poll). Default 16.
        public var perStore: Int
        /// Waiters of all stores. Default 10,000.
        public var total: Int

        /// Limits; the defaults as documented.
        public init(perStore: Int = 16, total: Int = 10_000) {
            self.perStore = perStore
            self.total = total
        }
    }

    /// How a wait ended.
    public enum WaitResult: Sendable, Hashable {
        /// The store's counter is past the cursor: read the changes from the cursor.
        case changed(counter: Int64)
        /// Nothing happened within the timeout.
        case timedOut
        /// The waiting task was cancelled.
        case cancelled
    }

    private typealias Wake = NotificationWake
    private typealias Waiters = NotificationWaiters<CheckedContinuation<Wake, Never>>

    private let waiters: Mutex<Waiters>
    private let clock: any Clock<Duration>
    private let counter: @Sendable (GUID) async throws(MAPIError) -> Int64

    /// A hub that reads a store's change counter with `counter` (``StoreEngine/changeCursor(of:)``,
    /// run off the cooperative pool) and times waits on `clock`.
    public init(
        limits: Limits = .init(), clock: any Clock<Duration> = ContinuousClock(),
        counter: @escaping @Sendable (GUID) async throws(MAPIError) -> Int64
    ) {
        self.waiters = Mutex(Waiters(perStore: limits.perStore, total: limits.total))
        self.clock = clock
        self.counter = counter
    }

    /// Waiters now, of one store or of all.
    public func waiterCount(store: GUID? = nil) -> Int {
        waiters.withLock { books in store.map { books.count(store: $0) } ?? books.count }
    }

    /// Wakes every waiter of `store` (call it after each successful write to the store).
    public func signal(store: GUID) {
        let resumers = waiters.withLock { $0.signal(store: store) }
        for resumer in resumers { resumer.resume(returning: .signalled) }
    }

    /// Waits until `store`'s change counter is past `cursor` (at once when it already is), for
    /// at most `timeout`. Throws what reading the counter throws, and `MAPI_E_NOT_ENOUGH_MEMORY`
    /// when too many clients wait.
    public func wait(store: GUID, after cursor: Int64, timeout: Duration) async throws(MAPIError) -> WaitResult {
        try await wait(on: clock, store: store, after: cursor, timeout: timeout)
    }

    private func wait<C: Clock<Duration>>(
        on clock: C, store: GUID, after cursor: Int64, timeout: Duration
    ) async throws(MAPIError) -> WaitResult {
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if Task.isCancelled { return .cancelled }
            let id = try waiters.withLock { books throws(MAPIError) in try books.register(store: store) }
            let current: Int64
            do {
                current = try await counter(store)
            } catch {
                waiters.withLock { $0.remove(id) }
                throw error
            }
            if current > cursor {
                waiters.withLock { $0.remove(id) }
                return .changed(counter: current)
            }
            switch await suspend(id, until: deadline, on: clock) {
            case .signalled: continue
            case .timedOut: return .timedOut
            case .cancelled: return .cancelled
            }
        }
    }

    /// Suspends waiter `id` until a signal, the deadline or cancellation, whichever comes first.
    private func suspend<C: Clock<Duration>>(_ id: Waiters.ID, until deadline: C.Instant, on clock: C) async -> Wake {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Cancelled (the wait ended otherwise) the sleep throws and resolves nothing.
                guard (try? await clock.sleep(until: deadline, tolerance: nil)) != nil else { return }
                self.resolve(id, .timedOut)
            }
            let wake = await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Wake, Never>) in
                    if let early = waiters.withLock({ $0.attach(id, continuation) }) { continuation.resume(returning: early) }
                }
            } onCancel: {
                self.resolve(id, .cancelled)
            }
            group.cancelAll()
            return wake
        }
    }

    private func resolve(_ id: Waiters.ID, _ wake: Wake) {
        waiters.withLock { $0.resolve(id, wake) }?.resume(returning: wake)
    }
}
