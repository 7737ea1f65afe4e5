import Foundation
import SOAP
import Testing

@testable import Client

@Suite struct SOAPConnectionTests {
    let node2 = URL(string: "https://node2.example/soap")!

    private func loggedOn(_ handler: @escaping FakeNode.Handler) async throws -> (SOAPConnection, FakeNode) {
        let node = FakeNode { request in
            if request.operation == "Logon" { return try MiniStore.answer(request)! }
            return try handler(request)
        }
        let connection = SOAPConnection(url: nodeURL, transport: node.factory)
        _ = try await connection.logon(user: "alice", password: "secret")
        return (connection, node)
    }

    @Test func theTokenTravelsInTheHeaderAndToTheTransport() async throws {
        let (connection, node) = try await loggedOn { _ in .response(GetPropsResponse(properties: [])) }
        _ = try await connection.call(GetPropsRequest(object: [1]))
        let requests = await node.requests
        #expect(requests.map(\.operation) == ["Logon", "GetProps"])
        #expect(requests[0].headerSession == nil && requests[0].transportSession == nil)
        #expect(requests[1].headerSession == MiniStore.token && requests[1].transportSession == MiniStore.token)
        #expect(requests[1].action == "GetProps")
    }

    @Test func withoutASessionNothingIsSent() async throws {
        let node = FakeNode { _ in .response(GetPropsResponse(properties: [])) }
        let connection = SOAPConnection(url: nodeURL, transport: node.factory)
        await #expect(throws: TesseraClientError(.sessionEnded, "not logged on: GetProps needs a session")) {
            try await connection.call(GetPropsRequest(object: [1]))
        }
        #expect(await node.requests.isEmpty)
    }

    @Test func aRedirectIsFollowedAndKept() async throws {
        let (connection, node) = try await loggedOn { [node2] request in
            request.url == node2
                ? .response(GetPropsResponse(properties: [])) : .fault(fault(.unableToComplete, redirect: node2.absoluteString))
        }
        _ = try await connection.call(GetPropsRequest(object: [1]))
        _ = try await connection.call(GetPropsRequest(object: [2]))
        #expect(await node.requests.map(\.url) == [nodeURL, nodeURL, node2, node2])
        #expect(await connection.endpoint == node2)
    }

    @Test func aSecondRedirectFails() async throws {
        let (connection, node) = try await loggedOn { request in
            .fault(fault(.unableToComplete, redirect: request.url == nodeURL ? "https://a.example/soap" : "https://b.example/soap"))
        }
        await expectError(.redirectFailed) { _ = try await connection.call(GetPropsRequest(object: [1])) }
        #expect(await node.requests.count == 3)
        #expect(await connection.endpoint == nodeURL)
    }

    @Test func logonFollowsARedirectToo() async throws {
        let node = FakeNode { [node2] request in
            request.url == node2 ? try MiniStore.answer(request)! : .fault(fault(.unableToComplete, redirect: node2.absoluteString))
        }
        let connection = SOAPConnection(url: nodeURL, transport: node.factory)
        let logon = try await connection.logon(user: "alice", password: "secret")
        #expect(logon.homeServer == "s1")
        #expect(await connection.endpoint == node2)
    }

    @Test func theEndOfTheSessionForgetsTheToken() async throws {
        let (connection, _) = try await loggedOn { _ in .fault(fault(.endOfSession, "token expired")) }
        await expectError(.sessionEnded) { _ = try await connection.call(GetPropsRequest(object: [1])) }
        #expect(await connection.sessionToken == nil)
    }

    @Test func networkFailuresNameTheEndpoint() async throws {
        let (connection, _) = try await loggedOn { _ in .networkError("connection refused") }
        let error = await expectError(.network) { _ = try await connection.call(GetPropsRequest(object: [1])) }
        #expect(error?.diagnostic == "https://router.example/soap: connection refused")
    }

    @Test(arguments: [
        Array("<html>502 Bad Gateway</html>".utf8),
        Array("not xml".utf8),
        // A well-formed answer of another operation.
        GetStoreResponse(storeEntryID: [1], properties: []).envelope(),
        // A fault without Tessera's detail (from a proxy).
        Array(
            """
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>\
            <faultcode>soap:Server</faultcode><faultstring>proxy error</faultstring></soap:Fault></soap:Body></soap:Envelope>
            """.utf8),
    ])
    func answersThatAreNotTesseraResponsesAreNetworkErrors(body: [UInt8]) async throws {
        let (connection, _) = try await loggedOn { _ in .bytes(body) }
        await expectError(.network) { _ = try await connection.call(GetPropsRequest(object: [1])) }
    }

    @Test func logoffRevokesAndForgets() async throws {
        let (connection, node) = try await loggedOn { _ in .response(EmptyResponse<LogoffRequest>()) }
        try await connection.logoff()
        try await connection.logoff()  // no session: nothing sent
        #expect(await node.operations == ["Logon", "Logoff"])
        #expect(await connection.sessionToken == nil)
    }
}
