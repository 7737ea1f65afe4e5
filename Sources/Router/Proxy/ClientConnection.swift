import Logging
import NIOCore
import NIOHTTP1
import SOAP
import Telemetry

/// One client connection: reads requests one after the other, decides each with the
/// ``RoutingPolicy``, and answers it locally or hands it to a ``Forwarder``.
struct ClientConnection {
    /// How one request ended.
    struct Outcome {
        /// Class for metrics: `logon`, `session`, `wsdl`, `metrics`, `health`, `other`.
        var requestClass: String
        /// HTTP status sent (0 when none could be sent).
        var status: Int
        /// Whether the connection may carry another request.
        var keepAlive: Bool
    }

    let core: RouterCore
    let pipe: ChannelPipe<HTTPServerRequestPart, HTTPServerResponsePart>
    /// The connection's inline forwarder, which may hand a request over with its first attempt.
    let inline: NIOLoopBound<InlineForwardHandler>?
    let usesTLS: Bool

    /// Serves requests until the client closes, a request says close, or an error; with a
    /// `refusal`, answers the first request with it and closes.
    func serve(refusing refusal: RouterFault? = nil) async {
        do {
            if let refusal {
                if case .head(let head)? = try await pipe.next() { try await answer(refusal, version: head.version, keepAlive: false) }
                pipe.close()
                return
            }
            while let part = try await pipe.next() {
                // Body parts of a request answered early arrive here only if the client
                // pipelined; they are dropped with the connection.
                guard case .head(let head) = part else { break }
                let started = ContinuousClock.now
                let first = await firstAttempt()
                // In a child task: Swift keeps the stack slabs a task has used until the task
                // ends, and a Logon's or a forwarded request's frames would otherwise stay
                // allocated for as long as the connection is open (3.5 KiB per idle
                // connection). The child inherits the loop's executor and cancellation.
                let outcome = await withTaskGroup(of: Outcome.self) { group in
                    group.addTask { await handle(head, after: first) }
                    return await group.next()!
                }
                let elapsed = ContinuousClock.now - started
                core.metrics.requests.increment(outcome.requestClass, "\(outcome.status)")
                core.metrics.latency.observe(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, outcome.requestClass)
                if !outcome.keepAlive { break }
            }
        } catch let error as HTTPParserError {
            let fault: RouterFault = if case .headerOverflow = error { .headersTooLarge } else { .malformedRequest }
            core.metrics.rejections.increment(fault.reason)
            _ = try? await answer(fault, version: .http1_1, keepAlive: false)
        } catch {
            core.logger.debug("client connection ended", metadata: ["router.error": "\(error)"])
        }
        pipe.close()
    }

    /// How the inline forwarder's attempt at the request whose head was just read ended, if it
    /// made one (read on the connection's loop, where the task normally runs).
    private func firstAttempt() async -> Forwarder.Attempt? {
        guard let inline else { return nil }
        if inline.eventLoop.inEventLoop { return inline.value.takeHandover() }
        return try? await inline.eventLoop.submit { inline.value.takeHandover() }.get()
    }

