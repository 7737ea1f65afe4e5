import Cluster
import ClusterSimulator
import Testing

/// N=100 simulator tests: seconds each in CI. The N=1,000 / 10,000 figures are in
/// `tessera-cluster-sim` (benchmarks/README.md).
@Suite struct SimulatorTests {
    static func traceHash(seed: UInt64) -> (UInt64, Int) {
        var config = SimulationConfiguration(seed: seed, members: 100, routers: 8, network: NetworkModel().withLoss(0.1))
        config.network.burstEnter = 0.01
        let sim = Simulation(config)
        sim.at(.zero + .seconds(3)) { $0.crash(40) }
        sim.at(.zero + .seconds(4)) { $0.pause(41, for: .seconds(3)) }
        sim.at(.zero + .seconds(5)) { $0.inject(50, .announceOwnership(server: "s1", epoch: 2)) }
        sim.run(until: .zero + .seconds(25))
        return (sim.traceHash, sim.viewChanges.count)
    }

    @Test func sameSeedSameTrace() {
        let (h1, n1) = Self.traceHash(seed: 11)
        let (h2, n2) = Self.traceHash(seed: 11)
        let (h3, _) = Self.traceHash(seed: 12)
        #expect(n1 > 100, "the crash is seen by everyone")
        #expect(h1 == h2 && n1 == n2)
        #expect(h1 != h3)
        // Pinned: a change here means behaviour changed (or iteration order leaked in).
        #expect(h1 == Self.pinnedHash, "trace hash \(h1)")
    }

    static let pinnedHash: UInt64 = 1_760_962_473_532_751_957

    @Test func crashesAreDetectedQuicklyEverywhere() {
        let r = Scenarios.crash(members: 100, routers: 8, profile: .tessera, seed: 3, crashes: 10, spacing: .seconds(1), settle: .seconds(20))
        #expect(r.suspectedByAllRouters.max <= 5, "\(r.suspectedByAllRouters)")
        #expect(r.deadEverywhere.max <= 14, "\(r.deadEverywhere)")
        #expect(r.falseDeaths == 0)
    }

    @Test func noFalseDeathsAndFarFewerFalseSuspicionsThanTheBaselineAtTenPercentLoss() {
        let t = Scenarios.steady(members: 100, routers: 8, profile: .tessera, seed: 4, duration: .seconds(300), network: NetworkModel().withLoss(0.1))
        let b = Scenarios.steady(members: 100, routers: 8, profile: .memberlistBaseline, seed: 4, duration: .seconds(120), network: NetworkModel().withLoss(0.1))
        #expect(t.falseDeaths == 0)
        #expect(Double(t.falseSuspicions) / t.nodeHours <= 0.5, "\(t.falseSuspicions) in \(t.nodeHours) node-hours")
        #expect(b.falseSuspicions > 10 * max(t.falseSuspicions, 1), "baseline \(b.falseSuspicions), tessera \(t.falseSuspicions)")
        #expect(t.largestDatagram <= 1_200)
        #expect(t.bytesPerMemberPerSecond < 1_000)
    }

    @Test func healedPartitionRejoinsWithoutAnOperator() {
        let t = Scenarios.partition(members: 100, routers: 8, profile: .tessera, seed: 5, length: .seconds(60))
        #expect(t.deadBeforeHeal >= 49, "each side declared the other dead")
        #expect(t.healSeconds <= 10)
        let b = Scenarios.partition(members: 100, routers: 8, profile: .memberlistBaseline, seed: 5, length: .seconds(60), horizon: .seconds(15))
        #expect(b.healSeconds.isInfinite, "memberlist#222: the baseline never rejoins by itself")
    }

    @Test func ownershipReachesEveryRouterFast() {
        let d = Scenarios.ownership(members: 100, routers: 8, profile: .tessera, seed: 6, changes: 60)
        #expect(d.p50 <= 0.15, "\(d)")
        #expect(d.p99 <= 1, "\(d)")
    }

    @Test func stallingMembersDoNotGetHealthyMembersKilled() {
        let t = Scenarios.pauses(members: 100, routers: 8, profile: .tessera, seed: 7, duration: .seconds(300), fraction: 0.05)
        #expect(t.pauses > 50)
        #expect(t.healthyDeclaredDead == 0)
    }

    @Test func asymmetricPartitionSlowMemberAndBurstLossConverge() {
        var config = SimulationConfiguration(seed: 8, members: 60, routers: 4, network: NetworkModel())
        config.network.burstEnter = 0.02
        config.encodeOnWire = true
        config.withMetadata = true
        let sim = Simulation(config)
        sim.setSlowness(10, .milliseconds(40))
        // Member 20 can send but not receive.
        sim.at(.zero + .seconds(2)) { s in s.partition((0..<60).map { $0 == 20 ? 2 : 1 }, oneWay: [(from: 1, to: 2)]) }
        var suspected = false
        sim.onViewChange = { if $0.subject == 20, $0.status != .alive { suspected = true } }
        sim.at(.zero + .seconds(12)) { $0.heal() }
        sim.run(until: .zero + .seconds(12))
        #expect(suspected, "a member that hears nothing is suspected")
        sim.run(until: .zero + .seconds(40))
        #expect(sim.converged(), "after the heal every view agrees")
        #expect(sim.droppedSize == 0)
        #expect(sim.largestDatagram <= 1_200)
    }

    @Test func gracefulLeaveSpreads() {
        let sim = Simulation(SimulationConfiguration(seed: 9, members: 50, routers: 2))
        sim.at(.zero + .seconds(2)) { $0.inject(30, .leave) }
        sim.at(.zero + .seconds(4)) { $0.crash(30) }  // the process exits after spreading its leave
        sim.run(until: .zero + .seconds(10))
        let views = sim.machines.enumerated().filter { $0.offset != 30 }.map { $0.element.member(sim.ids[30])?.status }
        #expect(views.allSatisfy { $0 == .left })
    }
}
