/// How suspicion turns into death.
public enum SuspicionPolicy: Sendable, Hashable {
    /// Plain SWIM: a fixed timeout of `multiplier · max(1, log10 n) · probeInterval`
    /// (memberlist's `SuspicionMult` formula without Lifeguard's decay).
    case fixed(multiplier: Double)
    /// Lifeguard LHA-Suspicion: starts at `Max = maxMultiplier · Min` and decays toward
    /// `Min = minMultiplier · max(1, log10 n) · probeInterval` as independent confirmations `C`
    /// arrive: `max(Min, Max − (Max − Min) · log(C+1) / log(K+1))`, `K = confirmations`.
    case lifeguard(minMultiplier: Double, maxMultiplier: Double, confirmations: Int)
}

/// Parameters of the membership protocol: plain `Sendable` values with documented defaults.
///
/// Two profiles are provided: ``tessera`` (SWIM + Lifeguard tuned for LAN clusters of up to
/// ~10,000 members, ARCHITECTURE §8) and ``memberlistBaseline`` (memberlist's
/// `DefaultLANConfig` with plain SWIM suspicion), which the simulator runs beside it.
public struct MembershipConfiguration: Sendable, Hashable {
    /// Protocol period T′: one probe round per period (scaled by the local health multiplier).
    public var probeInterval: ClusterDuration = .milliseconds(500)
    /// Direct ping attempts before asking for help.
    public var directProbeAttempts: Int = 2
    /// Wait after each direct attempt.
    public var directProbeTimeout: ClusterDuration = .milliseconds(100)
    /// The whole round (direct + indirect) fails after this long. Must be < ``probeInterval``.
    public var probeRoundTimeout: ClusterDuration = .milliseconds(450)
    /// Members asked to ping the target indirectly (SWIM's k).
    public var indirectChecks: Int = 4
    /// Whether relays send a nack when the target does not answer (Lifeguard).
    public var nacks: Bool = true
    /// How long a relay waits before it nacks.
    public var relayTimeout: ClusterDuration = .milliseconds(200)
    /// Consecutive failed rounds against an alive member before suspecting it. 2 turns an
    /// independent loss of a whole round (~0.05% at 10% loss) into a product of two.
    public var failedRoundsBeforeSuspicion: Int = 2
    /// Lifeguard's local health multiplier ceiling (1 disables LHM): timeouts and the probe
    /// interval are scaled by `1 + score`, `score ∈ 0 ..< localHealthMaximum`.
    public var localHealthMaximum: Int = 8
    /// How suspicion times out.
    public var suspicion: SuspicionPolicy = .lifeguard(minMultiplier: 3, maxMultiplier: 6, confirmations: 3)
    /// Lifeguard's buddy system: a ping to a suspect carries its suspicion first.
    public var buddySystem: Bool = true
    /// An input arriving this long after the previous one means this process stalled
    /// (GC, VM steal, SIGSTOP); `nil` disables the guard.
    public var pauseThreshold: ClusterDuration? = .milliseconds(1_000)
    /// After a detected stall, failed probes are inconclusive and suspicion deadlines are
    /// postponed for this long, so the member reads its backlog before judging anyone
    /// (Cassandra's pause guard).
    public var pauseGuard: ClusterDuration = .milliseconds(2_000)
    /// Gossip period: pending broadcasts go to ``gossipFanout`` random members.
    public var gossipInterval: ClusterDuration = .milliseconds(200)
    /// Members per gossip round.
    public var gossipFanout: Int = 3
    /// Retransmit budget is `retransmitMultiplier · ⌈log10(n+1)⌉` sends per broadcast.
    public var retransmitMultiplier: Int = 4
    /// Largest datagram on the wire, after encryption.
    public var maximumDatagramSize: Int = 1_200
    /// Bytes the shell adds to each packet (version 1, replay sequence 8, nonce 12, tag 16).
    public var datagramOverhead: Int = 37
    /// First-pass share of each packet's piggyback budget, by ``BroadcastClass`` raw value
    /// (membership, metadata, ownership).
    public var classShares: [Double] = [0.5, 0.2, 0.3]
    /// Anti-entropy period at n ≤ 32; grows like memberlist's (×(⌈log2 n − 5⌉ + 1)).
    public var pushPullInterval: ClusterDuration = .seconds(30)
    /// Re-probe one random dead member every this many rounds (0 disables), so healed
    /// partitions rejoin without an operator (memberlist#222).
    public var deadProbeEveryRounds: Int = 3
    /// After a dead member comes back (a healed partition), for this long this member re-probes
    /// a dead member every round and answers a digest mismatch on a ping or ack with an
    /// anti-entropy exchange (at most one per ``healSyncInterval``): refutations then spread
    /// by full-state transfer instead of one 21-byte broadcast at a time. 0 disables.
    public var healWindow: ClusterDuration = .seconds(20)
    /// Least time between two anti-entropy exchanges started by healing.
    public var healSyncInterval: ClusterDuration = .milliseconds(1_000)
    /// Dead members are forgotten (and no longer re-probed) after this long.
    public var deadRetention: ClusterDuration = .seconds(3_600)
    /// Push liveness changes this member originates, and ownership changes, straight to every
    /// router instead of waiting for gossip.
    public var pushToRouters: Bool = true
    /// Copies of each ownership push to a router (lost datagrams are covered by the others).
    public var ownershipPushCopies: Int = 3
    /// Spacing of those copies.
    public var ownershipPushSpacing: ClusterDuration = .milliseconds(100)

