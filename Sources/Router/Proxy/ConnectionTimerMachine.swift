/// The timers of a client connection as a value: which deadline runs in which phase.
///
/// What it guarantees:
/// - A new connection has `headerTimeout` to deliver its first request head; a kept-alive one
///   has `idleTimeout` from the end of the last response to the end of its next head (the idle
///   wait and the head share one deadline; docs/router.md, "Limits").
/// - From the head to the end of the body: `bodyTimeout` (a total, not a rate).
/// - While the router works on a request (waiting for a node, streaming the answer), no client
///   timer runs: the upstream response timeout bounds that.
/// - When a deadline passes the connection is closed; only the header and body deadlines count
///   as rejections (an idle keep-alive connection closing is normal).
struct ConnectionTimerMachine: Sendable, Hashable {
    /// Which deadline ran out.
    enum Deadline: String, Sendable, Hashable {
        case header = "header_timeout"
        case body = "body_timeout"
        case idle
    }

    /// What the shell does.
    enum Action: Sendable, Hashable {
        /// (Re)start the timer: close after `seconds` unless another action comes first.
        case arm(Deadline, seconds: Double)
        /// Stop the timer.
        case disarm
        /// Nothing changes.
        case none
    }

    private enum Phase: Hashable {
        case awaitingHead
        /// `answered`: the response went out before the body's end (an early fault).
        case readingBody(answered: Bool)
        case serving
    }

    let headerTimeout: Double
    let bodyTimeout: Double
    let idleTimeout: Double
    private var phase = Phase.awaitingHead

    init(headerTimeout: Double, bodyTimeout: Double, idleTimeout: Double) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
    }

    /// The connection was accepted.
    mutating func accepted() -> Action {
        phase = .awaitingHead
        return .arm(.header, seconds: headerTimeout)
    }

    /// A request head arrived.
    mutating func head() -> Action {
        phase = .readingBody(answered: false)
        return .arm(.body, seconds: bodyTimeout)
    }

    /// The request's end arrived.
    mutating func end() -> Action {
        switch phase {
        case .readingBody(answered: false):
            phase = .serving
            return .disarm
        case .readingBody(answered: true):
            phase = .awaitingHead
            return .arm(.idle, seconds: idleTimeout)
        case .awaitingHead, .serving:
            return .none
        }
    }

    /// The response's end was written: wait for the next request.
    mutating func responseEnded() -> Action {
        if case .readingBody = phase {
            phase = .readingBody(answered: true)  // answered early; the body deadline still runs
            return .none
        }
        phase = .awaitingHead
        return .arm(.idle, seconds: idleTimeout)
    }
}
