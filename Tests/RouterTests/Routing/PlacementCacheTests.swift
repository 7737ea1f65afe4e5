import Cluster
import Synchronization
import Testing
@testable import Router

/// The placement cache tells the router which nodes a refresh found gone, so that the upstream
/// pool closes their connections and requests in flight to a frozen node fail at once
/// (``UpstreamPool/abandon(_:)``); the failover drills' pause fault shows the effect end to end.
@Suite struct PlacementCacheTests {
    private static func snapshot(n1: MemberStatus) -> ClusterSnapshot {
        let members = ["n1": n1, "n2": MemberStatus.alive].map { name, status in
            MemberRecord(id: MemberID(name: name), address: MemberAddress("127.0.0.1:7946")!, role: .node, incarnation: 0, status: status)
        }
        let metadata = Dictionary(uniqueKeysWithValues: ["n1", "n2"].map { name in
            (MemberID(name: name), VersionedMetadata(version: 1, metadata: MemberMetadata(name: name, role: .node, soapEndpoint: "http://\(name):236/soap")))
        })
        return ClusterSnapshot(localID: MemberID(name: "r1"), incarnation: 0, members: members, metadata: metadata, ownership: [], digest: StateDigest())
    }

    @Test func aRefreshReportsTheNodesThatWentAndOnlyThem() async {
        let status = Mutex(MemberStatus.alive)
        let cache = PlacementCache { Self.snapshot(n1: status.withLock { $0 }) }
        let reported = Mutex<[Set<UpstreamEndpoint>]>([])
        cache.whenNodesGo { endpoints in reported.withLock { $0.append(endpoints) } }
        await cache.refresh()
        status.withLock { $0 = .suspect }
        await cache.refresh()
        #expect(reported.withLock { $0 }.isEmpty, "a suspect node is still a node")
        status.withLock { $0 = .dead }
        await cache.refresh()
        await cache.refresh()
        #expect(reported.withLock { $0 } == [[UpstreamEndpoint(host: "n1", port: 236, useTLS: false)]], "reported once, when it went")
    }
}
