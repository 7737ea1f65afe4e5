/// The watchdog systemd keeps on this process (`WatchdogSec=` in the unit), read the way
/// `sd_watchdog_enabled(3)` reads it: `WATCHDOG_USEC` is the timeout in microseconds, and
/// `WATCHDOG_PID`, when set, must name this process (otherwise the watchdog is another
/// process's, inherited through the environment). The process feeds it every half timeout, as
/// sd_watchdog_enabled(3) recommends.
public struct Watchdog: Sendable, Hashable {
    /// How long systemd waits for a `WATCHDOG=1` before it kills the service.
    public var timeout: Duration

    /// A watchdog with this timeout.
    public init(timeout: Duration) { self.timeout = timeout }

    /// How often to feed it: half the timeout.
    public var feedingInterval: Duration { timeout / 2 }

    /// The watchdog of process `pid` from `WATCHDOG_USEC` and `WATCHDOG_PID`: nil when there is
    /// none for it; throws when the values are malformed.
    public init?(microseconds: String?, pid watchdogPID: String?, ownPID pid: Int32) throws(NotifyError) {
        guard let microseconds else { return nil }
        if let watchdogPID {
            guard let owner = Int32(watchdogPID), owner > 0 else {
                throw NotifyError(.invalidEnvironment, "WATCHDOG_PID: a process id, got \(watchdogPID)")
            }
            guard owner == pid else { return nil }
        }
        guard let value = Int64(microseconds), value > 0 else {
            throw NotifyError(.invalidEnvironment, "WATCHDOG_USEC: a positive number of microseconds, got \(microseconds)")
        }
        timeout = .microseconds(value)
    }
}
