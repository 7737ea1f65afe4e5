import Foundation

/// How ``ServerRevocations`` caches and prunes, with documented defaults.
public struct RevocationPolicy: Sendable {
    /// Revoked ids remembered in memory. Default 10,000.
    public var cachedRevocations: Int
    /// "Not revoked" answers remembered in memory. Default 100,000.
    public var cachedAnswers: Int
    /// How long a "not revoked" answer is reused. Default 1 second; 0 asks the database every time.
    public var notRevokedLifetime: TimeInterval
    /// A revocation also forgets expired ones when the last pruning is older than this. Default
    /// 10 minutes.
    public var pruneInterval: TimeInterval

    /// A policy; the defaults as documented.
    public init(
        cachedRevocations: Int = 10_000, cachedAnswers: Int = 100_000, notRevokedLifetime: TimeInterval = 1,
        pruneInterval: TimeInterval = 600
    ) {
        precondition(cachedRevocations >= 0 && cachedAnswers >= 0, "cache sizes cannot be negative")
        precondition(notRevokedLifetime >= 0 && pruneInterval >= 0, "durations cannot be negative")
        self.cachedRevocations = cachedRevocations
        self.cachedAnswers = cachedAnswers
        self.notRevokedLifetime = notRevokedLifetime
        self.pruneInterval = pruneInterval
    }
}
