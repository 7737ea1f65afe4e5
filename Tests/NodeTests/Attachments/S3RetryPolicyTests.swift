import Testing

@testable import Node

@Suite("S3RetryPolicy")
struct S3RetryPolicyTests {
    /// A generator that always returns the same word: all ones draws the top of a range.
    struct Fixed: RandomNumberGenerator {
        var word: UInt64
        mutating func next() -> UInt64 { word }
    }

    @Test("connection failures, 5xx, 408 and 429 are retried; other 4xx never")
    func whatIsRetried() {
        let policy = S3RetryPolicy()
        var random = SplitMix64(seed: 1)
        for outcome in [S3RetryPolicy.Outcome.connectionFailed, .status(500), .status(503), .status(408), .status(429)] {
            #expect(policy.decide(after: 1, outcome, random: &random) != .fail, "\(outcome)")
        }
        for status in [400, 401, 403, 404, 409, 412, 416] {
            #expect(policy.decide(after: 1, .status(status), random: &random) == .fail, "\(status)")
        }
    }

    @Test("attempts are bounded")
    func bounded() {
        let policy = S3RetryPolicy(maximumAttempts: 3)
        var random = SplitMix64(seed: 2)
        #expect(policy.decide(after: 2, .status(503), random: &random) != .fail)
        #expect(policy.decide(after: 3, .status(503), random: &random) == .fail)
        #expect(S3RetryPolicy(maximumAttempts: 1).decide(after: 1, .status(503), random: &random) == .fail)
    }

    @Test("full jitter under an exponential ceiling capped at maximumDelay")
    func backoff() {
        let policy = S3RetryPolicy(maximumAttempts: 20, baseDelay: .milliseconds(100), maximumDelay: .seconds(5))
        var high = Fixed(word: .max)
        // The largest draw reaches the ceiling: 100 ms, 200 ms, 400 ms, … 5 s.
        for (attempt, ceiling) in [(1, Duration.milliseconds(100)), (2, .milliseconds(200)), (3, .milliseconds(400)), (7, .seconds(5)), (19, .seconds(5))] {
            guard case .retry(let delay) = policy.decide(after: attempt, .connectionFailed, random: &high) else {
                Issue.record("attempt \(attempt) not retried")
                continue
            }
            #expect(delay <= ceiling && delay > ceiling - .milliseconds(1), "attempt \(attempt): \(delay)")
        }
        // Ordinary draws fall anywhere in between.
        var seeded = SplitMix64(seed: 7)
        for attempt in 1...10 {
            guard case .retry(let delay) = policy.decide(after: attempt, .status(503), random: &seeded) else { continue }
            #expect(delay >= .zero && delay <= .seconds(5))
        }
    }
}
