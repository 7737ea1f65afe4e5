import Foundation
import MAPI
import SOAP
import Testing
@testable import Router

@Suite struct RoutingPolicyTests {
    let policy = RoutingPolicy(metricsPath: "/metrics", healthPath: "/health", peekLimit: 1_000)

    static func token(server: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let authority = SessionTokenAuthority(keyring: try! SessionKeyring(keys: [Array(repeating: 7, count: 32)]))
        return try! authority.issue(userID: "u1", storeGUID: GUID(bytes: Array(repeating: 1, count: 16))!, homeServer: server, now: Date(), using: &generator).text
    }

    @Test func routesByTheSessionHeaderWithoutLookingAtTheBody() {
        let request = RequestSummary(method: "POST", target: "/soap", sessionHeader: Self.token(server: "s2"), contentEncoding: nil)
        #expect(policy.decide(request) == .route(server: "s2"))
    }

    @Test func aMalformedHeaderTokenEndsTheSession() {
        let request = RequestSummary(method: "POST", target: "/soap", sessionHeader: "not-a-token", contentEncoding: nil)
        #expect(policy.decide(request) == .refuse(.malformedToken))
    }

    @Test func withoutHeaderTheBodyIsScanned() {
        #expect(policy.decide(RequestSummary(method: "POST", target: "/soap", sessionHeader: nil, contentEncoding: nil)) == .peekBody)
        #expect(policy.decide(RequestSummary(method: "POST", target: "/soap", sessionHeader: nil, contentEncoding: "identity")) == .peekBody)
        #expect(policy.decide(RequestSummary(method: "POST", target: "/soap", sessionHeader: nil, contentEncoding: "gzip"))
            == .refuse(.compressedWithoutSession))
    }

    @Test func localEndpoints() {
        #expect(policy.decide(RequestSummary(method: "GET", target: "/soap?wsdl", sessionHeader: nil, contentEncoding: nil)) == .local(.wsdl))
        #expect(policy.decide(RequestSummary(method: "GET", target: "/soap?WSDL", sessionHeader: nil, contentEncoding: nil)) == .local(.wsdl))
        #expect(policy.decide(RequestSummary(method: "GET", target: "/soap", sessionHeader: nil, contentEncoding: nil))
            == .local(.methodNotAllowed(allow: "POST")))
        #expect(policy.decide(RequestSummary(method: "PUT", target: "/soap", sessionHeader: nil, contentEncoding: nil))
            == .local(.methodNotAllowed(allow: "POST, GET")))
        #expect(policy.decide(RequestSummary(method: "GET", target: "/metrics", sessionHeader: nil, contentEncoding: nil)) == .local(.metrics))
        #expect(policy.decide(RequestSummary(method: "GET", target: "/health", sessionHeader: nil, contentEncoding: nil)) == .local(.health))
        #expect(policy.decide(RequestSummary(method: "POST", target: "/health", sessionHeader: nil, contentEncoding: nil))
            == .local(.methodNotAllowed(allow: "GET")))
        #expect(policy.decide(RequestSummary(method: "GET", target: "/other", sessionHeader: nil, contentEncoding: nil)) == .local(.notFound))
        let quiet = RoutingPolicy(metricsPath: nil, healthPath: nil)
        #expect(quiet.decide(RequestSummary(method: "GET", target: "/metrics", sessionHeader: nil, contentEncoding: nil)) == .local(.notFound))
    }

    @Test func bodyDecisions() {
        let token = Self.token(server: "s1")
        #expect(policy.decide(peek: .request(operation: "GetProps", session: token), seen: 10, bodyEnded: false) == .route(server: "s1"))
        #expect(policy.decide(peek: .request(operation: "Logon", session: nil), seen: 10, bodyEnded: false) == .logon)
        #expect(policy.decide(peek: .request(operation: "Logon", session: token), seen: 10, bodyEnded: false) == .logon)
        #expect(policy.decide(peek: .request(operation: "GetProps", session: nil), seen: 10, bodyEnded: false) == .refuse(.noSession))
        #expect(policy.decide(peek: .request(operation: "GetProps", session: "x"), seen: 10, bodyEnded: false) == .refuse(.malformedToken))
        #expect(policy.decide(peek: .malformed("why"), seen: 10, bodyEnded: false) == .refuse(.badEnvelope("why")))
        #expect(policy.decide(peek: .needMore, seen: 10, bodyEnded: false) == nil)
        #expect(policy.decide(peek: .needMore, seen: 1_000, bodyEnded: false)
            == .refuse(.badEnvelope("no operation element in the first 1000 bytes")))
        #expect(policy.decide(peek: .needMore, seen: 10, bodyEnded: true)
            == .refuse(.badEnvelope("the body ends before its operation element")))
    }
}
