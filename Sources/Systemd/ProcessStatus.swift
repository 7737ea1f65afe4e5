/// What a process says about itself for its status line: a summary (`serving s1 (epoch 3)`)
/// and the number of requests it has answered so far (the notifier turns it into a rate).
public struct ProcessStatus: Sendable, Hashable {
    /// One short line.
    public var summary: String
    /// Requests answered since start; only its growth matters.
    public var requestsServed: Int

    /// A status.
    public init(summary: String, requestsServed: Int) {
        self.summary = summary
        self.requestsServed = requestsServed
    }
}

/// How a liveness probe ended.
public enum ProbeOutcome: Sendable, Hashable {
    /// The process answered: it is alive.
    case answered
    /// It did not answer, and why.
    case failed(String)
}
