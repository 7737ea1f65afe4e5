import Foundation
import HTTP
import Logging
import SOAP
import Testing

@testable import Client

/// The client over real HTTP on loopback, against an HTTP server that answers like a node
/// (``MiniStore``): headers, faults with status 500, error pages, redirects between two servers.
@Suite struct HTTPTransportTests {
    /// What the SOAP endpoint saw.
    actor Seen {
        var requests: [HTTPRequest] = []
        func add(_ request: HTTPRequest) { requests.append(request) }
    }

    /// A node's SOAP endpoint at `/soap`: MiniStore's answers, faults for anything else; an
    /// error page anywhere else.
    static func endpoint(_ seen: Seen, redirectTo: String? = nil) -> HTTPClosureResponder {
        HTTPClosureResponder { request in
            await seen.add(request)
            guard request.path == "/soap" else { return .text(502, "Bad Gateway") }
            let envelope: [UInt8]
            do {
                let decoded = try SOAPEnvelope.decodeRequest(request.body)
                let node = FakeNode.Request(
                    url: nodeURL, operation: decoded.operation.name, headerSession: decoded.sessionToken,
                    transportSession: request.headers["X-Tessera-Session"], action: "", body: decoded.body)
                if let redirectTo { throw fault(.unableToComplete, "served elsewhere", redirect: redirectTo) }
                switch try MiniStore.answer(node) {
                case .response(let message)?: return HTTPResponse(status: 200, headers: ["Content-Type": "text/xml; charset=utf-8"], body: message.envelope())
                case .fault(let fault)?: throw fault
                default: throw fault(.noSupport, "not in this test")
                }
            } catch {
                envelope = SOAPEnvelope.fault(SOAPFault(anyError: error))
            }
            return HTTPResponse(status: 500, headers: ["Content-Type": "text/xml; charset=utf-8"], body: envelope)
        }
    }

    /// Runs HTTP servers on free loopback ports for the duration of `body`.
    static func withServers(_ responders: [HTTPClosureResponder], _ body: ([Int]) async throws -> Void) async throws {
        var logger = Logger(label: "client.test.http")
        logger.logLevel = .critical
        let servers = try responders.map { responder in
            try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: responder, logger: logger)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { try await server.run() } }
            defer { group.cancelAll() }
            var ports: [Int] = []
            for server in servers { ports.append(try await server.boundAddress().port) }
            try await body(ports)
        }
    }

    @Test func logsOnOverHTTPWithTheRightHeaders() async throws {
        let seen = Seen()
        try await Self.withServers([Self.endpoint(seen)]) { ports in
            let server = try await Server(url: URL(string: "http://127.0.0.1:\(ports[0])/soap")!, user: "alice", password: "secret")
            #expect(try server.store.inbox.entryID.bytes == MiniStore.inbox)
            await expectError(.server) { _ = try await server.getProps(EntryID([1])) }
            let requests = await seen.requests
            #expect(requests.map(\.method).allSatisfy { $0 == "POST" })
            #expect(requests.first?.headers["SOAPAction"] == "\"urn:tessera:soap:1#Logon\"")
            #expect(requests.first?.headers["X-Tessera-Session"] == nil)
            #expect(requests.dropFirst().allSatisfy { $0.headers["X-Tessera-Session"] == MiniStore.token })
            #expect(requests.allSatisfy { $0.headers["Content-Type"] == "text/xml; charset=utf-8" })
            await server.connection.close()
        }
    }

    @Test func wrongPasswordArrivesAsAFault() async throws {
        try await Self.withServers([Self.endpoint(Seen())]) { ports in
            let error = await expectError(.logonFailed) {
                _ = try await Server(url: URL(string: "http://127.0.0.1:\(ports[0])/soap")!, user: "alice", password: "nope")
            }
            #expect(error?.fault?.name == "MAPI_E_LOGON_FAILED")
        }
    }

    @Test func errorPagesAndDeadPortsAreNetworkErrors() async throws {
        try await Self.withServers([Self.endpoint(Seen())]) { ports in
            let page = await expectError(.network) {
                _ = try await Server(url: URL(string: "http://127.0.0.1:\(ports[0])/elsewhere")!, user: "alice", password: "secret")
            }
            #expect(page?.diagnostic.contains("HTTP 502") == true)
        }
        await expectError(.network) {
            _ = try await Server(url: URL(string: "http://127.0.0.1:1/soap")!, user: "alice", password: "secret")
        }
    }

    @Test func followsARedirectToAnotherNode() async throws {
        let (router, node) = (Seen(), Seen())
        try await Self.withServers([Self.endpoint(node)]) { nodePorts in
            let target = "http://127.0.0.1:\(nodePorts[0])/soap"
            try await Self.withServers([Self.endpoint(router, redirectTo: target)]) { routerPorts in
                let server = try await Server(url: URL(string: "http://127.0.0.1:\(routerPorts[0])/soap")!, user: "alice", password: "secret")
                #expect(await server.connection.endpoint.absoluteString == target)
                #expect(await router.requests.count == 1)
                #expect(await node.requests.count == 4)
                try? await server.logoff()
            }
        }
    }
}
