/// The life of one server connection, as a value: every input — bytes arriving, a decoded
/// request part, a response handed over or sent, a timer, a shutdown request — returns the
/// actions the channel handler carries out (the Instance / Shell split of STYLE.md; the
/// handler is ``HTTPConnectionHandler``).
///
/// What it guarantees:
/// - **Order.** Requests are delivered in the order read and answered in that order; a
///   pipelining client gets its responses in sequence, and a rejection is answered only after
///   every response owed before it has been sent.
/// - **Timers only while the server waits for the client.** Exactly one timer runs when no
///   response is owed: the *header* deadline from a request's first byte (for a new
///   connection from the accept) to the end of its head, the *body* deadline from the end of
///   the head to the end of the body, the *idle* timeout between keep-alive requests. While a
///   response is owed — the responder is working, however long — none runs; when the last
///   owed response is sent, the timer for whatever is being read starts afresh. A request's
///   first byte is seen by the bytes-received input, which precedes the parts decoded from the
///   same read; bytes that arrive in the read that ends the previous request are not noticed,
///   so such a head is timed by the idle timeout until its next byte arrives.
/// - **Limits.** The head's size, `Content-Length`, the body as decoded and the
///   `Content-Encoding` are checked here; the first violation rejects the connection (see
///   ``HTTPRejection``): no further request is read, the answer follows the owed responses, then
///   the connection lingers — output closed, input read and discarded until the client closes
///   or the linger timer fires — so that the client reads the answer rather than a reset
///   (nginx's lingering close). Timeouts close at once, without an answer.
/// - **Graceful close.** A quiesce (server shutdown), `Connection: close` or the client's
///   half-close ends reading: the request in progress (if any) is still served, and the
///   connection closes once every owed response is sent.
struct HTTPConnectionMachine {
    /// The four timers; at most one is armed.
    enum Timer: Hashable, Sendable {
        case header, body, idle, linger
    }

    /// What the machine needs of a request head; the handler measures it.
    struct Head: Hashable {
        /// Request line plus header fields, in bytes.
        var bytes: Int
        /// The announced body size, if any.
        var contentLength: Int?
        /// The body's `Content-Encoding`.
        var coding: Coding
        /// Whether the client keeps the connection open after this request.
        var keepAlive: Bool
        /// Whether the client waits for `100 Continue` before it sends the body.
        var expectsContinue: Bool
    }

    /// The body's coding as the server sees it.
    enum Coding: Hashable {
        case identity, compressed
        case unsupported(String)
    }

    /// What the handler does.
    enum Action: Hashable {
        /// Start this timer, cancelling the one running.
        case arm(Timer)
        /// Cancel the timer running.
        case cancelTimer
        /// Answer `100 Continue` now.
        case sendContinue
        /// Hand the request just completed to the responder.
        case deliver
        /// Write the response handed over; add `Connection: close` and expect to close after it.
        case write(closeAfter: Bool)
        /// Count the rejection, send the configured answer (if any), then call
        /// ``rejectionAnswered()``.
        case answer(HTTPRejection)
        /// Count the rejection and close without an answer.
        case drop(HTTPRejection)
        /// Close the output (the answer is sent) and keep reading to discard.
        case closeOutput
        /// Close the connection.
        case close
    }

    /// How far the current request has been read.
    enum Reading: Hashable {
        /// Accepted; no byte yet.
        case awaitingFirst
        /// Between keep-alive requests.
        case awaitingNext
        /// The head has begun; bytes received so far.
        case head(bytes: Int)
        /// The head is complete; body bytes decoded and as sent so far, and whether the body
        /// is compressed.
        case body(received: Int, encoded: Int, compressed: Bool)
        /// No further request will be read.
        case finished
    }

    /// The connection's state.
    enum State: Hashable {
        /// Reading and answering requests.
        case serving(Reading)
        /// Rejected; the answer waits for the responses owed.
        case rejecting(HTTPRejection)
        /// The rejection answer is being written.
        case answering
        /// Output closed; discarding input.
        case lingering
        /// Closed.
        case closed
    }

