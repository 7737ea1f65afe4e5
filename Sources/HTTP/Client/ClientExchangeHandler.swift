import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
import NIOTLS

/// One request and its response on a client connection, at a time.
struct ClientExchange: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
    var responseTimeout: TimeAmount
    var promise: EventLoopPromise<ClientExchangeResult>
}

/// A complete response, and whether the connection may carry another request.
struct ClientExchangeResult: Sendable {
    var response: HTTPResponse
    var reusable: Bool
}

/// Why an exchange failed, with what the retry rule needs to know (see ``HTTPClient``).
struct ClientExchangeFailure: Error {
    var error: HTTPClientError
    /// Some request bytes reached the socket.
    var requestSent: Bool
    /// Some response bytes were decoded.
    var responseStarted: Bool
}

/// The client end of a connection: signals when the connection is usable (after the TLS
/// handshake when there is one), writes each ``ClientExchange``, collects its response within
/// the response timeout and size limit, and fails the exchange with what happened when the
/// connection breaks. Sits behind the HTTP/1.1 codec and NIOHTTPCompression's response
/// decompressor (which also asks for gzip and deflate).
final class ClientExchangeHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = ClientExchange
    typealias OutboundOut = HTTPClientRequestPart

    private enum State {
        /// Not usable yet.
        case connecting
        /// Usable, no exchange.
        case idle
        /// An exchange in flight.
        case exchanging(Exchanging)
        /// Closed or broken: accepts nothing.
        case closed
    }

    private struct Exchanging {
        var exchange: ClientExchange
        var requestSent = false
        var head: HTTPResponseHead?
        var body: ByteBuffer
        var timer: Scheduled<Void>?
    }

    private var state = State.connecting
    private let ready: EventLoopPromise<Void>
    private let waitsForTLS: Bool
    private let maximumResponseBytes: Int

    /// `ready` succeeds when the connection is usable and fails if it never becomes so.
    init(ready: EventLoopPromise<Void>, waitsForTLS: Bool, maximumResponseBytes: Int) {
        self.ready = ready
        self.waitsForTLS = waitsForTLS
        self.maximumResponseBytes = maximumResponseBytes
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { becameActive() }
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive()
        context.fireChannelActive()
    }

    private func becameActive() {
        guard case .connecting = state, !waitsForTLS else { return }
        state = .idle
        ready.succeed()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls, case .connecting = state {
            state = .idle
            ready.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = Self.unwrapOutboundIn(data)
        // The write itself always succeeds here: the exchange's promise carries the outcome.
        promise?.succeed()
        guard case .idle = state, context.channel.isActive else {
            exchange.promise.fail(ClientExchangeFailure(
                error: HTTPClientError(code: .connectionClosed, diagnostic: "connection not usable"), requestSent: false, responseStarted: false))
            return
        }
        var exchanging = Exchanging(exchange: exchange, body: context.channel.allocator.buffer(capacity: 0))
        exchanging.timer = context.eventLoop.assumeIsolated().scheduleTask(in: exchange.responseTimeout) { [self] in
            fail(HTTPClientError(code: .responseTimeout, diagnostic: "no complete response in \(exchange.responseTimeout)"), context: context)
        }
        state = .exchanging(exchanging)
        let headWritten = context.eventLoop.makePromise(of: Void.self)
        headWritten.futureResult.assumeIsolated().whenSuccess { [self] in
            if case .exchanging(var current) = state, current.exchange.promise.futureResult === exchange.promise.futureResult {
                current.requestSent = true
                state = .exchanging(current)
            }
        }
        context.write(Self.wrapOutboundOut(.head(exchange.head)), promise: headWritten)
        if !exchange.body.isEmpty {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: exchange.body)))), promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .exchanging(var current) = state else {
            // A response nobody asked for (a server's timeout notice, say): the connection's
            // framing cannot be trusted any more.
            close(context: context)
            return
        }
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            current.head = head
            state = .exchanging(current)
        case .body(var buffer):
            guard current.body.readableBytes + buffer.readableBytes <= maximumResponseBytes else {
                fail(HTTPClientError(code: .responseTooLarge, diagnostic: "body over \(maximumResponseBytes) bytes"), context: context)
                return
            }
            current.body.writeBuffer(&buffer)
            state = .exchanging(current)
        case .end:
            guard let head = current.head else { preconditionFailure("a response end without a head") }
            current.timer?.cancel()
            var headers = HTTPHeaderFields(head.headers.map { ($0.name, $0.value) })
            if let coding = headers["Content-Encoding"], HTTPContentCoding(headerValue: coding) != nil {
                // NIOHTTPResponseDecompressor decoded it.
                headers.remove("Content-Encoding")
                headers.set("Content-Length", "\(current.body.readableBytes)")
            }
            let response = HTTPResponse(status: Int(head.status.code), headers: headers, body: Array(current.body.readableBytesView))
            let reusable = head.isKeepAlive && context.channel.isActive
            state = reusable ? .idle : .closed
            if !reusable { context.close(promise: nil) }
            current.exchange.promise.succeed(ClientExchangeResult(response: response, reusable: reusable))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.classify(error), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(HTTPClientError(code: .connectionClosed, diagnostic: "closed by the server"), context: context)
        context.fireChannelInactive()
    }

    /// Fails whatever waits (readiness or the exchange) and closes.
    private func fail(_ error: HTTPClientError, context: ChannelHandlerContext) {
        let previous = state
        state = .closed
        switch previous {
        case .connecting:
            ready.fail(error)
        case .exchanging(let current):
            current.timer?.cancel()
            current.exchange.promise.fail(
                ClientExchangeFailure(error: error, requestSent: current.requestSent, responseStarted: current.head != nil))
        case .idle, .closed:
            break
        }
        context.close(promise: nil)
    }

    private func close(context: ChannelHandlerContext) {
        fail(HTTPClientError(code: .invalidResponse, diagnostic: "unexpected response"), context: context)
    }

    /// The client error for a pipeline error.
    static func classify(_ error: any Error) -> HTTPClientError {
        switch error {
        case let client as HTTPClientError:
            return client
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return HTTPClientError(code: .tlsFailure, diagnostic: "\(error)")
        case let decompression as NIOHTTPDecompression.DecompressionError where decompression == .limit:
            return HTTPClientError(code: .responseTooLarge, diagnostic: "decoded body over the limit")
        case is HTTPParserError, is ByteToMessageDecoderError, is NIOHTTPDecompression.DecompressionError,
            is NIOHTTPDecompression.ExtraDecompressionError:
            return HTTPClientError(code: .invalidResponse, diagnostic: "\(error)")
        default:
            return HTTPClientError(code: .connectionClosed, diagnostic: "\(error)")
        }
    }
}
