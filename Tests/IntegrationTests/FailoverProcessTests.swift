import Client
import Database
import Foundation
import MAPI
import Node
import SOAP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Failover with real processes (ARCHITECTURE §3, docs/failover.md): three `tessera node`
/// processes, each serving one server and standing by for the other two on the same SQLite
/// files, two routers, slapd. A client session writes through a router all along.
///
/// SIGKILL of the node serving s1: the rendezvous choice of the two others takes s1 over, the
/// same session's writes succeed again, every acknowledged write is there once. The killed node
/// comes back as a standby (failback is manual); `tessera admin failover s1 --to n1` moves s1
/// back. SIGSTOP of n1 past the dead timeout: another node takes s1; when n1 resumes, believing
/// it still serves s1, writes sent straight to it fail and none becomes visible (split brain).
/// `tessera admin drain` moves a node's servers away.
@Suite("Failover processes", .serialized) struct FailoverProcessTests {
    /// SWIM on two loaded cores: a dead node is declared within seconds, at worst about 25 s
    /// (ClusterProcessTests); generous.
    static let takeoverBound: Duration = .seconds(90)

    @Test(.timeLimit(.minutes(10))) func standbysTakeOverAndTheOldOwnerIsFenced() async throws {
        // Blocking work (slapd's start, processes, the CLI) runs on threads of its own
        // (``OwnThread``): the cooperative pool's few threads belong to the suites that measure
        // timeouts.
        let cluster = try await OwnThread.run { try ClusterFixture(standbys: true) }
        for name in ["n1", "n2", "n3", "r1", "r2"] { try cluster.start(name) }
        let router = try #require(URL(string: cluster.routerURL(0)))
        let password = ClusterFixture.password("ann")
        let server = try await Self.eventually(within: .seconds(60), cluster) {
            try await Server(url: router, user: "ann", password: password)
        }
        let inbox = try server.store.inbox
        var acknowledged = [try await inbox.createItem(subject: "before the kill").subject ?? ""]
        #expect(try Self.owner("s1", cluster) == Owner(node: "n1", epoch: 1))

        // SIGKILL the node serving s1; the same session writes until a write succeeds.
        try await OwnThread.run { cluster.stop("n1", kill: true) }
        let killed = ContinuousClock.now
        var recovery: Duration?
        var attempt = 0
        while recovery == nil, ContinuousClock.now - killed < Self.takeoverBound {
            attempt += 1
            if let item = try? await inbox.createItem(subject: "after the kill \(attempt)") {
                acknowledged.append(item.subject ?? "")
                recovery = ContinuousClock.now - killed
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        try #require(recovery != nil, "no write succeeded after the kill\n\(cluster.logs())")
        print("failover: first write through the router \(recovery!) after SIGKILL, \(attempt) attempts")
        let taker = try #require(RendezvousChoice.choose(server: "s1", among: ["n2", "n3"]))
        let afterKill = try Self.owner("s1", cluster)
        #expect(afterKill == Owner(node: taker, epoch: 2), "the rendezvous choice took s1, not \(afterKill)\n\(cluster.logs())")
        try await Self.expectOnce(acknowledged, in: inbox)

        // n1 restarts as a standby for s1: failback is manual.
        try cluster.start("n1")
        try await Self.waitUntil(within: .seconds(60), "n1 restarted as a standby\n\(cluster.logs())") {
            cluster.log("n1").contains("standing by: another node took this server over")
        }
        try await Task.sleep(for: .seconds(2))
        #expect(try Self.owner("s1", cluster) == Owner(node: taker, epoch: 2), "n1 did not take s1 back by itself")

        // The operator moves s1 back to n1; the session goes on.
        try await Self.waitUntil(within: .seconds(60), "n1 rejoined") {
            let (status, output) = try await OwnThread.run {
                try TesseraProcess.run(["admin", "members", "--json", "--config", cluster.configurationFile("n2")])
            }
            return status == 0 && output.contains("\"n1\"") && !output.contains("dead")
        }
        let (status, output) = try await OwnThread.run {
            try TesseraProcess.run(["admin", "failover", "s1", "--to", "n1", "--config", cluster.configurationFile("n2")])
        }
        #expect(status == 0, "tessera admin failover: \(output)")
        #expect(try Self.owner("s1", cluster) == Owner(node: "n1", epoch: 3))
        let back = try await Self.eventually(within: .seconds(30), cluster) { try await inbox.createItem(subject: "after the failback") }
        acknowledged.append(back.subject ?? "")

        // Split brain by pause: a session straight to n1 (no router), then n1 stops past the
        // dead timeout and another node takes s1.
        let direct = RawSOAPClient(port: cluster.nodePorts[0])
        let token = try await direct.logon("ann", password).session
        cluster.signal("n1", SIGSTOP)
        try await Self.waitUntil(within: Self.takeoverBound, "s1 taken from the paused n1\n\(cluster.logs())") {
            (try? Self.owner("s1", cluster))?.epoch == 4
        }
        // n1 resumes, still believing it serves s1: its writes fail and none becomes visible.
        cluster.signal("n1", SIGCONT)
        var refused: [String] = []
        for index in 1...10 {
            let subject = "written to the fenced node \(index)"
            do {
                _ = try await direct.call(
                    CreateItemRequest(folder: inbox.entryID.bytes, properties: [Property(id: PropertyTag.subject.id, value: .unicode(subject))]),
                    token: token)
                Issue.record("the fenced node acknowledged \(subject)")
            } catch let fault as SOAPFault {
                refused.append(fault.mapiName)
            }
        }
        #expect(refused.allSatisfy { $0 == "MAPI_E_UNABLE_TO_COMPLETE" || $0 == "FENCED" }, "\(refused)")
        // ...and it stays up as a standby for s1.
        #expect(cluster.log("n1").contains("another node holds the server now") || cluster.log("n1").contains("fenced: another node took the server"))
        #expect((try? await direct.health()) == 200, "n1 still runs")
        let subjects = try await Self.eventually(within: .seconds(30), cluster) { try await inbox.items().compactMap(\.subject) }
        #expect(!subjects.contains { $0.hasPrefix("written to the fenced node") }, "no write of the fenced node is visible")
        try await Self.expectOnce(acknowledged, in: inbox)

        // Drain the node serving s2 (n2, unless it took s1 too): its servers move away.
        let drained = "n2"
        let (drainStatus, drainOutput) = try await OwnThread.run {
            try TesseraProcess.run(["admin", "drain", drained, "--config", cluster.configurationFile("n3")])
        }
        #expect(drainStatus == 0, "tessera admin drain: \(drainOutput)")
        for name in ["s1", "s2", "s3"] {
            #expect(try Self.owner(name, cluster).node != drained, "\(name) left \(drained)")
        }
        try await OwnThread.run { for process in ["n1", "n2", "n3", "r1", "r2"] { cluster.stop(process) } }
    }

    /// `failback = "auto"`: a killed node that comes back takes its server back once it has been
    /// a stable member for `failback_after` (2 s here), with the same fencing.
    @Test(.timeLimit(.minutes(5))) func automaticFailbackReturnsTheServerToItsNode() async throws {
        let cluster = try await OwnThread.run { try ClusterFixture(standbys: true, failback: "auto") }
        for name in ["n1", "n2", "n3", "r1"] { try cluster.start(name) }
        let router = try #require(URL(string: cluster.routerURL(0)))
        let server = try await Self.eventually(within: .seconds(60), cluster) {
            try await Server(url: router, user: "ann", password: ClusterFixture.password("ann"))
        }
        let inbox = try server.store.inbox
        _ = try await inbox.createItem(subject: "before")
        try await OwnThread.run { cluster.stop("n1", kill: true) }
        try await Self.waitUntil(within: Self.takeoverBound, "s1 taken over\n\(cluster.logs())") {
            (try? Self.owner("s1", cluster))?.epoch == 2
        }
        #expect(try Self.owner("s1", cluster).node != "n1")
        try cluster.start("n1")
        try await Self.waitUntil(within: .seconds(60), "n1 took s1 back\n\(cluster.logs())") {
            (try? Self.owner("s1", cluster)) == Owner(node: "n1", epoch: 3)
        }
        #expect(cluster.log("n1").contains("failback to its preferred node"))
        _ = try await Self.eventually(within: .seconds(30), cluster) { try await inbox.createItem(subject: "after the failback") }
        try await Self.expectOnce(["before", "after the failback"], in: inbox)
        try await OwnThread.run { for process in ["n1", "n2", "n3", "r1"] { cluster.stop(process) } }
    }

    struct Owner: Equatable, CustomStringConvertible {
        var node: String
        var epoch: Int64
        var description: String { "\(node) at epoch \(epoch)" }
    }

    /// The ownership row in the server's database: the truth failover acts on.
    static func owner(_ server: String, _ cluster: ClusterFixture) throws -> Owner {
        let connection = try SQLiteConnection.open(SQLiteConfiguration(path: cluster.databaseFile(server)))
        let row = try #require(try connection.queryFirst("SELECT node, epoch FROM ownership WHERE server = ?", [.text(server)]))
        return Owner(node: try row.text(0), epoch: try row.integer(1))
    }

    /// Every acknowledged subject is in the inbox exactly once.
    static func expectOnce(_ acknowledged: [String], in inbox: Folder) async throws {
        let subjects = try await inbox.items().compactMap(\.subject)
        for subject in acknowledged {
            #expect(subjects.filter { $0 == subject }.count == 1, "\(subject) once in \(subjects)")
        }
    }

    static func eventually<T>(within limit: Duration, _ cluster: ClusterFixture, _ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + limit
        while true {
            do {
                return try await body()
            } catch {
                guard ContinuousClock.now < deadline else {
                    Issue.record("still failing after \(limit): \(error)\n\(cluster.logs())")
                    throw error
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    static func waitUntil(within limit: Duration, _ what: @autoclosure () -> String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out: \(what())")
                throw CancellationError()
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
