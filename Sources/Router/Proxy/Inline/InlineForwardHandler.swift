import NIOCore
import NIOHTTP1

/// Forwards the common request on the event loop, inside the client connection's pipeline,
/// without waking the connection's task: `POST /soap` routed by its `X-Tessera-Session`
/// header, with a body of declared length small enough to keep for a retry, to a node that has
/// an idle pooled connection on this loop. Everything else — Logons, body scans, large or
/// chunked uploads, `Expect`, redirect mode, no idle connection, no serving node — goes on to
/// the task (``ClientConnection``) as before. So a GetProps costs no task switches, no
/// continuations and no promises: the task stays parked in ``ChannelPipe/next()`` between the
/// requests it serves.
///
/// It speaks to the node in bytes, past NIO's HTTP codec on the node's connection
/// (``UpstreamTap``): the forwarded head is written as bytes (``ForwardedHeads``), and the
/// node's answer is read by ``UpstreamResponseParser``, which passes the body on as slices of
/// what was read.
///
/// What it keeps of the task's behaviour (docs/router.md, "Proxy mode"):
/// - One write per direction for what arrived in one read; flushed before waiting for more.
/// - Streaming with back-pressure towards the client: the node's answer is read only while the
///   client connection is writable. (Uploads are bounded by the size taken here.)
/// - The same heads (``ForwardedHeads``), deadlines (the node's response deadline on the
///   ``UpstreamConnection``; the client's in ``ConnectionTimerHandler``), metrics and faults.
/// - Retries: a small XML fault that may be a redirect is held back; when it is one, the request
///   (head, the kept body) goes to the task with what the first attempt found, and the task's
///   ``Forwarder`` makes the one retry ``RetryPolicy`` allows. The other retry cases cannot
///   happen here: nothing connects, and a pooled connection taken on its own loop is open.
///   Any other failure is answered as the task answers it.
///
/// Ordering: `HTTPServerPipelineHandler`, before this handler, hands over a request head only
/// after the answer to the previous request ended, so a request forwarded here and one the task
/// serves never overlap.
final class InlineForwardHandler: ChannelInboundHandler, RemovableChannelHandler, UpstreamReader {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// One request forwarded here.
    private final class Exchange {
        enum Response {
            /// No head from the node yet.
            case awaitingHead
            /// A possible redirect fault, held back until its end.
            case holding(HTTPResponseHead, [ByteBuffer], bytes: Int)
            /// The head went to the client; the rest follows as it comes.
            case streaming
        }

        let head: HTTPRequestHead
        let connection: UpstreamConnection
        let tap: UpstreamTap
        let started: ContinuousClock.Instant
        var parser = UpstreamResponseParser()
        /// The body so far: passed on, and kept for a retry (the size was checked).
        var body: [ByteBuffer] = []
        /// The client's end has come, and has been written to the node.
        var requestEnded = false
        var response = Response.awaitingHead
        var status = 0
        var nodeKeepAlive = false
        /// Something was written to the client since the last flush.
        var unflushed = false
        /// Waiting for the client connection to take more before reading the node's answer on.
        var awaitingWritable = false
        var finished = false

        /// Whether the client's connection carries on after this answer.
        var clientKeepAlive: Bool

        init(head: HTTPRequestHead, connection: UpstreamConnection) {
            self.head = head
            self.connection = connection
            tap = connection.tap.value
            started = .now
            clientKeepAlive = head.isKeepAlive
        }
    }

    private enum State {
        /// Between requests: the next head decides.
        case idle
        /// The request in progress is the task's: its parts go on.
        case passing
        /// This handler forwards the request in progress.
        case forwarding(Exchange)
        /// The connection closes after what was answered: whatever else arrives is dropped.
        case closing
    }

    private let core: RouterCore
    private let usesTLS: Bool
    private var state = State.idle
    private var context: ChannelHandlerContext?
    /// A request handed to the task, and how its first attempt ended (``takeHandover()``).
    private var handover: Forwarder.Attempt?
    /// The client's address, for `X-Forwarded-For` (read once).
    private var peer: String??
    /// The last session token routed here and its server: a client sends the same one with
    /// every request, and decoding it is most of the routing decision's cost.
    private var lastSession: (token: String, server: String)?

