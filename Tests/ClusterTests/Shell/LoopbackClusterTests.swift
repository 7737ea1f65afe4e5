import Cluster
import ServiceLifecycle
import ServiceLifecycleTestKit
import NIOCore
import NIOPosix
import Testing

/// Real sockets on loopback, in one process: five members (each a `ClusterService` with its own
/// UDP and TCP sockets), one abruptly stopped (its task cancelled: no leave, like SIGKILL), one
/// intruder with a wrong key, and hostile datagrams. The five-*process* variant (SIGKILL, real
/// `tessera cluster member` processes) is `IntegrationTests/ClusterProcessTests`.
@Suite(.serialized) struct LoopbackClusterTests {
    static func waitUntil(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return await condition()
    }

    @Test func fiveMembersAgreeOnACrashAndNeverAdmitAWrongKey() async throws {
        let key = ClusterKeyring.generateKey()
        func config(_ name: String, seeds: [MemberAddress], keys: [[UInt8]]) -> ClusterServiceConfiguration {
            ClusterServiceConfiguration(name: name, role: name == "m0" ? .router : .node, port: 0, seeds: seeds, keys: keys)
        }
        let first = try ClusterService(configuration: config("m0", seeds: [], keys: [key]))
        var tasks = [Task { try await first.run() }]
        let seed = await first.boundAddress()
        var services = [first]
        for i in 1..<5 {
            let s = try ClusterService(configuration: config("m\(i)", seeds: [seed], keys: [key]))
            services.append(s)
            tasks.append(Task { try await s.run() })
        }
        let intruder = try ClusterService(configuration: config("intruder", seeds: [seed], keys: [ClusterKeyring.generateKey()]))
        let intruderTask = Task { try await intruder.run() }
        defer { for t in tasks { t.cancel() }; intruderTask.cancel() }

        let joined = await Self.waitUntil(15) {
            for s in services {
                let snap = await s.snapshot()
                if snap.members.filter({ $0.status == .alive }).count != 5 { return false }
            }
            return true
        }
        #expect(joined, "all five see five alive members")

        // Hostile datagrams at m0: garbage, a truncated sealed frame, authenticated garbage, a replay.
        let ring = ClusterKeyring(keys: [key])!
        let valid = try DatagramFrame.seal(Packet(sender: MemberID(name: "m3"), message: .gossip), sequence: 1, keyring: ring)
        let client = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { ch in
                ch.eventLoop.makeCompletedFuture { try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: ch) }
            }
        try await client.executeThenClose { _, outbound in
            let to = try seed.socketAddress()
            for bytes in [[UInt8](repeating: 0xAB, count: 100), Array(valid.dropLast(3)), try ring.seal([1, 2, 3, 4, 5, 6, 7, 8, 9]), valid, valid] {
                try await outbound.write(AddressedEnvelope(remoteAddress: to, data: ByteBuffer(bytes: bytes)))
            }
        }
        let counted = await Self.waitUntil(5) {
            let m = await first.metrics()
            return m.dropped[.malformed, default: 0] >= 1 && m.dropped[.replayed, default: 0] >= 1
                && m.dropped[.undecryptable, default: 0] >= 2
        }
        let dropped = await first.metrics().dropped
        #expect(counted, "\(dropped)")

        // Abrupt stop of m4: the rest agree it is dead.
        let victim = services[4].localID
        tasks[4].cancel()
        let agreed = await Self.waitUntil(30) {
            for s in services.prefix(4) {
                guard await s.snapshot().members.first(where: { $0.id == victim })?.status == .dead else { return false }
            }
            return true
        }
        #expect(agreed, "m0…m3 declare m4 dead")

        for s in services.prefix(4) {
            let members = await s.snapshot().members
            #expect(!members.contains { $0.id == intruder.localID }, "the intruder is never admitted")
        }
        let undecryptable = await first.metrics().dropped[.undecryptable, default: 0]
        #expect(undecryptable > 2, "the intruder's traffic is dropped and counted")
        let intruderView = await intruder.snapshot().members.count
        #expect(intruderView == 1)
    }

    @Test func gracefulShutdownLeavesAndTheOthersRecordIt() async throws {
        let key = ClusterKeyring.generateKey()
        let a = try ClusterService(configuration: ClusterServiceConfiguration(name: "g0", role: .router, port: 0, keys: [key]))
        let ta = Task { try await a.run() }
        defer { ta.cancel() }
        let seed = await a.boundAddress()
        let b = try ClusterService(configuration: ClusterServiceConfiguration(name: "g1", role: .node, port: 0, seeds: [seed], keys: [key]))
        try await testGracefulShutdown { trigger in
            let tb = Task { try await b.run() }
            let joined = await Self.waitUntil(10) { await a.snapshot().members.contains { $0.id == b.localID && $0.status == .alive } }
            #expect(joined)
            trigger.triggerGracefulShutdown()
            try await tb.value
        }
        let left = await a.snapshot().members.first { $0.id == b.localID }?.status
        #expect(left == .left)
    }
}

/// A member alone keeps trying its seeds (every 2 s, from its probe timer), so a seed that comes
/// up later is joined: the timer loop must keep firing while nothing else happens.
@Suite struct LoneMemberTests {
    @Test(.timeLimit(.minutes(1))) func aMemberRetriesItsSeedUntilItComesUp() async throws {
        let key = ClusterKeyring.generateKey()
        let seed = try ClusterService(configuration: ClusterServiceConfiguration(name: "late-seed", role: .node, port: 0, keys: [key]))
        let seedTask = Task { try await seed.run() }
        let address = await seed.boundAddress()
        seedTask.cancel()
        _ = try? await seedTask.value  // the seed's port is free again (nothing answers there now)

        let lone = try ClusterService(
            configuration: ClusterServiceConfiguration(name: "lone", role: .router, port: 0, seeds: [address], keys: [key]))
        let loneTask = Task { try await lone.run() }
        defer { loneTask.cancel() }
        let retried = await LoopbackClusterTests.waitUntil(10) { await lone.metrics().streamErrors >= 3 }
        let failed = await lone.metrics().streamErrors
        #expect(retried, "only \(failed) joins failed in 10 s: the retries stopped")
    }
}
