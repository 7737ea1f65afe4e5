import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Which way `tessera node` and `tessera router` log, decided as under systemd: a process
/// whose standard error is the stream `JOURNAL_STREAM` names writes structured entries to
/// journald's socket (here a socket of the test's, `TESSERA_LOG__JOURNAL_SOCKET`; entries are
/// parsed by the native protocol); one whose standard error is something else keeps writing
/// lines there; one told `target = "journal"` without a socket to write to says so on
/// standard error and logs there.
@Suite("journald logging", .serialized) struct JournalLoggingTests {
    @Test func theJournalStreamSelectsJournaldAndARedirectedProcessKeepsStandardError() async throws {
        let cluster = try NotifyCluster()
        defer { cluster.remove() }
        let journal = try JournalListener()

        // The node: its standard error (the log file) is what JOURNAL_STREAM names.
        try #require(FileManager.default.createFile(atPath: cluster.logFile("node"), contents: nil))
        var file = stat()
        try #require(stat(cluster.logFile("node"), &file) == 0)
        let stream = "\(file.st_dev):\(file.st_ino)"
        let nodeSocket = try NotifyListener()
        let node = try cluster.start(
            "node", notify: nodeSocket, environment: ["JOURNAL_STREAM": stream, "TESSERA_LOG__JOURNAL_SOCKET": journal.path])
        defer { cluster.kill(node) }
        try #require(await nodeSocket.until("READY=1", within: 90) != nil, "no READY=1 from the node: \(cluster.log("node"))")
        let started = try await journal.collect(for: 1)
        let listening = try #require(started.first { $0.value("MESSAGE") == "http server listening" }, "\(started)")
        #expect(listening.value("HTTP_ADDRESS") == "127.0.0.1:\(cluster.nodePort)")
        #expect(listening.value("HTTP_TLS") == "false")
        #expect(listening.value("PRIORITY") == "6")
        #expect(listening.value("SYSLOG_IDENTIFIER") == "tessera")
        #expect(listening.value("TESSERA_LABEL") == "tessera.node")
        #expect(listening.value("TESSERA_SOURCE") == "HTTP")
        #expect(listening.value("CODE_FILE") == "HTTP/HTTPServer.swift")
        #expect(Int(listening.value("CODE_LINE") ?? "") != nil)
        #expect(listening.value("CODE_FUNC")?.isEmpty == false)
        let serving = try #require(started.first { $0.value("MESSAGE") == "serving" }, "\(started)")
        #expect(serving.value("SERVER") == "s1")
        #expect(serving.value("PRIORITY") == "5")
        #expect(!cluster.log("node").contains("listening"), "nothing on standard error: \(cluster.log("node"))")

        // The router: JOURNAL_STREAM names the node's file, not its own standard error.
        let routerSocket = try NotifyListener()
        var router = try cluster.start(
            "router", notify: routerSocket, environment: ["JOURNAL_STREAM": stream, "TESSERA_LOG__JOURNAL_SOCKET": journal.path])
        defer { cluster.kill(router) }
        try #require(await routerSocket.until("READY=1", within: 90) != nil, "no READY=1 from the router: \(cluster.log("router"))")
        let routerEntries = try await journal.collect(for: 1)
        #expect(!routerEntries.contains { $0.value("TESSERA_LABEL") == "tessera.router" }, "\(routerEntries)")
        #expect(cluster.log("router").contains("tessera.router"), "lines on standard error: \(cluster.log("router"))")
        Glibc.kill(router, SIGTERM)
        #expect(cluster.wait(router) == 0)

        // The router again, told to use a journal socket that is not there.
        try FileManager.default.removeItem(atPath: cluster.logFile("router"))
        router = try cluster.start(
            "router", notify: routerSocket,
            environment: ["TESSERA_LOG__TARGET": "journal", "TESSERA_LOG__JOURNAL_SOCKET": journal.path + ".missing"])
        try #require(await routerSocket.until("READY=1", within: 90) != nil, "no READY=1 from the router: \(cluster.log("router"))")
        #expect(cluster.log("router").contains("journald's socket \(journal.path).missing is missing: logging to standard error"))
        #expect(cluster.log("router").contains("listening"))
        Glibc.kill(router, SIGTERM)
        #expect(cluster.wait(router) == 0)

        // The node's shutdown is in the journal too.
        Glibc.kill(node, SIGTERM)
        #expect(cluster.wait(node) == 0)
        let stopped = try await journal.collect(for: 1)
        #expect(stopped.contains { $0.value("MESSAGE") == "http server stopped" && $0.value("HTTP_ADDRESS") == "127.0.0.1:\(cluster.nodePort)" },
                "\(stopped)")
        #expect(!cluster.log("node").contains("tessera.node"), "still nothing on standard error: \(cluster.log("node"))")
    }
}