    private(set) var state: State = .serving(.awaitingFirst)
    private(set) var armed: Timer?
    private var delivered = 0, written = 0, sent = 0
    /// The request being read is the last one (`Connection: close` or a quiesce during it).
    private var lastRequest = false
    private let maximumHeaderBytes: Int
    private let maximumBodyBytes: Int
    private let decompression: HTTPDecompressionLimit

    init(limits: HTTPServerLimits) {
        maximumHeaderBytes = limits.maximumHeaderBytes
        maximumBodyBytes = limits.maximumBodyBytes
        decompression = limits.decompression
    }

    /// Responses owed: requests delivered and not yet answered to completion.
    var owed: Int { delivered - sent }

    /// Whether body bytes should be kept (a body is being read for a request still accepted).
    var isReadingBody: Bool {
        if case .serving(.body) = state { return true }
        return false
    }

    /// The connection is active: start the first request's header deadline, or reject it at
    /// once (too many connections).
    mutating func start(rejecting rejection: HTTPRejection? = nil) -> [Action] {
        guard case .serving(.awaitingFirst) = state, armed == nil else { preconditionFailure("started twice, or after \(state)") }
        if let rejection { return reject(rejection) }
        return retime()
    }

    /// `count` bytes arrived (before the parts decoded from them).
    mutating func bytesReceived(_ count: Int) -> [Action] {
        guard case .serving(let reading) = state else { return [] }
        switch reading {
        case .awaitingFirst, .awaitingNext:
            state = .serving(.head(bytes: count))
            return retime()
        case .head(let bytes):
            // The read that completes a head may carry body bytes too: only bytes read while
            // the head is still incomplete after its read count against the limit.
            if bytes > maximumHeaderBytes { return reject(HTTPRejection(.headersTooLarge, "head over \(maximumHeaderBytes) bytes")) }
            state = .serving(.head(bytes: bytes + count))
            return []
        case .body, .finished:
            return []
        }
    }

    /// A request head was decoded.
    mutating func headReceived(_ head: Head) -> [Action] {
        guard case .serving(let reading) = state else { return [] }
        switch reading {
        case .awaitingFirst, .awaitingNext, .head: break
        case .finished: return []  // pipelined after the last request: ignored
        case .body: preconditionFailure("a request head in the middle of a body")
        }
        if head.bytes > maximumHeaderBytes {
            return reject(HTTPRejection(.headersTooLarge, "head of \(head.bytes) bytes, limit \(maximumHeaderBytes)"))
        }
        if case .unsupported(let name) = head.coding {
            return reject(HTTPRejection(.unsupportedContentEncoding, "Content-Encoding \(name)"))
        }
        if let length = head.contentLength, length > maximumBodyBytes {
            return reject(HTTPRejection(.bodyTooLarge, "Content-Length \(length), limit \(maximumBodyBytes)"))
        }
        if !head.keepAlive { lastRequest = true }
        state = .serving(.body(received: 0, encoded: 0, compressed: head.coding == .compressed))
        var actions = retime()
        if head.expectsContinue && owed == 0 { actions.append(.sendContinue) }
        return actions
    }

    /// `count` body bytes arrived as sent (before decompression).
    mutating func encodedBodyReceived(_ count: Int) -> [Action] {
        guard case .serving(.body(let received, let encoded, let compressed)) = state else { return [] }
        state = .serving(.body(received: received, encoded: encoded + count, compressed: compressed))
        return []
    }

    /// `count` body bytes were decoded (after decompression).
    mutating func bodyReceived(_ count: Int) -> [Action] {
        guard case .serving(.body(let received, let encoded, let compressed)) = state else { return [] }
        let total = received + count
        if compressed, !decompression.allows(decoded: total, encoded: encoded) {
            return reject(HTTPRejection(.decompressionLimit, "\(total) bytes decoded from \(encoded)"))
        }
        if !compressed, total > maximumBodyBytes {
            return reject(HTTPRejection(.bodyTooLarge, "body over \(maximumBodyBytes) bytes"))
        }
        state = .serving(.body(received: total, encoded: encoded, compressed: compressed))
        return []
    }

