/// One text line per cluster event and per metrics sample, for `tessera cluster member` and
/// the tests that read its output. Stable, space-separated, `key=value` after the first words:
///
///     listening 127.0.0.1:7946 id=m…
///     member n3 alive id=m… incarnation=0 address=127.0.0.1:7947
///     metadata n3 id=m… role=node version=…
///     ownership s1 node=m… epoch=4
///     refuted incarnation=2
///     left
///     stats dropped oversize=0 undecryptable=3 malformed=1 replayed=1 ownPacket=0 received=812 sent=790 alive=5 suspect=0 dead=0 left=0
///
/// A member is named by its configured name once that is known (from ``knownNames`` or from its
/// metadata), otherwise by its id; the `id=` field is always there. Keys are never printed.
public struct ClusterEventLog: Sendable {
    private var names: [MemberID: String] = [:]

    /// A log that already knows these members' names (the local one, typically).
    public init(knownNames: [String] = []) {
        for n in knownNames { names[MemberID(name: n)] = n }
    }

    /// The name of `id` if known, else its id.
    public func label(_ id: MemberID) -> String { names[id] ?? id.description }

    /// The line announcing the bound address.
    public func listeningLine(_ address: MemberAddress, id: MemberID) -> String { "listening \(address) id=\(id)" }

    /// The line for `event` (learns member names from metadata events).
    public mutating func line(for event: ClusterEvent) -> String {
        switch event {
        case .memberChanged(let c):
            return "member \(label(c.id)) \(c.status) id=\(c.id) incarnation=\(c.incarnation) address=\(c.address)"
        case .metadataChanged(let id, let versioned):
            names[id] = versioned.metadata.name
            return "metadata \(label(id)) id=\(id) role=\(versioned.metadata.role) version=\(versioned.version)"
        case .ownershipChanged(let entry, _):
            return "ownership \(entry.server) node=\(label(entry.node)) epoch=\(entry.epoch)"
        case .refuted(let incarnation):
            return "refuted incarnation=\(incarnation)"
        case .left:
            return "left"
        }
    }

    /// The counters line: datagrams dropped by reason, traffic, and members by state.
    public static func statsLine(_ metrics: ClusterMetrics) -> String {
        var parts = ["stats", "dropped"]
        for reason in DatagramFrame.Drop.allCases { parts.append("\(reason.rawValue)=\(metrics.dropped[reason, default: 0])") }
        parts.append("received=\(metrics.datagramsReceived)")
        parts.append("sent=\(metrics.datagramsSent)")
        for status in MemberStatus.allCases { parts.append("\(status)=\(metrics.members[status, default: 0])") }
        return parts.joined(separator: " ")
    }
}
