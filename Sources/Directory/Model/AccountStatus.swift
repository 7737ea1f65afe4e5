/// Whether an account may log on, and if not, why.
public enum AccountStatus: Hashable, Sendable {
    /// The account may log on.
    case active
    /// The account exists but may not log on.
    case inactive(InactiveReason)

    /// Whether the account may log on.
    public var isActive: Bool { self == .active }
}

/// Why an account may not log on. Each reason is reported to the caller as such.
public enum InactiveReason: String, Hashable, Sendable {
    /// An administrator disabled the account (`tesseraAccountEnabled: FALSE`, `kopanoAccount: 0`,
    /// AD `ACCOUNTDISABLE`, SQL `disabled`).
    case disabled
    /// The account is locked out (AD lockout after failed attempts).
    case locked
    /// The account or its password has expired.
    case expired
    /// A Unix account with a non-login shell such as `/sbin/nologin`.
    case nonLogin
    /// A shared store only (`kopanoSharedStoreOnly: 1`): it has a store, but nobody logs on as it.
    case sharedStore
}
