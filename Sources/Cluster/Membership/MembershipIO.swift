/// A wake-up the machine asks its driver for. Timers are never cancelled: when one fires the
/// machine checks its own state and ignores it if it is stale, so drivers stay trivial.
public enum ClusterTimer: Hashable, Sendable {
    /// The protocol period: start the next probe round.
    case probe
    /// The next step of the probe round with this sequence (retry, go indirect, give up).
    case probeStep(sequence: UInt32)
    /// The nack deadline of a ping relayed for someone else's ping-req.
    case relay(sequence: UInt32)
    /// A suspicion deadline.
    case suspicion(MemberID)
    /// The gossip period.
    case gossip
    /// The anti-entropy period.
    case pushPull
    /// The next queued copy of a push to the routers.
    case routerPush
}

/// An input to the machine; every call also carries the current instant.
public enum MembershipInput: Sendable, Hashable {
    /// Begin: schedule the periods and join through the seed addresses.
    case start(seeds: [MemberAddress])
    /// A timer the machine asked for is due.
    case timer(ClusterTimer)
    /// A datagram arrived from `from` (already decrypted and decoded).
    case packet(Packet, from: MemberAddress)
    /// An anti-entropy stream message arrived from `from`.
    case stream(StreamMessage, from: MemberAddress)
    /// Publish new metadata (health, endpoint, servers reachable).
    case updateMetadata(MemberMetadata)
    /// This member won `server` at `epoch` in the server's database: spread it.
    case announceOwnership(server: String, epoch: UInt64)
    /// An ownership fact learned elsewhere (read from a database): merge and spread it.
    case learnOwnership(OwnershipEntry)
    /// Leave gracefully.
    case leave
}

/// What the driver must do after an input.
public enum MembershipDirective: Sendable, Hashable {
    /// Send this packet as one datagram to `to`.
    case send(Packet, to: MemberAddress)
    /// Send this message over a reliable stream to `to`.
    case sendStream(StreamMessage, to: MemberAddress)
    /// Call back with ``MembershipInput/timer(_:)`` at `at` (or as soon as possible after).
    case setTimer(ClusterTimer, at: ClusterInstant)
    /// Tell the application.
    case emit(ClusterEvent)
}

/// A change of one member in this member's view.
public struct MemberChange: Sendable, Hashable, CustomStringConvertible {
    /// The member.
    public var id: MemberID
    /// Node or router.
    public var role: MemberRole
    /// Where it is reached.
    public var address: MemberAddress
    /// Status before (`nil`: newly learned).
    public var previous: MemberStatus?
    /// Status now.
    public var status: MemberStatus
    /// The incarnation the change is about.
    public var incarnation: UInt32

    /// A change.
    public init(id: MemberID, role: MemberRole, address: MemberAddress, previous: MemberStatus?, status: MemberStatus, incarnation: UInt32) {
        self.id = id; self.role = role; self.address = address; self.previous = previous; self.status = status; self.incarnation = incarnation
    }

    public var description: String { "\(id) \(previous.map(\.description) ?? "new")→\(status)@\(incarnation)" }
}

/// What the machine tells the application (the node and router subscribe to these).
public enum ClusterEvent: Sendable, Hashable {
    /// A member's status changed in this view.
    case memberChanged(MemberChange)
    /// A member published new metadata.
    case metadataChanged(MemberID, VersionedMetadata)
    /// The ownership table changed.
    case ownershipChanged(OwnershipEntry, previous: OwnershipEntry?)
    /// This member was suspected or declared dead and refuted with a new incarnation.
    case refuted(incarnation: UInt32)
    /// This member has left; the driver may stop after the leave has spread.
    case left
}

/// Counters of one machine (Lifeguard and dissemination internals); the shell adds wire-level
/// counters in ``ClusterMetrics``.
public struct MembershipMetrics: Sendable, Hashable {
    /// Probe rounds started.
    public var probes = 0
    /// Probe rounds that failed (no ack, direct or indirect).
    public var failedProbes = 0
    /// Failed rounds not counted against the target because this member had just stalled.
    public var inconclusiveProbes = 0
    /// Ping-reqs sent.
    public var indirectProbes = 0
    /// Nacks received / sent.
    public var nacksReceived = 0, nacksSent = 0
    /// Suspicions this member started.
    public var suspicionsStarted = 0
    /// Confirmations this member added to someone else's suspicion.
    public var confirmationsSent = 0
    /// Members this member declared dead.
    public var deathsDeclared = 0
    /// Times this member refuted a suspicion or death of itself.
    public var refutations = 0
    /// Stalls of this process detected by the pause guard.
    public var pausesDetected = 0
    /// Dead members re-probed / of those, answers.
    public var deadProbes = 0, deadProbeAnswers = 0
    /// Pings and acks whose digest matched / did not match ours.
    public var digestMatches = 0, digestMismatches = 0
    /// Anti-entropy requests sent; exchanges skipped because digests agreed.
    public var syncRequests = 0, syncsInAgreement = 0
    /// Pings addressed to another member id (stale address), ignored.
    public var misdirectedPings = 0
    /// Piggybacked bytes sent per broadcast class (index: ``BroadcastClass/rawValue``).
    public var broadcastBytes = [0, 0, 0]

    /// Zeroed counters.
    public init() {}
}
