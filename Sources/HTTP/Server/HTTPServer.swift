import ChannelHandoff
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// An HTTP/1.1 server (optionally HTTPS) as a swift-service-lifecycle `Service`: keep-alive,
/// pipelining-safe, bounded (``HTTPServerLimits``), gzip and deflate both ways; the
/// application is an ``HTTPResponder``. See docs/http.md.
///
/// Each connection runs as a child task that reads complete requests from its channel, awaits
/// the responder and writes the response, so one connection's requests are answered in order.
/// Graceful shutdown stops accepting, lets every connection finish the request in progress
/// (idle keep-alive connections close at once) and closes what is still open after
/// ``HTTPServerConfiguration/shutdownGracePeriod``.
///
/// Accepted connections reach their task through a ``ChildHandoff``: one the accept loop does
/// not take (the server stopped while it was being accepted) is closed when ``run()`` ends.
public final class HTTPServer: Service, Sendable {
    private typealias Connection = NIOAsyncChannel<HTTPRequest, HTTPResponse>
    private typealias Listener = NIOAsyncChannel<ChildHandoff<Connection>.Ticket, Never>

    /// The configuration.
    public let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let group: any EventLoopGroup
    private let tls: NIOSSLContext?
    private let logger: Logger
    private let counters = HTTPServerCounters()
    private let registry = ConnectionRegistry()
    private let address = Announcement<HTTPServerAddress>()

