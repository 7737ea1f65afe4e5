/// A fingerprint of one member's view, one 64-bit word per state class.
///
/// Each word is the XOR of a mixed hash of every fact in that class (membership: id,
/// incarnation and alive/gone; metadata: id and version; ownership: server, node, epoch). It is
/// kept up to date incrementally, so comparing views costs one message: pings and acks carry
/// ``combined``; anti-entropy requests carry all three to exchange only the classes that differ.
/// Suspicion is deliberately left out: it is a transient opinion, not a fact to agree on.
public struct StateDigest: Sendable, Hashable, CustomStringConvertible {
    /// Membership facts.
    public var membership: UInt64
    /// Metadata versions.
    public var metadata: UInt64
    /// Ownership table.
    public var ownership: UInt64

    /// A digest from its three words.
    public init(membership: UInt64 = 0, metadata: UInt64 = 0, ownership: UInt64 = 0) {
        self.membership = membership; self.metadata = metadata; self.ownership = ownership
    }

    /// One word for all three classes.
    public var combined: UInt64 {
        membership ^ (metadata << 21 | metadata >> 43) ^ (ownership << 42 | ownership >> 22)
    }

    public var description: String { String(combined, radix: 16) }

    static func memberHash(id: MemberID, incarnation: UInt32, status: MemberStatus) -> UInt64 {
        let gone: UInt64 = status.isActive ? 0 : 1
        return ClusterMath.mix(id.rawValue ^ ClusterMath.mix(UInt64(incarnation) << 2 | gone))
    }

    static func metadataHash(id: MemberID, version: UInt32) -> UInt64 {
        ClusterMath.mix(ClusterMath.mix(id.rawValue) ^ UInt64(version))
    }
}
