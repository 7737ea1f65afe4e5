// MembershipMachine — SWIM failure detection with Lifeguard, as a sans-I/O value type.
//
// What it follows
// ---------------
// SWIM (Das, Gupta, Motivala, DSN 2002): every protocol period a member probes one peer,
// walking a freshly shuffled order of all members (round-robin, so a failed member is probed
// within 2n−1 periods); a missing ack triggers ping-req through k other members; a member
// that fails a round is *suspected*, and dies unless it refutes by raising its incarnation
// (only a member raises its own incarnation; alive(i) < suspect(i) < alive(i+1); dead
// overrides both at the same incarnation). Facts travel piggybacked on probe traffic and on
// a separate gossip period (memberlist), least-gossiped first, each sent O(log n) times.
//
// Lifeguard (Dadgar, Phillips, Currey, arXiv 1707.00788): (1) a Local Health Multiplier that
// scales this member's probe period and timeouts when it has evidence it is itself slow
// (missed nacks, having to refute); (2) LHA-Suspicion: the suspicion timeout starts long and
// shrinks as independent confirmations arrive; (3) the buddy system: a ping to a suspect
// carries the suspicion, so the suspect learns it at once and refutes.
//
// Tessera additions (see docs/cluster.md): two direct attempts before going indirect; a member
// is suspected only after `failedRoundsBeforeSuspicion` consecutive failed rounds (an
// already-suspected member is confirmed after one); a pause guard (after this process stalls,
// its failed probes are inconclusive and its suspicion deadlines wait until it has read its
// backlog); periodic re-probing of dead members with a "you are dead" notice, so both sides of
// a healed partition refute and rejoin on their own; liveness changes this member originates
// and ownership changes are pushed straight to routers; digest-first push/pull anti-entropy.
//
// What it guarantees
// ------------------
// - No I/O, no clock, no global randomness: `(now, input) → [directive]` is a pure function of
//   the machine's value, so the same seed and inputs replay exactly. Behaviour never depends
//   on dictionary iteration order.
// - Only the member itself raises its incarnation; a healthy member that hears any suspicion
//   or death of itself refutes with a higher incarnation (unless it is leaving).
// - A member is declared dead only by a suspicion timer that ran out, never directly by a
//   failed probe; and a higher incarnation always revives it.
// - Ownership merges are higher-epoch-wins (a CRDT); every datagram it asks to send fits in
//   `maximumDatagramSize` after the shell's overhead.

/// The SWIM + Lifeguard membership protocol of one member as a value-type state machine.
///
/// Drive it with ``handle(_:at:)``: every input returns directives (send a datagram, send a
/// stream message, set a timer, emit an event) that a shell or the simulator carries out.
public struct MembershipMachine: Sendable {
    /// The protocol parameters.
    public let configuration: MembershipConfiguration
    /// This member.
    public let localID: MemberID
    /// This member's gossip address.
    public let localAddress: MemberAddress
    /// This member's role.
    public let localRole: MemberRole
    /// This member's current incarnation.
    public private(set) var incarnation: UInt32 = 0
    /// Lifeguard local health score, `0 ..< localHealthMaximum`.
    public private(set) var localHealth: Int = 0
    /// Counters.
    public private(set) var metrics = MembershipMetrics()

    enum Phase: Sendable { case created, running, leaving }
    private var phase: Phase = .created

    // Member table: sorted by id, binary searched (compact at 10,000 members).
    private var table: [MemberRecord]
    private var activeCount = 0
    private var deadList: [MemberID] = []  // sorted; dead (not left) members, for re-probing
    private var deadSince: [MemberID: ClusterInstant] = [:]
    private var metadataStore: [MemberID: VersionedMetadata] = [:]
    private var localMetadataVersion: UInt32 = 0
    /// The replicated ownership table.
    public private(set) var ownership = OwnershipTable()
    private var membershipDigest: UInt64 = 0
    private var metadataDigest: UInt64 = 0

    private var random: SeededRandom
    private var broadcasts = BroadcastQueue()

    struct Suspicion: Sendable {
        var incarnation: UInt32
        var start: ClusterInstant
        var confirmers: [MemberID]  // first is the originator
        var deadline: ClusterInstant
    }
    private var suspicions: [MemberID: Suspicion] = [:]

    enum Stage: Sendable { case direct(Int), indirect }
    struct Probe: Sendable {
        var sequence: UInt32
        var target: MemberID
        var start: ClusterInstant
        var stage: Stage
        var expectedNacks = 0
        var nacks = 0
    }
    private var probe: Probe?
    private var retryTarget: MemberID?
    private var passCount = 0, passStep = 0, passMultiplier = 1, passOffset = 0
    private var round: UInt64 = 0

    struct Relay: Sendable { var origin: MemberAddress; var originSequence: UInt32 }
    private var relays: [UInt32: Relay] = [:]
    private var reprobes: [(sequence: UInt32, target: MemberID)] = []
    private var nextSequence: UInt32 = 1