    init(core: RouterCore, usesTLS: Bool) {
        self.core = core
        self.usesTLS = usesTLS
    }

    /// The first attempt of the request just handed to the task, if the head the task reads now
    /// is one this handler started; the task calls it on the connection's loop for every head.
    func takeHandover() -> Forwarder.Attempt? {
        defer { handover = nil }
        return handover
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: The client's side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .idle, .passing:
            if case .head(let head) = part, start(head, context) { return }
            if case .head = part { state = .passing }
            context.fireChannelRead(data)
        case .forwarding(let exchange):
            switch part {
            case .body(let chunk):
                exchange.body.append(chunk)
                exchange.tap.write(chunk)
            case .end:
                exchange.requestEnded = true
                exchange.tap.flush()
            case .head:
                // The pipelining guard lets no head through before the answer's end: not HTTP as
                // NIO decodes it. Nothing sensible can follow.
                abandon(exchange, context)
            }
        case .closing:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .forwarding(let exchange) = state, !exchange.requestEnded {
            exchange.tap.flush()
            context.read()  // the rest of the body
        }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .forwarding(let exchange) = state, exchange.awaitingWritable {
            exchange.awaitingWritable = false
            exchange.tap.read()
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .forwarding(let exchange) = state { abandon(exchange, context) }
        context.fireChannelInactive()
    }

    /// Takes the request if it is one for this handler: sends its head to the node and starts
    /// waiting for the answer. False leaves it to the task.
    private func start(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) -> Bool {
        guard core.settings.mode == .proxy, head.method == .POST else { return false }
        var session: String?, length: Int?, other = false
        for (name, value) in head.headers {
            if name.equalsIgnoringASCIICase("x-tessera-session") {
                if session == nil { session = value }  // the first, as the routing policy reads it
            } else if name.equalsIgnoringASCIICase("content-length") {
                length = Int(value)  // NIO's decoder checked it, and that there is one
            } else if name.equalsIgnoringASCIICase("expect") || name.equalsIgnoringASCIICase("transfer-encoding") {
                other = true
            }
        }
        guard let session, !other, let length, length >= 0, length <= min(core.settings.retryBodyBytes, core.settings.maximumBodyBytes)
        else { return false }
        guard let server = route(head, session: session), case .node(let node) = core.placement.current.select(server: server),
              let connection = core.pool.leaseIdle(node.endpoint, on: context.eventLoop)
        else { return false }

        core.metrics.inlineRequest.increment()
        let exchange = Exchange(head: head, connection: connection)
        connection.startExchange(timeout: core.settings.upstreamResponseTimeout)
        if peer == nil { peer = .some(context.channel.remoteAddress?.ipAddress) }
        var bytes = context.channel.allocator.buffer(capacity: 256 + head.uri.utf8.count + 64 * head.headers.count)
        ForwardedHeads.writeRequest(head, to: node.endpoint, peer: peer ?? nil, usesTLS: usesTLS, into: &bytes)
        // Flushed with the end, or at the end of this read if the body is still coming.
        exchange.tap.write(bytes)
        state = .forwarding(exchange)
        exchange.tap.attach(self)
        exchange.tap.read()
        return true
    }

    /// The server the routing policy names for this session request; nil when it routes it
    /// otherwise (a malformed token: the task answers the fault).
    private func route(_ head: HTTPRequestHead, session: String) -> String? {
        if head.uri == core.policy.soapPath, let last = lastSession, last.token == session { return last.server }
        let summary = RequestSummary(
            method: "POST", target: head.uri, sessionHeader: session, contentEncoding: head.headers.first(name: "Content-Encoding"))
        guard case .route(let server) = core.policy.decide(summary) else { return nil }
        if head.uri == core.policy.soapPath { lastSession = (session, server) }
        return server
    }

    // MARK: The node's side

    /// The exchange in progress, if `self` reads its node's bytes now.
    private var reading: (Exchange, ChannelHandlerContext)? {
        guard case .forwarding(let exchange) = state, !exchange.finished, let context else { return nil }
        return (exchange, context)
    }

    func upstreamRead(_ bytes: ByteBuffer) {
        guard let (exchange, context) = reading else { return }
        do {
            try exchange.parser.feed(bytes) { part in receive(part, exchange, context) }
        } catch {
            if !exchange.finished { nodeFailed(exchange, UpstreamError.invalidResponse, context) }
        }
    }

    /// Flushes what went to the client; reads on while the client takes it.
    func upstreamReadComplete() {
        guard let (exchange, context) = reading else { return }
        flush(exchange, context)
        if context.channel.isWritable {
            exchange.tap.read()
        } else {
            exchange.awaitingWritable = true
        }
    }

    /// An answer framed by the close ends here, if the node closed; any other was cut short.
    func upstreamClosed(_ closingError: (any Error)?) {
        guard let (exchange, context) = reading else { return }
        guard closingError == nil, !exchange.connection.wasClosedByRouter else { return nodeFailed(exchange, closingError, context) }
        do {
            try exchange.parser.inputClosed { part in receive(part, exchange, context) }
        } catch {
            nodeFailed(exchange, nil, context)
        }
    }

    private func receive(_ part: UpstreamResponseParser.Part, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        guard !exchange.finished else { return }
        switch (part, exchange.response) {
        case (.head(let head, let keepAlive), .awaitingHead):
            exchange.status = Int(head.status.code)
            exchange.nodeKeepAlive = keepAlive
            if ForwardedHeads.answerEndsWithClose(head, clientVersion: exchange.head.version) { exchange.clientKeepAlive = false }
            if exchange.requestEnded, exchange.status == 500,  // before looking up fields
               RedirectFault.mayBeRedirect(
                   status: exchange.status, contentType: head.headers.first(name: "Content-Type"),
                   contentEncoding: head.headers.first(name: "Content-Encoding"),
                   contentLength: head.headers.first(name: "Content-Length").flatMap(Int.init))
            {
                exchange.response = .holding(head, [], bytes: 0)
            } else {
                sendHead(head, exchange, context)
            }
        case (.body(let chunk), .holding(let head, var held, let bytes)):
            held.append(chunk)
            exchange.response = .holding(head, held, bytes: bytes + chunk.readableBytes)
            if bytes + chunk.readableBytes > RedirectFault.maximumBytes {
                sendHead(head, exchange, context)
                for chunk in held { write(.body(.byteBuffer(chunk)), exchange, context) }
            }
        case (.body(let chunk), .streaming):
            write(.body(.byteBuffer(chunk)), exchange, context)
        case (.end(let trailers, let trailingBytes), .holding(let head, let held, _)):
            if trailingBytes { exchange.nodeKeepAlive = false }
            if let url = RedirectFault.url(in: held.flatMap { Array($0.readableBytesView) }) {
                let response = [HTTPServerResponsePart.head(clientHead(head, exchange))] + held.map { .body(.byteBuffer($0)) } + [.end(nil)]
                return handOver(exchange, after: .redirect(url: url, response: response), context)
            }
            sendHead(head, exchange, context)
            for chunk in held { write(.body(.byteBuffer(chunk)), exchange, context) }
            finish(exchange, trailers, context)
        case (.end(let trailers, let trailingBytes), .streaming):
            if trailingBytes { exchange.nodeKeepAlive = false }
            finish(exchange, trailers, context)
        case (.head, _), (.body, .awaitingHead), (.end, .awaitingHead):
            nodeFailed(exchange, UpstreamError.invalidResponse, context)
        }
    }

    private func clientHead(_ head: HTTPResponseHead, _ exchange: Exchange) -> HTTPResponseHead {
        ForwardedHeads.response(head, version: exchange.head.version, clientKeepAlive: exchange.clientKeepAlive)
    }

    private func sendHead(_ head: HTTPResponseHead, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        exchange.response = .streaming
        write(.head(clientHead(head, exchange)), exchange, context)
    }

    private func write(_ part: HTTPServerResponsePart, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(part), promise: nil)
        exchange.unflushed = true
    }

