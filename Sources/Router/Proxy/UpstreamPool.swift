import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// Keep-alive connections to nodes, per endpoint and event loop (ARCHITECTURE §4: "the router
/// forwards over pooled keep-alive connections").
///
/// - Up to `poolSize` idle connections are *kept* per endpoint on each event loop (as nginx's
///   `keepalive` counts per worker); a request that finds none idle opens a new one and never
///   waits for another request to finish (long polls hold a connection for up to two minutes;
///   queueing behind them would stall everyone). The number of connections in use is bounded
///   by the client connections.
/// - A connection is only ever used on the event loop it lives on, the client connection's:
///   both ends of a proxied request stay on one thread, and a connection's hand-over between
///   requests (stop the idle watch, write the request) cannot interleave with another thread's.
/// - The most recently returned connection is reused first; one idle longer than
///   `idleTimeout` is closed (below the node's 75 s, so the router closes first).
/// - An idle connection keeps reading, so a node that closes it is noticed at once and it is
///   not handed out again.
/// - When gossip declares a node dead, ``abandon(_:)`` closes its connections, idle and in use:
///   a request in flight to a node that froze (SIGSTOP, a stalled VM) fails at once with
///   `MAPI_E_NETWORK_ERROR` instead of waiting for the response deadline (150 s).
final class UpstreamPool: Sendable {
    struct Settings: Sendable {
        var poolSize: Int
        var connectTimeout: Duration
        var idleTimeout: Duration
        /// The node's response deadline (``UpstreamConnection/startExchange(timeout:)``).
        var responseTimeout: Duration
        var tls: NIOSSLContext?
    }

    private struct Key: Hashable {
        var host: String
        var port: Int
        var useTLS: Bool
        var eventLoop: ObjectIdentifier

        init(_ endpoint: UpstreamEndpoint, _ eventLoop: any EventLoop) {
            // Lowercased only when needed: a key is made at every lease and release.
            host = endpoint.host.utf8.contains { $0 >= 0x41 && $0 <= 0x5A } ? endpoint.host.lowercased() : endpoint.host
            port = endpoint.port
            useTLS = endpoint.useTLS
            self.eventLoop = ObjectIdentifier(eventLoop)
        }
    }

    private struct State {
        var idle: [Key: [UpstreamConnection]] = [:]
        /// Connections leased out now.
        var inUse: [ObjectIdentifier: UpstreamConnection] = [:]
        var isShutDown = false
    }

    private let settings: Settings
    private let state = NIOLockedValueBox(State())

    init(settings: Settings) {
        self.settings = settings
    }

    /// An open connection to `endpoint` on `eventLoop`: an idle one, or a new one. `reused`
    /// tells which (a reused one may turn out closed before the request goes out).
    func lease(_ endpoint: UpstreamEndpoint, on eventLoop: any EventLoop) async throws(UpstreamError) -> (UpstreamConnection, reused: Bool) {
        if let found = leaseIdle(endpoint, on: eventLoop) { return (found, true) }
        let connection = try await UpstreamConnection.connect(
            to: endpoint, on: eventLoop, connectTimeout: settings.connectTimeout,
            timerLead: min(settings.idleTimeout, settings.responseTimeout).timeAmount, tls: settings.tls)
        track(connection)
        return (connection, false)
    }

    /// An idle connection to `endpoint` on `eventLoop`, if the pool holds one; never connects.
    func leaseIdle(_ endpoint: UpstreamEndpoint, on eventLoop: any EventLoop) -> UpstreamConnection? {
        let key = Key(endpoint, eventLoop)
        let found: UpstreamConnection? = state.withLockedValue { state in
            while let connection = state.idle[key]?.popLast() {
                guard connection.isActive else { continue }
                state.inUse[ObjectIdentifier(connection)] = connection
                return connection
            }
            return nil
        }
        guard let found else { return nil }
        found.stopWatching()
        found.pipe.stopWatchingIdle()
        return found
    }

    /// Returns a connection after a request; `reusable` when its exchange ended cleanly and it
    /// may carry another request. Otherwise (or when the pool is full) it is closed.
    func release(_ connection: UpstreamConnection, reusable: Bool) {
        _ = state.withLockedValue { $0.inUse.removeValue(forKey: ObjectIdentifier(connection)) }
        connection.stopWatching()
        guard reusable, connection.isActive else { return connection.close() }
        // Watching before it is offered: whoever leases it next stops the watch after this.
        connection.pipe.watchIdle()
        connection.startIdle(timeout: settings.idleTimeout)
        let key = Key(connection.endpoint, connection.pipe.channel.eventLoop)
        let kept = state.withLockedValue { state in
            guard !state.isShutDown, state.idle[key, default: []].count < settings.poolSize else { return false }
            state.idle[key, default: []].append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes every connection to `endpoints`, idle or in use (their nodes are gone); returns how
    /// many. A request in flight on one fails as the node closing it would make it fail.
    @discardableResult
    func abandon(_ endpoints: Set<UpstreamEndpoint>) -> Int {
        func isGone(_ connection: UpstreamConnection) -> Bool { endpoints.contains(connection.endpoint) }
        let doomed = state.withLockedValue { state -> [UpstreamConnection] in
            var doomed = state.inUse.values.filter(isGone)
            for key in state.idle.keys {
                doomed += state.idle[key]!.filter(isGone)
                state.idle[key]!.removeAll(where: isGone)
            }
            return doomed
        }
        for connection in doomed { connection.close() }
        return doomed.count
    }

    private func track(_ connection: UpstreamConnection) {
        state.withLockedValue { $0.inUse[ObjectIdentifier(connection)] = connection }
    }

    /// Idle connections now.
    var idleCount: Int { state.withLockedValue { $0.idle.values.reduce(0) { $0 + $1.count } } }

    /// Closes every idle connection; later releases close theirs.
    func shutdown() {
        let idle = state.withLockedValue { state in
            state.isShutDown = true
            defer { state.idle = [:] }
            return state.idle.values.flatMap { $0 }
        }
        for connection in idle { connection.close() }
    }
}

extension Duration {
    /// As a NIO time amount.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
