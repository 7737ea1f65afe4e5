/// A user's store quota in bytes. `nil` limits mean "not set here": the server default applies.
public struct Quota: Hashable, Sendable {
    /// Whether this user's values replace the server defaults (Kopano's `kopanoQuotaOverride`).
    public var overridesDefault: Bool
    /// Above this size the user is warned.
    public var warnBytes: Int64?
    /// Above this size the user can no longer send.
    public var softBytes: Int64?
    /// Above this size the store accepts no more mail.
    public var hardBytes: Int64?

    /// A quota; the default is "use the server defaults".
    public init(overridesDefault: Bool = false, warnBytes: Int64? = nil, softBytes: Int64? = nil, hardBytes: Int64? = nil) {
        self.overridesDefault = overridesDefault
        self.warnBytes = warnBytes
        self.softBytes = softBytes
        self.hardBytes = hardBytes
    }

    /// No per-user quota.
    public static let serverDefault = Quota()
}
