/// How much administrative power a user has (Kopano's `kopanoAdmin` values 0, 1, 2).
public enum AdminLevel: Int, Hashable, Sendable, Comparable {
    /// An ordinary user.
    case none = 0
    /// Administrator of the user's own company (tenant).
    case companyAdmin = 1
    /// Administrator of the whole system.
    case systemAdmin = 2

    public static func < (lhs: AdminLevel, rhs: AdminLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
