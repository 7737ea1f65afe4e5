/// The client's connection pool as a value: which connections are idle or leased, how many
/// are being opened, who waits. Inputs return what the pool's shell (``ConnectionPool``) does.
///
/// What it guarantees:
/// - At most `maximum` connections exist (idle + leased + being opened); each carries one
///   request at a time.
/// - The most recently used idle connection is reused first (LIFO, as postgres-nio's pool):
///   the others stay idle long enough to be closed by the idle timeout instead of being kept
///   warm by round-robin.
/// - Waiters are served in arrival order. A task that is allowed to open a connection opens it
///   itself and leases it; a slot freed by a closed connection or a failed connect goes to the
///   first waiter, as permission to open one.
/// - After ``shutdown()`` nothing is leased or opened; idle connections are closed at once,
///   leased ones when they come back.
struct ConnectionPoolMachine {
    /// A connection of the pool.
    typealias ConnectionID = Int
    /// A task waiting for a connection.
    typealias WaiterID = Int

    /// The answer to a lease.
    enum Lease: Hashable {
        /// Use this idle connection.
        case use(ConnectionID)
        /// Open a new connection (a slot is reserved) and report ``connected(_:)`` or ``connectFailed()``.
        case connect
        /// Wait; the answer comes with a later ``Handoff``.
        case wait
        /// The pool is shut down.
        case shutDown
    }

    /// An answer for a waiter.
    enum Handoff: Hashable {
        /// The waiter may use this connection.
        case use(ConnectionID, to: WaiterID)
        /// The waiter may open a connection (a slot is reserved).
        case connect(WaiterID)
    }

    let maximum: Int
    private(set) var idle: [ConnectionID] = []
    private(set) var leased: Set<ConnectionID> = []
    private(set) var connecting = 0
    private(set) var waiters: [WaiterID] = []
    private(set) var isShutDown = false

    init(maximum: Int) {
        precondition(maximum >= 1, "a pool needs room for a connection")
        self.maximum = maximum
    }

    /// Connections that exist or are being opened.
    var count: Int { idle.count + leased.count + connecting }

    /// `waiter` asks for a connection.
    mutating func lease(_ waiter: WaiterID) -> Lease {
        guard !isShutDown else { return .shutDown }
        if let id = idle.popLast() {
            leased.insert(id)
            return .use(id)
        }
        if count < maximum {
            connecting += 1
            return .connect
        }
        waiters.append(waiter)
        return .wait
    }

    /// A connection opened after ``Lease/connect`` or ``Handoff/connect(_:)``; it is leased to
    /// whoever opened it. `false` if the pool was shut down meanwhile: close it.
    mutating func connected(_ id: ConnectionID) -> Bool {
        precondition(connecting > 0, "connected without a connect")
        connecting -= 1
        guard !isShutDown else { return false }
        leased.insert(id)
        return true
    }

    /// Opening a connection failed: its slot goes to the first waiter.
    mutating func connectFailed() -> Handoff? {
        precondition(connecting > 0, "connect failed without a connect")
        connecting -= 1
        return freedSlot()
    }

    /// A leased connection comes back; `reusable` when it may carry another request.
    mutating func release(_ id: ConnectionID, reusable: Bool) -> (handoff: Handoff?, close: Bool) {
        guard leased.remove(id) != nil else { preconditionFailure("released connection \(id) was not leased") }
        guard reusable, !isShutDown else { return (freedSlot(), true) }
        if !waiters.isEmpty {
            leased.insert(id)
            return (.use(id, to: waiterRemovedFirst()), false)
        }
        idle.append(id)
        return (nil, false)
    }

    /// A connection handed out by ``Lease/use(_:)`` turned out dead or stale before use: it is
    /// gone, and its holder asks again.
    mutating func discard(_ id: ConnectionID) {
        guard leased.remove(id) != nil else { preconditionFailure("discarded connection \(id) was not leased") }
    }

    /// A waiter gave up (its task was cancelled); `false` if it was not waiting any more.
    mutating func cancel(_ waiter: WaiterID) -> Bool {
        guard let index = waiters.firstIndex(of: waiter) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Stops the pool: returns the idle connections to close and the waiters to fail.
    mutating func shutdown() -> (close: [ConnectionID], fail: [WaiterID]) {
        isShutDown = true
        defer { idle = []; waiters = [] }
        return (idle, waiters)
    }

    private mutating func freedSlot() -> Handoff? {
        guard !isShutDown, !waiters.isEmpty, count < maximum else { return nil }
        connecting += 1
        return .connect(waiterRemovedFirst())
    }

    private mutating func waiterRemovedFirst() -> WaiterID { waiters.removeFirst() }
}
