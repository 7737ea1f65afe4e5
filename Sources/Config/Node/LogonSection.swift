/// `[logon]`: how failed logons are slowed down, per login and per client address.
public struct LogonSection: Sendable, Hashable {
    /// Failed logons of one login within ``window`` before its logons are refused.
    public var maximumUserFailures: Int
    /// Failed logons from one client address within ``window`` before it is refused.
    public var maximumAddressFailures: Int
    /// The window failures are counted in.
    public var window: Duration
    /// Failed logons of all users together within ``window`` (0: no such cap).
    public var maximumTotalFailures: Int

    static let schema = TableSchema(
        "Logon rate limits: failed logons are counted per login and per client address.",
        keys: [
            KeySpec("max_user_failures", .integer(1...1_000), .defaulted(.integer(5)), "Failed logons of one login within `window`; beyond them its logons are refused until the budget refills (a token bucket: one attempt back every window/max)."),
            KeySpec("max_address_failures", .integer(1...100_000), .defaulted(.integer(20)), "Failed logons from one client address (IPv6: its /64) within `window`, refilled the same way."),
            KeySpec("max_total_failures", .integer(0...10_000_000), .defaulted(.integer(3_000)), "Failed logons of all users together within `window` (caps a distributed password spray; 0: no cap)."),
            KeySpec("window", .duration(1...86_400), .defaulted(.string("5m")), "The window failures are counted in."),
        ])

    init?(_ reader: SectionReader) {
        guard let user = reader.int("max_user_failures"), let address = reader.int("max_address_failures"),
              let window = reader.duration("window"), let total = reader.int("max_total_failures")
        else { return nil }
        maximumUserFailures = user
        maximumAddressFailures = address
        self.window = window
        maximumTotalFailures = total
    }
}
