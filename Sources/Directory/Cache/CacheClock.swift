import Foundation

/// The cache's source of time, in seconds on a monotonic scale. Injected so that tests step time
/// by hand; the cache logic never reads the system clock itself.
public struct CacheClock: Sendable {
    /// Seconds since an arbitrary fixed point; never goes backwards.
    public let now: @Sendable () -> Double

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Double) { self.now = now }

    /// The system's monotonic clock.
    public static let system = CacheClock {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