    private var lastInput: ClusterInstant?
    private var guardUntil = ClusterInstant(nanoseconds: .min)
    private var lastHealSync = ClusterInstant(nanoseconds: .min / 4)
    private var seeds: [MemberAddress] = []
    private var lastJoinAttempt = ClusterInstant(nanoseconds: .min / 4)
    private var healUntil = ClusterInstant(nanoseconds: .min / 4)

    struct RouterPush: Sendable { var broadcast: Broadcast; var due: ClusterInstant; var remaining: Int }
    private var routerPushes: [RouterPush] = []

    /// A machine for the member `localID` at `localAddress`.
    ///
    /// - Parameters:
    ///   - metadata: what to publish at start (its role must match `role`); `nil` publishes none.
    ///   - seed: seeds the machine's random source; the same seed and inputs replay exactly.
    ///   - knownMembers: members to start with, sorted by id (the simulator boots whole clusters
    ///     this way; a real member starts empty and joins through seeds). Sharing one array
    ///     between many machines shares its storage until a machine changes it.
    public init(
        configuration: MembershipConfiguration = .tessera, localID: MemberID, address: MemberAddress,
        role: MemberRole, metadata: MemberMetadata? = nil, seed: UInt64, knownMembers: [MemberRecord] = []
    ) {
        let problems = configuration.validate()
        precondition(problems.isEmpty, "invalid MembershipConfiguration: \(problems.joined(separator: "; "))")
        precondition(zip(knownMembers, knownMembers.dropFirst()).allSatisfy { $0.id < $1.id }, "knownMembers must be sorted by id without duplicates")
        self.configuration = configuration
        self.localID = localID
        self.localAddress = address
        self.localRole = role
        self.random = SeededRandom(seed: seed)
        self.table = knownMembers
        for m in table {
            membershipDigest ^= StateDigest.memberHash(id: m.id, incarnation: m.incarnation, status: m.status)
            if m.status.isActive { activeCount += 1 }
            if m.status == .dead { deadList.append(m.id); deadSince[m.id] = .zero }
        }
        if let i = index(of: localID) {
            if table[i].status != .alive || table[i].address != address || table[i].role != role {
                replace(at: i, with: MemberRecord(id: localID, address: address, role: role, incarnation: table[i].incarnation, status: .alive))
            }
            incarnation = table[i].incarnation
        } else {
            insert(MemberRecord(id: localID, address: address, role: role, incarnation: 0, status: .alive))
        }
        if let metadata {
            localMetadataVersion = 1
            setMetadata(localID, VersionedMetadata(version: 1, metadata: metadata))
        }
    }

    // MARK: - Snapshot API

    /// This member's view of the cluster, sorted by id.
    public var members: [MemberRecord] { table }

    /// Number of alive or suspect members, including this one.
    public var activeMemberCount: Int { activeCount }

    /// The record of `id`, if known.
    public func member(_ id: MemberID) -> MemberRecord? { index(of: id).map { table[$0] } }

    /// Every member's latest metadata.
    public var allMetadata: [MemberID: VersionedMetadata] { metadataStore }

    /// The latest metadata of `id`, if known.
    public func metadata(of id: MemberID) -> VersionedMetadata? { metadataStore[id] }

    /// Fingerprint of this view.
    public var digest: StateDigest {
        StateDigest(membership: membershipDigest, metadata: metadataDigest, ownership: ownership.digest)
    }

    /// Broadcasts waiting to be piggybacked, per class.
    public func pendingBroadcasts(_ c: BroadcastClass) -> Int { broadcasts.count(c) }

    /// Members currently suspected, with their suspicion deadline.
    public var suspected: [(MemberID, ClusterInstant)] {
        suspicions.map { ($0.key, $0.value.deadline) }.sorted { $0.0 < $1.0 }
    }

    // MARK: - Inputs

    /// Feeds one input at `now` and returns the directives to carry out, in order.
    public mutating func handle(_ input: MembershipInput, at now: ClusterInstant) -> [MembershipDirective] {
        var out: [MembershipDirective] = []
        handle(input, at: now, into: &out)
        return out
    }

    /// Like ``handle(_:at:)`` but appends to `out` (the simulator reuses one buffer).
    public mutating func handle(_ input: MembershipInput, at now: ClusterInstant, into out: inout [MembershipDirective]) {
        if let pause = configuration.pauseThreshold, let last = lastInput, now - last > pause, phase == .running {
            guardUntil = now + configuration.pauseGuard
            metrics.pausesDetected += 1
        }
        lastInput = now
        switch input {
        case .start(let seeds): start(seeds: seeds, now: now, out: &out)
        case .timer(let timer): fire(timer, now: now, out: &out)
        case .packet(let packet, let from): receive(packet, from: from, now: now, out: &out)
        case .stream(let message, let from): receive(message, from: from, now: now, out: &out)
        case .updateMetadata(let m): publish(m, out: &out)
        case .announceOwnership(let server, let epoch):
            learn(OwnershipEntry(server: server, node: localID, epoch: epoch), origin: true, now: now, out: &out)
        case .learnOwnership(let entry): learn(entry, origin: false, now: now, out: &out)
        case .leave: leave(now: now, out: &out)
        }
    }

