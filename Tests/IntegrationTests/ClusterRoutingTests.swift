import Database
import Foundation
import Testing
import TestSupport

/// Issue 6's integration test: real processes — slapd with users homed on three servers, three
/// nodes, two routers — driven by Python's zeep through both routers.
@Suite(.serialized) struct ClusterRoutingTests {
    @Test func usersReachTheirStoresThroughEitherRouterAndRoutingHealsWithoutRestarts() throws {
        let cluster = try ClusterFixture()
        for name in ["n1", "n2", "n3", "r1", "r2"] { try cluster.start(name) }
        let users = ClusterFixture.users.map { "\($0.login):\(ClusterFixture.password($0.login)):\($0.server)" }

        // The cluster is up when users of each server can log on through each router: a router
        // whose first join found its seed not yet listening joins at its next try (2 s later).
        for (router, user) in [(0, "ann"), (0, "cid"), (0, "eve"), (1, "ben"), (1, "dot"), (1, "fay")] {
            let ready = try cluster.zeepUntilSuccess(["logon", cluster.routerURL(router), user, ClusterFixture.password(user)], within: 30)
            try #require(ready.status == 0, "the cluster did not come up: \(ready.output)\n\(cluster.logs())")
        }

        // Every user reaches their own store through router 1; the token works through router 2.
        let work = try cluster.zeep(["work", cluster.routerURL(0), cluster.routerURL(1)] + users)
        try #require(work.status == 0, "\(work.output)\n\(cluster.logs())")

        // Each store's data lands in its home server's database and nowhere else.
        for (index, server) in ["s1", "s2", "s3"].enumerated() {
            let pool = DatabasePool.sqlite(SQLiteConfiguration(path: "\(cluster.folder)/\(server).sqlite"), maximumConnections: 1)
            defer { pool.close() }
            for user in ClusterFixture.users {
                let count = try pool.withConnection {
                    try $0.query("SELECT COUNT(*) FROM messages WHERE subject_key LIKE ?", [.text("from \(user.login) via the cluster%")])
                }.first?.integer(0) ?? -1
                #expect(count == (user.server == server ? 2 : 0), "\(user.login)'s items in \(server) (node n\(index + 1))")
            }
        }

        // Killing one router leaves the other serving.
        cluster.stop("r1", kill: true)
        let afterKill = try cluster.zeep(["logon", cluster.routerURL(1), "ann", ClusterFixture.password("ann")])
        #expect(afterKill.status == 0, "\(afterKill.output)")

        // A server with no serving node: a clear fault; and it works again as soon as a node
        // serves it, with the router never restarted.
        cluster.stop("n3")
        let fault = try cluster.zeepUntilSuccess(
            ["logon", cluster.routerURL(1), "eve", ClusterFixture.password("eve"), "MAPI_E_NETWORK_ERROR"], within: 20)
        #expect(fault.status == 0, "no MAPI_E_NETWORK_ERROR for eve while s3 had no node: \(fault.output)\n\(cluster.logs())")
        try cluster.start("n3")
        let healed = try cluster.zeepUntilSuccess(["logon", cluster.routerURL(1), "eve", ClusterFixture.password("eve")], within: 30)
        #expect(healed.status == 0, "eve did not get back in after n3 returned: \(healed.output)\n\(cluster.logs())")
    }
}
