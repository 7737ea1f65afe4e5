import MAPI

/// How one suspension of a notification waiter ended.
enum NotificationWake: Sendable, Hashable {
    /// A write to the store was signalled.
    case signalled
    /// The timeout passed.
    case timedOut
    /// The waiting task was cancelled (the client went away).
    case cancelled
}

/// The bookkeeping of ``NotificationHub``: who waits for which store, within which limits, and
/// how each wait ended — a value, generic over what resumes a suspended waiter (a continuation
/// in the hub, anything in tests).
///
/// A waiter is **registered** before the hub reads the store's counter and **attached** (its
/// resumer stored) when it suspends. Whatever ends it — a signal for its store, its timeout, the
/// cancellation of its task — may come at any moment in between, so the first such event is
/// kept: resolving an attached waiter hands back its resumer, resolving one not attached yet
/// records the outcome, which attaching then returns at once. Either way the waiter is gone
/// from the books as soon as it is resumed, so a client that disconnects leaves nothing behind.
/// Registration order is kept so that signals wake waiters oldest first.
struct NotificationWaiters<Resumer> {
    typealias ID = UInt64

    typealias Wake = NotificationWake

    private struct Waiter {
        var store: GUID
        var resumer: Resumer?
        var wake: Wake?
    }

    /// Waiters at most per store and in all.
    let perStore: Int
    let total: Int
    private var waiters: [ID: Waiter] = [:]
    private var byStore: [GUID: [ID]] = [:]
    private var nextID: ID = 0

    /// Books with these limits (both at least 1).
    init(perStore: Int, total: Int) {
        precondition(perStore > 0 && total > 0, "notification waiter limits must be positive")
        self.perStore = perStore
        self.total = total
    }

    /// Waiters now, in all or for one store.
    var count: Int { waiters.count }
    func count(store: GUID) -> Int { byStore[store]?.count ?? 0 }

    /// A new waiter for `store`, or `MAPI_E_NOT_ENOUGH_MEMORY` when a limit is reached (the
    /// client should poll again later; an old poll of a client that went away is removed when
    /// its task is cancelled).
    mutating func register(store: GUID) throws(MAPIError) -> ID {
        guard waiters.count < total else {
            throw MAPIError(.notEnoughMemory, "too many clients are waiting for notifications (\(total)); poll again later")
        }
        guard count(store: store) < perStore else {
            throw MAPIError(.notEnoughMemory, "too many clients are waiting for notifications of this store (\(perStore)); poll again later")
        }
        nextID += 1
        waiters[nextID] = Waiter(store: store)
        byStore[store, default: []].append(nextID)
        return nextID
    }

    /// Stores the resumer of a waiter that suspends; returns how it already ended, if it did
    /// (then it is gone and the resumer is not kept).
    mutating func attach(_ id: ID, _ resumer: Resumer) -> Wake? {
        guard var waiter = waiters[id] else { return .cancelled }
        precondition(waiter.resumer == nil, "waiter \(id) attached twice")
        if let wake = waiter.wake {
            remove(id)
            return wake
        }
        waiter.resumer = resumer
        waiters[id] = waiter
        return nil
    }

    /// Ends a waiter with `wake` unless something ended it first; returns its resumer when it is
    /// suspended (the caller resumes it with `wake`).
    mutating func resolve(_ id: ID, _ wake: Wake) -> Resumer? {
        guard var waiter = waiters[id], waiter.wake == nil else { return nil }
        guard let resumer = waiter.resumer else {
            waiter.wake = wake
            waiters[id] = waiter
            return nil
        }
        remove(id)
        return resumer
    }

    /// Ends every waiter of `store` as signalled, oldest first; returns the resumers of those
    /// suspended.
    mutating func signal(store: GUID) -> [Resumer] {
        (byStore[store] ?? []).compactMap { resolve($0, .signalled) }
    }

    /// Forgets a waiter (it stopped waiting on its own).
    mutating func remove(_ id: ID) {
        guard let waiter = waiters.removeValue(forKey: id) else { return }
        byStore[waiter.store]?.removeAll { $0 == id }
        if byStore[waiter.store]?.isEmpty == true { byStore[waiter.store] = nil }
    }
}