    private mutating func start(seeds: [MemberAddress], now: ClusterInstant, out: inout [MembershipDirective]) {
        precondition(phase == .created, "MembershipMachine.start called twice")
        phase = .running
        broadcasts.enqueue(.alive(localID, incarnation: incarnation, address: localAddress, role: localRole))
        if let mine = metadataStore[localID] { broadcasts.enqueue(.metadata(localID, mine)) }
        out.append(.setTimer(.probe, at: now + jitter(configuration.probeInterval)))
        out.append(.setTimer(.gossip, at: now + jitter(configuration.gossipInterval)))
        out.append(.setTimer(.pushPull, at: now + jitter(configuration.pushPullInterval(members: activeCount))))
        self.seeds = seeds.filter { $0 != localAddress }
        join(now: now, out: &out)
    }

    /// Sends this member's state to every seed (join = push/pull with a seed). Repeated every
    /// few seconds while this member knows nobody else, so a lost join or a seed that started
    /// later does not leave it alone forever.
    private mutating func join(now: ClusterInstant, out: inout [MembershipDirective]) {
        lastJoinAttempt = now
        for seed in seeds {
            out.append(.sendStream(.state(fullState(wantsReply: true)), to: seed))
        }
    }

    private mutating func jitter(_ d: ClusterDuration) -> ClusterDuration {
        ClusterDuration(nanoseconds: Int64(random.unit() * Double(d.nanoseconds)))
    }

    private var multiplier: Int { 1 + localHealth }

    private mutating func adjustHealth(_ delta: Int) {
        localHealth = min(max(localHealth + delta, 0), configuration.localHealthMaximum - 1)
    }

    // MARK: - Timers

    private mutating func fire(_ timer: ClusterTimer, now: ClusterInstant, out: inout [MembershipDirective]) {
        switch timer {
        case .probe:
            guard phase == .running else { return }
            out.append(.setTimer(.probe, at: now + configuration.probeInterval * multiplier))
            if activeCount == 1, !seeds.isEmpty, now - lastJoinAttempt >= .seconds(2) { join(now: now, out: &out) }
            probeRound(now: now, out: &out)
        case .probeStep(let sequence):
            guard let p = probe, p.sequence == sequence else { return }
            probeStep(p, now: now, out: &out)
        case .relay(let sequence):
            guard let relay = relays.removeValue(forKey: sequence) else { return }
            if configuration.nacks {
                metrics.nacksSent += 1
                sendPacket(.nack(sequence: relay.originSequence), to: relay.origin, out: &out)
            }
        case .suspicion(let id):
            guard let s = suspicions[id], now >= s.deadline else { return }
            if now < guardUntil {
                suspicions[id]?.deadline = guardUntil
                out.append(.setTimer(.suspicion(id), at: guardUntil))
                return
            }
            // Only the member that started the suspicion pushes the death to the routers: when a
            // crash is detected, thousands of timers expire together, and every one of them
            // telling every router would be a storm.
            declareDead(id, incarnation: s.incarnation, pushToRouters: s.confirmers.first == localID, now: now, out: &out)
        case .gossip:
            guard phase != .created else { return }
            out.append(.setTimer(.gossip, at: now + configuration.gossipInterval))
            gossip(out: &out)
        case .pushPull:
            guard phase == .running else { return }
            out.append(.setTimer(.pushPull, at: now + configuration.pushPullInterval(members: activeCount) * (0.5 + random.unit())))
            if let peer = randomActiveMember() {
                metrics.syncRequests += 1
                out.append(.sendStream(.syncRequest(sender: localID, digest: digest), to: table[peer].address))
            }
        case .routerPush:
            var next: ClusterInstant?
            var i = 0
            while i < routerPushes.count {
                if routerPushes[i].due <= now {
                    pushToRouters(routerPushes[i].broadcast, out: &out)
                    routerPushes[i].remaining -= 1
                    routerPushes[i].due = now + configuration.ownershipPushSpacing
                    if routerPushes[i].remaining <= 0 { routerPushes.remove(at: i); continue }
                }
                next = min(next ?? routerPushes[i].due, routerPushes[i].due)
                i += 1
            }
            if let next { out.append(.setTimer(.routerPush, at: next)) }
        }
    }

    // MARK: - Probing

    private mutating func nextProbeTarget() -> MemberID? {
        if let r = retryTarget, let i = index(of: r), table[i].status.isActive { return r }
        retryTarget = nil
        guard activeCount > 1 else { return nil }
        for _ in 0..<(2 * table.count + 2) {
            if passStep >= passCount || passCount != table.count { newPass() }
            let i = (passMultiplier &* passStep &+ passOffset) % passCount
            passStep += 1
            if table[i].id != localID, table[i].status.isActive { return table[i].id }
        }
        return nil
    }

