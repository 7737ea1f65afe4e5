/// `[logon]`: how failed logons are slowed down, per login and per client address.
public struct LogonSection: Sendable, Hashable {
    /// Failed logons of one login within ``window`` before its logons are refused.
    public var maximumUserFailures: Int
    /// Failed logons from one client address within ``window`` before it is refused.
    public var maximumAddressFailures: Int
    /// The window failures are counted in.
    public var window: Duration
    /// How long logons stay refused once a limit is reached.
    public var lockout: Duration

    static let schema = TableSchema(
        "Logon rate limits: failed logons are counted per login and per client address.",
        keys: [
            KeySpec("max_user_failures", .integer(1...1_000), .defaulted(.integer(5)), "Failed logons of one login within `window` before its logons are refused for `lockout`."),
            KeySpec("max_address_failures", .integer(1...100_000), .defaulted(.integer(20)), "Failed logons from one client address within `window` before it is refused for `lockout`."),
            KeySpec("window", .duration(1...86_400), .defaulted(.string("5m")), "The window failures are counted in."),
            KeySpec("lockout", .duration(1...86_400), .defaulted(.string("5m")), "How long logons stay refused once a limit is reached."),
        ])

    init?(_ reader: SectionReader) {
        guard let user = reader.int("max_user_failures"), let address = reader.int("max_address_failures"),
              let window = reader.duration("window"), let lockout = reader.duration("lockout")
        else { return nil }
        maximumUserFailures = user
        maximumAddressFailures = address
        self.window = window
        self.lockout = lockout
    }
}
