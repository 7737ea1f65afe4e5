import Foundation
import MAPI

/// Limits failed logons per login name, per client address and in total — a value whose inputs
/// return decisions; the clock is a parameter (STYLE 1, 3).
///
/// **Algorithm: a token bucket per key**, kept as one number, the Generic Cell Rate Algorithm of
/// ATM networks (as in `redis-cell` and Stripe's limiters). A bucket holds ``Limit/attempts``
/// attempts and refills one every `window / attempts`: with the default 5 per 5 minutes a login
/// name may fail five times at once, then once a minute. Chosen over a sliding-window log because
/// it needs one `Double` per key instead of one timestamp per attempt (an attacker spraying
/// names and addresses makes many keys), tells exactly when the next attempt is allowed, and
/// allows the same long-run rate.
///
/// **Only failures spend the budget.** ``begin(login:address:now:)`` takes one attempt from the
/// login's, the address's and the global bucket before the directory is asked (so a burst of
/// parallel attempts cannot all pass before the first fails); ``finish(_:outcome:now:)`` gives it
/// back when the logon succeeded or the directory could not answer. A success also refills the
/// login's bucket: a user who mistyped four times and then got in starts afresh (an attacker
/// gains at most one bucket per logon of the real user, who needs the password).
///
/// **Keys.** Login names compare case-insensitively, as directories do. Client addresses are
/// IPv4 addresses, or the /64 prefix of IPv6 ones (a single host commonly owns a whole /64).
///
/// **Memory is bounded**: a key whose bucket is full again carries no information and is
/// dropped; when ``Policy/maxTrackedKeys`` keys of one kind are tracked, the full ones are swept
/// and, if that is not enough, those closest to full are dropped first.
public struct LogonRateLimiter: Sendable {
    /// A bucket's size and refill: `attempts` per `window` seconds.
    public struct Limit: Sendable, Hashable {
        /// Attempts the bucket holds (and allows at once).
        public var attempts: Int
        /// Seconds in which the bucket refills completely.
        public var window: TimeInterval

        /// `attempts` per `window` seconds (both positive).
        public init(_ attempts: Int, per window: TimeInterval) {
            precondition(attempts > 0 && window > 0, "a limit needs a positive number of attempts and window")
            self.attempts = attempts
            self.window = window
        }

        /// Seconds between two refills.
        var interval: TimeInterval { window / Double(attempts) }
        /// How far ahead of now a bucket's schedule may run and still admit an attempt.
        var tolerance: TimeInterval { window - interval }
    }

    /// The limits, with documented defaults.
    public struct Policy: Sendable, Hashable {
        /// Failed logons per login name. Default 5 per 5 minutes.
        public var perLogin: Limit
        /// Failed logons per client address (IPv6: per /64). Default 20 per minute.
        public var perAddress: Limit
        /// Failed logons of all users together, nil for none. Default 600 per minute: it caps what
        /// a distributed password spray can ask the directory (and the lockouts it can cause in
        /// AD), at the price of refusing logons for as long as such an attack runs.
        public var global: Limit?
        /// Keys of one kind (login names, addresses) tracked at most. Default 100,000.
        public var maxTrackedKeys: Int

        /// A policy; the defaults as documented.
        public init(
            perLogin: Limit = Limit(5, per: 300), perAddress: Limit = Limit(20, per: 60), global: Limit? = Limit(600, per: 60),
            maxTrackedKeys: Int = 100_000
        ) {
            precondition(maxTrackedKeys > 0, "the limiter must track at least one key")
            self.perLogin = perLogin
            self.perAddress = perAddress
            self.global = global
            self.maxTrackedKeys = maxTrackedKeys
        }
    }

    /// Which limit refused an attempt.
    public enum Scope: String, Sendable, Hashable {
        case login, address, global
    }

    /// An attempt under way: what ``finish(_:outcome:now:)`` needs to settle it.
    public struct Attempt: Sendable, Hashable {
        /// The normalised login name.
        public let login: String
        /// The normalised client address, if one was given.
        public let address: String?
    }

    /// How an attempt ended, for the budget.
    public enum Outcome: Sendable, Hashable {
        /// The password was right: the attempt is given back and the login's bucket refilled.
        case succeeded
        /// Wrong password, unknown user, inactive account: the attempt stays spent.
        case failed
        /// The directory could not answer: not the client's doing, the attempt is given back.
        case notDecided
    }

