import NIOCore
import NIOHTTP1

/// Forwards one request to a node and its answer back, streaming both bodies with
/// back-pressure (each chunk is written before the next is read), and retries once under the
/// ``RetryPolicy``: the request body is kept for that only up to
/// ``RouterSettings/retryBodyBytes``; a small 500 XML answer is held back to see whether it is
/// a redirect fault (``RedirectFault``).
struct Forwarder {
    /// How the request ended for the client.
    struct Result {
        /// HTTP status sent (0 when none).
        var status: Int
        /// Whether the client connection may carry another request.
        var keepAlive: Bool
    }

    /// How one attempt ended.
    enum Attempt {
        /// The answer (or a fault about it) went to the client.
        case answered(Result)
        /// The node answered a redirect fault; `response` is its whole answer, to pass on if no
        /// retry is allowed.
        case redirect(url: String, response: [HTTPServerResponsePart])
        /// No answer; nothing was sent to the client.
        case failed(RetryPolicy.Failure, UpstreamError)
    }

    let core: RouterCore
    let client: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>
    let head: HTTPRequestHead
    var body: ClientBody
    /// Whether the client's connection carries on after this request (turned off for an
    /// answer that must end with the close).
    var clientKeepAlive: Bool
    let usesTLS: Bool
    /// Copies of every body chunk sent so far, for a retry; nil once past the bound.
    private var kept: [ByteBuffer]? = []
    private var keptBytes = 0

    init(
        core: RouterCore, client: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>, head: HTTPRequestHead, body: ClientBody,
        clientKeepAlive: Bool, usesTLS: Bool
    ) {
        self.core = core
        self.client = client
        self.head = head
        self.body = body
        self.clientKeepAlive = clientKeepAlive
        self.usesTLS = usesTLS
        for chunk in body.pending { keep(chunk) }
        self.body.pending = []
    }

    /// Forwards to `endpoint` (the node serving `target`), retrying once where allowed; `first`
    /// when the first attempt was made already (by the ``InlineForwardHandler``, which hands a
    /// request it cannot finish to the connection's task), so that this one may be the retry.
    mutating func run(to endpoint: UpstreamEndpoint, target: RouteTarget, key: String, after first: Attempt? = nil) async -> Result {
        var policy = RetryPolicy()
        var endpoint = endpoint
        var made = first
        while true {
            let failure: RetryPolicy.Failure, error: UpstreamError?, held: [HTTPServerResponsePart]?
            let outcome: Attempt
            if let attempt = made { outcome = attempt } else { outcome = await attempt(endpoint) }
            made = nil
            switch outcome {
            case .answered(let result):
                return result
            case .redirect(let url, let response):
                (failure, error, held) = (.redirect(url: url), nil, response)
            case .failed(let why, let cause):
                (failure, error, held) = (why, cause, nil)
            }
            switch policy.after(failure, bodyKept: kept != nil) {
            case .retry(let next):
                core.metrics.retries.increment("redirect")
                core.logger.debug("following a node's redirect", metadata: ["router.from": "\(endpoint)", "router.to": "\(next)"])
                endpoint = next
            case .retrySameServer:
                core.metrics.retries.increment(failure == .connectRefused ? "connect_refused" : "closed_before_sending")
                guard case .node(let node) = await core.select(target, key: key) else {
                    return await fail(.upstreamFailed(error?.clientText ?? "failed"))
                }
                endpoint = node.endpoint
            case .giveUp:
                if let held {
                    return await pass(held)
                }
                return await fail(.upstreamFailed(error?.clientText ?? "failed"))
            }
        }
    }

    // MARK: One attempt

