import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// One keep-alive connection to a node: the request parts go out, the response parts come in
/// on demand (``ChannelPipe``); or, for the inline path, raw bytes both ways (``UpstreamTap``).
/// Leased to one request at a time by ``UpstreamPool``.
final class UpstreamConnection: Sendable {
    /// The node it is connected to.
    let endpoint: UpstreamEndpoint
    /// The pipe: the task's way to the node.
    let pipe: ChannelPipe<HTTPClientResponsePart, HTTPClientRequestPart>
    /// The inline path's way to the node: its raw bytes (``UpstreamTap``).
    let tap: NIOLoopBound<UpstreamTap>

    /// What the connection's one timer watches.
    private enum Watch {
        /// Nothing: leased, before or after an exchange.
        case nothing
        /// The node's answer, due by the deadline; `timedOut` once it was not.
        case answer(timedOut: Bool)
        /// An idle connection in the pool, closed at the deadline.
        case idle
    }
    private struct Timing {
        var watch = Watch.nothing
        var timer: LazyTimer
        var scheduled: Scheduled<Void>?
    }
    /// One ``LazyTimer`` for the response deadline and the idle close: both move at every request.
    private let timing: NIOLockedValueBox<Timing>
    /// The router closed the connection (a deadline, a dead node, the pool): the node did not.
    private let closedByRouter = Atomic(false)

    private init(
        endpoint: UpstreamEndpoint, pipe: ChannelPipe<HTTPClientResponsePart, HTTPClientRequestPart>, tap: NIOLoopBound<UpstreamTap>,
        timerLead: TimeAmount
    ) {
        self.endpoint = endpoint
        self.pipe = pipe
        self.tap = tap
        timing = NIOLockedValueBox(Timing(timer: LazyTimer(lead: timerLead)))
    }

    /// Whether the connection is still open.
    var isActive: Bool { pipe.channel.isActive }

    /// Opens a connection on `eventLoop` (the client connection's, so both ends of a proxied
    /// request live on one thread).
    /// `timerLead`: the shortest of the response and idle timeouts (``LazyTimer/lead``).
    static func connect(
        to endpoint: UpstreamEndpoint, on eventLoop: any EventLoop, connectTimeout: Duration, timerLead: TimeAmount, tls: NIOSSLContext?
    ) async throws(UpstreamError) -> UpstreamConnection {
        let serverHostname = endpoint.host.isIPAddress ? nil : endpoint.host
        do {
            let (connection, handshake) = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout.timeAmount)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.autoRead, value: false)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        var handshake: EventLoopFuture<Void>?
                        if endpoint.useTLS {
                            guard let tls else { throw UpstreamError.tls("no TLS context for \(endpoint)") }
                            try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                            let reader = UpstreamHandshakeReader(eventLoop: channel.eventLoop, timeout: connectTimeout.timeAmount)
                            handshake = reader.done
                            try pipeline.addHandler(reader)
                        }
                        let tap = UpstreamTap()
                        try pipeline.addHandler(tap)
                        // The fields are the client's, which NIO's decoder parsed and checked, and the
                        // router's own: checking them again on the way out costs a scan per request.
                        try pipeline.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
                        let handler = InboundPipeHandler<HTTPClientResponsePart>()
                        try pipeline.addHandler(handler)
                        let connection = UpstreamConnection(
                            endpoint: endpoint, pipe: ChannelPipe(channel: channel, handler: handler),
                            tap: NIOLoopBound(tap, eventLoop: channel.eventLoop), timerLead: timerLead)
                        channel.closeFuture.whenComplete { _ in connection.stopTimer() }
                        return (connection, handshake)
                    }
                }
            do {
                try await handshake?.get()
            } catch {
                connection.close()
                throw error
            }
            return connection
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw UpstreamError.connecting(error)
        }
    }

    /// An exchange starts: the node's answer must have ended within `timeout`, or the
    /// connection is closed and ``hasTimedOut`` turns true.
    func startExchange(timeout: Duration) {
        watch(.answer(timedOut: false), for: timeout.timeAmount)
    }

    /// Whether the answer of the exchange in progress (or just ended) did not come in time.
    var hasTimedOut: Bool {
        timing.withLockedValue { if case .answer(timedOut: true) = $0.watch { true } else { false } }
    }

    /// No deadline runs: the connection was just leased, or its exchange is over.
    func stopWatching() {
        timing.withLockedValue { timing in
            if case .answer(timedOut: false) = timing.watch { timing.watch = .nothing }
            _ = timing.timer.set(nil, now: pipe.channel.eventLoop.now)
        }
    }

    /// The connection goes idle in the pool: it is closed after `timeout` unless leased again.
    func startIdle(timeout: Duration) {
        watch(.idle, for: timeout.timeAmount)
    }

    private func watch(_ watch: Watch, for timeout: TimeAmount) {
        let eventLoop = pipe.channel.eventLoop
        let expired = timing.withLockedValue { timing in
            timing.watch = watch
            let now = eventLoop.now
            return schedule(timing.timer.set(now + timeout, now: now), &timing, on: eventLoop)
        }
        if expired { close() }
    }

    /// Runs a timer action (under the lock); true when the connection is to be closed (outside
    /// the lock: closing runs the close callbacks, which take it).
    private func schedule(_ action: LazyTimer.Action, _ timing: inout Timing, on eventLoop: any EventLoop) -> Bool {
        switch action {
        case .none:
            return false
        case .expire:
            timing.scheduled = nil
            if case .answer = timing.watch { timing.watch = .answer(timedOut: true) }
            return true
        case .schedule(let at, let cancellingCurrent):
            if cancellingCurrent { timing.scheduled?.cancel() }
            timing.scheduled = eventLoop.scheduleTask(deadline: at) { [weak self] in
                guard let self else { return }
                let expired = self.timing.withLockedValue { timing in
                    self.schedule(timing.timer.fired(now: eventLoop.now), &timing, on: eventLoop)
                }
                if expired { self.close() }
            }
            return false
        }
    }

    /// The channel closed: the timer has nothing left to watch.
    private func stopTimer() {
        let scheduled = timing.withLockedValue { timing in
            timing.timer.cancelled()
            defer { timing.scheduled = nil }
            return timing.scheduled
        }
        scheduled?.cancel()
    }

    /// Closes the connection.
    func close() {
        closedByRouter.store(true, ordering: .relaxed)
        pipe.close()
    }

    /// Whether the router closed the connection, not the node: an answer framed by the node's
    /// close did not end then.
    var wasClosedByRouter: Bool { closedByRouter.load(ordering: .relaxed) }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal (no SNI is sent for those).
    var isIPAddress: Bool {
        contains(":") || (split(separator: ".").count == 4 && allSatisfy { $0.isNumber || $0 == "." })
    }
}
