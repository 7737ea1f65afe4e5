import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// Keep-alive connections to nodes, per endpoint (ARCHITECTURE §4: "the router forwards over
/// pooled keep-alive connections").
///
/// - Up to `poolSize` idle connections are *kept* per endpoint; a request that finds none idle
///   opens a new one and never waits for another request to finish (long polls hold a
///   connection for up to two minutes; queueing behind them would stall everyone). The number
///   of connections in use is bounded by the client connections.
/// - The most recently returned connection is reused first; one idle longer than
///   `idleTimeout` is closed (below the node's 75 s, so the router closes first).
/// - An idle connection keeps reading, so a node that closes it is noticed at once and it is
///   not handed out again.
final class UpstreamPool: Sendable {
    struct Settings: Sendable {
        var poolSize: Int
        var connectTimeout: Duration
        var idleTimeout: Duration
        var tls: NIOSSLContext?
    }

    private struct Key: Hashable {
        var host: String
        var port: Int
        var useTLS: Bool
    }

    private struct State {
        var idle: [Key: [UpstreamConnection]] = [:]
        var isShutDown = false
    }

    private let settings: Settings
    private let state = NIOLockedValueBox(State())

    init(settings: Settings) {
        self.settings = settings
    }

    /// An open connection to `endpoint`: an idle one, or a new one on `eventLoop`. `reused`
    /// tells which (a reused one may turn out closed before the request goes out).
    func lease(_ endpoint: UpstreamEndpoint, on eventLoop: any EventLoop) async throws(UpstreamError) -> (UpstreamConnection, reused: Bool) {
        let key = Key(host: endpoint.host.lowercased(), port: endpoint.port, useTLS: endpoint.useTLS)
        let found: UpstreamConnection? = state.withLockedValue { state in
            while let connection = state.idle[key]?.popLast() {
                if connection.isActive { return connection }
            }
            return nil
        }
        if let found {
            found.bump()
            found.pipe.stopWatchingIdle()
            return (found, true)
        }
        let connection = try await UpstreamConnection.connect(
            to: endpoint, on: eventLoop, connectTimeout: settings.connectTimeout, tls: settings.tls)
        connection.bump()
        return (connection, false)
    }

    /// Returns a connection after a request; `reusable` when its exchange ended cleanly and it
    /// may carry another request. Otherwise (or when the pool is full) it is closed.
    func release(_ connection: UpstreamConnection, reusable: Bool) {
        let key = Key(host: connection.endpoint.host.lowercased(), port: connection.endpoint.port, useTLS: connection.endpoint.useTLS)
        let mark = connection.bump()
        let kept = reusable && connection.isActive && state.withLockedValue { state in
            guard !state.isShutDown, state.idle[key, default: []].count < settings.poolSize else { return false }
            state.idle[key, default: []].append(connection)
            return true
        }
        guard kept else { return connection.close() }
        connection.pipe.watchIdle()
        let timeout = settings.idleTimeout
        connection.pipe.channel.eventLoop.scheduleTask(in: timeout.timeAmount) {
            if connection.isStill(mark) { connection.close() }
        }
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
