/// `[provisioning]`: how a node keeps its servers' stores in step with the directory
/// (ARCHITECTURE §7).
public struct ProvisioningSection: Sendable, Hashable {
    /// How often the directory is listed for new and removed users.
    public var interval: Duration
    /// The largest share of a server's users (0…1) one sync may orphan without an operator's
    /// confirmation.
    public var maximumOrphanShare: Double

    static let schema = TableSchema(
        "Provisioning: stores are created for users homed on this node's servers; users gone from the directory are orphaned, never deleted.",
        keys: [
            KeySpec("interval", .duration(10...86_400), .defaulted(.string("5m")), "How often the directory is listed for new and removed users."),
            KeySpec("max_orphan_share", .number(0...1), .defaulted(.float(0.05)),
                    "Largest share of a server's users one sync may orphan; a sync that would orphan more stops and waits for an operator's confirmation."),
        ])

    init?(_ reader: SectionReader) {
        guard let interval = reader.duration("interval"), let share = reader.number("max_orphan_share") else { return nil }
        self.interval = interval
        maximumOrphanShare = share
    }
}
