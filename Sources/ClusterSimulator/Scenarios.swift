import Cluster

/// Percentiles of a sample; unreached samples are `.infinity`.
public struct Distribution: Sendable, CustomStringConvertible {
    /// The sorted samples.
    public let samples: [Double]

    /// A distribution of `samples`.
    public init(_ samples: [Double]) { self.samples = samples.sorted() }

    /// The `p`-quantile (nearest rank), `p` in 0…1; `nan` when empty.
    public func percentile(_ p: Double) -> Double {
        guard !samples.isEmpty else { return .nan }
        let rank = Swift.max(0, Swift.min(samples.count - 1, Int((p * Double(samples.count)).rounded(.up)) - 1))
        return samples[rank]
    }

    /// Median.
    public var p50: Double { percentile(0.5) }
    /// 99th percentile.
    public var p99: Double { percentile(0.99) }
    /// Largest sample.
    public var max: Double { samples.last ?? .nan }

    public var description: String { "n=\(samples.count) p50=\(fmt(p50)) p99=\(fmt(p99)) max=\(fmt(max))" }
}

/// Formats seconds with three decimals (∞ for unreached).
public func fmt(_ x: Double) -> String {
    if x.isInfinite { return "∞" }
    if x.isNaN { return "–" }
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}

/// The benchmark scenarios of issue 4 / gossip.md §B, shared by tests and `tessera-cluster-sim`.
public enum Scenarios {
    /// Result of ``crash(members:routers:profile:seed:crashes:spacing:loss:)``.
    public struct CrashResult: Sendable {
        /// Crash → suspect (or dead) in every live router's view, seconds.
        public var suspectedByAllRouters: Distribution
        /// Crash → dead in every live member's view, seconds.
        public var deadEverywhere: Distribution
        /// Healthy members declared dead by anyone during the run.
        public var falseDeaths: Int
        /// Events processed and virtual seconds simulated.
        public var events: Int, simulatedSeconds: Double
    }

    /// Crashes `crashes` random nodes (never routers), one every `spacing`, and measures how
    /// long until every router suspects and every member has declared each one dead.
    public static func crash(
        members n: Int, routers: Int, profile: MembershipConfiguration, seed: UInt64, crashes: Int,
        spacing: ClusterDuration = .seconds(2), loss: Double = 0.1, settle: ClusterDuration = .seconds(60)
    ) -> CrashResult {
        var config = SimulationConfiguration(seed: seed, members: n, routers: routers, profile: profile, network: NetworkModel().withLoss(loss))
        config.recordViewChanges = false
        let sim = Simulation(config)
        var rng = SeededRandom(seed: seed ^ 0xC4A5)
        let warmup = ClusterDuration.seconds(5)
        var victims: [Int] = []
        var crashTime: [Int: Int64] = [:]
        while victims.count < crashes {
            let v = routers + rng.below(n - routers)
            if !victims.contains(v) { victims.append(v) }
        }
        for (k, v) in victims.enumerated() {
            let t = ClusterInstant.zero + warmup + spacing * k
            crashTime[v] = t.nanoseconds
            sim.at(t) { $0.crash(v) }
        }
        // Oracle: first time each observer marks each victim suspect/dead (after the crash).
        var suspectSeen: [Int: [Int64]] = [:]
        var deadSeen: [Int: [Int64]] = [:]
        var isVictim = Array(repeating: false, count: n)
        for v in victims { isVictim[v] = true; suspectSeen[v] = Array(repeating: -1, count: routers); deadSeen[v] = Array(repeating: -1, count: n) }
        var falseDeaths = Set<[UInt32]>()
        sim.onViewChange = { change in
            let s = Int(change.subject)
            guard isVictim[s], let t0 = crashTime[s], change.time >= t0 else {
                if change.status == .dead { falseDeaths.insert([UInt32(change.subject), change.incarnation]) }
                return
            }
            let o = Int(change.observer)
            if o < routers, change.status == .suspect || change.status == .dead, suspectSeen[s]![o] < 0 { suspectSeen[s]![o] = change.time }
            if change.status == .dead, deadSeen[s]![o] < 0 { deadSeen[s]![o] = change.time }
        }
        let end = ClusterInstant.zero + warmup + spacing * crashes + settle
        sim.run(until: end)
        var suspectTimes: [Double] = [], deadTimes: [Double] = []
        for v in victims {
            let t0 = crashTime[v]!
            var worstSuspect: Int64 = 0, worstDead: Int64 = 0
            var unreachedSuspect = false, unreachedDead = false
            for o in 0..<routers where !sim.crashed[o] {
                let t = suspectSeen[v]![o]
                if t < 0 { unreachedSuspect = true } else { worstSuspect = max(worstSuspect, t - t0) }
            }
            for o in 0..<n where !isVictim[o] {
                let t = deadSeen[v]![o]
                if t < 0 { unreachedDead = true } else { worstDead = max(worstDead, t - t0) }
            }
            suspectTimes.append(unreachedSuspect ? .infinity : Double(worstSuspect) / 1e9)
            deadTimes.append(unreachedDead ? .infinity : Double(worstDead) / 1e9)
        }
        return CrashResult(
            suspectedByAllRouters: Distribution(suspectTimes), deadEverywhere: Distribution(deadTimes),
            falseDeaths: falseDeaths.count, events: sim.events, simulatedSeconds: end.seconds)
    }