    /// A server; throws ``HTTPServerError`` if the configuration is invalid or the TLS files
    /// cannot be read.
    public init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger = Logger(label: "tessera.http")
    ) throws(HTTPServerError) {
        let problems = configuration.validate()
        guard problems.isEmpty else { throw HTTPServerError(code: .invalidConfiguration, diagnostic: problems.joined(separator: "; ")) }
        do {
            tls = try configuration.tls.map(TLSContexts.server)
        } catch {
            throw HTTPServerError(code: .tlsConfiguration, diagnostic: "\(error)")
        }
        self.configuration = configuration
        self.responder = responder
        self.group = eventLoopGroup
        self.logger = logger
    }

    /// The address the server listens on, once ``run()`` has bound it; throws if binding failed.
    public func boundAddress() async throws -> HTTPServerAddress { try await address.value() }

    /// The counters now.
    public var metrics: HTTPServerMetrics { counters.snapshot }

    /// Serves until cancelled or gracefully shut down.
    public func run() async throws {
        let connections = ChildHandoff<Connection>()
        let server: Listener
        do {
            server = try await bind(handingOffTo: connections)
        } catch {
            let failure = HTTPServerError(code: .bindFailed, diagnostic: "\(configuration.host):\(configuration.port): \(error)")
            address.complete(.failure(failure))
            throw failure
        }
        let bound = HTTPServerAddress(host: configuration.host, port: server.channel.localAddress?.port ?? configuration.port)
        address.complete(.success(bound))
        logger.info("http server listening", metadata: ["http.address": "\(bound)", "http.tls": "\(tls != nil)"])

        let (shutdown, startShutdown) = AsyncStream.makeStream(of: Void.self)
        let registry = self.registry
        await withGracefulShutdownHandler {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await self.serve(server, connections) }
                    group.addTask { try await self.closeAfterGracePeriod(once: shutdown) }
                    // Serving ends first, or the grace period does (and throws, which cancels
                    // the connections' tasks and so the responders still running).
                    _ = try await group.next()
                    group.cancelAll()
                }
            } catch {
                logger.info("http server shut down at the end of the grace period")
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
            registry.quiesceAll()
            startShutdown.yield()
        }
        startShutdown.finish()
        // Accepted while the server stopped, never taken by the accept loop.
        await connections.finishAndClose()
        logger.info("http server stopped", metadata: ["http.address": "\(bound)"])
    }

    private func bind(handingOffTo connections: ChildHandoff<Connection>) async throws -> Listener {
        let settings = HTTPConnectionHandler.Settings(
            limits: configuration.limits, rejectionResponse: configuration.rejectionResponse, counters: counters, logger: logger)
        let tls = self.tls, counters = self.counters, registry = self.registry
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try connections.admit(channel) {
                        let admitted = counters.admit(maximum: settings.limits.maximumConnections)
                        var accepting = true
                        if admitted {
                            accepting = registry.add(channel)
                            channel.closeFuture.whenComplete { _ in
                                counters.closed()
                                registry.remove(channel)
                            }
                        }
                        try Self.configure(
                            channel.pipeline.syncOperations, tls: tls, settings: settings,
                            connection: HTTPConnectionHandler(
                                settings: settings,
                                initialRejection: admitted ? nil : HTTPRejection(.tooManyConnections, "\(settings.limits.maximumConnections) open"),
                                startsQuiesced: !accepting))
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
            }
    }

    /// The pipeline, from the socket inwards: TLS, byte counting, HTTP/1.1 codec, the wire body
    /// limit, the decompressor, the connection handler.
    private static func configure(
        _ pipeline: ChannelPipeline.SynchronousOperations, tls: NIOSSLContext?, settings: HTTPConnectionHandler.Settings,
        connection: HTTPConnectionHandler
    ) throws {
        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
        try pipeline.addHandler(WireMeter(counters: settings.counters))
        try pipeline.addHandler(HTTPResponseEncoder(configuration: .init()))
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = settings.limits.maximumHeaderBytes
        decoderLimits.maxHeaderFieldSize = min(decoderLimits.maxHeaderFieldSize, settings.limits.maximumHeaderBytes)
        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: decoderLimits)))
        try pipeline.addHandler(RequestBodyLimiter(maximum: settings.limits.maximumBodyBytes))
        // The absolute bound stops inflating early; the ratio is the machine's (it needs the
        // encoded sizes, which ``RequestBodyLimiter`` reports).
        try pipeline.addHandler(NIOHTTPRequestDecompressor(limit: .size(settings.limits.maximumDecompressedBytes)))
        try pipeline.addHandler(connection)
    }

    /// Accepts until the listening channel closes, then waits for every connection to end.
    private func serve(_ server: Listener, _ handoff: ChildHandoff<Connection>) async {
        let responder = self.responder, logger = self.logger
        let minimumCompressed = configuration.minimumCompressedBodyBytes
        do {
            try await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await ticket in connections {
                        guard let connection = handoff.take(ticket) else { continue }
                        group.addTask {
                            await Self.serve(connection, responder: responder, minimumCompressed: minimumCompressed, logger: logger)
                        }
                    }
                }
            }
        } catch {
            logger.info("http server stopped accepting", metadata: ["http.error": "\(error)"])
        }
    }

    /// One connection: requests in, responses out, in order, until the channel closes.
    private static func serve(
        _ connection: Connection, responder: any HTTPResponder, minimumCompressed: Int?,
        logger: Logger
    ) async {
        do {
            try await connection.executeThenClose { requests, responses in
                for try await request in requests {
                    let response = await responder.respond(to: request)
                    try await responses.write(ResponseCompression.apply(to: response, for: request, minimumBytes: minimumCompressed))
                }
            }
        } catch {
            logger.debug("http connection ended", metadata: ["http.error": "\(error)"])
        }
    }

    /// After a graceful shutdown began, waits the grace period, closes what is still open and
    /// throws ``GracePeriodEnded``. Returns (doing nothing) when cancelled: every connection
    /// ended in time.
    private func closeAfterGracePeriod(once shutdown: AsyncStream<Void>) async throws {
        var started = false
        for await _ in shutdown {
            started = true
            break
        }
        guard started, (try? await Task.sleep(for: configuration.shutdownGracePeriod)) != nil else { return }
        let closed = registry.closeAll()
        logger.info("http connections closed at the end of the grace period", metadata: ["http.connections": "\(closed)"])
        throw GracePeriodEnded()
    }

    private struct GracePeriodEnded: Error {}
}

/// An error of the HTTP server.
public struct HTTPServerError: Error, Sendable, Hashable {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// The configuration cannot work.
        case invalidConfiguration
        /// The certificate chain or key could not be read or used.
        case tlsConfiguration
        /// The address could not be bound.
        case bindFailed
    }
    /// What failed.
    public var code: Code
    /// Details for logs.
    public var diagnostic: String
}