    /// The request's end was decoded.
    mutating func endReceived() -> [Action] {
        guard case .serving(.body) = state else { return [] }
        delivered += 1
        state = .serving(lastRequest ? .finished : .awaitingNext)
        return [.deliver] + retime()
    }

    /// A decoder or TLS error, or a limit enforced by another handler.
    mutating func failed(_ rejection: HTTPRejection) -> [Action] { reject(rejection) }

    /// The responder handed over the next response.
    mutating func responseReady() -> [Action] {
        precondition(written < delivered, "a response with no request to answer")
        written += 1
        if case .serving(.finished) = state { return [.write(closeAfter: written == delivered)] }
        return [.write(closeAfter: false)]
    }

    /// A response was written to the socket completely.
    mutating func responseSent() -> [Action] {
        sent += 1
        precondition(sent <= written, "more responses sent than written")
        guard sent == delivered else { return [] }
        switch state {
        case .serving(.finished):
            return close()
        case .serving:
            return retime()
        case .rejecting(let rejection):
            return answer(rejection)
        case .answering, .lingering, .closed:
            return []
        }
    }

    /// Reading or writing failed: the peer is gone.
    mutating func ioFailed() -> [Action] {
        guard state != .closed else { return [] }
        return close()
    }

    /// The rejection answer was sent (or there was none): linger.
    mutating func rejectionAnswered() -> [Action] {
        guard case .answering = state else { return [] }
        state = .lingering
        armed = .linger
        return [.closeOutput, .arm(.linger)]
    }

    /// The server shuts down: finish the request in progress, read no other.
    mutating func quiesce() -> [Action] {
        guard case .serving(let reading) = state else { return [] }
        switch reading {
        case .awaitingFirst, .awaitingNext:
            state = .serving(.finished)
            return owed == 0 ? close() : retime()
        case .head, .body:
            lastRequest = true
            return []
        case .finished:
            return []
        }
    }

    /// The client closed its side: a request still incomplete never will be.
    mutating func inputClosed() -> [Action] {
        switch state {
        case .serving:
            state = .serving(.finished)
            return owed == 0 ? close() : retime()
        case .lingering:
            return close()
        case .rejecting, .answering, .closed:
            return []
        }
    }

    /// A timer fired; stale timers (cancelled or replaced) are ignored.
    mutating func timerFired(_ timer: Timer) -> [Action] {
        guard timer == armed else { return [] }
        armed = nil
        switch timer {
        case .header: return drop(HTTPRejection(.headerTimeout, "head not complete in time"))
        case .body: return drop(HTTPRejection(.bodyTimeout, "body not complete in time"))
        case .idle, .linger: return close()
        }
    }

    /// The channel closed.
    mutating func closed() {
        state = .closed
        armed = nil
    }

    private mutating func reject(_ rejection: HTTPRejection) -> [Action] {
        guard case .serving = state else { return [] }  // one rejection per connection
        guard rejection.isAnswered else { return drop(rejection) }
        guard owed == 0 else {
            state = .rejecting(rejection)
            return retime()
        }
        return answer(rejection)
    }

    private mutating func answer(_ rejection: HTTPRejection) -> [Action] {
        state = .answering
        let stop: [Action] = armed == nil ? [] : [.cancelTimer]
        armed = nil
        return stop + [.answer(rejection)]
    }

    private mutating func drop(_ rejection: HTTPRejection) -> [Action] {
        state = .closed
        armed = nil
        return [.drop(rejection)]
    }

    private mutating func close() -> [Action] {
        state = .closed
        armed = nil
        return [.close]
    }

    /// Arms the timer the state calls for, if it is not the one running.
    private mutating func retime() -> [Action] {
        var wanted: Timer?
        if owed == 0, case .serving(let reading) = state {
            switch reading {
            case .awaitingFirst, .head: wanted = .header
            case .awaitingNext: wanted = .idle
            case .body: wanted = .body
            case .finished: wanted = nil
            }
        }
        guard wanted != armed else { return [] }
        armed = wanted
        return [wanted.map(Action.arm) ?? .cancelTimer]
    }
}