    private func flush(_ exchange: Exchange, _ context: ChannelHandlerContext) {
        guard exchange.unflushed else { return }
        exchange.unflushed = false
        context.flush()
    }

    // MARK: Endings

    /// The answer is complete: the node's connection goes back to the pool, then the end goes
    /// to the client. The state is settled first: writing the end may deliver the next request.
    private func finish(_ exchange: Exchange, _ trailers: HTTPHeaders?, _ context: ChannelHandlerContext) {
        exchange.finished = true
        release(exchange, reusable: exchange.nodeKeepAlive && exchange.requestEnded && !exchange.connection.hasTimedOut)
        let keepAlive = exchange.clientKeepAlive && exchange.requestEnded
        record(exchange, status: exchange.status)
        state = keepAlive ? .idle : .closing
        end(.end(trailers), keepAlive: keepAlive, context)
    }

    /// The node broke off or sent what is not HTTP: a fault if the client has seen nothing of the
    /// answer yet, else the answer cut short and the connection closed (as the task does).
    private func nodeFailed(_ exchange: Exchange, _ error: (any Error)?, _ context: ChannelHandlerContext) {
        exchange.finished = true
        release(exchange, reusable: false)
        let cause: UpstreamError =
            if exchange.connection.hasTimedOut { .responseTimeout } else { error.map { ($0 as? UpstreamError) ?? .exchanging($0) } ?? .closed }
        core.metrics.upstreamErrors.increment(cause.reason)
        if case .streaming = exchange.response {
            record(exchange, status: exchange.status)
            state = .closing
            flush(exchange, context)
            context.close(promise: nil)
            return
        }
        let fault = RouterFault.upstreamFailed(cause.clientText)
        core.metrics.routingFaults.increment(fault.reason)
        let keepAlive = exchange.clientKeepAlive && exchange.requestEnded
        record(exchange, status: fault.status)
        state = keepAlive ? .idle : .closing
        let parts = fault.response(version: exchange.head.version, keepAlive: keepAlive)
        for part in parts.dropLast() { context.write(wrapOutboundOut(part), promise: nil) }
        end(parts.last!, keepAlive: keepAlive, context)
    }

