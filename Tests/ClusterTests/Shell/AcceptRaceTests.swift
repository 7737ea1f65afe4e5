import Cluster
import TestSupport
import Testing

/// A member whose push/pull listener stops while connections are still being accepted: no
/// accepted connection may be dropped unserved (a dropped connection `NIOAsyncChannel` traps
/// the whole process), and `run()` returns. Each round starts a member, has four threads connect
/// to its TCP port as fast as they can and stops it while they go on
/// (``raceListenerStop(_:run:port:started:stopped:)``; a graceful shutdown leaves, gossips a
/// moment and stops).
@Suite(.serialized) struct AcceptRaceTests {
    static let rounds = 25

    @Test(.timeLimit(.minutes(5)), arguments: [ListenerStop.gracefulShutdown, .cancellation])
    func connectionsArrivingDuringTheStopAreNeverDropped(stop: ListenerStop) async throws {
        for _ in 0..<Self.rounds {
            var configuration = ClusterServiceConfiguration(name: "m", role: .node, port: 0, keys: [ClusterKeyring.generateKey()])
            configuration.leavePropagation = .milliseconds(20)
            let member = try ClusterService(configuration: configuration)
            let raced = try await raceListenerStop(stop, run: { try await member.run() }, port: { Int(await member.boundAddress().port) })
            #expect(raced)
        }
    }
}
