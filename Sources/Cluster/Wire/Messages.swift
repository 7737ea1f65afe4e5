/// The three broadcast classes. Each has its own byte budget in every packet, so a storm in
/// one class (say, a healed partition refuting 500 members) cannot starve another (an
/// ownership change that routers need within a second) — the failure of memberlist#299.
public enum BroadcastClass: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// alive / suspect / dead / left.
    case membership = 0
    /// Member metadata (endpoint, health, servers reachable).
    case metadata = 1
    /// Ownership table entries.
    case ownership = 2

    public var description: String {
        switch self {
        case .membership: "membership"
        case .metadata: "metadata"
        case .ownership: "ownership"
        }
    }
}

/// A fact piggybacked on probe traffic and gossip packets.
public enum Broadcast: Sendable, Hashable {
    /// `member` is alive at `incarnation`, reachable at `address` (join and refutation).
    case alive(MemberID, incarnation: UInt32, address: MemberAddress, role: MemberRole)
    /// `from` suspects `member` at `incarnation`.
    case suspect(MemberID, incarnation: UInt32, from: MemberID)
    /// `from` declares `member` dead at `incarnation`; `from == member` means a graceful leave.
    case dead(MemberID, incarnation: UInt32, from: MemberID)
    /// `member` published `metadata`.
    case metadata(MemberID, VersionedMetadata)
    /// An ownership fact.
    case ownership(OwnershipEntry)

    /// The class whose byte budget this broadcast uses.
    public var broadcastClass: BroadcastClass {
        switch self {
        case .alive, .suspect, .dead: .membership
        case .metadata: .metadata
        case .ownership: .ownership
        }
    }

    /// The member a membership or metadata broadcast is about.
    public var subject: MemberID? {
        switch self {
        case .alive(let m, _, _, _), .suspect(let m, _, _), .dead(let m, _, _), .metadata(let m, _): m
        case .ownership: nil
        }
    }
}

/// The probe-layer message at the head of every datagram.
public enum ProbeMessage: Sendable, Hashable {
    /// "Are you alive, `target`?" The answer echoes `sequence`. `digest` is the sender's
    /// ``StateDigest/combined`` so the receiver learns whether their views agree.
    case ping(sequence: UInt32, target: MemberID, digest: UInt64)
    /// "Please ping `target` at `address` for me" (SWIM's ping-req).
    case pingRequest(sequence: UInt32, target: MemberID, address: MemberAddress)
    /// The answer to a ping (or a relayed answer to a ping-req).
    case ack(sequence: UInt32, digest: UInt64)
    /// Lifeguard: a relay tells the requester it got no answer in time (so the requester
    /// learns that *it* is not the slow one).
    case nack(sequence: UInt32)
    /// Nothing but piggybacked broadcasts.
    case gossip
}

/// One datagram's plaintext: who sent it, its probe message and piggybacked broadcasts.
public struct Packet: Sendable, Hashable {
    /// The sending member.
    public var sender: MemberID
    /// The probe-layer message.
    public var message: ProbeMessage
    /// Piggybacked broadcasts, at most 255.
    public var broadcasts: [Broadcast]

    /// A packet.
    public init(sender: MemberID, message: ProbeMessage, broadcasts: [Broadcast] = []) {
        self.sender = sender; self.message = message; self.broadcasts = broadcasts
    }
}

/// A member as carried in a full-state exchange.
public struct MemberRecord: Sendable, Hashable {
    /// The member.
    public var id: MemberID
    /// Its gossip address.
    public var address: MemberAddress
    /// Node or router.
    public var role: MemberRole
    /// Its incarnation as the sender knows it.
    public var incarnation: UInt32
    /// Its status in the sender's view.
    public var status: MemberStatus

    /// A record.
    public init(id: MemberID, address: MemberAddress, role: MemberRole, incarnation: UInt32, status: MemberStatus) {
        self.id = id; self.address = address; self.role = role; self.incarnation = incarnation; self.status = status
    }
}

/// A message of the TCP push/pull anti-entropy exchange.
public enum StreamMessage: Sendable, Hashable {
    /// "Here is my digest; send the classes where we differ, and ask for mine."
    case syncRequest(sender: MemberID, digest: StateDigest)
    /// A (partial) full-state transfer. Absent classes are `nil`. `wantsReply` asks the peer
    /// to answer with its own state of the same classes (join and push/pull).
    case state(StateTransfer)
}

/// The full state of some classes, as sent by push/pull and join.
public struct StateTransfer: Sendable, Hashable {
    /// The sending member.
    public var sender: MemberID
    /// The sender's digest when it sent this.
    public var digest: StateDigest
    /// Whether the receiver should answer with its own state of the same classes.
    public var wantsReply: Bool
    /// Every member the sender knows, sorted by id; `nil` when the class is not included.
    public var members: [MemberRecord]?
    /// Every member's metadata the sender knows, sorted by id; `nil` when not included.
    public var metadata: [MemberID: VersionedMetadata]?
    /// The whole ownership table sorted by server; `nil` when not included.
    public var ownership: [OwnershipEntry]?

    /// A transfer.
    public init(
        sender: MemberID, digest: StateDigest, wantsReply: Bool, members: [MemberRecord]? = nil,
        metadata: [MemberID: VersionedMetadata]? = nil, ownership: [OwnershipEntry]? = nil
    ) {
        self.sender = sender; self.digest = digest; self.wantsReply = wantsReply
        self.members = members; self.metadata = metadata; self.ownership = ownership
    }
}
