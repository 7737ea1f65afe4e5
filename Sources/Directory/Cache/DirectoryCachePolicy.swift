/// How long ``CachingDirectory`` trusts an answer. Plain values with documented defaults.
public struct DirectoryCachePolicy: Sendable, Equatable {
    /// Seconds a found object is served without asking the backend. Default 300.
    public var timeToLive: Double
    /// Seconds a "no such object" is served without asking. Default 60 (new users appear soon).
    public var negativeTimeToLive: Double
    /// Seconds past its time to live that an answer may still be served while the backend is
    /// unreachable (logged and counted). 0 = never stale. Default 3600.
    public var staleTimeToLive: Double
    /// Most cached keys; the oldest are dropped beyond it. Default 100,000.
    public var maximumEntries: Int
    /// Whether a logon may succeed from memory while the backend is unreachable: only for a
    /// login whose same password succeeded within ``staleTimeToLive`` (kept as a salted
    /// SHA-512-crypt verifier, never in clear). Default false: logons need the directory.
    public var staleAuthentication: Bool

    /// A policy; every value has its default.
    public init(
        timeToLive: Double = 300, negativeTimeToLive: Double = 60, staleTimeToLive: Double = 3600,
        maximumEntries: Int = 100_000, staleAuthentication: Bool = false
    ) {
        self.timeToLive = timeToLive
        self.negativeTimeToLive = negativeTimeToLive
        self.staleTimeToLive = staleTimeToLive
        self.maximumEntries = maximumEntries
        self.staleAuthentication = staleAuthentication
    }
}
