/// The bits of AD's `userAccountControl` that decide whether an account may log on.
public struct UserAccountControl: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `ACCOUNTDISABLE` (0x2).
    public static let accountDisabled = UserAccountControl(rawValue: 0x2)
    /// `LOCKOUT` (0x10); AD itself reports lockout through `lockoutTime`, Samba sets the bit.
    public static let lockedOut = UserAccountControl(rawValue: 0x10)
    /// `NORMAL_ACCOUNT` (0x200).
    public static let normalAccount = UserAccountControl(rawValue: 0x200)
    /// `PASSWORD_EXPIRED` (0x800000).
    public static let passwordExpired = UserAccountControl(rawValue: 0x80_0000)

    /// Why the account may not log on, or nil when these bits allow it.
    public var inactiveReason: InactiveReason? {
        if contains(.accountDisabled) { return .disabled }
        if contains(.lockedOut) { return .locked }
        if contains(.passwordExpired) { return .expired }
        return nil
    }
}
