import Cluster

/// Small fixed clusters for straight-line machine tests.
enum Fixture {
    static let a = MemberID(rawValue: 0x10)
    static let b = MemberID(rawValue: 0x20)
    static let c = MemberID(rawValue: 0x30)
    static let d = MemberID(rawValue: 0x40)
    static let r = MemberID(rawValue: 0x50)

    static func address(_ id: MemberID) -> MemberAddress { MemberAddress(ipv4: 0x0A00_0000 | UInt32(id.rawValue), port: 7946) }

    static func record(_ id: MemberID, _ status: MemberStatus = .alive, incarnation: UInt32 = 0, role: MemberRole = .node) -> MemberRecord {
        MemberRecord(id: id, address: address(id), role: role, incarnation: incarnation, status: status)
    }

    /// A started machine for member `a` in a cluster of a, b, c, d (+ router r when asked).
    static func machine(
        _ configuration: MembershipConfiguration = .tessera, members: [MemberRecord]? = nil, router: Bool = false, seed: UInt64 = 7
    ) -> MembershipMachine {
        var list = members ?? [record(a), record(b), record(c), record(d)]
        if router { list.append(record(r, role: .router)) }
        list.sort { $0.id < $1.id }
        var m = MembershipMachine(configuration: configuration, localID: a, address: address(a), role: .node, seed: seed, knownMembers: list)
        _ = m.handle(.start(seeds: []), at: t(0))
        return m
    }

    static func t(_ ms: Int64) -> ClusterInstant { .zero + .milliseconds(ms) }

    static func packet(from sender: MemberID, _ message: ProbeMessage, _ broadcasts: [Broadcast] = []) -> MembershipInput {
        .packet(Packet(sender: sender, message: message, broadcasts: broadcasts), from: address(sender))
    }
}

extension Array where Element == MembershipDirective {
    /// Packets sent, with their destinations.
    var sent: [(Packet, MemberAddress)] {
        compactMap { if case .send(let p, let to) = $0 { (p, to) } else { nil } }
    }

    /// Timers set.
    var timers: [(ClusterTimer, ClusterInstant)] {
        compactMap { if case .setTimer(let t, let at) = $0 { (t, at) } else { nil } }
    }

    /// Events emitted.
    var events: [ClusterEvent] {
        compactMap { if case .emit(let e) = $0 { e } else { nil } }
    }

    /// Status changes emitted.
    var changes: [MemberChange] {
        events.compactMap { if case .memberChanged(let c) = $0 { c } else { nil } }
    }

    /// Pings sent: (sequence, target, destination).
    var pings: [(UInt32, MemberID, MemberAddress)] {
        sent.compactMap { p, to in if case .ping(let s, let t, _) = p.message { (s, t, to) } else { nil } }
    }

    /// Ping-reqs sent: (sequence, target, helper address).
    var pingRequests: [(UInt32, MemberID, MemberAddress)] {
        sent.compactMap { p, to in if case .pingRequest(let s, let t, _) = p.message { (s, t, to) } else { nil } }
    }
}