    /// What ``begin(login:address:now:)`` decided.
    public enum Decision: Sendable, Hashable {
        /// Go ahead; settle the attempt with ``finish(_:outcome:now:)``.
        case allowed(Attempt)
        /// Too many failures: the next attempt is allowed `retryAfter` seconds from now.
        case refused(retryAfter: TimeInterval, scope: Scope)

        /// `MAPI_E_LOGON_FAILED` "too many failed logons, retry after N s" for a refusal; nil
        /// when allowed. (MAPI has no "busy" code for logons; LOGON_FAILED is what clients show
        /// the user, and the wait is in the text.)
        public var error: MAPIError? {
            guard case .refused(let retryAfter, _) = self else { return nil }
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            return MAPIError(.logonFailed, "too many failed logons; retry after \(seconds) s")
        }
    }

    /// The limits in force.
    public let policy: Policy
    /// Per key: the time (seconds since the reference date) at which its bucket is full again.
    private var logins: [String: Double] = [:]
    private var addresses: [String: Double] = [:]
    private var everyone: Double = 0

    /// A limiter with nothing tracked.
    public init(policy: Policy = .init()) { self.policy = policy }

    /// Login names and addresses tracked now.
    public var trackedKeys: Int { logins.count + addresses.count }

    /// Asks to attempt a logon as `login` from `address` at `now`; takes one attempt from every
    /// bucket when all have one.
    public mutating func begin(login: String, address: String?, now: Date) -> Decision {
        let t = now.timeIntervalSinceReferenceDate
        let attempt = Attempt(login: Self.loginKey(login), address: address.map(ClientAddress.key))
        var wait: (TimeInterval, Scope)?
        func check(_ scheduled: Double?, _ limit: Limit, _ scope: Scope) {
            let ahead = (scheduled ?? t) - limit.tolerance - t
            if ahead > 0, ahead > (wait?.0 ?? 0) { wait = (ahead, scope) }
        }
        check(logins[attempt.login], policy.perLogin, .login)
        if let address = attempt.address { check(addresses[address], policy.perAddress, .address) }
        if let global = policy.global { check(everyone, global, .global) }
        if let (retryAfter, scope) = wait { return .refused(retryAfter: retryAfter, scope: scope) }

        Self.spend(&logins, attempt.login, policy.perLogin, at: t, maxKeys: policy.maxTrackedKeys)
        if let address = attempt.address { Self.spend(&addresses, address, policy.perAddress, at: t, maxKeys: policy.maxTrackedKeys) }
        if let global = policy.global { everyone = max(everyone, t) + global.interval }
        return .allowed(attempt)
    }

    /// Settles an attempt begun with ``begin(login:address:now:)``.
    public mutating func finish(_ attempt: Attempt, outcome: Outcome, now: Date) {
        guard outcome != .failed else { return }
        let t = now.timeIntervalSinceReferenceDate
        if outcome == .succeeded {
            logins[attempt.login] = nil
        } else {
            Self.giveBack(&logins, attempt.login, policy.perLogin, at: t)
        }
        if let address = attempt.address { Self.giveBack(&addresses, address, policy.perAddress, at: t) }
        if let global = policy.global { everyone = max(everyone - global.interval, 0) }
    }

    private static func loginKey(_ login: String) -> String {
        login.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    private static func spend(_ buckets: inout [String: Double], _ key: String, _ limit: Limit, at t: Double, maxKeys: Int) {
        if buckets[key] == nil, buckets.count >= maxKeys { evict(&buckets, at: t, keeping: maxKeys * 9 / 10) }
        buckets[key] = max(buckets[key] ?? t, t) + limit.interval
    }

    private static func giveBack(_ buckets: inout [String: Double], _ key: String, _ limit: Limit, at t: Double) {
        guard let scheduled = buckets[key] else { return }
        let back = scheduled - limit.interval
        buckets[key] = back > t ? back : nil
    }

    /// Drops full buckets, then those closest to full, down to `keeping` keys.
    private static func evict(_ buckets: inout [String: Double], at t: Double, keeping: Int) {
        buckets = buckets.filter { $0.value > t }
        guard buckets.count > keeping else { return }
        let kept = buckets.sorted { $0.value > $1.value }.prefix(keeping)
        buckets = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
    }
}