    private mutating func attempt(_ endpoint: UpstreamEndpoint) async -> Attempt {
        let connection: UpstreamConnection, reused: Bool
        do {
            (connection, reused) = try await core.pool.lease(endpoint, on: client.channel.eventLoop)
        } catch {
            core.metrics.upstreamErrors.increment(error.reason)
            return .failed(error == .connectRefused ? .connectRefused : .other, error)
        }
        connection.startExchange(timeout: core.settings.upstreamResponseTimeout)
        defer { connection.stopWatching() }

        // The head, what was read of the body so far, and what has arrived since: one write.
        var parts: [HTTPClientRequestPart] = [.head(upstreamHead(endpoint))]
        parts.reserveCapacity(3)
        for chunk in kept ?? [] { parts.append(.body(.byteBuffer(chunk))) }
        do {
            while !body.ended, let chunk = try body.poll() {
                keep(chunk)
                parts.append(.body(.byteBuffer(chunk)))
            }
        } catch {
            return await clientBodyFailed(error, connection, reusable: true)  // nothing was sent yet
        }
        if body.ended { parts.append(.end(nil)) }
        do {
            try await connection.pipe.write(parts)
        } catch {
            core.pool.release(connection, reusable: false)
            core.metrics.upstreamErrors.increment(UpstreamError.closed.reason)
            let unsent = reused && (error as? ChannelError).map { $0 == .ioOnClosedChannel || $0 == .alreadyClosed } == true
            return .failed(unsent ? .closedBeforeSending : .other, .closed)
        }

        // The rest of the body, chunk by chunk.
        var uploadBroken = false
        while !body.ended && !uploadBroken {
            let chunk: ByteBuffer?
            do {
                chunk = try await body.next()
            } catch {
                return await clientBodyFailed(error, connection, reusable: false)
            }
            if let chunk { keep(chunk) }
            do {
                try await connection.pipe.write([chunk.map { .body(.byteBuffer($0)) } ?? .end(nil)])
            } catch {
                uploadBroken = true  // the node may have answered already: read what it sent
            }
        }

        // The answer's head (1xx heads are skipped).
        var responseHead: HTTPResponseHead
        do {
            repeat {
                guard let part = try await connection.pipe.next() else { throw UpstreamError.closed }
                guard case .head(let received) = part else { throw UpstreamError.invalidResponse }
                responseHead = received
            } while responseHead.status.code < 200
            if ForwardedHeads.answerEndsWithClose(responseHead, clientVersion: head.version) { clientKeepAlive = false }
        } catch {
            core.pool.release(connection, reusable: false)
            let cause = connection.hasTimedOut ? .responseTimeout : (error as? UpstreamError) ?? UpstreamError.exchanging(error)
            core.metrics.upstreamErrors.increment(cause.reason)
            if !body.ended { try? await body.drain() }
            return .failed(.other, cause)
        }

        // A small XML fault may be a redirect: hold it back while the retry is still possible.
        var held: [ByteBuffer] = []
        if kept != nil, body.ended,
           RedirectFault.mayBeRedirect(
               status: Int(responseHead.status.code), contentType: responseHead.headers.first(name: "Content-Type"),
               contentEncoding: responseHead.headers.first(name: "Content-Encoding"),
               contentLength: responseHead.headers.first(name: "Content-Length").flatMap(Int.init))
        {
            var size = 0
            while size <= RedirectFault.maximumBytes {
                let part: HTTPClientResponsePart?
                do { part = try await connection.pipe.next() } catch { part = nil }
                guard let part, case .body(let chunk) = part else {
                    if case .end? = part, !(responseHead.isFramedByClose && connection.wasClosedByRouter) {
                        let reusable = responseHead.isKeepAlive && !connection.hasTimedOut
                        core.pool.release(connection, reusable: reusable)
                        let bytes = held.flatMap { Array($0.readableBytesView) }
                        let response = [HTTPServerResponsePart.head(clientHead(responseHead))] + held.map { .body(.byteBuffer($0)) } + [.end(nil)]
                        if let url = RedirectFault.url(in: bytes) { return .redirect(url: url, response: response) }
                        return .answered(await pass(response))
                    }
                    core.pool.release(connection, reusable: false)
                    core.metrics.upstreamErrors.increment(UpstreamError.closed.reason)
                    return .failed(.other, connection.hasTimedOut ? .responseTimeout : .closed)
                }
                held.append(chunk)
                size += chunk.readableBytes
            }
        }
        return .answered(await stream(responseHead, prefix: held, from: connection, uploadBroken: uploadBroken))
    }

    /// The client's body failed: too large (answered with a fault), or the client went away.
    private mutating func clientBodyFailed(_ error: any Error, _ connection: UpstreamConnection, reusable: Bool) async -> Attempt {
        core.pool.release(connection, reusable: reusable)
        guard error is ClientBody.TooLarge else { return .answered(Result(status: 0, keepAlive: false)) }
        core.metrics.rejections.increment(RouterFault.bodyTooLarge(body.limit).reason)
        return .answered(await fail(.bodyTooLarge(body.limit), keepAlive: false))
    }

