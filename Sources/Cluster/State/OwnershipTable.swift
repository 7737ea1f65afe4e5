/// One row of the ownership table: `server` is served by `node` under `epoch`.
///
/// The truth lives in the server's own database (ARCHITECTURE §3: a conditional update raises
/// the epoch); gossip only spreads it. A higher epoch always wins.
public struct OwnershipEntry: Sendable, Hashable, CustomStringConvertible {
    /// The server (a unit of storage: one database plus one blob store).
    public var server: String
    /// The member serving it.
    public var node: MemberID
    /// The fencing epoch from the server's database.
    public var epoch: UInt64

    /// An ownership fact.
    public init(server: String, node: MemberID, epoch: UInt64) {
        self.server = server; self.node = node; self.epoch = epoch
    }

    public var description: String { "\(server)→\(node)@\(epoch)" }

    /// Whether `self` should replace `other` (the entry for the same server).
    ///
    /// Higher epoch wins. The database makes equal epochs with different nodes impossible; if
    /// corrupted input ever shows one, the lower node id wins so every replica still converges.
    public func supersedes(_ other: OwnershipEntry) -> Bool {
        if epoch != other.epoch { return epoch > other.epoch }
        return node < other.node
    }
}

/// The replicated map `server → (node, epoch)` with higher-epoch-wins merging.
///
/// A CRDT (a max-register per server ordered by epoch): merges commute, are idempotent and
/// associative, so replicas that saw the same entries agree regardless of order. The table
/// keeps an order-independent digest so two replicas can compare in eight bytes.
public struct OwnershipTable: Sendable, Equatable {
    private var entries: [String: OwnershipEntry] = [:]
    /// XOR of the entry hashes; equal tables have equal digests.
    public private(set) var digest: UInt64 = 0
    /// Equal-epoch conflicts seen (must stay 0; the database forbids them).
    public private(set) var conflicts: Int = 0

    /// An empty table.
    public init() {}

    /// Number of servers known.
    public var count: Int { entries.count }

    /// The entry for `server`, if known.
    public subscript(server: String) -> OwnershipEntry? { entries[server] }

    /// All entries sorted by server name (stable order for snapshots and tests).
    public var sortedEntries: [OwnershipEntry] { entries.values.sorted { $0.server < $1.server } }

    /// Merges one entry; returns the previous entry when the table changed, `.some(nil)` for a
    /// new server, and `nil` when the entry was stale or already known.
    @discardableResult
    public mutating func merge(_ entry: OwnershipEntry) -> OwnershipEntry?? {
        if let old = entries[entry.server] {
            if old == entry { return nil }
            if old.epoch == entry.epoch { conflicts += 1 }
            guard entry.supersedes(old) else { return nil }
            digest ^= Self.hash(old)
            entries[entry.server] = entry
            digest ^= Self.hash(entry)
            return .some(old)
        }
        entries[entry.server] = entry
        digest ^= Self.hash(entry)
        return .some(nil)
    }

    static func hash(_ e: OwnershipEntry) -> UInt64 {
        ClusterMath.mix(ClusterMath.fnv1a(e.server.utf8) ^ ClusterMath.mix(e.node.rawValue ^ ClusterMath.mix(e.epoch)))
    }
}
