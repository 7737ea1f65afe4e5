/// Counters of one ``CachingDirectory`` (for `/metrics` and tests).
public struct CacheMetrics: Sendable, Equatable {
    /// Answers served from a fresh entry (negative ones included).
    public var hits = 0
    /// Lookups that went to the backend.
    public var misses = 0
    /// Lookups that joined a backend request already in flight for the same key.
    public var coalesced = 0
    /// Answers served stale because the backend was unreachable.
    public var staleAnswers = 0
    /// Logons answered from memory because the backend was unreachable.
    public var staleAuthentications = 0
    /// Backend requests that failed.
    public var backendErrors = 0

    /// All zero.
    public init() {}
}