    private func handle(_ head: HTTPRequestHead, after first: Forwarder.Attempt?) async -> Outcome {
        let summary = RequestSummary(
            method: head.method.rawValue, target: head.uri, sessionHeader: head.headers.first(name: "X-Tessera-Session"),
            contentEncoding: head.headers.first(name: "Content-Encoding"))
        var body = ClientBody(pipe: pipe, limit: core.settings.maximumBodyBytes)
        let keepAlive = head.isKeepAlive
        if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > body.limit {
            let fault = RouterFault.bodyTooLarge(body.limit)
            core.metrics.rejections.increment(fault.reason)
            return await send(fault, head, keepAlive: false, requestClass: "other")
        }
        if head.headers.first(name: "Expect")?.lowercased() == "100-continue" {
            do { try await pipe.write([.head(HTTPResponseHead(version: head.version, status: .continue))]) } catch {
                return Outcome(requestClass: "other", status: 0, keepAlive: false)
            }
        }
        do {
            switch core.policy.decide(summary) {
            case .local(let endpoint):
                try await body.drain()
                return await answerLocally(endpoint, head, keepAlive: keepAlive)
            case .refuse(let fault):
                try await body.drain()
                return await send(fault, head, keepAlive: keepAlive, requestClass: "other")
            case .route(let server):
                return await route(.server(server), head, body: body, keepAlive: keepAlive, requestClass: "session", after: first)
            case .peekBody:
                return try await peek(head, body: &body, keepAlive: keepAlive)
            }
        } catch is ClientBody.TooLarge {
            let fault = RouterFault.bodyTooLarge(body.limit)
            core.metrics.rejections.increment(fault.reason)
            return await send(fault, head, keepAlive: false, requestClass: "other")
        } catch {
            return Outcome(requestClass: "other", status: 0, keepAlive: false)
        }
    }

    /// Scans the body's start, then routes by its session or its Logon.
    private func peek(_ head: HTTPRequestHead, body: inout ClientBody, keepAlive: Bool) async throws -> Outcome {
        var scanner = EnvelopeScanner()
        var seen = 0
        var decision: RoutingPolicy.BodyDecision?
        while decision == nil {
            if try await body.readPending(), let chunk = body.pending.last {
                let view = chunk.readableBytesView.prefix(max(0, core.settings.peekBytes - seen))
                seen += view.count
                scanner.feed(view)
                decision = core.policy.decide(peek: scanner.result, seen: seen, bodyEnded: false)
            } else {
                decision = core.policy.decide(peek: scanner.finish(), seen: seen, bodyEnded: true)
            }
        }
        switch decision! {
        case .route(let server):
            return await route(.server(server), head, body: body, keepAlive: keepAlive, requestClass: "session")
        case .refuse(let fault):
            try await body.drain()
            return await send(fault, head, keepAlive: keepAlive, requestClass: "other")
        case .logon:
            let limit = core.settings.maximumLogonBytes
            while body.received <= limit, try await body.readPending() {}
            guard body.received <= limit else {
                try await body.drain()
                return await send(.bodyTooLarge(limit), head, keepAlive: keepAlive, requestClass: "logon")
            }
            do {
                let login = try LogonLogin.extract(from: body.pendingBytes, maximumBodyBytes: limit)
                let target = try await core.logonTarget(login: login)
                return await route(target, head, body: body, keepAlive: keepAlive, requestClass: "logon", key: login)
            } catch {
                return await send(error, head, keepAlive: keepAlive, requestClass: "logon")
            }
        }
    }

    /// Forwards (proxy mode) or redirects (redirect mode) to the node of `target`.
    private func route(
        _ target: RouteTarget, _ head: HTTPRequestHead, body: ClientBody, keepAlive: Bool, requestClass: String, key: String = "",
        after first: Forwarder.Attempt? = nil
    ) async -> Outcome {
        var body = body
        let selection = await core.select(target, key: key)
        guard case .node(let node) = selection else {
            let why = if case .unavailable(let why) = selection { why } else { "" }
            let name = if case .server(let server) = target { server } else { "(any)" }
            do { try await body.drain() } catch { return Outcome(requestClass: requestClass, status: 0, keepAlive: false) }
            return await send(.noServingNode(name, why), head, keepAlive: keepAlive, requestClass: requestClass)
        }
        if core.settings.mode == .redirect {
            do { try await body.drain() } catch { return Outcome(requestClass: requestClass, status: 0, keepAlive: false) }
            let name = if case .server(let server) = target { server } else { node.name }
            return await send(.redirect(name, to: node.endpoint.description), head, keepAlive: keepAlive, requestClass: requestClass)
        }
        var forwarder = Forwarder(core: core, client: pipe, head: head, body: body, clientKeepAlive: keepAlive, usesTLS: usesTLS)
        let outcome = await forwarder.run(to: node.endpoint, target: target, key: key, after: first)
        return Outcome(requestClass: requestClass, status: outcome.status, keepAlive: outcome.keepAlive)
    }