    /// Writes the answer's last part and flushes; closes the connection after it unless `keepAlive`.
    private func end(_ last: HTTPServerResponsePart, keepAlive: Bool, _ context: ChannelHandlerContext) {
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(last), promise: nil)
        } else {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(last)).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// The first attempt found a redirect: the request goes to the task, which retries it.
    private func handOver(_ exchange: Exchange, after attempt: Forwarder.Attempt, _ context: ChannelHandlerContext) {
        exchange.finished = true
        release(exchange, reusable: exchange.nodeKeepAlive && !exchange.connection.hasTimedOut)
        handover = attempt
        state = .passing
        context.fireChannelRead(wrapInboundOut(.head(exchange.head)))
        for chunk in exchange.body { context.fireChannelRead(wrapInboundOut(.body(chunk))) }
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        context.fireChannelReadComplete()
    }

    /// The client went away, or broke HTTP, mid-exchange: the node's connection is closed (its
    /// answer may still be coming).
    private func abandon(_ exchange: Exchange, _ context: ChannelHandlerContext) {
        state = .closing
        guard !exchange.finished else { return }
        exchange.finished = true
        release(exchange, reusable: false)
        record(exchange, status: 0)
        context.close(promise: nil)
    }

    /// The node's connection goes back to the pool (closed unless `reusable`), its bytes to NIO's
    /// decoder again.
    private func release(_ exchange: Exchange, reusable: Bool) {
        exchange.tap.detach()
        core.pool.release(exchange.connection, reusable: reusable)
    }

    private func record(_ exchange: Exchange, status: Int) {
        let metrics = core.metrics
        if status == 200 { metrics.sessionAnswered.increment() } else { metrics.requests.increment("session", "\(status)") }
        metrics.sessionLatency.observe((ContinuousClock.now - exchange.started).seconds)
    }
}
