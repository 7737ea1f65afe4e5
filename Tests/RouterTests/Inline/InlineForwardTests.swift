import Cluster
import Directory
import Foundation
import Logging
import MAPI
import NIOCore
import NIOHTTP1
import NIOPosix
@testable import Router
import SOAP
import Telemetry
import Testing

/// The inline forwarder (``InlineForwardHandler``) between a real router listener, stand-in
/// nodes on real sockets (``ScriptedNode``) and a raw HTTP client that pipelines: what it
/// takes, what it leaves to the connection's task, and that the two never mix up a connection.
@Suite(.serialized) struct InlineForwardTests {
    /// A router whose placement says `s1` is served by `node`.
    struct Router {
        let core: RouterCore
        let port: Int
        let task: Task<Void, any Error>

        static func start(servingS1By node: ScriptedNode, settings adjust: (inout RouterSettings) -> Void = { _ in }) async throws -> Router {
            try await start(servingS1At: node.url, settings: adjust)
        }

        /// A router whose placement says `s1` is served by the node at `url`.
        static func start(servingS1At url: String, settings adjust: (inout RouterSettings) -> Void = { _ in }) async throws -> Router {
            var logger = Logger(label: "tessera.router-tests")
            logger.logLevel = .critical
            let n1 = MemberID(name: "n1")
            let snapshot = ClusterSnapshot(
                localID: MemberID(name: "r1"), incarnation: 0,
                members: [MemberRecord(id: n1, address: MemberAddress("127.0.0.1:7946")!, role: .node, incarnation: 0, status: .alive)],
                metadata: [n1: VersionedMetadata(version: 1, metadata: MemberMetadata(name: "n1", role: .node, soapEndpoint: url))],
                ownership: [OwnershipEntry(server: "s1", node: n1, epoch: 1)], digest: StateDigest())
            let placement = PlacementCache { snapshot }
            await placement.refresh()
            var settings = RouterSettings(host: "127.0.0.1", port: 0)
            adjust(&settings)
            // The directory is never asked: no request here is a Logon.
            let directory = UnixDirectory(configuration: UnixConfiguration(defaultDomain: "example.org"), logger: logger)
            let core = try RouterCore(settings: settings, placement: placement, directory: directory, registry: MetricsRegistry(), logger: logger)
            let server = try RouterServer(core: core)
            let task = Task { try await server.run() }
            return Router(core: core, port: try await server.boundPort(), task: task)
        }

        func stop() async {
            task.cancel()
            _ = try? await task.value
        }

        var inline: Double { core.metrics.inlineRequests.family.samples.first?.value ?? 0 }

        func count(_ counter: Counter, _ label: String) -> Double {
            counter.family.samples.first { $0.labels.map(\.value) == [label] }?.value ?? 0
        }
    }

    static let token: String = {
        let authority = SessionTokenAuthority(keyring: try! SessionKeyring(keys: [Array(repeating: 1, count: 32)]))
        var random = SystemRandomNumberGenerator()
        return try! authority.issue(userID: "u", storeGUID: GUID(bytes: Array(repeating: 3, count: 16))!, homeServer: "s1", now: Date(), using: &random).text
    }()

    /// A session-routed POST.
    static func post(_ body: [UInt8], answer: String? = nil, extra: [(String, String)] = []) -> Request {
        var headers = HTTPHeaders([("Host", "router"), ("Content-Type", "text/xml"), ("Content-Length", "\(body.count)"), ("X-Tessera-Session", token)])
        if let answer { headers.add(name: "X-Test-Answer", value: answer) }
        for (name, value) in extra { headers.add(name: name, value: value) }
        return Request(head: HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap", headers: headers), body: body)
    }

    @Test func sessionRequestsAfterTheFirstAreForwardedInlineOverOneNodeConnection() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let answers = try await RawClient.exchange(port: router.port, (0..<5).map { Self.post(Array("request \($0)".utf8)) }, oneAtATime: true)
        #expect(answers.map { String(decoding: $0.body, as: UTF8.self) } == (0..<5).map { "request \($0)" })
        for answer in answers {
            #expect(answer.head.status == .ok)
            #expect(answer.head.headers.first(name: "X-Seen-Host") == "127.0.0.1:\(node.port)")
            #expect(answer.head.headers.first(name: "X-Seen-Forwarded-For") == "127.0.0.1")
            #expect(answer.head.headers.first(name: "X-Seen-Forwarded-Proto") == "http")
            #expect(answer.head.headers.first(name: "X-Seen-Connection") == "none", "hop-by-hop fields stay at the router")
            #expect(answer.head.headers.first(name: "X-Seen-Target") == "/soap")
        }
        #expect(router.inline == 4, "the first request opens the node connection through the task; the rest go inline")
        #expect(node.connections == 1)
        #expect(router.core.metrics.requests.family.samples.first { $0.labels.map(\.value) == ["session", "200"] }?.value == 5)
        await router.stop()
        try await node.close()
    }

