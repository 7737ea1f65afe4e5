import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// One client connection: a channel with the HTTP/1.1 codec, the response decompressor and a
/// ``ClientExchangeHandler``.
final class HTTPClientConnection: Sendable {
    let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// Whether the connection may still carry a request.
    var isActive: Bool { channel.isActive }

    /// Connects (with the TLS handshake when configured) within the connect timeout.
    static func connect(
        _ configuration: HTTPClientConfiguration, tls: NIOSSLContext?, group: any EventLoopGroup
    ) async throws(HTTPClientError) -> HTTPClientConnection {
        let endpoint = configuration.endpoint
        let loop = group.next()
        let ready = loop.makePromise(of: Void.self)
        let timeout = TimeAmount(configuration.connectTimeout)
        let hostname = endpoint.tls?.serverHostname ?? (Self.isIPAddress(endpoint.host) ? nil : endpoint.host)
        let maximumResponseBytes = configuration.maximumResponseBytes
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls { try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: hostname)) }
                    try pipeline.addHTTPClientHandlers()
                    try pipeline.addHandler(NIOHTTPResponseDecompressor(limit: .size(maximumResponseBytes)))
                    try pipeline.addHandler(
                        ClientExchangeHandler(ready: ready, waitsForTLS: tls != nil, maximumResponseBytes: maximumResponseBytes))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            ready.fail(error)
            throw classifyConnectError(error, endpoint: endpoint)
        }
        // The TLS handshake gets what is left of the connect timeout, roughly.
        let deadline = loop.scheduleTask(in: timeout) {
            ready.fail(HTTPClientError(code: .connectTimeout, diagnostic: "TLS handshake with \(endpoint) not done in time"))
        }
        defer { deadline.cancel() }
        do {
            try await ready.futureResult.get()
        } catch {
            channel.close(promise: nil)
            throw (error as? HTTPClientError) ?? ClientExchangeHandler.classify(error)
        }
        return HTTPClientConnection(channel: channel)
    }

    /// Sends one request and waits for its response.
    func execute(_ head: HTTPRequestHead, body: [UInt8], responseTimeout: Duration) async throws(ClientExchangeFailure) -> ClientExchangeResult {
        let promise = channel.eventLoop.makePromise(of: ClientExchangeResult.self)
        let exchange = ClientExchange(head: head, body: body, responseTimeout: TimeAmount(responseTimeout), promise: promise)
        // Fails only when the channel was closed before the exchange reached the handler.
        channel.writeAndFlush(exchange).whenFailure { error in
            promise.fail(ClientExchangeFailure(
                error: HTTPClientError(code: .connectionClosed, diagnostic: "\(error)"), requestSent: false, responseStarted: false))
        }
        do {
            return try await promise.futureResult.get()
        } catch let failure as ClientExchangeFailure {
            throw failure
        } catch {
            throw ClientExchangeFailure(error: ClientExchangeHandler.classify(error), requestSent: true, responseStarted: false)
        }
    }

    /// Closes the connection.
    func close() { channel.close(promise: nil) }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    private static func classifyConnectError(_ error: any Error, endpoint: HTTPEndpoint) -> HTTPClientError {
        let diagnostic = "\(endpoint): \(error)"
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            return HTTPClientError(code: .connectTimeout, diagnostic: diagnostic)
        }
        var causes: [any Error] = [error]
        if let multiple = error as? NIOConnectionError {
            causes = multiple.connectionErrors.map(\.error)
            if multiple.dnsAError != nil || multiple.dnsAAAAError != nil, causes.isEmpty {
                return HTTPClientError(code: .connectFailed, diagnostic: diagnostic)
            }
        }
        if causes.contains(where: { ($0 as? IOError)?.errnoCode == ECONNREFUSED }) {
            return HTTPClientError(code: .connectionRefused, diagnostic: diagnostic)
        }
        if causes.contains(where: { ($0 as? ChannelError).map { if case .connectTimeout = $0 { true } else { false } } ?? false }) {
            return HTTPClientError(code: .connectTimeout, diagnostic: diagnostic)
        }
        return HTTPClientError(code: .connectFailed, diagnostic: diagnostic)
    }
}
