/// A PT_SYSTIME value: 100-nanosecond intervals since 1601-01-01 UTC (Windows FILETIME).
public struct FileTime: RawRepresentable, Hashable, Sendable, Comparable {
    /// Intervals of 100 ns since 1601-01-01 UTC.
    public let rawValue: Int64

    /// Wraps a raw FILETIME.
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Seconds between 1601-01-01 and 1970-01-01.
    static let unixEpochOffset: Int64 = 11_644_473_600

    /// A FILETIME from seconds since the Unix epoch (rounded to the nearest 100 ns, halves away
    /// from zero).
    public init(unixSeconds: Double) {
        // Rounded by hand: `Double.rounded()` calls libm's `round`, which executables that link
        // only this module do not get on Linux.
        let scaled = unixSeconds * 10_000_000
        let whole = Int64(scaled)  // toward zero; `scaled - whole` is exact
        let fraction = scaled - Double(whole)
        let ticks = fraction >= 0.5 ? whole + 1 : (fraction <= -0.5 ? whole - 1 : whole)
        self.rawValue = ticks + Self.unixEpochOffset * 10_000_000
    }

    /// Seconds since the Unix epoch.
    public var unixSeconds: Double { Double(rawValue - Self.unixEpochOffset * 10_000_000) / 10_000_000 }

    /// Earlier times first.
    public static func < (lhs: FileTime, rhs: FileTime) -> Bool { lhs.rawValue < rhs.rawValue }
}
