import Cluster

/// One change in one member's view, as recorded by the simulator's oracle.
public struct ViewChange: Sendable, Hashable {
    /// Virtual time (ns).
    public var time: Int64
    /// The member whose view changed (simulation index).
    public var observer: Int32
    /// The member the change is about (simulation index).
    public var subject: Int32
    /// The new status in the observer's view.
    public var status: MemberStatus
    /// The incarnation.
    public var incarnation: UInt32
}

/// An ownership change seen by one member.
public struct OwnershipArrival: Sendable, Hashable {
    /// Virtual time (ns).
    public var time: Int64
    /// The member that learned it.
    public var observer: Int32
    /// The server.
    public var server: String
    /// The epoch learned.
    public var epoch: UInt64
}

/// How a simulated cluster is built.
public struct SimulationConfiguration: Sendable {
    /// Seed of everything random in the run.
    public var seed: UInt64
    /// Members in total (routers included).
    public var members: Int
    /// How many of them are routers (the first `routers` indices).
    public var routers: Int
    /// The protocol profile every member runs.
    public var profile: MembershipConfiguration
    /// The network.
    public var network: NetworkModel
    /// Pass every datagram through the binary codec (slower; proves the codec in the loop).
    public var encodeOnWire = false
    /// Give every member metadata (costs memory at 10,000 members).
    public var withMetadata = false
    /// Keep every view change in ``Simulation/viewChanges`` (long runs use ``Simulation/onViewChange``
    /// and the hash only).
    public var recordViewChanges = true

    /// A configuration.
    public init(seed: UInt64, members: Int, routers: Int = 0, profile: MembershipConfiguration = .tessera, network: NetworkModel = NetworkModel()) {
        self.seed = seed; self.members = members; self.routers = routers; self.profile = profile; self.network = network
    }
}

/// A deterministic discrete-event simulation of N ``MembershipMachine``s on a simulated network.
///
/// Everything random comes from the seed (one ``SeededRandom`` per member for its machine, one
/// for the network), events are ordered by (virtual time, insertion order), and nothing
/// iterates a hashed collection, so the same configuration produces the same trace; the
/// ``traceHash`` of every recorded view change proves it. Faults: crashes, process pauses
/// (events that arrive during a pause are delivered at resume, timers first — the order that
/// hurts a member most), slow members (extra latency on everything they receive), symmetric
/// and asymmetric partitions, independent and Gilbert–Elliott bursty loss.
public final class Simulation {
    /// The configuration.
    public let configuration: SimulationConfiguration
    /// The machines, indexed by simulation index.
    public private(set) var machines: [MembershipMachine] = []
    /// Member ids by index.
    public let ids: [MemberID]
    private var indexByID: [MemberID: Int32] = [:]

    enum Payload {
        case input(Int32, MembershipInput)
        case resume(Int32)
        case action(Int)
    }
    private var queue = EventQueue<Payload>()
    private var network: NetworkModel
    private var random: SeededRandom
    /// Current virtual time.
    public private(set) var now: Int64 = 0

    /// Crashed members.
    public private(set) var crashed: [Bool]
    private var pausedUntil: [Int64]
    private var pauseBuffer: [[Payload]]
    private var slowness: [Int64]
    private var burstBad: [Bool]
    /// Partition group of each member (`0` when there is no partition).
    public private(set) var group: [UInt8]
    private var blocked: [Bool] = Array(repeating: false, count: 256 * 256)  // [from * 256 + to]
    private var actions: [(Simulation) -> Void] = []

    /// Every view change, in order.
    public private(set) var viewChanges: [ViewChange] = []
    /// Record ownership arrivals (only at routers, to keep memory small).
    public private(set) var ownershipArrivals: [OwnershipArrival] = []
    /// Refutations performed, by member.
    public private(set) var refutations = 0
    /// Running hash of the trace (view changes and ownership arrivals).
    public private(set) var traceHash: UInt64 = 0xCBF2_9CE4_8422_2325
    /// Bytes sent per member (datagrams after the shell's overhead, plus streams).
    public private(set) var bytesSent: [Int]
    /// Datagrams sent / dropped by loss / by partition / for size; stream messages.
    public private(set) var datagrams = 0, droppedLoss = 0, droppedPartition = 0, droppedSize = 0, streams = 0
    /// Largest datagram seen.
    public private(set) var largestDatagram = 0
    /// Events processed.
    public private(set) var events = 0
    /// Called for every member-changed event, if set (oracles that watch live).
    public var onViewChange: ((ViewChange) -> Void)?

    private var directiveBuffer: [MembershipDirective] = []

