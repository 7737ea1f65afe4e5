import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `tessera node` and `tessera router` as systemd runs a `Type=notify` service: `NOTIFY_SOCKET`
/// names a datagram socket the test listens on (systemd's end) and `WATCHDOG_USEC` asks for a
/// 2 s watchdog. What the processes send is checked against what they are doing: `READY=1`
/// once the port answers, `WATCHDOG=1` about every second while they run, none while they are
/// stopped (SIGSTOP), `STOPPING=1` on SIGTERM. Counts are loose (two loaded cores).
///
/// What SIGSTOP shows, honestly: the pings come from the process itself and stop when it
/// cannot run, and resume when it can. That a ping also needs an *answered* liveness probe (a
/// hung responder in a running process gets no ping) is shown in-process by SystemdTests
/// (`SystemdNotifierTests`) and HTTPTests (`LivenessProbeTests`).
@Suite("systemd notifications", .serialized) struct SystemdNotifyTests {
    static let watchdog = ["WATCHDOG_USEC": "2000000"]

    @Test func aNodeAndARouterReportReadinessLifeAndShutdown() async throws {
        let cluster = try NotifyCluster()
        defer { cluster.remove() }

        // The node.
        let nodeSocket = try NotifyListener()
        let node = try cluster.start("node", notify: nodeSocket)
        defer { cluster.kill(node) }
        let nodeStartup = try #require(await nodeSocket.until("READY=1", within: 90), "no READY=1 from the node: \(cluster.log("node"))")
        #expect(PlainHTTP.status(port: cluster.nodePort, path: "/health") == 200, "the node answers HTTP once it says READY=1")
        #expect(nodeStartup.count == 1, "READY=1 comes first: \(nodeStartup)")
        #expect(nodeStartup.last?.value(of: "MAINPID") == "\(node)")
        #expect(nodeStartup.last?.value(of: "STATUS")?.hasPrefix("serving s1 (epoch ") == true, "\(nodeStartup)")

        let running = await nodeSocket.collect(for: 6)
        let pings = running.filter { $0.has("WATCHDOG=1") }.count
        // About one a second (half of WATCHDOG_USEC) when idle; under load the scheduler bunches or
        // delays them, so the test asserts only that the running process feeds the watchdog.
        #expect(pings >= 1, "pings while running: \(pings) in 6 s")
        #expect(running.contains { $0.value(of: "STATUS")?.hasSuffix("requests/s") == true }, "a status with the request rate: \(running)")

        Glibc.kill(node, SIGSTOP)
        _ = await nodeSocket.collect(for: 0.3)  // sent before it stopped
        let stopped = await nodeSocket.collect(for: 3)
        Glibc.kill(node, SIGCONT)
        #expect(stopped.isEmpty, "nothing from a stopped process: \(stopped)")
        #expect(await nodeSocket.until("WATCHDOG=1", within: 10) != nil, "fed again once it runs")

        // The router joins through the node.
        let routerSocket = try NotifyListener()
        let router = try cluster.start("router", notify: routerSocket)
        defer { cluster.kill(router) }
        let routerStartup = try #require(
            await routerSocket.until("READY=1", within: 90), "no READY=1 from the router: \(cluster.log("router"))")
        #expect(PlainHTTP.status(port: cluster.routerPort, path: "/health") != nil, "the router answers HTTP once it says READY=1")
        #expect(routerStartup.count == 1, "READY=1 comes first: \(routerStartup)")
        let routing = await routerSocket.collect(for: 5)
        #expect(routing.filter { $0.has("WATCHDOG=1") }.count >= 2, "\(routing)")
        #expect(routing.contains { $0.value(of: "STATUS")?.hasPrefix("routing to 1 node (proxy mode), ") == true }, "\(routing)")

        // SIGTERM: STOPPING=1, then a clean exit.
        for (pid, socket, name) in [(router, routerSocket, "router"), (node, nodeSocket, "node")] {
            Glibc.kill(pid, SIGTERM)
            let last = await socket.until("STOPPING=1", within: 20)?.last
            #expect(last?.assignments == ["STOPPING=1", "STATUS=stopping"], "\(name): \(cluster.log(name))")
            #expect(cluster.wait(pid) == 0, "\(name) exits 0 after SIGTERM")
        }
    }
}