    /// The Tessera profile (the defaults above).
    public init() {}

    /// Tessera's defaults: SWIM + Lifeguard + pause guard, two failed rounds before suspicion.
    public static let tessera = MembershipConfiguration()

    /// memberlist `DefaultLANConfig` with plain SWIM suspicion: probe 1 s, timeout 500 ms,
    /// 3 indirect checks, no nacks, no local health, no buddy system, suspicion fixed at
    /// 4 · log10 n · 1 s, gossip 200 ms × 3, retransmit 4, push/pull 30 s (scaled), no dead
    /// re-probing, no router push, no pause guard. (memberlist's TCP fallback ping is not
    /// modelled.)
    public static let memberlistBaseline: MembershipConfiguration = {
        var c = MembershipConfiguration()
        c.probeInterval = .milliseconds(1_000)
        c.directProbeAttempts = 1
        c.directProbeTimeout = .milliseconds(500)
        c.probeRoundTimeout = .milliseconds(950)
        c.indirectChecks = 3
        c.nacks = false
        c.relayTimeout = .milliseconds(400)
        c.failedRoundsBeforeSuspicion = 1
        c.localHealthMaximum = 1
        c.suspicion = .fixed(multiplier: 4)
        c.buddySystem = false
        c.pauseThreshold = nil
        c.deadProbeEveryRounds = 0
        c.healWindow = .zero
        c.pushToRouters = false
        c.classShares = [1, 1, 1]
        return c
    }()

    /// Checks the parameters; returns a list of problems (empty when valid).
    public func validate() -> [String] {
        var problems: [String] = []
        if probeInterval <= .zero { problems.append("probeInterval must be positive") }
        if directProbeAttempts < 1 { problems.append("directProbeAttempts must be at least 1") }
        if directProbeTimeout * directProbeAttempts >= probeRoundTimeout {
            problems.append("direct attempts must end before probeRoundTimeout")
        }
        if probeRoundTimeout >= probeInterval { problems.append("probeRoundTimeout must be shorter than probeInterval") }
        if indirectChecks < 0 { problems.append("indirectChecks must not be negative") }
        if failedRoundsBeforeSuspicion < 1 { problems.append("failedRoundsBeforeSuspicion must be at least 1") }
        if localHealthMaximum < 1 { problems.append("localHealthMaximum must be at least 1") }
        if gossipInterval <= .zero || gossipFanout < 0 { problems.append("gossip needs a positive interval") }
        if maximumDatagramSize - datagramOverhead < 256 { problems.append("maximumDatagramSize leaves no room for messages") }
        if classShares.count != BroadcastClass.allCases.count || classShares.contains(where: { $0 < 0 }) {
            problems.append("classShares needs one non-negative share per broadcast class")
        }
        if case .lifeguard(let lo, let hi, let k) = suspicion, lo <= 0 || hi < 1 || k < 1 {
            problems.append("lifeguard suspicion needs minMultiplier > 0, maxMultiplier ≥ 1, confirmations ≥ 1")
        }
        if case .fixed(let m) = suspicion, m <= 0 { problems.append("fixed suspicion multiplier must be positive") }
        return problems
    }

    /// Transmissions per broadcast for a cluster of `n` members.
    public func retransmitLimit(members n: Int) -> Int {
        retransmitMultiplier * max(1, Int(ClusterMath.log10(Double(max(n, 1) + 1)).rounded(.up)))
    }

    /// Anti-entropy period for `n` members (memberlist's scaling).
    public func pushPullInterval(members n: Int) -> ClusterDuration {
        guard n > 32 else { return pushPullInterval }
        return pushPullInterval * (Int((ClusterMath.log2(Double(n)) - 5).rounded(.up)) + 1)
    }

    /// Suspicion timeout bounds (min, max) and confirmations wanted for `n` members.
    public func suspicionBounds(members n: Int) -> (minimum: ClusterDuration, maximum: ClusterDuration, confirmations: Int) {
        let scale = max(1, ClusterMath.log10(Double(max(n, 1))))
        switch suspicion {
        case .fixed(let m):
            let t = probeInterval * (m * scale)
            return (t, t, 0)
        case .lifeguard(let lo, let hi, let k):
            let minimum = probeInterval * (lo * scale)
            return (minimum, minimum * hi, k)
        }
    }

    /// Lifeguard's timeout after `confirmations` independent confirmations.
    public func suspicionTimeout(members n: Int, confirmations c: Int) -> ClusterDuration {
        let (lo, hi, k) = suspicionBounds(members: n)
        guard k > 0, hi > lo else { return lo }
        let fraction = ClusterMath.ln(Double(min(c, k) + 1)) / ClusterMath.ln(Double(k + 1))
        let t = hi - (hi - lo) * fraction
        return max(lo, t)
    }
}
