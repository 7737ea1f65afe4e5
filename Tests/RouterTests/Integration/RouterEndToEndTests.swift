import Client
import Cluster
import Foundation
import MAPI
import SOAP
import Testing
@testable import Router

/// Real nodes, real routers, real gossip on loopback (see ``RouterTestCluster``).
@Suite(.serialized) struct RouterEndToEndTests {
    private let password = RouterTestCluster.password

    @Test(.timeLimit(.minutes(5))) func routesThroughGossipAndTheDirectory() async throws {
        let cluster = try await RouterTestCluster.start()
        var tasks: [Task<Void, any Error>] = []
        do {
            try await scenario(cluster, &tasks)
        } catch {
            Issue.record("scenario failed: \(error)")
        }
        for task in tasks { task.cancel() }
        for task in tasks { _ = try? await task.value }
        await cluster.stop()
    }

    private func scenario(_ cluster: RouterTestCluster, _ tasks: inout [Task<Void, any Error>]) async throws {
        await cluster.announce("s1", by: 0)
        await cluster.announce("s2", by: 1)
        await cluster.announce("s4", by: 1)  // wrong on purpose: node2 answers with a redirect to node1
        let (router1, url1, task1) = try await cluster.startRouter(name: "router1")
        let (router2, url2, task2) = try await cluster.startRouter(name: "router2")
        let (redirector, url3, task3) = try await cluster.startRouter(name: "router3", extra: #"mode = "redirect""#)
        tasks += [task1, task2, task3]
        for router in [router1, router2, redirector] { try await cluster.waitUntil(router, serves: ["s1", "s2", "s4"]) }

        // Every user reaches their own store through the router; dave's needs the redirect.
        var sessions: [String: String] = [:]
        for (login, home) in [("alice", "s1"), ("bob", "s2"), ("dave", "s4")] {
            let logon = try await SOAPCalls.call(LogonRequest(user: login, password: password), to: url1).get()
            #expect(logon.homeServer == home, "\(login)")
            sessions[login] = logon.session
            let store = try await SOAPCalls.call(GetStoreRequest(), to: url1, session: logon.session).get()
            #expect(store.storeEntryID == logon.storeEntryID, "\(login)")
        }
        let metrics = await router1.registry.exposition()
        #expect(metrics.contains(#"tessera_router_retries_total{reason="redirect"} 2"#), "dave's Logon and GetStore each followed one redirect")

        // A token from one router works through another, in the HTTP header or only in the SOAP header.
        let viaRouter2 = try await SOAPCalls.call(GetStoreRequest(), to: url2, session: sessions["bob"]!).get()
        #expect(!viaRouter2.storeEntryID.isEmpty)
        let headerOnly = try await SOAPCalls.call(GetStoreRequest(), to: url2, session: sessions["alice"]!, headerSession: false).get()
        #expect(!headerOnly.storeEntryID.isEmpty)

        // No session, a forged-looking token, no home server, an unknown login.
        #expect(try await SOAPCalls.call(GetStoreRequest(), to: url1).mapiCode == MAPIErrorCode.endOfSession.rawValue)
        #expect(try await SOAPCalls.call(GetStoreRequest(), to: url1, session: "garbage").mapiCode == MAPIErrorCode.endOfSession.rawValue)
        #expect(try await SOAPCalls.call(LogonRequest(user: "erin", password: password), to: url1).mapiCode == MAPIErrorCode.logonFailed.rawValue)
        #expect(try await SOAPCalls.call(LogonRequest(user: "mallory", password: password), to: url1).mapiCode == MAPIErrorCode.logonFailed.rawValue)

        // No node serves s3: a network error, until gossip says node2 does.
        let refused = try await SOAPCalls.call(LogonRequest(user: "carol", password: password), to: url1)
        #expect(refused.mapiCode == MAPIErrorCode.networkError.rawValue)
        await cluster.announce("s3", by: 1)
        var carol: LogonResponse?
        for _ in 0..<100 where carol == nil {
            carol = try? await SOAPCalls.call(LogonRequest(user: "carol", password: password), to: url1).get()
            if carol == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(carol?.homeServer == "s3")

        // Redirect mode answers with the serving node's URL.
        let redirected = try await SOAPCalls.call(LogonRequest(user: "alice", password: password), to: url3)
        guard case .failure(let fault) = redirected else { Issue.record("redirect mode forwarded"); return }
        #expect(fault.mapiCode == MAPIErrorCode.unableToComplete.rawValue)
        #expect(fault.redirectURL == cluster.nodeURLs[0])

        // A 5 MB attachment streams up and down through the router in 1 MiB chunks.
        let data = (0..<(5 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }
        let bob = try await Server(url: url1, user: "bob", password: password)
        let item = try await bob.store.inbox.createItem(subject: "big", attachments: [NewAttachment(name: "big.bin", data: data)])
        let attachments = try await item.attachments
        #expect(attachments.count == 1)
        let downloaded = try await attachments.first?.data()
        #expect(downloaded == data)
        await bob.connection.close()

        // The WSDL names the router; health and metrics answer.
        let wsdl = try await SOAPCalls.send(method: "GET", to: url1, target: "/soap?wsdl")
        #expect(String(decoding: wsdl.body, as: UTF8.self).contains("http://127.0.0.1:\(url1.port!)/soap"))
        let health = try await SOAPCalls.send(method: "GET", to: url1, target: "/health")
        #expect(health.status == 200 && String(decoding: health.body, as: UTF8.self).hasPrefix("ready"))
        let scrape = try await SOAPCalls.send(method: "GET", to: url1, target: "/metrics")
        let text = String(decoding: scrape.body, as: UTF8.self)
        #expect(text.contains(#"tessera_router_requests_total{class="logon",status="200"}"#))
        #expect(text.contains("tessera_gossip_members{status=\"alive\"}"))
        #expect(text.contains("tessera_directory_cache_hits_total"))

        // A node that dies mid-request: a clean fault, not a hang.
        let dying = try await DyingUpstream.start()
        let broken = try ClusterService(
            configuration: ClusterServiceConfiguration(
                name: "broken", role: .node, host: "127.0.0.1", port: 0, seeds: [cluster.seed], keys: [Array(repeating: 7, count: 16)],
                metadata: MemberMetadata(name: "broken", role: .node, soapEndpoint: "http://127.0.0.1:\(dying.localAddress!.port!)/soap")))
        tasks.append(Task { try await broken.run() })
        // Announced once it knows the routers, which then get the change pushed to them.
        _ = await broken.boundAddress()
        for _ in 0..<200 where await broken.snapshot().members.filter({ $0.role == .router }).count < 3 {
            try await Task.sleep(for: .milliseconds(50))
        }
        await broken.announceOwnership(server: "s5", epoch: 1)
        try await cluster.waitUntil(router1, serves: ["s5"])
        let forged = SessionTokenAuthority(keyring: try SessionKeyring(keys: [Array(repeating: 1, count: 32)]))
        var random = SystemRandomNumberGenerator()
        let token = try forged.issue(userID: "x", storeGUID: GUID(bytes: Array(repeating: 3, count: 16))!, homeServer: "s5", now: Date(), using: &random).text
        let started = ContinuousClock.now
        let cut = try await SOAPCalls.call(GetStoreRequest(), to: url1, session: token)
        #expect(cut.mapiCode == MAPIErrorCode.networkError.rawValue)
        #expect(ContinuousClock.now - started < .seconds(5))
        try await dying.close()
    }
}
