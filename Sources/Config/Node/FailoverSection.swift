/// `[failover]`: how a node hands servers back after a failover (ARCHITECTURE §3,
/// docs/failover.md). Failover itself needs no settings: every node with a server in its
/// `[[server]]` list is a candidate for it.
public struct FailoverSection: Sendable, Hashable {
    /// How a server returns to the node configured with `role = "serve"` for it.
    public enum Failback: String, Sendable, CaseIterable {
        /// Only when an operator runs `tessera admin failover`.
        case manual
        /// By itself, once that node has been a healthy member for `failback_after`.
        case auto
    }

    /// Manual or automatic failback.
    public var failback: Failback
    /// How long the preferred node must have been a healthy member before an automatic failback.
    public var failbackAfter: Duration

    static let schema = TableSchema(
        "Failover: when the node serving a server dies, the nodes that list the server take it over; this section says how it comes back.",
        keys: [
            KeySpec("failback", .choice(Failback.allCases.map(\.rawValue)), .defaulted(.string("manual")),
                    "`manual`: a server stays with the node that took it over until `tessera admin failover`; `auto`: it returns to its `role = \"serve\"` node once that node has been healthy for `failback_after`."),
            KeySpec("failback_after", .duration(1...86_400), .defaulted(.string("5m")),
                    "How long the preferred node must have been a healthy member before an automatic failback."),
        ])

    init?(_ reader: SectionReader) {
        guard let name = reader.string("failback"), let failback = Failback(rawValue: name), let after = reader.duration("failback_after")
        else { return nil }
        self.failback = failback
        self.failbackAfter = after
    }
}