    @Test func pipelinedRequestsAreAnsweredInOrderWhetherInlineOrByTheTask() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        _ = try await RawClient.exchange(port: router.port, [Self.post(Array("warm".utf8))])
        let health = Request(head: HTTPRequestHead(version: .http1_1, method: .GET, uri: "/health", headers: ["Host": "router"]), body: [])
        let large = [UInt8](repeating: 0x61, count: 300 << 10)  // over retry_body_bytes: the task streams it
        let requests = [Self.post(Array("one".utf8)), health, Self.post(Array("two".utf8)), Self.post(large), Self.post(Array("three".utf8))]
        let answers = try await RawClient.exchange(port: router.port, requests + requests)
        let bodies = answers.map { $0.body.count > 1_000 ? "large \($0.body.count)" : String(decoding: $0.body, as: UTF8.self) }
        let once = ["one", "ready (1 nodes known)\n", "two", "large \(300 << 10)", "three"]
        #expect(bodies.count == 10)
        #expect(bodies.map { $0.hasPrefix("ready") ? "ready" : $0 } == (once + once).map { $0.hasPrefix("ready") ? "ready" : $0 })
        #expect(router.inline >= 4, "one, two and three after the first connection was pooled")
        await router.stop()
        try await node.close()
    }

    @Test func aRedirectFoundInlineIsRetriedOnceByTheTask() async throws {
        let node = try await ScriptedNode.start(), other = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let body = Array("<Envelope>moved</Envelope>".utf8)
        let answers = try await RawClient.exchange(
            port: router.port,
            [Self.post(Array("warm".utf8)), Self.post(body, answer: "redirect \(other.url)"), Self.post(body, answer: "redirect-always \(other.url)")],
            oneAtATime: true)
        #expect(answers[1].head.status == .ok)
        #expect(answers[1].body == body, "the other node got the request, body and all, and answered it")
        // The other node redirects too: one retry only, then its fault goes to the client.
        #expect(answers[2].head.status == .internalServerError)
        #expect(RedirectFault.url(in: answers[2].body) == other.url)
        #expect(node.requests.map(\.body) == [Array("warm".utf8), body, body])
        #expect(other.requests.map(\.body) == [body, body])
        #expect(router.count(router.core.metrics.retries, "redirect") == 2)
        #expect(router.inline == 2, "both were taken inline, then handed to the task with the redirect")
        await router.stop()
        try await node.close()
        try await other.close()
    }

    @Test func aNodeThatBreaksOffInlineGetsAFaultAndTheConnectionGoesOn() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let answers = try await RawClient.exchange(
            port: router.port, [Self.post(Array("warm".utf8)), Self.post([], answer: "close"), Self.post(Array("after".utf8))], oneAtATime: true)
        #expect(answers[1].head.status == .internalServerError)
        let text = String(decoding: answers[1].body, as: UTF8.self)
        #expect(text.contains("MAPI_E_NETWORK_ERROR") && text.contains("closed the connection before answering"), "\(text)")
        #expect(answers[2].body == Array("after".utf8), "the client's connection carries on")
        #expect(router.count(router.core.metrics.upstreamErrors, "closed") == 1)
        await router.stop()
        try await node.close()
    }

    @Test func aFaultThatIsNotARedirectAndALargeAnswerPassThroughInline() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let size = 3 << 20
        let answers = try await RawClient.exchange(
            port: router.port, [Self.post(Array("warm".utf8)), Self.post([], answer: "fault"), Self.post([], answer: "big \(size)")], oneAtATime: true)
        #expect(answers[1].head.status == .internalServerError)
        #expect(answers[1].body == RouterFault.noSession.body)
        #expect(answers[2].head.headers.first(name: "X-Big") == "yes")
        #expect(answers[2].body == ScriptedNode.pattern(size))
        #expect(router.inline == 2)
        await router.stop()
        try await node.close()
    }

    @Test func answersOfEveryFramingPassInlineAndWhatIsNotHTTPIsAFault() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let body = Array("<Envelope>chunks</Envelope>".utf8)
        let answers = try await RawClient.exchange(
            port: router.port,
            [
                Self.post(Array("warm".utf8)),  // through the task: opens connection 1
                Self.post(body, answer: "chunked"),
                Self.post([], answer: "raw interim"),
                Self.post([], answer: "raw trailing"),  // connection 1 is not reused after that
                Self.post(Array("second".utf8)),  // through the task: opens connection 2
                Self.post([], answer: "raw until-close"),  // the node closes connection 2
                Self.post(Array("third".utf8)),  // through the task: opens connection 3
                Self.post([], answer: "raw space-before-colon"),
                Self.post(Array("after".utf8)),  // through the task: opens connection 4
            ],
            oneAtATime: true)
        #expect(answers.map(\.head.status.code) == [200, 200, 200, 200, 200, 200, 200, 500, 200])
        #expect(answers[1].body == body)
        #expect(answers[1].head.headers.first(name: "Transfer-Encoding") == "chunked")
        #expect(answers[2].body == Array("interim".utf8))
        #expect(answers[3].body == Array("trailing".utf8))
        #expect(answers[5].body == Array("read until the close".utf8))
        #expect(String(decoding: answers[7].body, as: UTF8.self).contains("answered with something that is not HTTP"))
        #expect(answers[8].body == Array("after".utf8))
        #expect(router.inline == 5)
        #expect(node.connections == 4)
        #expect(router.count(router.core.metrics.upstreamErrors, "invalid_response") == 1)
        await router.stop()
        try await node.close()
    }

    /// Inline and through the task (`Expect` sends it there): when the router closes the node's
    /// connection for its deadline, the end of the connection is not the end of the answer.
    @Test(arguments: [false, true])
    func anAnswerFramedByTheCloseIsCutShortWhenTheRouterClosesForItsDeadline(throughTheTask: Bool) async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node) { $0.upstreamResponseTimeout = .milliseconds(500) }
        let stall = Self.post([], answer: "raw stall", extra: throughTheTask ? [("Expect", "100-continue")] : [])
        await #expect(throws: (any Error).self, "the client must not get the part as if it were the whole answer") {
            _ = try await RawClient.exchange(port: router.port, [Self.post(Array("warm".utf8)), stall], oneAtATime: true)
        }
        #expect(router.inline == (throughTheTask ? 0 : 1))
        #expect(router.count(router.core.metrics.upstreamErrors, "response_timeout") == 1)
        await router.stop()
        try await node.close()
    }

    /// An HTTP/1.0 client cannot read a chunked body: it gets the body unframed, ended by the
    /// close, inline (after the first request) and through the task (the first).
    @Test(arguments: [false, true])
    func anHTTP10ClientGetsAChunkedAnswerEndedByTheClose(inline: Bool) async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        let body = Array("<Envelope>for an old client</Envelope>".utf8)
        var old = Self.post(body, answer: "chunked", extra: [("Connection", "keep-alive")])
        old.head.version = .http1_0
        var warm = Self.post(Array("warm".utf8), extra: [("Connection", "keep-alive")])
        warm.head.version = .http1_0
        let answers = try await RawClient.exchange(port: router.port, inline ? [warm, old] : [old], oneAtATime: true)
        let answer = try #require(answers.last)
        #expect(answer.body == body)
        #expect(answer.head.headers.first(name: "Transfer-Encoding") == nil)
        #expect(answer.head.headers.first(name: "Connection") == "close")
        #expect(router.inline == (inline ? 1 : 0))
        await router.stop()
        try await node.close()
    }

    @Test func requestsTheShortWayDoesNotTakeGoToTheTask() async throws {
        let node = try await ScriptedNode.start()
        let router = try await Router.start(servingS1By: node)
        var chunked = Self.post(Array("chunked".utf8))
        chunked.head.headers.remove(name: "Content-Length")
        chunked.head.headers.add(name: "Transfer-Encoding", value: "chunked")
        let requests = [
            Self.post(Array("warm".utf8)),
            Self.post(Array("expect".utf8), extra: [("Expect", "100-continue")]),
            chunked,
            Self.post([UInt8](repeating: 0x62, count: (256 << 10) + 1)),
        ]
        let answers = try await RawClient.exchange(port: router.port, requests, oneAtATime: true)
        #expect(answers.map(\.head.status) == [.ok, .ok, .ok, .ok])
        #expect(answers[2].body == Array("chunked".utf8))
        #expect(answers[3].body.count == (256 << 10) + 1)
        #expect(router.inline == 0)
        await router.stop()
        try await node.close()
    }
}