    /// Builds the cluster: every member starts knowing every other (as after a completed join)
    /// and starts at a random offset within one probe period.
    public init(_ configuration: SimulationConfiguration) {
        self.configuration = configuration
        let n = configuration.members
        precondition(n >= 1 && n < 1 << 24, "members must be in 1 ..< 2^24")
        precondition(configuration.routers <= n)
        network = configuration.network
        var master = SeededRandom(seed: configuration.seed)
        random = master.split()
        ids = (0..<n).map { MemberID(name: "member-\($0)-\(configuration.seed)") }
        crashed = Array(repeating: false, count: n)
        pausedUntil = Array(repeating: 0, count: n)
        pauseBuffer = Array(repeating: [], count: n)
        slowness = Array(repeating: 0, count: n)
        burstBad = Array(repeating: false, count: n)
        group = Array(repeating: 0, count: n)
        bytesSent = Array(repeating: 0, count: n)
        indexByID.reserveCapacity(n)
        for (i, id) in ids.enumerated() { indexByID[id] = Int32(i) }
        var records = (0..<n).map { i in
            MemberRecord(id: ids[i], address: Self.address(i), role: i < configuration.routers ? .router : .node, incarnation: 0, status: .alive)
        }
        records.sort { $0.id < $1.id }
        machines.reserveCapacity(n)
        for i in 0..<n {
            let role: MemberRole = i < configuration.routers ? .router : .node
            let meta = configuration.withMetadata
                ? MemberMetadata(name: "member-\(i)", role: role, soapEndpoint: "https://10.0.\(i >> 8).\(i & 255):8443/soap", serversReachable: ["s\(i)"], version: "1.0")
                : nil
            machines.append(MembershipMachine(
                configuration: configuration.profile, localID: ids[i], address: Self.address(i), role: role,
                metadata: meta, seed: master.next(), knownMembers: records))
        }
        for i in 0..<n { deliver(Int32(i), .start(seeds: [])) }
    }

    /// The simulated address of member `i` (10.x.y.z:7946).
    public static func address(_ i: Int) -> MemberAddress { MemberAddress(ipv4: 0x0A00_0000 | UInt32(i), port: 7946) }

    /// Index of a member id.
    public func index(of id: MemberID) -> Int? { indexByID[id].map(Int.init) }

    // MARK: - Scheduling faults and actions

    /// Runs `action` at virtual time `time`.
    public func at(_ time: ClusterInstant, _ action: @escaping (Simulation) -> Void) {
        actions.append(action)
        queue.push(time.nanoseconds, .action(actions.count - 1))
    }

    /// Crashes member `i` now: it never processes another event.
    public func crash(_ i: Int) { crashed[i] = true; pauseBuffer[i] = [] }

    /// Pauses member `i` now for `duration`.
    public func pause(_ i: Int, for duration: ClusterDuration) {
        guard !crashed[i], pausedUntil[i] <= now else { return }
        pausedUntil[i] = now + duration.nanoseconds
        queue.push(pausedUntil[i], .resume(Int32(i)))
    }

    /// Adds `extra` latency to everything member `i` receives (a slow member).
    public func setSlowness(_ i: Int, _ extra: ClusterDuration) { slowness[i] = extra.nanoseconds }

    /// Splits members into groups (values 1…255, 0 = unassigned) and blocks traffic between
    /// different groups; `oneWay` blocks only `from → to` pairs listed.
    public func partition(_ groups: [UInt8], oneWay: [(from: UInt8, to: UInt8)]? = nil) {
        precondition(groups.count == group.count)
        group = groups
        blocked = Array(repeating: false, count: 256 * 256)
        if let oneWay {
            for (f, t) in oneWay { blocked[Int(f) * 256 + Int(t)] = true }
        } else {
            for a in 0..<256 { for b in 0..<256 where a != b { blocked[a * 256 + b] = true } }
        }
    }

    /// Removes every partition.
    public func heal() {
        group = Array(repeating: 0, count: group.count)
        blocked = Array(repeating: false, count: 256 * 256)
    }

    /// Sets the network model from now on.
    public func setNetwork(_ model: NetworkModel) { network = model }

    /// Feeds an application input to member `i` now (metadata, ownership, leave).
    public func inject(_ i: Int, _ input: MembershipInput) { queue.push(now, .input(Int32(i), input)) }

    // MARK: - Running

    /// Processes events until virtual time `time`.
    public func run(until time: ClusterInstant) {
        while let t = queue.nextTime, t <= time.nanoseconds {
            let e = queue.pop()!
            now = e.time
            events += 1
            switch e.payload {
            case .action(let k):
                actions[k](self)
                actions[k] = { _ in }
            case .resume(let i):
                let idx = Int(i)
                guard !crashed[idx], pausedUntil[idx] == now else { continue }
                let buffered = pauseBuffer[idx]
                pauseBuffer[idx] = []
                // Timers first: the stalled process finds its deadlines passed before it reads
                // the socket backlog.
                for p in buffered { if case .input(_, .timer) = p { process(p) } }
                for p in buffered { if case .input(_, .timer) = p {} else { process(p) } }
            case .input:
                process(e.payload)
            }
        }
        now = max(now, time.nanoseconds)
    }

