/// When an S3 request is tried again, and after how long: a pure decision (the random source
/// is passed in), so that tests are straight lines.
///
/// Retried: failures to connect or to get a complete response (the request may not have
/// arrived, and every S3 request Tessera sends is idempotent), 5xx (including 503 SlowDown),
/// 408 Request Timeout and 429 Too Many Requests. Never retried: any other 4xx (credentials,
/// a missing bucket, a bad request: trying again cannot help). At most ``maximumAttempts``
/// tries in all; the wait before try n+1 is "full jitter" exponential backoff (AWS
/// Architecture Blog, "Exponential Backoff and Jitter"): uniformly random in
/// 0…min(``maximumDelay``, ``baseDelay`` × 2ⁿ⁻¹).
public struct S3RetryPolicy: Sendable, Hashable {
    /// What one try ended with.
    public enum Outcome: Sendable, Hashable {
        /// No complete response: connection refused or reset, timeouts.
        case connectionFailed
        /// A response with this status.
        case status(Int)
    }

    /// What to do next.
    public enum Decision: Sendable, Hashable {
        /// Try again after this long.
        case retry(after: Duration)
        /// Give up: the outcome is final.
        case fail
    }

    /// Tries in all, the first included. Default 5.
    public var maximumAttempts: Int
    /// The backoff's first ceiling. Default 100 ms.
    public var baseDelay: Duration
    /// The backoff's largest ceiling. Default 5 s.
    public var maximumDelay: Duration

    /// A policy; the defaults bound a failing request to about 10 s of waiting.
    public init(maximumAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5)) {
        precondition(maximumAttempts >= 1, "S3RetryPolicy needs at least one attempt")
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
    }

    /// Whether an outcome is worth another try at all.
    public static func isRetryable(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .connectionFailed: true
        case .status(let status): status >= 500 || status == 408 || status == 429
        }
    }

    /// The decision after try number `attempt` (1 for the first) ended with `outcome`.
    public func decide(after attempt: Int, _ outcome: Outcome, random: inout some RandomNumberGenerator) -> Decision {
        guard Self.isRetryable(outcome), attempt < maximumAttempts else { return .fail }
        let ceiling = min(maximumDelay, baseDelay * (1 << min(attempt - 1, 30)))
        let nanoseconds = Self.nanoseconds(ceiling)
        return .retry(after: .nanoseconds(nanoseconds == 0 ? 0 : Int64.random(in: 0...nanoseconds, using: &random)))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
