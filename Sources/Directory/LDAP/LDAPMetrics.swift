import Foundation

/// Counters of one ``LDAPDirectory``: created once, read by `/metrics` and by tests.
public final class LDAPMetrics: @unchecked Sendable {
    // @unchecked: every field is read and written with `lock` held.
    private let lock = NSLock()
    private var counters = Counters()

    /// A snapshot of the counters.
    public struct Counters: Sendable, Equatable {
        /// Connections opened (service and authentication pools).
        public var connectionsOpened = 0
        /// Connections that had to skip a dead URI.
        public var failovers = 0
        /// Requests retried on a fresh connection after the old one broke.
        public var reconnects = 0
        /// Search requests sent (one per page).
        public var searches = 0
        /// User binds attempted.
        public var userBinds = 0
        /// Follow-up reads of a group's next `member;range=…` slice.
        public var memberRangeReads = 0
    }

    init() {}

    /// The current values.
    public var snapshot: Counters {
        lock.lock()
        defer { lock.unlock() }
        return counters
    }

    func increment(_ counter: WritableKeyPath<Counters, Int>) {
        lock.lock()
        counters[keyPath: counter] += 1
        lock.unlock()
    }
}
