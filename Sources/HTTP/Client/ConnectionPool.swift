import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The shell of ``ConnectionPoolMachine``: owns the connections and the waiting tasks'
/// continuations, opens connections for the tasks the machine lets open them, and closes what
/// it says. State lives behind one lock; continuations are resumed and channels closed outside
/// it.
final class ConnectionPool: Sendable {
    /// A connection leased to one request.
    struct Lease: Sendable {
        var id: ConnectionPoolMachine.ConnectionID
        var connection: HTTPClientConnection
        /// The connection carried a request before (a keep-alive reuse).
        var reused: Bool
    }

    private enum Grant: Sendable {
        case use(ConnectionPoolMachine.ConnectionID)
        case connect
        case shutDown
    }

    private struct Shell {
        var machine: ConnectionPoolMachine
        var connections: [ConnectionPoolMachine.ConnectionID: HTTPClientConnection] = [:]
        var idleSince: [ConnectionPoolMachine.ConnectionID: ContinuousClock.Instant] = [:]
        var waiters: [ConnectionPoolMachine.WaiterID: CheckedContinuation<Grant, any Error>] = [:]
        var nextID = 0

        mutating func makeID() -> Int {
            nextID += 1
            return nextID
        }
    }

    private let shell: NIOLockedValueBox<Shell>
    private let configuration: HTTPClientConfiguration
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    private let clock = ContinuousClock()

    init(configuration: HTTPClientConfiguration, tls: NIOSSLContext?, group: any EventLoopGroup) {
        shell = NIOLockedValueBox(Shell(machine: ConnectionPoolMachine(maximum: configuration.maximumConnections)))
        self.configuration = configuration
        self.tls = tls
        self.group = group
    }

    /// A connection for one request: an idle one, a new one, or one freed by another task.
    func lease() async throws(HTTPClientError) -> Lease {
        while true {
            switch try await grant() {
            case .shutDown:
                throw HTTPClientError(code: .shutDown, diagnostic: "the client was shut down")
            case .connect:
                return try await open()
            case .use(let id):
                if let lease = checkedOut(id) { return lease }
                // Dead or stale: it was discarded; ask again.
            }
        }
    }

    /// Gives a leased connection back; `reusable` when it may carry another request.
    func release(_ lease: Lease, reusable: Bool) {
        let now = clock.now
        let (wake, closing) = shell.withLockedValue { shell -> ((CheckedContinuation<Grant, any Error>, Grant)?, HTTPClientConnection?) in
            let (handoff, close) = shell.machine.release(lease.id, reusable: reusable)
            var closing: HTTPClientConnection?
            if close {
                closing = shell.connections.removeValue(forKey: lease.id)
                shell.idleSince[lease.id] = nil
            } else if handoff == nil {
                shell.idleSince[lease.id] = now
            }
            return (handoff.flatMap { Self.take($0, from: &shell) }, closing)
        }
        closing?.close()
        if let (continuation, grant) = wake { continuation.resume(returning: grant) }
    }

    /// Closes idle connections, fails waiting tasks, and closes leased connections as they
    /// come back; returns when the idle ones are closed.
    /// Idle connections whose channel is still open, as this client sees them (a server's close
    /// is seen when the channel's loop reads it).
    var openIdleConnections: Int {
        shell.withLockedValue { shell in shell.machine.idle.filter { shell.connections[$0]?.isActive == true }.count }
    }

    func shutdown() async {
        let (idle, waiting) = shell.withLockedValue { shell in
            let (close, fail) = shell.machine.shutdown()
            let idle = close.compactMap { shell.connections.removeValue(forKey: $0) }
            return (idle, fail.compactMap { shell.waiters.removeValue(forKey: $0) })
        }
        for continuation in waiting { continuation.resume(returning: .shutDown) }
        for connection in idle { try? await connection.channel.close() }
    }

    private func grant() async throws(HTTPClientError) -> Grant {
        let waiter = shell.withLockedValue { $0.makeID() }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let immediate: Result<Grant, any Error>? = shell.withLockedValue { shell in
                        // Checked under the lock: a cancellation before this point is seen here,
                        // one after it finds the waiter registered.
                        if Task.isCancelled { return .failure(CancellationError()) }
                        switch shell.machine.lease(waiter) {
                        case .use(let id): return .success(.use(id))
                        case .connect: return .success(.connect)
                        case .shutDown: return .success(.shutDown)
                        case .wait:
                            shell.waiters[waiter] = continuation
                            return nil
                        }
                    }
                    if let immediate { continuation.resume(with: immediate) }
                }
            } onCancel: {
                let continuation = shell.withLockedValue { shell in
                    shell.machine.cancel(waiter) ? shell.waiters.removeValue(forKey: waiter) : nil
                }
                continuation?.resume(throwing: CancellationError())
            }
        } catch {
            throw HTTPClientError(code: .cancelled, diagnostic: "cancelled while waiting for a connection")
        }
    }

    /// The connection for `id` if it is still usable; otherwise discards it.
    private func checkedOut(_ id: ConnectionPoolMachine.ConnectionID) -> Lease? {
        let now = clock.now, idleTimeout = configuration.idleTimeout
        let (lease, stale) = shell.withLockedValue { shell -> (Lease?, HTTPClientConnection?) in
            guard let connection = shell.connections[id] else { preconditionFailure("leased connection \(id) unknown") }
            let idleSince = shell.idleSince.removeValue(forKey: id)
            if connection.isActive, idleSince.map({ now - $0 < idleTimeout }) ?? true {
                return (Lease(id: id, connection: connection, reused: true), nil)
            }
            shell.machine.discard(id)
            shell.connections[id] = nil
            return (nil, connection)
        }
        stale?.close()
        return lease
    }

    /// Opens a connection in the slot the machine reserved.
    private func open() async throws(HTTPClientError) -> Lease {
        let connection: HTTPClientConnection
        do {
            connection = try await HTTPClientConnection.connect(configuration, tls: tls, group: group)
        } catch {
            let wake = shell.withLockedValue { shell in shell.machine.connectFailed().flatMap { Self.take($0, from: &shell) } }
            if let (continuation, grant) = wake { continuation.resume(returning: grant) }
            throw error
        }
        let id: Int? = shell.withLockedValue { shell in
            let id = shell.makeID()
            guard shell.machine.connected(id) else { return nil }
            shell.connections[id] = connection
            return id
        }
        guard let id else {
            connection.close()
            throw HTTPClientError(code: .shutDown, diagnostic: "the client was shut down")
        }
        return Lease(id: id, connection: connection, reused: false)
    }

    /// The continuation a handoff wakes, removed from the shell.
    private static func take(_ handoff: ConnectionPoolMachine.Handoff, from shell: inout Shell) -> (CheckedContinuation<Grant, any Error>, Grant)? {
        switch handoff {
        case .use(let id, let waiter):
            return shell.waiters.removeValue(forKey: waiter).map { ($0, .use(id)) }
        case .connect(let waiter):
            return shell.waiters.removeValue(forKey: waiter).map { ($0, .connect) }
        }
    }
}