    /// Result of ``steady(members:routers:profile:seed:duration:network:)``.
    public struct SteadyResult: Sendable {
        /// Member-hours simulated.
        public var nodeHours: Double
        /// Distinct (member, incarnation) suspicions of healthy members, anywhere.
        public var falseSuspicions: Int
        /// Distinct (member, incarnation) deaths of healthy members, anywhere.
        public var falseDeaths: Int
        /// Refutations performed.
        public var refutations: Int
        /// Mean bytes sent per member per second (datagrams incl. 37 B shell overhead, and streams).
        public var bytesPerMemberPerSecond: Double
        /// Largest datagram.
        public var largestDatagram: Int
        /// Events processed.
        public var events: Int
    }

    /// No failures: runs `duration` on `network` and counts false suspicions and deaths, and
    /// the steady-state traffic (measured after a 10 s warm-up).
    public static func steady(
        members n: Int, routers: Int, profile: MembershipConfiguration, seed: UInt64, duration: ClusterDuration, network: NetworkModel
    ) -> SteadyResult {
        var config = SimulationConfiguration(seed: seed, members: n, routers: routers, profile: profile, network: network)
        config.recordViewChanges = false
        let sim = Simulation(config)
        var suspicions = Set<UInt64>(), deaths = Set<UInt64>()
        sim.onViewChange = { c in
            let key = UInt64(UInt32(c.subject)) << 32 | UInt64(c.incarnation)
            if c.status == .suspect { suspicions.insert(key) }
            if c.status == .dead { deaths.insert(key) }
        }
        let warm = ClusterInstant.zero + .seconds(10)
        sim.run(until: warm)
        let before = sim.bytesSent.reduce(0, +)
        sim.run(until: warm + duration)
        let bytes = sim.bytesSent.reduce(0, +) - before
        return SteadyResult(
            nodeHours: Double(n) * (duration.seconds + 10) / 3600, falseSuspicions: suspicions.count, falseDeaths: deaths.count,
            refutations: sim.refutations, bytesPerMemberPerSecond: Double(bytes) / Double(n) / duration.seconds,
            largestDatagram: sim.largestDatagram, events: sim.events)
    }

    /// Result of ``pauses(members:routers:profile:seed:duration:fraction:loss:)``.
    public struct PauseResult: Sendable {
        /// Distinct (member, incarnation) deaths of members that never paused.
        public var healthyDeclaredDead: Int
        /// Distinct (member, incarnation) deaths of pausing members.
        public var pausedDeclaredDead: Int
        /// Distinct suspicions of members that never paused.
        public var healthySuspected: Int
        /// Pauses performed.
        public var pauses: Int
    }

    /// A `fraction` of members repeatedly stall for 1–5 s (then run 5–15 s); counts how many
    /// healthy members anyone declares dead.
    public static func pauses(
        members n: Int, routers: Int, profile: MembershipConfiguration, seed: UInt64, duration: ClusterDuration,
        fraction: Double = 0.02, loss: Double = 0.1
    ) -> PauseResult {
        var config = SimulationConfiguration(seed: seed, members: n, routers: routers, profile: profile, network: NetworkModel().withLoss(loss))
        config.recordViewChanges = false
        let sim = Simulation(config)
        var rng = SeededRandom(seed: seed ^ 0x9A05E)
        var pausing = Array(repeating: false, count: n)
        let count = max(1, Int(Double(n) * fraction))
        var chosen = 0
        while chosen < count {
            let i = rng.below(n)
            if !pausing[i] { pausing[i] = true; chosen += 1 }
        }
        var pauses = 0
        for i in 0..<n where pausing[i] {
            var t = ClusterInstant.zero + .seconds(5) + ClusterDuration(seconds: rng.unit() * 10)
            while t < ClusterInstant.zero + duration {
                let length = ClusterDuration(seconds: 1 + 4 * rng.unit())
                sim.at(t) { $0.pause(i, for: length) }
                pauses += 1
                t = t + length + ClusterDuration(seconds: 5 + 10 * rng.unit())
            }
        }
        var healthyDead = Set<UInt64>(), pausedDead = Set<UInt64>(), healthySuspect = Set<UInt64>()
        sim.onViewChange = { c in
            let key = UInt64(UInt32(c.subject)) << 32 | UInt64(c.incarnation)
            if c.status == .dead { if pausing[Int(c.subject)] { pausedDead.insert(key) } else { healthyDead.insert(key) } }
            if c.status == .suspect, !pausing[Int(c.subject)] { healthySuspect.insert(key) }
        }
        sim.run(until: .zero + duration)
        return PauseResult(healthyDeclaredDead: healthyDead.count, pausedDeclaredDead: pausedDead.count, healthySuspected: healthySuspect.count, pauses: pauses)
    }