    /// A new round-robin pass in a fresh random order: the affine permutation
    /// `i ↦ (a·i + b) mod n` with `gcd(a, n) = 1` visits every member once per pass and needs
    /// no per-member memory (a shuffled list would cost 10⁸ entries for a 10,000-member simulation).
    private mutating func newPass() {
        passCount = max(table.count, 1)
        passStep = 0
        passOffset = random.below(passCount)
        passMultiplier = 1
        if passCount > 2 {
            for _ in 0..<64 {
                let a = 1 + random.below(passCount - 1)
                if gcd(a, passCount) == 1 { passMultiplier = a; break }
            }
        }
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    private mutating func probeRound(now: ClusterInstant, out: inout [MembershipDirective]) {
        round &+= 1
        if let p = probe { finishFailedProbe(p, now: now, out: &out) }
        if round % 20 == 0 { reap(now: now, out: &out) }
        if configuration.deadProbeEveryRounds > 0, !deadList.isEmpty,
           now < healUntil || round % UInt64(configuration.deadProbeEveryRounds) == 0 {
            let target = deadList[random.below(deadList.count)]
            if let i = index(of: target) {
                let sequence = takeSequence()
                reprobes.append((sequence, target))
                if reprobes.count > 8 { reprobes.removeFirst() }
                metrics.deadProbes += 1
                let notice = Broadcast.dead(target, incarnation: table[i].incarnation, from: localID)
                sendPacket(.ping(sequence: sequence, target: target, digest: digest.combined), notices: [notice], to: table[i].address, out: &out)
            }
        }
        guard let target = nextProbeTarget(), let i = index(of: target) else { return }
        let sequence = takeSequence()
        probe = Probe(sequence: sequence, target: target, start: now, stage: .direct(1))
        metrics.probes += 1
        sendPing(to: i, sequence: sequence, out: &out)
        out.append(.setTimer(.probeStep(sequence: sequence), at: now + configuration.directProbeTimeout * multiplier))
    }

    private mutating func takeSequence() -> UInt32 {
        defer { nextSequence &+= 1 }
        return nextSequence
    }

    private mutating func sendPing(to i: Int, sequence: UInt32, out: inout [MembershipDirective]) {
        let target = table[i]
        var notices: [Broadcast] = []
        if configuration.buddySystem, target.status == .suspect, let s = suspicions[target.id] {
            notices.append(.suspect(target.id, incarnation: s.incarnation, from: s.confirmers.first ?? localID))
        }
        sendPacket(.ping(sequence: sequence, target: target.id, digest: digest.combined), notices: notices, to: target.address, out: &out)
    }

    private mutating func probeStep(_ p: Probe, now: ClusterInstant, out: inout [MembershipDirective]) {
        guard let ti = index(of: p.target), table[ti].status.isActive else { probe = nil; return }
        switch p.stage {
        case .direct(let attempt) where attempt < configuration.directProbeAttempts:
            probe?.stage = .direct(attempt + 1)
            sendPing(to: ti, sequence: p.sequence, out: &out)
            out.append(.setTimer(.probeStep(sequence: p.sequence), at: now + configuration.directProbeTimeout * multiplier))
        case .direct:
            probe?.stage = .indirect
            let helpers = randomActiveMembers(configuration.indirectChecks, excluding: p.target)
            for h in helpers {
                metrics.indirectProbes += 1
                sendPacket(.pingRequest(sequence: p.sequence, target: p.target, address: table[ti].address), to: table[h].address, out: &out)
            }
            probe?.expectedNacks = configuration.nacks ? helpers.count : 0
            out.append(.setTimer(.probeStep(sequence: p.sequence), at: p.start + configuration.probeRoundTimeout * multiplier))
        case .indirect:
            finishFailedProbe(p, now: now, out: &out)
        }
    }

    private mutating func finishFailedProbe(_ p: Probe, now: ClusterInstant, out: inout [MembershipDirective]) {
        probe = nil
        guard let i = index(of: p.target), table[i].status.isActive else { return }
        metrics.failedProbes += 1
        if now < guardUntil {
            metrics.inconclusiveProbes += 1
            return
        }
        if configuration.localHealthMaximum > 1 {
            adjustHealth(p.expectedNacks > 0 ? max(0, p.expectedNacks - p.nacks) : 1)
        }
        let target = table[i]
        if target.status == .suspect, var s = suspicions[target.id] {
            retryTarget = nil
            guard !s.confirmers.contains(localID) else { return }
            s.confirmers.append(localID)
            suspicions[target.id] = s
            metrics.confirmationsSent += 1
            broadcasts.enqueue(.suspect(target.id, incarnation: target.incarnation, from: localID))
            rearmSuspicion(target.id, now: now, out: &out)
            return
        }
        if configuration.failedRoundsBeforeSuspicion > 1, retryTarget != target.id {
            retryTarget = target.id
            return
        }
        retryTarget = nil
        metrics.suspicionsStarted += 1
        suspect(i, incarnation: target.incarnation, from: localID, now: now, originated: true, out: &out)
    }

    private mutating func probeSucceeded(now: ClusterInstant) {
        guard let p = probe else { return }
        probe = nil
        if retryTarget == p.target { retryTarget = nil }
        if configuration.localHealthMaximum > 1 { adjustHealth(-1) }
    }

    // MARK: - Receiving datagrams

    private mutating func receive(_ packet: Packet, from: MemberAddress, now: ClusterInstant, out: inout [MembershipDirective]) {
        guard phase != .created, packet.sender != localID else { return }
        for b in packet.broadcasts { apply(b, now: now, viaTransfer: false, out: &out) }
        switch packet.message {
        case .ping(let sequence, let target, let theirDigest):
            guard target == localID else { metrics.misdirectedPings += 1; return }
            compareDigest(theirDigest, peer: from, now: now, out: &out)
            var notices: [Broadcast] = []
            if let i = index(of: packet.sender), !table[i].status.isActive {
                // The sender is alive but gone in our view: tell it, so it refutes (partition healing).
                notices.append(.dead(packet.sender, incarnation: table[i].incarnation, from: localID))
            }
            sendPacket(.ack(sequence: sequence, digest: digest.combined), notices: notices, to: from, out: &out)
        case .pingRequest(let sequence, let target, let address):
            let mine = takeSequence()
            relays[mine] = Relay(origin: from, originSequence: sequence)
            sendPacket(.ping(sequence: mine, target: target, digest: digest.combined), to: address, out: &out)
            out.append(.setTimer(.relay(sequence: mine), at: now + configuration.relayTimeout))
        case .ack(let sequence, let theirDigest):
            if let relay = relays.removeValue(forKey: sequence) {
                sendPacket(.ack(sequence: relay.originSequence, digest: theirDigest), to: relay.origin, out: &out)
                return
            }
            if let p = probe, p.sequence == sequence {
                if packet.sender == p.target { compareDigest(theirDigest, peer: from, now: now, out: &out) }
                probeSucceeded(now: now)
                return
            }
            if let k = reprobes.firstIndex(where: { $0.sequence == sequence }) {
                let target = reprobes.remove(at: k).target
                metrics.deadProbeAnswers += 1
                // A dead member answered: a partition may have healed. Reconcile full state.
                startHealing(now: now)
                if now - lastHealSync >= configuration.healSyncInterval, let i = index(of: target) {
                    lastHealSync = now
                    metrics.syncRequests += 1
                    out.append(.sendStream(.syncRequest(sender: localID, digest: digest), to: table[i].address))
                }
            }
        case .nack(let sequence):
            if let p = probe, p.sequence == sequence {
                probe?.nacks += 1
                metrics.nacksReceived += 1
            }
        case .gossip:
            break
        }
    }

    private mutating func compareDigest(_ theirs: UInt64, peer: MemberAddress, now: ClusterInstant, out: inout [MembershipDirective]) {
        if theirs == digest.combined { metrics.digestMatches += 1; return }
        metrics.digestMismatches += 1
        if now < healUntil, now - lastHealSync >= configuration.healSyncInterval {
            lastHealSync = now
            metrics.syncRequests += 1
            out.append(.sendStream(.syncRequest(sender: localID, digest: digest), to: peer))
        }
    }

    /// A dead member came back: a partition probably healed.
    private mutating func startHealing(now: ClusterInstant) {
        guard configuration.healWindow > .zero else { return }
        healUntil = max(healUntil, now + configuration.healWindow)
    }

    // MARK: - Applying facts

    private mutating func apply(_ b: Broadcast, now: ClusterInstant, viaTransfer: Bool, out: inout [MembershipDirective]) {
        switch b {
        case .alive(let id, let inc, let address, let role):
            if id == localID {
                if inc > incarnation, phase == .running { refute(above: inc, now: now, out: &out) }
                return
            }
            guard let i = index(of: id) else {
                insert(MemberRecord(id: id, address: address, role: role, incarnation: inc, status: .alive))
                emitChange(index(of: id)!, previous: nil, out: &out)
                if !viaTransfer { broadcasts.enqueue(b) }
                return
            }
            let old = table[i]
            guard inc > old.incarnation else { return }
            replace(at: i, with: MemberRecord(id: id, address: address, role: role, incarnation: inc, status: .alive))
            clearGone(id, previous: old.status)
            if !old.status.isActive { startHealing(now: now) }
            suspicions[id] = nil
            if old.status != .alive { emitChange(i, previous: old.status, out: &out) }
            if !viaTransfer { broadcasts.enqueue(b) }
        case .suspect(let id, let inc, let from):
            if id == localID {
                if inc >= incarnation, phase == .running { refute(above: inc, now: now, out: &out) }
                return
            }
            guard let i = index(of: id) else { return }
            let old = table[i]
            if inc < old.incarnation { return }
            if inc == old.incarnation {
                switch old.status {
                case .dead, .left: return
                case .suspect:
                    confirm(id, from: from, now: now, out: &out)
                    return
                case .alive: break
                }
            }
            suspect(i, incarnation: inc, from: from, now: now, originated: false, out: &out)
        case .dead(let id, let inc, let from):
            if id == localID {
                if from != localID, inc >= incarnation, phase == .running {
                    startHealing(now: now)
                    refute(above: inc, now: now, out: &out)
                }
                return
            }
            guard let i = index(of: id) else { return }
            let old = table[i]
            if inc < old.incarnation || (inc == old.incarnation && !old.status.isActive) { return }
            if viaTransfer && from != id {
                // memberlist's rule: a remote death becomes a local suspicion, so a live member refutes.
                if old.status == .alive || inc > old.incarnation {
                    suspect(i, incarnation: inc, from: from, now: now, originated: false, out: &out)
                }
                return
            }
            markGone(i, incarnation: inc, status: from == id ? .left : .dead, now: now, out: &out)
            broadcasts.enqueue(b)
        case .metadata(let id, let v):
            if id == localID {
                if v.version > localMetadataVersion, let mine = metadataStore[localID] {
                    localMetadataVersion = v.version + 1
                    let fresh = VersionedMetadata(version: localMetadataVersion, metadata: mine.metadata)
                    setMetadata(localID, fresh)
                    broadcasts.enqueue(.metadata(localID, fresh))
                }
                return
            }
            if let old = metadataStore[id], old.version >= v.version { return }
            setMetadata(id, v)
            out.append(.emit(.metadataChanged(id, v)))
            if !viaTransfer { broadcasts.enqueue(b) }
        case .ownership(let e):
            learn(e, origin: false, now: now, rebroadcast: !viaTransfer, out: &out)
        }
    }

    private mutating func refute(above inc: UInt32, now: ClusterInstant, out: inout [MembershipDirective]) {
        incarnation = inc &+ 1
        if let i = index(of: localID) {
            replace(at: i, with: MemberRecord(id: localID, address: localAddress, role: localRole, incarnation: incarnation, status: .alive))
        }
        metrics.refutations += 1
        if configuration.localHealthMaximum > 1 { adjustHealth(1) }
        let b = Broadcast.alive(localID, incarnation: incarnation, address: localAddress, role: localRole)
        broadcasts.enqueue(b)
        if configuration.pushToRouters { pushToRouters(b, out: &out) }
        out.append(.emit(.refuted(incarnation: incarnation)))
    }

    private mutating func suspect(
        _ i: Int, incarnation inc: UInt32, from: MemberID, now: ClusterInstant, originated: Bool, out: inout [MembershipDirective]
    ) {
        let old = table[i]
        let id = old.id
        replace(at: i, with: MemberRecord(id: id, address: old.address, role: old.role, incarnation: inc, status: .suspect))
        clearGone(id, previous: old.status)
        let timeout = configuration.suspicionTimeout(members: activeCount, confirmations: 0)
        let s = Suspicion(incarnation: inc, start: now, confirmers: [from], deadline: now + timeout)
        suspicions[id] = s
        out.append(.setTimer(.suspicion(id), at: s.deadline))
        let b = Broadcast.suspect(id, incarnation: inc, from: from)
        broadcasts.enqueue(b)
        if originated, configuration.pushToRouters { pushToRouters(b, out: &out) }
        if old.status != .suspect || old.incarnation != inc { emitChange(i, previous: old.status, out: &out) }
    }

    private mutating func confirm(_ id: MemberID, from: MemberID, now: ClusterInstant, out: inout [MembershipDirective]) {
        guard var s = suspicions[id], !s.confirmers.contains(from) else { return }
        let (_, _, k) = configuration.suspicionBounds(members: activeCount)
        guard s.confirmers.count <= k else { return }
        s.confirmers.append(from)
        suspicions[id] = s
        broadcasts.enqueue(.suspect(id, incarnation: s.incarnation, from: from))
        rearmSuspicion(id, now: now, out: &out)
    }

    private mutating func rearmSuspicion(_ id: MemberID, now: ClusterInstant, out: inout [MembershipDirective]) {
        guard var s = suspicions[id] else { return }
        let timeout = configuration.suspicionTimeout(members: activeCount, confirmations: s.confirmers.count - 1)
        let deadline = s.start + timeout
        guard deadline < s.deadline else { return }
        s.deadline = deadline
        suspicions[id] = s
        if deadline <= now {
            fire(.suspicion(id), now: now, out: &out)
        } else {
            out.append(.setTimer(.suspicion(id), at: deadline))
        }
    }

    private mutating func declareDead(
        _ id: MemberID, incarnation inc: UInt32, pushToRouters push: Bool, now: ClusterInstant, out: inout [MembershipDirective]
    ) {
        guard let i = index(of: id) else { return }
        metrics.deathsDeclared += 1
        markGone(i, incarnation: inc, status: .dead, now: now, out: &out)
        let b = Broadcast.dead(id, incarnation: inc, from: localID)
        broadcasts.enqueue(b)
        if push, configuration.pushToRouters { pushToRouters(b, out: &out) }
    }

    private mutating func markGone(_ i: Int, incarnation inc: UInt32, status: MemberStatus, now: ClusterInstant, out: inout [MembershipDirective]) {
        let old = table[i]
        let id = old.id
        replace(at: i, with: MemberRecord(id: id, address: old.address, role: old.role, incarnation: inc, status: status))
        suspicions[id] = nil
        if retryTarget == id { retryTarget = nil }
        clearGone(id, previous: old.status)
        deadSince[id] = now
        if status == .dead { insertSorted(&deadList, id) }
        emitChange(i, previous: old.status, out: &out)
    }

    private mutating func clearGone(_ id: MemberID, previous: MemberStatus) {
        guard !previous.isActive else { return }
        deadSince[id] = nil
        removeSorted(&deadList, id)
    }

    private mutating func reap(now: ClusterInstant, out: inout [MembershipDirective]) {
        var i = 0
        while i < table.count {
            let m = table[i]
            if !m.status.isActive, let since = deadSince[m.id], now - since > configuration.deadRetention {
                membershipDigest ^= StateDigest.memberHash(id: m.id, incarnation: m.incarnation, status: m.status)
                table.remove(at: i)
                deadSince[m.id] = nil
                removeSorted(&deadList, m.id)
                continue
            }
            i += 1
        }
    }

    private mutating func setMetadata(_ id: MemberID, _ v: VersionedMetadata) {
        if let old = metadataStore[id] { metadataDigest ^= StateDigest.metadataHash(id: id, version: old.version) }
        metadataStore[id] = v
        metadataDigest ^= StateDigest.metadataHash(id: id, version: v.version)
    }

    private mutating func publish(_ m: MemberMetadata, out: inout [MembershipDirective]) {
        precondition(m.role == localRole, "metadata role must match the member's role")
        precondition(WireCodec.size(of: m) <= MemberMetadata.maximumEncodedSize, "metadata exceeds \(MemberMetadata.maximumEncodedSize) bytes")
        localMetadataVersion &+= 1
        let v = VersionedMetadata(version: localMetadataVersion, metadata: m)
        setMetadata(localID, v)
        if phase != .created { broadcasts.enqueue(.metadata(localID, v)) }
        out.append(.emit(.metadataChanged(localID, v)))
    }

    private mutating func learn(
        _ e: OwnershipEntry, origin: Bool, now: ClusterInstant, rebroadcast: Bool = true, out: inout [MembershipDirective]
    ) {
        guard let previous = ownership.merge(e) else { return }
        out.append(.emit(.ownershipChanged(e, previous: previous)))
        guard phase != .created else { return }
        let b = Broadcast.ownership(e)
        if rebroadcast { broadcasts.enqueue(b) }
        if origin, configuration.pushToRouters {
            pushToRouters(b, out: &out)
            if configuration.ownershipPushCopies > 1 {
                let due = now + configuration.ownershipPushSpacing
                routerPushes.append(RouterPush(broadcast: b, due: due, remaining: configuration.ownershipPushCopies - 1))
                out.append(.setTimer(.routerPush, at: due))
            }
        }
    }

    private mutating func leave(now: ClusterInstant, out: inout [MembershipDirective]) {
        guard phase == .running else { return }
        phase = .leaving
        probe = nil
        retryTarget = nil
        let b = Broadcast.dead(localID, incarnation: incarnation, from: localID)
        if let i = index(of: localID) {
            replace(at: i, with: MemberRecord(id: localID, address: localAddress, role: localRole, incarnation: incarnation, status: .left))
        }
        broadcasts.enqueue(b)
        // Tell a few members at once; gossip carries it further until the driver stops.
        for h in randomActiveMembers(max(configuration.gossipFanout, 1) * 2, excluding: localID) {
            sendPacket(.gossip, notices: [b], to: table[h].address, out: &out)
        }
        if configuration.pushToRouters { pushToRouters(b, out: &out) }
        out.append(.emit(.left))
    }

    // MARK: - Anti-entropy

    private func fullState(wantsReply: Bool, members: Bool = true, metadata: Bool = true, ownership includeOwnership: Bool = true) -> StateTransfer {
        StateTransfer(
            sender: localID, digest: digest, wantsReply: wantsReply,
            members: members ? table : nil,
            metadata: metadata ? metadataStore : nil,
            ownership: includeOwnership ? ownership.sortedEntries : nil)
    }

    private mutating func receive(_ message: StreamMessage, from: MemberAddress, now: ClusterInstant, out: inout [MembershipDirective]) {
        guard phase != .created else { return }
        switch message {
        case .syncRequest(let sender, let theirs):
            let mine = digest
            if mine == theirs { metrics.syncsInAgreement += 1; return }
            let reply = fullState(
                wantsReply: true, members: mine.membership != theirs.membership,
                metadata: mine.metadata != theirs.metadata, ownership: mine.ownership != theirs.ownership)
            out.append(.sendStream(.state(reply), to: index(of: sender).map { table[$0].address } ?? from))
        case .state(let t):
            if let members = t.members {
                for r in members {
                    switch r.status {
                    case .alive:
                        apply(.alive(r.id, incarnation: r.incarnation, address: r.address, role: r.role), now: now,
                              viaTransfer: r.id != t.sender, out: &out)
                    case .suspect:
                        if index(of: r.id) == nil, r.id != localID {
                            apply(.alive(r.id, incarnation: r.incarnation, address: r.address, role: r.role), now: now, viaTransfer: true, out: &out)
                        } else {
                            apply(.suspect(r.id, incarnation: r.incarnation, from: t.sender), now: now, viaTransfer: true, out: &out)
                        }
                    case .dead:
                        apply(.dead(r.id, incarnation: r.incarnation, from: t.sender), now: now, viaTransfer: true, out: &out)
                    case .left:
                        apply(.dead(r.id, incarnation: r.incarnation, from: r.id), now: now, viaTransfer: true, out: &out)
                    }
                }
            }
            if let metadata = t.metadata {
                for (id, v) in metadata.sorted(by: { $0.key < $1.key }) {
                    apply(.metadata(id, v), now: now, viaTransfer: true, out: &out)
                }
            }
            if let entries = t.ownership {
                for e in entries { learn(e, origin: false, now: now, rebroadcast: false, out: &out) }
            }
            if t.wantsReply {
                let reply = fullState(wantsReply: false, members: t.members != nil, metadata: t.metadata != nil, ownership: t.ownership != nil)
                out.append(.sendStream(.state(reply), to: index(of: t.sender).map { table[$0].address } ?? from))
            }
        }
    }

    // MARK: - Sending

    private mutating func gossip(out: inout [MembershipDirective]) {
        guard !broadcasts.isEmpty else { return }
        for h in randomActiveMembers(configuration.gossipFanout, excluding: localID) {
            guard !broadcasts.isEmpty else { return }
            sendPacket(.gossip, to: table[h].address, out: &out)
        }
    }

    private mutating func pushToRouters(_ b: Broadcast, out: inout [MembershipDirective]) {
        for m in table where m.role == .router && m.status.isActive && m.id != localID {
            out.append(.send(Packet(sender: localID, message: .gossip, broadcasts: [b]), to: m.address))
        }
    }

    private mutating func sendPacket(_ message: ProbeMessage, notices: [Broadcast] = [], to address: MemberAddress, out: inout [MembershipDirective]) {
        var packet = Packet(sender: localID, message: message, broadcasts: notices)
        let used = WireCodec.packetHeaderSize + WireCodec.encodedSize(of: message) + notices.reduce(0) { $0 + WireCodec.encodedSize(of: $1) }
        let budget = configuration.maximumDatagramSize - configuration.datagramOverhead - used
        broadcasts.take(
            budget: budget, limit: configuration.retransmitLimit(members: activeCount), shares: configuration.classShares,
            maxCount: 255 - notices.count, into: &packet.broadcasts, bytes: &metrics.broadcastBytes)
        out.append(.send(packet, to: address))
    }

    // MARK: - Table helpers

    private func index(of id: MemberID) -> Int? {
        var lo = 0, hi = table.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if table[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < table.count && table[lo].id == id ? lo : nil
    }

    private mutating func insert(_ r: MemberRecord) {
        var lo = 0, hi = table.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if table[mid].id < r.id { lo = mid + 1 } else { hi = mid }
        }
        table.insert(r, at: lo)
        membershipDigest ^= StateDigest.memberHash(id: r.id, incarnation: r.incarnation, status: r.status)
        if r.status.isActive { activeCount += 1 }
    }

    private mutating func replace(at i: Int, with r: MemberRecord) {
        let old = table[i]
        membershipDigest ^= StateDigest.memberHash(id: old.id, incarnation: old.incarnation, status: old.status)
        membershipDigest ^= StateDigest.memberHash(id: r.id, incarnation: r.incarnation, status: r.status)
        if old.status.isActive { activeCount -= 1 }
        if r.status.isActive { activeCount += 1 }
        table[i] = r
    }

    private mutating func emitChange(_ i: Int, previous: MemberStatus?, out: inout [MembershipDirective]) {
        let m = table[i]
        out.append(.emit(.memberChanged(MemberChange(
            id: m.id, role: m.role, address: m.address, previous: previous, status: m.status, incarnation: m.incarnation))))
    }

    private mutating func randomActiveMember() -> Int? {
        guard activeCount > 1 else { return nil }
        for _ in 0..<64 {
            let i = random.below(table.count)
            if table[i].id != localID, table[i].status.isActive { return i }
        }
        return nil
    }

    /// Up to `k` distinct active members other than this one and `excluding`.
    private mutating func randomActiveMembers(_ k: Int, excluding: MemberID) -> [Int] {
        var chosen: [Int] = []
        guard k > 0 else { return chosen }
        var attempts = 0
        while chosen.count < k, attempts < k * 8 {
            attempts += 1
            let i = random.below(table.count)
            let m = table[i]
            if m.id != localID, m.id != excluding, m.status.isActive, !chosen.contains(i) { chosen.append(i) }
        }
        return chosen
    }

    private func insertSorted(_ list: inout [MemberID], _ id: MemberID) {
        var lo = 0, hi = list.count
        while lo < hi { let mid = (lo + hi) >> 1; if list[mid] < id { lo = mid + 1 } else { hi = mid } }
        if lo < list.count, list[lo] == id { return }
        list.insert(id, at: lo)
    }

    private func removeSorted(_ list: inout [MemberID], _ id: MemberID) {
        var lo = 0, hi = list.count
        while lo < hi { let mid = (lo + hi) >> 1; if list[mid] < id { lo = mid + 1 } else { hi = mid } }
        if lo < list.count, list[lo] == id { list.remove(at: lo) }
    }
}
