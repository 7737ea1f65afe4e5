/// How much administrative power a user has (Kopano's `kopanoAdmin` values 0, 1, 2).
public enum AdminLevel: Int, Hashable, Sendable, Comparable {
    /// An ordinary user.
    case none = 0
    /// Administrator of the user's own company (tenant).
    case companyAdmin = 1
    /// Administrator of the whole system.
    case systemAdmin = 2

    /// The level called `name` on the command line and in config files (`none`, `company`,
    /// `system`, or `0`, `1`, `2`); nil for any other name.
    public init?(name: String) {
        switch name.lowercased() {
        case "none", "0": self = .none
        case "company", "1": self = .companyAdmin
        case "system", "2": self = .systemAdmin
        default: return nil
        }
    }

    public static func < (lhs: AdminLevel, rhs: AdminLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