    private func process(_ payload: Payload) {
        guard case .input(let i, let input) = payload else { return }
        let idx = Int(i)
        if crashed[idx] { return }
        if pausedUntil[idx] > now { pauseBuffer[idx].append(payload); return }
        deliver(i, input)
    }

    private func deliver(_ i: Int32, _ input: MembershipInput) {
        let idx = Int(i)
        directiveBuffer.removeAll(keepingCapacity: true)
        machines[idx].handle(input, at: ClusterInstant(nanoseconds: now), into: &directiveBuffer)
        for d in directiveBuffer { carryOut(d, from: idx) }
    }

    private func carryOut(_ d: MembershipDirective, from i: Int) {
        switch d {
        case .setTimer(let timer, let at):
            queue.push(max(at.nanoseconds, now), .input(Int32(i), .timer(timer)))
        case .send(let packet, let to):
            sendDatagram(packet, from: i, to: to)
        case .sendStream(let message, let to):
            guard let j = target(to) else { return }
            let size = WireCodec.encodedSize(of: message) + configuration.profile.datagramOverhead + 4
            bytesSent[i] += size
            streams += 1
            if blocked[Int(group[i]) * 256 + Int(group[j])] || blocked[Int(group[j]) * 256 + Int(group[i])] { droppedPartition += 1; return }
            let delay = network.latency(&random) * Int64(network.streamLatencyFactor) + Int64(size) * 10 + slowness[j]
            queue.push(now + delay, .input(Int32(j), .stream(message, from: Self.address(i))))
        case .emit(let event):
            record(event, observer: i)
        }
    }

    private func target(_ address: MemberAddress) -> Int? {
        guard let v4 = address.ipv4, v4 >> 24 == 0x0A else { return nil }
        let j = Int(v4 & 0x00FF_FFFF)
        return j < machines.count ? j : nil
    }

    private func sendDatagram(_ packet: Packet, from i: Int, to address: MemberAddress) {
        datagrams += 1
        let size = WireCodec.encodedSize(of: packet) + configuration.profile.datagramOverhead
        bytesSent[i] += size
        largestDatagram = max(largestDatagram, size)
        guard size <= network.maximumDatagramSize else { droppedSize += 1; return }
        guard let j = target(address) else { return }
        if blocked[Int(group[i]) * 256 + Int(group[j])] { droppedPartition += 1; return }
        if network.loss > 0, random.unit() < network.loss { droppedLoss += 1; return }
        if network.burstEnter > 0 {
            if burstBad[j] { if random.unit() < network.burstExit { burstBad[j] = false } }
            else if random.unit() < network.burstEnter { burstBad[j] = true }
            if burstBad[j], random.unit() < network.burstLoss { droppedLoss += 1; return }
        }
        var delivered = packet
        if configuration.encodeOnWire {
            let bytes = WireCodec.encode(packet)
            precondition(bytes.count + configuration.profile.datagramOverhead == size, "encodedSize disagrees with encode")
            delivered = try! WireCodec.decodePacket(bytes)
        }
        let delay = network.latency(&random) + slowness[j]
        queue.push(now + delay, .input(Int32(j), .packet(delivered, from: Self.address(i))))
    }

    private func record(_ event: ClusterEvent, observer: Int) {
        switch event {
        case .memberChanged(let c):
            guard let s = indexByID[c.id] else { return }
            let v = ViewChange(time: now, observer: Int32(observer), subject: s, status: c.status, incarnation: c.incarnation)
            if configuration.recordViewChanges { viewChanges.append(v) }
            traceHash = ClusterMath.mix(traceHash ^ UInt64(bitPattern: now)) ^ ClusterMath.mix(UInt64(observer) << 32 | UInt64(s))
                ^ ClusterMath.mix(UInt64(c.status.rawValue) << 32 | UInt64(c.incarnation))
            onViewChange?(v)
        case .ownershipChanged(let e, _):
            traceHash = ClusterMath.mix(traceHash ^ UInt64(bitPattern: now) ^ e.epoch ^ UInt64(observer) << 40)
            if observer < configuration.routers {
                ownershipArrivals.append(OwnershipArrival(time: now, observer: Int32(observer), server: e.server, epoch: e.epoch))
            }
        case .refuted:
            refutations += 1
            traceHash = ClusterMath.mix(traceHash ^ UInt64(observer) ^ 0x5EF)
        case .metadataChanged, .left:
            break
        }
    }

    /// Whether every live member sees exactly the live members as active and all digests agree.
    public func converged() -> Bool {
        var liveCount = 0
        for i in 0..<machines.count where !crashed[i] { liveCount += 1 }
        var reference: StateDigest?
        for i in 0..<machines.count where !crashed[i] {
            let m = machines[i]
            if m.activeMemberCount != liveCount { return false }
            if let r = reference { if m.digest != r { return false } } else { reference = m.digest }
        }
        return true
    }
}