    /// Streams the answer to the client: the head, what was held back, then chunk by chunk;
    /// what has arrived together goes out in one write.
    private func stream(
        _ responseHead: HTTPResponseHead, prefix: [ByteBuffer], from connection: UpstreamConnection, uploadBroken: Bool
    ) async -> Result {
        let status = Int(responseHead.status.code)
        var parts: [HTTPServerResponsePart] = [.head(clientHead(responseHead))]
        parts.reserveCapacity(3)
        for chunk in prefix { parts.append(.body(.byteBuffer(chunk))) }
        var headSent = false, complete = false
        while !complete {
            // What is there already joins the batch; the batch goes out before waiting for more.
            // A read error shows as the end here and again from `next()`, after the write.
            var part: HTTPClientResponsePart?
            if let ready = try? connection.pipe.poll() {
                part = ready
            } else {
                do { try await client.write(parts) } catch {
                    core.pool.release(connection, reusable: false)
                    return Result(status: headSent ? status : 0, keepAlive: false)
                }
                headSent = true
                parts.removeAll(keepingCapacity: true)
                do { part = try await connection.pipe.next() } catch { part = nil }
            }
            switch part {
            case .body(let chunk)?:
                parts.append(.body(.byteBuffer(chunk)))
            case .end(let trailers)? where !(responseHead.isFramedByClose && connection.wasClosedByRouter):
                parts.append(.end(trailers))
                complete = true
            default:
                // The node broke off mid-answer, or the router closed the connection under an
                // answer framed by the close (its deadline, a dead node), whose end NIO's decoder
                // then reports: the client sees the answer cut short and the close.
                core.pool.release(connection, reusable: false)
                if !parts.isEmpty { _ = try? await client.write(parts) }
                core.metrics.upstreamErrors.increment(
                    connection.hasTimedOut ? UpstreamError.responseTimeout.reason : UpstreamError.closed.reason)
                return Result(status: status, keepAlive: false)
            }
        }
        // The node's side is over: its connection goes back before the last write to the client.
        core.pool.release(connection, reusable: responseHead.isKeepAlive && !uploadBroken && !connection.hasTimedOut)
        do { try await client.write(parts) } catch {
            return Result(status: headSent ? status : 0, keepAlive: false)
        }
        return Result(status: status, keepAlive: clientKeepAlive && body.ended)
    }

    // MARK: Answers without a node

    /// Passes a held answer on as it is.
    private func pass(_ response: [HTTPServerResponsePart]) async -> Result {
        guard case .head(let responseHead)? = response.first else { return Result(status: 0, keepAlive: false) }
        do {
            try await client.write(response)
            return Result(status: Int(responseHead.status.code), keepAlive: clientKeepAlive && body.ended)
        } catch {
            return Result(status: 0, keepAlive: false)
        }
    }

    /// Answers a fault of the router's (the client body is drained first when it may be).
    private mutating func fail(_ fault: RouterFault, keepAlive: Bool? = nil) async -> Result {
        core.metrics.routingFaults.increment(fault.reason)
        let keepAlive = keepAlive ?? clientKeepAlive
        if keepAlive && !body.ended { try? await body.drain() }
        let keep = keepAlive && body.ended
        do {
            try await client.write(fault.response(version: head.version, keepAlive: keep))
            return Result(status: fault.status, keepAlive: keep)
        } catch {
            return Result(status: 0, keepAlive: false)
        }
    }

    // MARK: Heads

    private mutating func keep(_ chunk: ByteBuffer) {
        guard kept != nil else { return }
        keptBytes += chunk.readableBytes
        if keptBytes > core.settings.retryBodyBytes { kept = nil } else { kept!.append(chunk) }
    }

    /// The request head for the node at `endpoint`.
    private func upstreamHead(_ endpoint: UpstreamEndpoint) -> HTTPRequestHead {
        ForwardedHeads.request(head, to: endpoint, peer: client.channel.remoteAddress?.ipAddress, usesTLS: usesTLS)
    }

    /// The answer's head for the client.
    private func clientHead(_ responseHead: HTTPResponseHead) -> HTTPResponseHead {
        ForwardedHeads.response(responseHead, version: head.version, clientKeepAlive: clientKeepAlive)
    }
}

extension HTTPResponseHead {
    /// Whether the body ends with the connection (no length, not chunked, a status with a body):
    /// then the end NIO's decoder reports at a close is the body's end only if the node closed.
    var isFramedByClose: Bool {
        let code = status.code
        if code / 100 == 1 || code == 204 || code == 304 { return false }
        let codings = headers["transfer-encoding"].flatMap { $0.split(separator: ",") }.map(\.trimmingSpaces).filter { !$0.isEmpty }
        if let last = codings.last { return !last.equalsIgnoringASCIICase("chunked") }
        return !headers.contains(name: "content-length")
    }
}
