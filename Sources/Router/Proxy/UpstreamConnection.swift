import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One keep-alive connection to a node: the request parts go out, the response parts come in
/// on demand (``ChannelPipe``). Leased to one request at a time by ``UpstreamPool``.
final class UpstreamConnection: Sendable {
    /// The node it is connected to.
    let endpoint: UpstreamEndpoint
    /// The pipe.
    let pipe: ChannelPipe<HTTPClientResponsePart, HTTPClientRequestPart>
    /// Bumped at every lease and release, so that an idle-close timer set at one release does
    /// not close the connection after it was leased again.
    private let generation = NIOLockedValueBox(0)

    private init(endpoint: UpstreamEndpoint, pipe: ChannelPipe<HTTPClientResponsePart, HTTPClientRequestPart>) {
        self.endpoint = endpoint
        self.pipe = pipe
    }

    /// Whether the connection is still open.
    var isActive: Bool { pipe.channel.isActive }

    /// Opens a connection on `eventLoop` (the client connection's, so both ends of a proxied
    /// request live on one thread).
    static func connect(
        to endpoint: UpstreamEndpoint, on eventLoop: any EventLoop, connectTimeout: Duration, tls: NIOSSLContext?
    ) async throws(UpstreamError) -> UpstreamConnection {
        let serverHostname = endpoint.host.isIPAddress ? nil : endpoint.host
        do {
            return try await ClientBootstrap(group: eventLoop)
                .connectTimeout(connectTimeout.timeAmount)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.autoRead, value: false)
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if endpoint.useTLS {
                            guard let tls else { throw UpstreamError.tls("no TLS context for \(endpoint)") }
                            try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                        }
                        try pipeline.addHTTPClientHandlers()
                        let handler = InboundPipeHandler<HTTPClientResponsePart>()
                        try pipeline.addHandler(handler)
                        return UpstreamConnection(endpoint: endpoint, pipe: ChannelPipe(channel: channel, handler: handler))
                    }
                }
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw UpstreamError.connecting(error)
        }
    }

    /// Marks a lease; returns the new generation.
    @discardableResult
    func bump() -> Int { generation.withLockedValue { $0 += 1; return $0 } }

    /// Whether no lease or release happened since `mark`.
    func isStill(_ mark: Int) -> Bool { generation.withLockedValue { $0 == mark } }

    /// Closes the connection.
    func close() { pipe.close() }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal (no SNI is sent for those).
    var isIPAddress: Bool {
        contains(":") || (split(separator: ".").count == 4 && allSatisfy { $0.isNumber || $0 == "." })
    }
}
