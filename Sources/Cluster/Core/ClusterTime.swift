/// A point on the clock that drives a ``MembershipMachine``.
///
/// The machine never reads a clock: every input carries the current instant. The shell feeds
/// monotonic time (nanoseconds since it started); the simulator feeds virtual time. Only
/// differences between instants carry meaning.
public struct ClusterInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Nanoseconds since an arbitrary origin chosen by the driver.
    public var nanoseconds: Int64

    /// An instant `nanoseconds` after the driver's origin.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The driver's origin.
    public static let zero = ClusterInstant(nanoseconds: 0)

    public static func < (lhs: ClusterInstant, rhs: ClusterInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The instant `duration` after `lhs`.
    public static func + (lhs: ClusterInstant, rhs: ClusterDuration) -> ClusterInstant {
        ClusterInstant(nanoseconds: lhs.nanoseconds &+ rhs.nanoseconds)
    }

    /// The instant `duration` before `lhs`.
    public static func - (lhs: ClusterInstant, rhs: ClusterDuration) -> ClusterInstant {
        ClusterInstant(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// The time from `rhs` to `lhs`.
    public static func - (lhs: ClusterInstant, rhs: ClusterInstant) -> ClusterDuration {
        ClusterDuration(nanoseconds: lhs.nanoseconds &- rhs.nanoseconds)
    }

    /// Seconds since the origin, for reports.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public var description: String { "t+\(ClusterDuration(nanoseconds: nanoseconds))" }
}

/// A span of time in nanoseconds (a cheap 64-bit stand-in for `Duration` on hot paths).
public struct ClusterDuration: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Length in nanoseconds.
    public var nanoseconds: Int64

    /// A span of `nanoseconds`.
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// No time at all.
    public static let zero = ClusterDuration(nanoseconds: 0)

    /// `value` milliseconds.
    public static func milliseconds(_ value: Int64) -> ClusterDuration { ClusterDuration(nanoseconds: value * 1_000_000) }

    /// `value` microseconds.
    public static func microseconds(_ value: Int64) -> ClusterDuration { ClusterDuration(nanoseconds: value * 1_000) }

    /// `value` seconds.
    public static func seconds(_ value: Int64) -> ClusterDuration { ClusterDuration(nanoseconds: value * 1_000_000_000) }

    /// `value` seconds (fractional), rounded to the nanosecond.
    public init(seconds value: Double) { nanoseconds = Int64((value * 1e9).rounded()) }

    public static func < (lhs: ClusterDuration, rhs: ClusterDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    /// Sum of two spans.
    public static func + (lhs: ClusterDuration, rhs: ClusterDuration) -> ClusterDuration { .init(nanoseconds: lhs.nanoseconds + rhs.nanoseconds) }
    /// Difference of two spans.
    public static func - (lhs: ClusterDuration, rhs: ClusterDuration) -> ClusterDuration { .init(nanoseconds: lhs.nanoseconds - rhs.nanoseconds) }
    /// The span scaled by an integer factor.
    public static func * (lhs: ClusterDuration, rhs: Int) -> ClusterDuration { .init(nanoseconds: lhs.nanoseconds * Int64(rhs)) }
    /// The span scaled by a real factor, rounded to the nanosecond.
    public static func * (lhs: ClusterDuration, rhs: Double) -> ClusterDuration {
        .init(nanoseconds: Int64((Double(lhs.nanoseconds) * rhs).rounded()))
    }

    /// The span in seconds, for reports.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The span as a standard library `Duration`, for the shell's sleeps.
    public var duration: Duration { .nanoseconds(nanoseconds) }

    public var description: String {
        if nanoseconds % 1_000_000_000 == 0 { return "\(nanoseconds / 1_000_000_000)s" }
        if nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000)ms" }
        return "\(Double(nanoseconds) / 1e6)ms"
    }
}