    /// Announces `changes` ownership changes (one every `spacing` by a random node) and
    /// measures the time until every live router has the new epoch, in seconds.
    public static func ownership(
        members n: Int, routers: Int, profile: MembershipConfiguration, seed: UInt64, changes: Int,
        spacing: ClusterDuration = .milliseconds(500), loss: Double = 0.1
    ) -> Distribution {
        var config = SimulationConfiguration(seed: seed, members: n, routers: routers, profile: profile, network: NetworkModel().withLoss(loss))
        config.recordViewChanges = false
        let sim = Simulation(config)
        var rng = SeededRandom(seed: seed ^ 0x0E9)
        var announced: [(server: String, epoch: UInt64, time: Int64)] = []
        for k in 0..<changes {
            let t = ClusterInstant.zero + .seconds(5) + spacing * k
            let node = routers + rng.below(n - routers)
            let server = "s\(k % 50)"
            let epoch = UInt64(k + 1)
            announced.append((server, epoch, t.nanoseconds))
            sim.at(t) { $0.inject(node, .announceOwnership(server: server, epoch: epoch)) }
        }
        sim.run(until: .zero + .seconds(5) + spacing * changes + .seconds(20))
        var firstSeen: [String: [Int64]] = [:]  // "server#epoch" → per router
        for a in sim.ownershipArrivals {
            let key = "\(a.server)#\(a.epoch)"
            if firstSeen[key] == nil { firstSeen[key] = Array(repeating: -1, count: routers) }
            if firstSeen[key]![Int(a.observer)] < 0 { firstSeen[key]![Int(a.observer)] = a.time }
        }
        var samples: [Double] = []
        for (server, epoch, t0) in announced {
            // A later epoch for the same server also counts as having seen this one (it superseded it).
            var worst: Int64 = 0
            var reached = true
            for r in 0..<routers {
                var seen: Int64 = .max
                for e in epoch...Swift.max(epoch, Swift.min(epoch + 50, UInt64(changes))) {
                    if let arr = firstSeen["\(server)#\(e)"], arr[r] >= 0 { seen = Swift.min(seen, arr[r]) }
                }
                if seen == .max { reached = false } else { worst = max(worst, seen - t0) }
            }
            samples.append(reached ? Double(worst) / 1e9 : .infinity)
        }
        return Distribution(samples)
    }

    /// Result of ``partition(members:routers:profile:seed:length:loss:)``.
    public struct PartitionResult: Sendable {
        /// Seconds from heal until every member sees every member alive and all digests agree
        /// (`.infinity` if not within the horizon).
        public var healSeconds: Double
        /// Members each side had declared dead before the heal (mean per member).
        public var deadBeforeHeal: Double
    }

    /// Splits the cluster 50/50 for `length`, heals, and measures time to one agreed state.
    public static func partition(
        members n: Int, routers: Int, profile: MembershipConfiguration, seed: UInt64, length: ClusterDuration,
        loss: Double = 0, horizon: ClusterDuration = .seconds(60)
    ) -> PartitionResult {
        var config = SimulationConfiguration(seed: seed, members: n, routers: routers, profile: profile, network: NetworkModel().withLoss(loss))
        config.recordViewChanges = false
        let sim = Simulation(config)
        let start = ClusterInstant.zero + .seconds(5)
        let heal = start + length
        sim.at(start) { s in s.partition((0..<n).map { UInt8(1 + $0 % 2) }) }
        sim.run(until: heal)
        let deadBefore = Double(sim.machines.reduce(0) { $0 + ($1.members.count - $1.activeMemberCount) }) / Double(n)
        sim.heal()
        var t = heal
        while t < heal + horizon {
            t = t + .milliseconds(250)
            sim.run(until: t)
            if sim.converged() { return PartitionResult(healSeconds: (t - heal).seconds, deadBeforeHeal: deadBefore) }
        }
        return PartitionResult(healSeconds: .infinity, deadBeforeHeal: deadBefore)
    }
}
