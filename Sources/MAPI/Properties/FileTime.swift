/// A PT_SYSTIME value: 100-nanosecond intervals since 1601-01-01 UTC (Windows FILETIME).
public struct FileTime: RawRepresentable, Hashable, Sendable, Comparable {
    /// Intervals of 100 ns since 1601-01-01 UTC.
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Seconds between 1601-01-01 and 1970-01-01.
    static let unixEpochOffset: Int64 = 11_644_473_600

    /// A FILETIME from seconds since the Unix epoch.
    public init(unixSeconds: Double) {
        self.rawValue = Int64((unixSeconds * 10_000_000).rounded()) + Self.unixEpochOffset * 10_000_000
    }

    /// Seconds since the Unix epoch.
    public var unixSeconds: Double { Double(rawValue - Self.unixEpochOffset * 10_000_000) / 10_000_000 }

    public static func < (lhs: FileTime, rhs: FileTime) -> Bool { lhs.rawValue < rhs.rawValue }
}
