import Foundation
import MAPI
import Testing

@testable import Node

@Suite("Logon rate limiter") struct LogonRateLimiterTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    /// Per login and per address only, so that each test sees the limit it is about.
    let noGlobal = LogonRateLimiter.Policy(global: nil)

    /// Begins an attempt and settles it with `outcome`; returns the decision.
    @discardableResult
    func attempt(
        _ limiter: inout LogonRateLimiter, _ login: String, from address: String? = nil, at time: Date,
        _ outcome: LogonRateLimiter.Outcome = .failed
    ) -> LogonRateLimiter.Decision {
        let decision = limiter.begin(login: login, address: address, now: time)
        if case .allowed(let attempt) = decision { limiter.finish(attempt, outcome: outcome, now: time) }
        return decision
    }

    func isAllowed(_ decision: LogonRateLimiter.Decision) -> Bool {
        if case .allowed = decision { return true }
        return false
    }

    @Test func fiveFailuresPerLoginThenOneAMinute() {
        var limiter = LogonRateLimiter(policy: noGlobal)
        for _ in 0..<5 { #expect(isAllowed(attempt(&limiter, "alice", at: t0))) }
        let refused = attempt(&limiter, "ALICE ", at: t0)  // the same login, as directories compare it
        #expect(refused == .refused(retryAfter: 60, scope: .login))
        #expect(refused.error == MAPIError(.logonFailed, "too many failed logons; retry after 60 s"))
        #expect(attempt(&limiter, "alice", at: t0.addingTimeInterval(59)) == .refused(retryAfter: 1, scope: .login))
        #expect(isAllowed(attempt(&limiter, "alice", at: t0.addingTimeInterval(60))))
        #expect(!isAllowed(attempt(&limiter, "alice", at: t0.addingTimeInterval(61))))
        // Other logins are not affected.
        #expect(isAllowed(attempt(&limiter, "bob", at: t0)))
        // After the whole window the bucket is full again.
        for _ in 0..<5 { #expect(isAllowed(attempt(&limiter, "alice", at: t0.addingTimeInterval(60 + 300)))) }
    }

    @Test func successesSpendNothingAndRefillTheLogin() {
        var limiter = LogonRateLimiter(policy: noGlobal)
        for _ in 0..<100 { #expect(isAllowed(attempt(&limiter, "alice", from: "192.0.2.1", at: t0, .succeeded))) }
        for _ in 0..<4 { attempt(&limiter, "alice", from: "192.0.2.1", at: t0) }
        #expect(isAllowed(attempt(&limiter, "alice", from: "192.0.2.1", at: t0, .succeeded)))
        for _ in 0..<5 { #expect(isAllowed(attempt(&limiter, "alice", from: "192.0.2.1", at: t0))) }
        #expect(!isAllowed(attempt(&limiter, "alice", from: "192.0.2.1", at: t0)))
        // A directory that could not answer gives the attempt back too.
        var other = LogonRateLimiter(policy: noGlobal)
        for _ in 0..<50 { #expect(isAllowed(attempt(&other, "carol", at: t0, .notDecided))) }
    }

    @Test func twentyFailuresPerAddressAMinute() {
        var limiter = LogonRateLimiter(policy: noGlobal)
        for n in 0..<20 { #expect(isAllowed(attempt(&limiter, "user\(n)", from: "192.0.2.7", at: t0))) }
        #expect(attempt(&limiter, "someone", from: "192.0.2.7", at: t0) == .refused(retryAfter: 3, scope: .address))
        #expect(isAllowed(attempt(&limiter, "someone", from: "192.0.2.8", at: t0)))
        // IPv6: one /64 is one client, in any spelling, and an IPv4-mapped address is the IPv4 one.
        for n in 0..<20 { attempt(&limiter, "v6user\(n)", from: "2001:db8:1:2::\(n + 1)", at: t0) }
        #expect(!isAllowed(attempt(&limiter, "x", from: "2001:0DB8:0001:0002:ffff::1", at: t0)))
        #expect(isAllowed(attempt(&limiter, "x", from: "2001:db8:1:3::1", at: t0)))
        #expect(!isAllowed(attempt(&limiter, "y", from: "::ffff:192.0.2.7", at: t0)))
    }

    @Test func aGlobalCapOverEveryone() {
        var limiter = LogonRateLimiter(policy: .init(global: .init(3, per: 60)))
        for n in 0..<3 { #expect(isAllowed(attempt(&limiter, "user\(n)", from: "198.51.100.\(n)", at: t0))) }
        #expect(attempt(&limiter, "user9", from: "198.51.100.9", at: t0) == .refused(retryAfter: 20, scope: .global))
        // Successes do not count against it either.
        var busy = LogonRateLimiter(policy: .init(global: .init(3, per: 60)))
        for n in 0..<100 { #expect(isAllowed(attempt(&busy, "user\(n)", at: t0, .succeeded))) }
    }

    @Test func aParallelBurstCannotOutrunTheLimit() {
        // Attempts begun before any has failed still each take from the budget.
        var limiter = LogonRateLimiter(policy: noGlobal)
        let begun = (0..<8).map { _ in limiter.begin(login: "alice", address: nil, now: t0) }
        #expect(begun.filter(isAllowed).count == 5)
    }

    @Test func memoryIsBounded() {
        var limiter = LogonRateLimiter(policy: .init(global: nil, maxTrackedKeys: 100))
        for n in 0..<10_000 { attempt(&limiter, "spray\(n)", from: "203.0.113.\(n % 250)", at: t0.addingTimeInterval(Double(n) / 1000)) }
        #expect(limiter.trackedKeys <= 200)  // at most 100 logins and 100 addresses
        // Limits still hold for the keys tracked after evictions.
        for _ in 0..<5 { #expect(isAllowed(attempt(&limiter, "victim", at: t0.addingTimeInterval(10)))) }
        #expect(!isAllowed(attempt(&limiter, "victim", at: t0.addingTimeInterval(10))))
        // Full buckets carry nothing: a day later they are swept as new keys come.
        for n in 0..<100 { attempt(&limiter, "later\(n)", at: t0.addingTimeInterval(86_400)) }
        #expect(limiter.trackedKeys <= 200)
    }
}
