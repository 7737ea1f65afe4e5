import Cluster
import Testing

/// Straight-line tests of the membership machine: input → expected directives.
@Suite struct MembershipMachineTests {
    typealias F = Fixture

    @Test func startSchedulesThePeriodsAndJoinsThroughSeeds() {
        var m = MembershipMachine(localID: F.a, address: F.address(F.a), role: .node, seed: 1)
        let out = m.handle(.start(seeds: [F.address(F.b), F.address(F.a)]), at: F.t(0))
        #expect(Set(out.timers.map(\.0)) == [.probe, .gossip, .pushPull])
        let streams = out.compactMap { if case .sendStream(.state(let t), let to) = $0 { (t, to) } else { nil } }
        #expect(streams.count == 1, "the machine's own address is not a seed")
        #expect(streams.first?.1 == F.address(F.b))
        #expect(streams.first?.0.wantsReply == true)
        #expect(streams.first?.0.members?.map(\.id) == [F.a])
    }

    @Test func answersAPingWithAnAckCarryingItsDigest() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .ping(sequence: 7, target: F.a, digest: 0)), at: F.t(10))
        #expect(out.sent.count == 1)
        #expect(out.sent.first?.1 == F.address(F.b))
        #expect(out.sent.first?.0.message == .ack(sequence: 7, digest: m.digest.combined))
        #expect(m.metrics.digestMismatches == 1)
    }

    @Test func ignoresAPingForAnotherMember() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .ping(sequence: 7, target: F.c, digest: 0)), at: F.t(10))
        #expect(out.isEmpty)
        #expect(m.metrics.misdirectedPings == 1)
    }

    @Test func refutesASuspicionOfItselfWithAHigherIncarnation() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.a, incarnation: 0, from: F.b)]), at: F.t(10))
        #expect(out.events == [.refuted(incarnation: 1)])
        #expect(m.incarnation == 1)
        #expect(m.localHealth == 1, "Lifeguard: having to refute raises the local health multiplier")
        // The refutation rides on the next packet.
        let ack = m.handle(F.packet(from: F.c, .ping(sequence: 1, target: F.a, digest: 0)), at: F.t(20))
        #expect(ack.sent.first?.0.broadcasts.first == .alive(F.a, incarnation: 1, address: F.address(F.a), role: .node))
        // A stale suspicion (older incarnation) changes nothing.
        let stale = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.a, incarnation: 0, from: F.b)]), at: F.t(30))
        #expect(stale.events.isEmpty)
        #expect(m.incarnation == 1)
    }

    @Test func refutesADeathOfItself() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .gossip, [.dead(F.a, incarnation: 3, from: F.b)]), at: F.t(10))
        #expect(out.events == [.refuted(incarnation: 4)])
    }

    @Test func incarnationOrderingFollowsSWIM() {
        var m = F.machine()
        // suspect(0) overrides alive(0)
        var out = m.handle(F.packet(from: F.c, .gossip, [.suspect(F.b, incarnation: 0, from: F.c)]), at: F.t(10))
        #expect(out.changes.map(\.status) == [.suspect])
        // alive(0) does not override suspect(0)
        out = m.handle(F.packet(from: F.c, .gossip, [.alive(F.b, incarnation: 0, address: F.address(F.b), role: .node)]), at: F.t(20))
        #expect(out.changes.isEmpty)
        // alive(1) overrides suspect(0)
        out = m.handle(F.packet(from: F.c, .gossip, [.alive(F.b, incarnation: 1, address: F.address(F.b), role: .node)]), at: F.t(30))
        #expect(out.changes.map(\.status) == [.alive])
        // dead(1) overrides alive(1); suspect(1) does not revive it; alive(2) does.
        out = m.handle(F.packet(from: F.c, .gossip, [.dead(F.b, incarnation: 1, from: F.c)]), at: F.t(40))
        #expect(out.changes.map(\.status) == [.dead])
        out = m.handle(F.packet(from: F.c, .gossip, [.suspect(F.b, incarnation: 1, from: F.c)]), at: F.t(50))
        #expect(out.changes.isEmpty)
        out = m.handle(F.packet(from: F.c, .gossip, [.alive(F.b, incarnation: 2, address: F.address(F.b), role: .node)]), at: F.t(60))
        #expect(out.changes.map(\.status) == [.alive])
        #expect(m.member(F.b)?.incarnation == 2)
    }

    @Test func gracefulLeaveIsRecordedAsLeft() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .gossip, [.dead(F.b, incarnation: 0, from: F.b)]), at: F.t(10))
        #expect(out.changes.map(\.status) == [.left])
    }

    @Test func leavingAnnouncesItselfAndStopsProbing() {
        var m = F.machine()
        let out = m.handle(.leave, at: F.t(10))
        #expect(out.events.last == .left)
        #expect(!out.sent.isEmpty)
        #expect(out.sent.allSatisfy { $0.0.broadcasts.first == .dead(F.a, incarnation: 0, from: F.a) })
        let probe = m.handle(.timer(.probe), at: F.t(500))
        #expect(probe.pings.isEmpty)
        // It does not refute its own departure.
        let echo = m.handle(F.packet(from: F.b, .gossip, [.dead(F.a, incarnation: 0, from: F.b)]), at: F.t(600))
        #expect(echo.events.isEmpty)
    }

    /// One full failed round: two direct pings, then k ping-reqs, then the round ends.
    private func failRound(_ m: inout MembershipMachine, at start: Int64) -> (target: MemberID, out: [MembershipDirective]) {
        let c = m.configuration
        var out = m.handle(.timer(.probe), at: F.t(start))
        let (seq, target, _) = out.pings.last!
        var now = start + c.directProbeTimeout.nanoseconds / 1_000_000
        let second = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(now))
        #expect(second.pings.map(\.1) == [target], "second direct attempt")
        out += second
        now += c.directProbeTimeout.nanoseconds / 1_000_000
        let indirect = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(now))
        #expect(indirect.pingRequests.count == 2, "k = 4 wanted, 2 other members available")
        #expect(indirect.pingRequests.allSatisfy { $0.1 == target && $0.2 != F.address(target) })
        out += indirect
        out += m.handle(.timer(.probeStep(sequence: seq)), at: F.t(start + c.probeRoundTimeout.nanoseconds / 1_000_000))
        return (target, out)
    }

    @Test func suspectsOnlyAfterTwoFailedRoundsThenTimesOutToDead() {
        var m = F.machine()
        let first = failRound(&m, at: 1_000)
        #expect(first.out.changes.isEmpty, "one failed round is not enough")
        #expect(m.localHealth == 2, "Lifeguard: two missing nacks")
        let second = failRound(&m, at: 1_500)
        #expect(second.target == first.target, "the failed target is probed again next round")
        #expect(second.out.changes.map(\.status) == [.suspect])
        let suspicionTimer = second.out.timers.first { $0.0 == .suspicion(first.target) }
        let n = m.activeMemberCount
        let expected = F.t(1_950) + m.configuration.suspicionTimeout(members: n, confirmations: 0)
        #expect(suspicionTimer?.1 == expected, "no confirmations yet: the maximum timeout")
        // The timer fires: dead, and the death is broadcast.
        for k in stride(from: Int64(2_000), to: expected.nanoseconds / 1_000_000, by: 500) { _ = m.handle(.timer(.gossip), at: F.t(k)) }
        let dead = m.handle(.timer(.suspicion(first.target)), at: expected)
        #expect(dead.changes.map(\.status) == [.dead])
        #expect(m.metrics.deathsDeclared == 1)
        let gossip = m.handle(.timer(.gossip), at: expected + .milliseconds(1))
        #expect(gossip.sent.contains { $0.0.broadcasts.contains(.dead(first.target, incarnation: 0, from: F.a)) })
    }

    @Test func anAckEndsTheRoundAndLowersLocalHealth() {
        var m = F.machine()
        _ = failRound(&m, at: 1_000)
        #expect(m.localHealth == 2)
        let out = m.handle(.timer(.probe), at: F.t(1_500))
        let (seq, target, _) = out.pings.last!
        _ = m.handle(F.packet(from: target, .ack(sequence: seq, digest: 0)), at: F.t(1_501))
        #expect(m.localHealth == 1)
        let late = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(1_800))
        #expect(late.isEmpty, "stale timers are ignored")
    }

    @Test func suspicionTimeoutShrinksWithIndependentConfirmations() {
        var m = F.machine()
        let c = m.configuration
        let n = m.activeMemberCount
        var out = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.d, incarnation: 0, from: F.b)]), at: F.t(0))
        #expect(out.timers.map(\.1) == [F.t(0) + c.suspicionTimeout(members: n, confirmations: 0)])
        out = m.handle(F.packet(from: F.c, .gossip, [.suspect(F.d, incarnation: 0, from: F.c)]), at: F.t(100))
        let one = F.t(0) + c.suspicionTimeout(members: n, confirmations: 1)
        #expect(out.timers.map(\.1) == [one])
        // The same confirmer again is not independent: no change.
        out = m.handle(F.packet(from: F.c, .gossip, [.suspect(F.d, incarnation: 0, from: F.c)]), at: F.t(200))
        #expect(out.timers.isEmpty)
        // Our own failed probe of d is a confirmation too.
        let (lo, hi, k) = c.suspicionBounds(members: n)
        #expect(k == 3)
        #expect(c.suspicionTimeout(members: n, confirmations: 0) == hi)
        #expect(c.suspicionTimeout(members: n, confirmations: 3) == lo)
        #expect(c.suspicionTimeout(members: n, confirmations: 2) < one - F.t(0))
        #expect(m.suspected.map(\.1) == [one])
    }

    @Test func suspicionBoundsScaleWithLogN() {
        let c = MembershipConfiguration.tessera
        #expect(c.suspicionBounds(members: 1_000).minimum == .milliseconds(4_500))
        #expect(c.suspicionBounds(members: 1_000).maximum == .milliseconds(27_000))
        #expect(c.suspicionBounds(members: 10_000).minimum == .milliseconds(6_000))
        #expect(c.suspicionBounds(members: 5).minimum == .milliseconds(1_500))
        let timeouts = (0...4).map { c.suspicionTimeout(members: 1_000, confirmations: $0) }
        #expect(timeouts == timeouts.sorted(by: >), "monotone in confirmations")
        let b = MembershipConfiguration.memberlistBaseline
        #expect(b.suspicionBounds(members: 1_000).minimum == .seconds(12))
        #expect(b.suspicionTimeout(members: 1_000, confirmations: 5) == .seconds(12), "plain SWIM: fixed")
        #expect(b.retransmitLimit(members: 1_000) == 16)
        #expect(b.pushPullInterval(members: 1_000) == .seconds(180))
    }

    @Test func buddySystemTellsASuspectItIsSuspected() {
        var m = F.machine(members: [F.record(F.a), F.record(F.b)])
        _ = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.b, incarnation: 0, from: F.b)]), at: F.t(0))
        let out = m.handle(.timer(.probe), at: F.t(100))
        #expect(out.pings.map(\.1) == [F.b])
        #expect(out.sent.first?.0.broadcasts.first == .suspect(F.b, incarnation: 0, from: F.b))
    }

    @Test func relaysAPingRequestAndNacksWhenTheTargetIsSilent() {
        var m = F.machine()
        let out = m.handle(F.packet(from: F.b, .pingRequest(sequence: 40, target: F.c, address: F.address(F.c))), at: F.t(0))
        let (seq, target, to) = out.pings.first!
        #expect(target == F.c && to == F.address(F.c))
        #expect(out.timers.map(\.0) == [.relay(sequence: seq)])
        let nack = m.handle(.timer(.relay(sequence: seq)), at: F.t(200))
        #expect(nack.sent.map(\.0.message) == [.nack(sequence: 40)])
        #expect(nack.sent.first?.1 == F.address(F.b))
        // A relayed ack goes back to the requester under its sequence.
        let out2 = m.handle(F.packet(from: F.b, .pingRequest(sequence: 41, target: F.d, address: F.address(F.d))), at: F.t(300))
        let seq2 = out2.pings.first!.0
        let fwd = m.handle(F.packet(from: F.d, .ack(sequence: seq2, digest: 99)), at: F.t(301))
        #expect(fwd.sent.map(\.0.message) == [.ack(sequence: 41, digest: 99)])
        #expect(m.handle(.timer(.relay(sequence: seq2)), at: F.t(500)).isEmpty, "no nack after the ack")
    }

    @Test func pauseGuardMakesFailuresAfterAStallInconclusive() {
        var m = F.machine()
        let out = m.handle(.timer(.probe), at: F.t(1_000))
        let seq = out.pings.last!.0
        // The process stalls for 3 s; every timer fires late.
        _ = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(4_000))
        _ = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(4_001))
        _ = m.handle(.timer(.probeStep(sequence: seq)), at: F.t(4_002))
        #expect(m.metrics.pausesDetected == 1)
        #expect(m.metrics.inconclusiveProbes == 1)
        #expect(m.localHealth == 0)
        #expect(m.suspected.isEmpty)
    }

    @Test func pauseGuardPostponesSuspicionDeadlinesUntilTheBacklogIsRead() {
        var m = F.machine()
        _ = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.c, incarnation: 0, from: F.b)]), at: F.t(1_000))
        #expect(m.suspected.map(\.1) == [F.t(10_000)])
        // Stalled past the deadline: the late timer is deferred by the guard (2 s) ...
        let late = m.handle(.timer(.suspicion(F.c)), at: F.t(10_500))
        #expect(late.changes.isEmpty)
        #expect(late.timers.map(\.0) == [.suspicion(F.c)])
        #expect(late.timers.map(\.1) == [F.t(12_500)])
        // ... so a refutation read from the backlog still saves c.
        let saved = m.handle(F.packet(from: F.c, .gossip, [.alive(F.c, incarnation: 1, address: F.address(F.c), role: .node)]), at: F.t(10_501))
        #expect(saved.changes.map(\.status) == [.alive])
        #expect(m.handle(.timer(.suspicion(F.c)), at: F.t(12_500)).changes.isEmpty)
    }

    @Test func withoutARefutationTheDeferredDeadlineKills() {
        var m = F.machine()
        _ = m.handle(F.packet(from: F.b, .gossip, [.suspect(F.c, incarnation: 0, from: F.b)]), at: F.t(1_000))
        _ = m.handle(.timer(.suspicion(F.c)), at: F.t(10_500))
        for k in stride(from: Int64(11_000), to: 12_500, by: 500) { _ = m.handle(.timer(.gossip), at: F.t(k)) }
        #expect(m.handle(.timer(.suspicion(F.c)), at: F.t(12_500)).changes.map(\.status) == [.dead])
    }

    @Test func reprobesDeadMembersWithANoticeSoTheyRefute() {
        var m = F.machine(members: [F.record(F.a), F.record(F.b), F.record(F.c, .dead, incarnation: 2)])
        var notices: [Broadcast] = []
        for k in 1...3 {
            let out = m.handle(.timer(.probe), at: F.t(Int64(k) * 500))
            for (p, to) in out.sent where to == F.address(F.c) { notices += p.broadcasts }
        }
        #expect(notices.first == .dead(F.c, incarnation: 2, from: F.a))
        #expect(m.metrics.deadProbes == 1)
    }

    @Test func aPingFromADeadMemberIsAnsweredWithItsDeathNotice() {
        var m = F.machine(members: [F.record(F.a), F.record(F.b, .dead, incarnation: 5)])
        let out = m.handle(F.packet(from: F.b, .ping(sequence: 3, target: F.a, digest: 0)), at: F.t(10))
        #expect(out.sent.first?.0.broadcasts.first == .dead(F.b, incarnation: 5, from: F.a))
        // ... and b's refutation revives it.
        let back = m.handle(F.packet(from: F.b, .gossip, [.alive(F.b, incarnation: 6, address: F.address(F.b), role: .node)]), at: F.t(20))
        #expect(back.changes.map(\.status) == [.alive])
    }

    @Test func ownershipHigherEpochWinsAndIsPushedToRouters() {
        var m = F.machine(router: true)
        var out = m.handle(.announceOwnership(server: "s1", epoch: 5), at: F.t(0))
        #expect(out.events == [.ownershipChanged(OwnershipEntry(server: "s1", node: F.a, epoch: 5), previous: nil)])
        #expect(out.sent.map(\.1) == [F.address(F.r)], "pushed straight to the router")
        #expect(out.timers.map(\.0) == [.routerPush])
        out = m.handle(F.packet(from: F.b, .gossip, [.ownership(OwnershipEntry(server: "s1", node: F.b, epoch: 4))]), at: F.t(10))
        #expect(out.events.isEmpty, "lower epoch loses")
        out = m.handle(F.packet(from: F.b, .gossip, [.ownership(OwnershipEntry(server: "s1", node: F.b, epoch: 6))]), at: F.t(20))
        #expect(out.events == [.ownershipChanged(OwnershipEntry(server: "s1", node: F.b, epoch: 6), previous: OwnershipEntry(server: "s1", node: F.a, epoch: 5))])
        #expect(m.ownership["s1"]?.node == F.b)
        // The two remaining copies of the router push.
        let copy = m.handle(.timer(.routerPush), at: F.t(100))
        #expect(copy.sent.map(\.1) == [F.address(F.r)])
    }

    @Test func metadataHigherVersionWins() {
        var m = F.machine()
        let meta = MemberMetadata(name: "b", role: .node, soapEndpoint: "https://b/soap", serversReachable: ["s1"], health: MemberHealth(load: 10))
        var out = m.handle(F.packet(from: F.b, .gossip, [.metadata(F.b, VersionedMetadata(version: 2, metadata: meta))]), at: F.t(0))
        #expect(out.events == [.metadataChanged(F.b, VersionedMetadata(version: 2, metadata: meta))])
        out = m.handle(F.packet(from: F.b, .gossip, [.metadata(F.b, VersionedMetadata(version: 1, metadata: meta))]), at: F.t(1))
        #expect(out.events.isEmpty)
        #expect(m.metadata(of: F.b)?.version == 2)
    }

    @Test func joinExchangesFullStateThroughASeed() {
        var seed = F.machine()
        var joiner = MembershipMachine(localID: F.r, address: F.address(F.r), role: .router, seed: 3)
        let hello = joiner.handle(.start(seeds: [F.address(F.a)]), at: F.t(0))
        guard case .sendStream(let request, let to)? = hello.first(where: { if case .sendStream = $0 { true } else { false } }) else {
            Issue.record("no join request"); return
        }
        #expect(to == F.address(F.a))
        let reply = seed.handle(.stream(request, from: F.address(F.r)), at: F.t(5))
        #expect(reply.changes.map(\.id) == [F.r])
        #expect(seed.member(F.r)?.role == .router)
        guard case .sendStream(let state, let back)? = reply.first(where: { if case .sendStream = $0 { true } else { false } }) else {
            Issue.record("no join reply"); return
        }
        #expect(back == F.address(F.r))
        let learned = joiner.handle(.stream(state, from: F.address(F.a)), at: F.t(10))
        #expect(Set(learned.changes.map(\.id)) == [F.a, F.b, F.c, F.d])
        #expect(joiner.members.count == 5)
        #expect(joiner.digest.membership == seed.digest.membership, "after the exchange both views agree")
    }

    @Test func antiEntropyIsSkippedWhenDigestsAgree() {
        var m = F.machine()
        let same = m.handle(.stream(.syncRequest(sender: F.b, digest: m.digest), from: F.address(F.b)), at: F.t(0))
        #expect(same.isEmpty)
        #expect(m.metrics.syncsInAgreement == 1)
        var other = m.digest
        other.ownership ^= 1
        let differ = m.handle(.stream(.syncRequest(sender: F.b, digest: other), from: F.address(F.b)), at: F.t(1))
        guard case .sendStream(.state(let t), _)? = differ.first else { Issue.record("expected a state transfer"); return }
        #expect(t.members == nil && t.metadata == nil && t.ownership != nil, "only the class that differs")
    }

    @Test func everyDatagramFitsAndEveryClassGetsRoomUnderAStorm() {
        var m = F.machine(router: true)
        // A membership storm: hundreds of new members at once, plus one ownership change.
        var storm: [Broadcast] = []
        for k in 0..<200 {
            let id = MemberID(rawValue: 0x1000 + UInt64(k))
            storm.append(.alive(id, incarnation: 1, address: F.address(id), role: .node))
        }
        _ = m.handle(F.packet(from: F.b, .gossip, Array(storm.prefix(40))), at: F.t(0))
        _ = m.handle(F.packet(from: F.b, .gossip, Array(storm.dropFirst(40))), at: F.t(1))
        _ = m.handle(F.packet(from: F.c, .gossip, [.ownership(OwnershipEntry(server: "s9", node: F.c, epoch: 1))]), at: F.t(2))
        let out = m.handle(.timer(.gossip), at: F.t(3))
        #expect(!out.sent.isEmpty)
        for (p, _) in out.sent {
            #expect(WireCodec.encodedSize(of: p) + m.configuration.datagramOverhead <= 1_200)
        }
        #expect(out.sent.first?.0.broadcasts.contains(.ownership(OwnershipEntry(server: "s9", node: F.c, epoch: 1))) == true,
                "the ownership class is not starved by the membership storm")
    }

    @Test func sameSeedSameDirectives() {
        func run() -> [MembershipDirective] {
            var m = F.machine(seed: 42)
            var all: [MembershipDirective] = []
            for k in 1...20 { all += m.handle(.timer(.probe), at: F.t(Int64(k) * 500)) }
            return all
        }
        #expect(run() == run())
    }
}
