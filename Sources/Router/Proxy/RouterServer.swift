import ChannelHandoff
import HTTP
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// The router's SOAP listener on SwiftNIO, as a swift-service-lifecycle `Service`: its own
/// pipeline (TLS, NIOHTTP1 codec, ``ReadInterestKeeper``, pipelining guard, timers, the ``InlineForwardHandler`` for
/// the common request, the read-on-demand pipe), one task per connection (``ClientConnection``)
/// for everything else, `autoRead` off so that bodies stream with back-pressure instead of
/// being buffered.
///
/// Graceful shutdown stops accepting and lets every connection finish the request in progress
/// (idle keep-alive connections close at once); connections still open after the grace period
/// are closed. Accepted connections reach the accept loop through a ``ChildHandoff``: one that
/// the loop does not take (it was cancelled, or it ended while connections were still being set
/// up) is closed when ``run()`` ends, never left open unserved.
public final class RouterServer: Service, Sendable {
    /// An accepted connection, and the fault to answer instead of serving it (over the
    /// connection limit).
    private struct Accepted: Sendable {
        var pipe: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>
        /// Nil on a refused connection: its first request gets the refusal, whatever it is.
        var inline: NIOLoopBound<InlineForwardHandler>?
        var refusal: RouterFault?
    }
    private typealias Listener = NIOAsyncChannel<ChildHandoff<Accepted>.Ticket, Never>

    let core: RouterCore
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    /// A task executor per event loop of `group`: a connection's task runs on its channel's loop.
    private let executors: [ObjectIdentifier: EventLoopTaskExecutor]
    private let open = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
    private let address = NIOLockedValueBox<Result<SocketAddress, any Error>?>(nil)
    /// How long connections may finish their request after a graceful shutdown began.
    let shutdownGracePeriod: Duration = .seconds(10)

    init(core: RouterCore, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        self.core = core
        self.group = group
        executors = Dictionary(uniqueKeysWithValues: group.makeIterator().map { (ObjectIdentifier($0), EventLoopTaskExecutor($0)) })
        tls = try core.settings.tls.map { tls in
            let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChainPath).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: tls.privateKeyPath, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: configuration)
        }
    }

    /// The port the listener is bound to, once ``run()`` has bound it.
    public func boundPort() async throws -> Int {
        while true {
            switch address.withLockedValue({ $0 }) {
            case .success(let address)?: return address.port ?? core.settings.port
            case .failure(let error)?: throw error
            case nil: try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// Serves until cancelled or gracefully shut down.
    public func run() async throws {
        let children = ChildHandoff<Accepted>()
        let server: Listener
        do {
            server = try await bind(handingOffTo: children)
        } catch {
            address.withLockedValue { $0 = .failure(error) }
            throw error
        }
        address.withLockedValue { $0 = server.channel.localAddress.map { .success($0) } ?? .failure(ChannelError.unknownLocalAddress) }
        core.logger.info("router listening", metadata: ["router.address": "\(server.channel.localAddress.map { "\($0)" } ?? "?")"])
        let open = self.open
        await withGracefulShutdownHandler {
            await self.accept(server, children)
        } onGracefulShutdown: {
            // In this order: a connection accepted from now on is closed at once, and every one
            // accepted before is in `open`, so it is quiesced.
            for accepted in children.finish() { accepted.pipe.close() }
            server.channel.close(promise: nil)
            let channels = open.withLockedValue { Array($0.values) }
            for channel in channels { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
            let grace = self.shutdownGracePeriod
            _ = self.group.any().scheduleTask(in: grace.timeAmount) {
                for channel in open.withLockedValue({ Array($0.values) }) { channel.close(promise: nil) }
            }
        }
        // Accepted while the accept loop was cancelled or ending: never served.
        for accepted in children.finish() { accepted.pipe.close() }
        core.pool.shutdown()
    }

    private func accept(_ server: Listener, _ children: ChildHandoff<Accepted>) async {
        let core = self.core, usesTLS = tls != nil, executors = self.executors
        do {
            try await server.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await ticket in connections {
                            guard let accepted = children.take(ticket) else { continue }
                            // Runs even when the group is cancelled already. The connection waits on
                            // its channel, not on cancellation: closing the channel ends it.
                            group.addTask(executorPreference: executors[ObjectIdentifier(accepted.pipe.channel.eventLoop)]) {
                                await withTaskCancellationHandler {
                                    await ClientConnection(core: core, pipe: accepted.pipe, inline: accepted.inline, usesTLS: usesTLS).serve(refusing: accepted.refusal)
                                } onCancel: {
                                    accepted.pipe.close()
                                }
                            }
                        }
                    } catch {
                        core.logger.info("router stopped accepting", metadata: ["router.error": "\(error)"])
                    }
                }
            }
        } catch {
            core.logger.info("router listener closed", metadata: ["router.error": "\(error)"])
        }
    }

    private func bind(handingOffTo children: ChildHandoff<Accepted>) async throws -> Listener {
        let core = self.core, settings = core.settings, tls = self.tls, metrics = core.metrics, open = self.open
        let timers = ConnectionTimerMachine(
            headerTimeout: settings.headerTimeout.seconds, bodyTimeout: settings.bodyTimeout.seconds, idleTimeout: settings.idleTimeout.seconds)
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.autoRead, value: false)
            .bind(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try children.admit(channel) {
                        let admitted = open.withLockedValue { open in
                            guard open.count < settings.maximumConnections else { return false }
                            open[ObjectIdentifier(channel)] = channel
                            return true
                        }
                        if admitted {
                            metrics.connections.increment()
                            metrics.openConnections.add(1)
                            channel.closeFuture.whenComplete { _ in
                                metrics.openConnections.add(-1)
                                _ = open.withLockedValue { $0.removeValue(forKey: ObjectIdentifier(channel)) }
                            }
                        }
                        let pipeline = channel.pipeline.syncOperations
                        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                        var limits = NIOHTTPDecoderLimitConfiguration()
                        limits.maxHeaderListSize = settings.maximumHeaderBytes
                        limits.maxHeaderFieldSize = min(limits.maxHeaderFieldSize, settings.maximumHeaderBytes)
                        try pipeline.addHandler(HTTPResponseEncoder(configuration: .init()))
                        try pipeline.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits)))
                        try pipeline.addHandler(ReadInterestKeeper())
                        try pipeline.addHandler(HTTPServerPipelineHandler())
                        try pipeline.addHandler(ConnectionTimerHandler(machine: timers) { deadline in
                            if deadline != .idle { metrics.rejections.increment(deadline.rawValue) }
                        })
                        let inline = admitted ? InlineForwardHandler(core: core, usesTLS: tls != nil) : nil
                        if let inline { try pipeline.addHandler(inline) }
                        let handler = InboundPipeHandler<HTTPServerRequestPart>()
                        try pipeline.addHandler(handler)
                        // Over the limit: the first request is answered with a fault, then the connection closes.
                        let refusal = admitted ? nil : RouterFault.tooManyConnections(settings.maximumConnections)
                        if let refusal { metrics.rejections.increment(refusal.reason) }
                        return Accepted(
                            pipe: ChannelPipe(channel: channel, handler: handler), inline: inline.map { NIOLoopBound($0, eventLoop: channel.eventLoop) },
                            refusal: refusal)
                    }
                }
            }
    }
}

extension Duration {
    /// Seconds as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