    // MARK: Local answers

    private func answerLocally(_ endpoint: LocalEndpoint, _ head: HTTPRequestHead, keepAlive: Bool) async -> Outcome {
        let status: HTTPResponseStatus, type: String, bytes: [UInt8], requestClass: String
        var extra: [(String, String)] = []
        switch endpoint {
        case .wsdl:
            (status, type, requestClass) = (.ok, "text/xml; charset=utf-8", "wsdl")
            bytes = WSDL.document(location: routerURL(head))
        case .metrics:
            (status, type, requestClass) = (.ok, PrometheusText.contentType, "metrics")
            bytes = Array(await core.registry.exposition().utf8)
        case .health:
            let health = core.health()
            (status, type, requestClass) = (health.isReady ? .ok : .serviceUnavailable, "text/plain; charset=utf-8", "health")
            bytes = Array((health.description + "\n").utf8)
        case .notFound:
            (status, type, requestClass) = (.notFound, "text/plain; charset=utf-8", "other")
            bytes = Array("not found: this router serves /soap and /soap?wsdl\n".utf8)
        case .methodNotAllowed(let allow):
            (status, type, requestClass) = (.methodNotAllowed, "text/plain; charset=utf-8", "other")
            bytes = Array("method not allowed\n".utf8)
            extra = [("Allow", allow)]
        }
        do {
            try await respond(status: status, contentType: type, body: head.method == .HEAD ? [] : bytes, contentLength: bytes.count,
                              extra: extra, version: head.version, keepAlive: keepAlive)
            return Outcome(requestClass: requestClass, status: Int(status.code), keepAlive: keepAlive)
        } catch {
            return Outcome(requestClass: requestClass, status: 0, keepAlive: false)
        }
    }

    /// The router's own SOAP URL as this client reached it (for the WSDL's address).
    private func routerURL(_ head: HTTPRequestHead) -> String {
        // The Host header goes into the document: only a plain host[:port] is taken from it.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]".utf8)
        let given = head.headers.first(name: "Host").flatMap { !$0.isEmpty && $0.utf8.count <= 255 && $0.utf8.allSatisfy(allowed.contains) ? $0 : nil }
        let host = given ?? "\(core.settings.host):\(core.settings.port)"
        return "\(usesTLS ? "https" : "http")://\(host)/soap"
    }

    private func send(_ fault: RouterFault, _ head: HTTPRequestHead, keepAlive: Bool, requestClass: String) async -> Outcome {
        core.metrics.routingFaults.increment(fault.reason)
        do {
            try await answer(fault, version: head.version, keepAlive: keepAlive)
            return Outcome(requestClass: requestClass, status: fault.status, keepAlive: keepAlive)
        } catch {
            return Outcome(requestClass: requestClass, status: 0, keepAlive: false)
        }
    }

    private func answer(_ fault: RouterFault, version: HTTPVersion, keepAlive: Bool) async throws {
        let body = fault.body
        try await respond(
            status: HTTPResponseStatus(statusCode: fault.status), contentType: "text/xml; charset=utf-8", body: body,
            contentLength: body.count, extra: [], version: version, keepAlive: keepAlive)
    }

    private func respond(
        status: HTTPResponseStatus, contentType: String, body: [UInt8], contentLength: Int, extra: [(String, String)],
        version: HTTPVersion, keepAlive: Bool
    ) async throws {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", "\(contentLength)")] + extra)
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        var parts: [HTTPServerResponsePart] = [.head(HTTPResponseHead(version: version, status: status, headers: headers))]
        if !body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
        parts.append(.end(nil))
        try await pipe.write(parts)
    }
}
