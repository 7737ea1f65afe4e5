import SOAP
import Testing
@testable import Router

@Suite struct LogonLoginTests {
    @Test func readsTheLoginOfATypedLogon() throws {
        let body = LogonRequest(user: "alice&co <x>", password: "p").envelope()
        #expect(try LogonLogin.extract(from: body, maximumBodyBytes: 65_536) == "alice&co <x>")
    }

    @Test func refusesHostileBodies() {
        let hostile: [(String, String)] = [
            ("billion laughs", #"<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:Logon xmlns:t="urn:tessera:soap:1"><t:user>&b;</t:user><t:password>p</t:password></t:Logon></s:Body></s:Envelope>"#),
            ("external entity", #"<!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]><l>&x;</l>"#),
            ("deep", String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)),
            ("not a logon", String(decoding: LogoffRequest().envelope(sessionToken: "t"), as: UTF8.self)),
            ("truncated", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:Logon"#),
            ("no user", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:Logon xmlns:t="urn:tessera:soap:1"><t:password>p</t:password></t:Logon></s:Body></s:Envelope>"#),
            ("many elements", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><t:Logon xmlns:t="urn:tessera:soap:1">"# + String(repeating: "<t:x/>", count: 100) + "</t:Logon></s:Body></s:Envelope>"),
        ]
        for (name, text) in hostile {
            #expect(throws: RouterFault.self, "\(name)") { try LogonLogin.extract(from: Array(text.utf8), maximumBodyBytes: 65_536) }
        }
        let big = LogonRequest(user: String(repeating: "u", count: 10_000), password: "p").envelope()
        #expect(throws: RouterFault.self) { try LogonLogin.extract(from: big, maximumBodyBytes: 4_096) }
    }
}

@Suite struct RetryPolicyTests {
    @Test func retriesARedirectOnceWhenTheBodyIsKept() {
        var policy = RetryPolicy()
        #expect(policy.after(.redirect(url: "http://n2:8080/soap"), bodyKept: true)
            == .retry(UpstreamEndpoint(host: "n2", port: 8080, useTLS: false)))
        #expect(policy.after(.redirect(url: "http://n3:8080/soap"), bodyKept: true) == .giveUp)
    }

    @Test func neverRetriesWithoutTheBody() {
        var policy = RetryPolicy()
        #expect(policy.after(.redirect(url: "http://n2/soap"), bodyKept: false) == .giveUp)
        #expect(policy.after(.connectRefused, bodyKept: false) == .giveUp)
        #expect(!policy.retried)
    }

    @Test func refusedAndUnsentConnectionsRetryOnTheServersNode() {
        var refused = RetryPolicy()
        #expect(refused.after(.connectRefused, bodyKept: true) == .retrySameServer)
        #expect(refused.after(.connectRefused, bodyKept: true) == .giveUp)
        var unsent = RetryPolicy()
        #expect(unsent.after(.closedBeforeSending, bodyKept: true) == .retrySameServer)
    }

    @Test func whatMayHaveRunIsNotRetried() {
        var policy = RetryPolicy()
        #expect(policy.after(.other, bodyKept: true) == .giveUp)
        #expect(policy.after(.redirect(url: "ftp://x/"), bodyKept: true) == .giveUp)
        #expect(!policy.retried)
    }
}

@Suite struct UpstreamEndpointTests {
    @Test func parsesNodeURLs() {
        #expect(UpstreamEndpoint(url: "https://node1.example.com:8443/soap") == UpstreamEndpoint(host: "node1.example.com", port: 8443, useTLS: true))
        #expect(UpstreamEndpoint(url: "http://[::1]/soap?x=1") == UpstreamEndpoint(host: "::1", port: 80, useTLS: false, target: "/soap?x=1"))
        #expect(UpstreamEndpoint(url: "http://10.0.0.5:236") == UpstreamEndpoint(host: "10.0.0.5", port: 236, useTLS: false, target: "/soap"))
        #expect(UpstreamEndpoint(url: "file:///run/x.sock") == nil)
        #expect(UpstreamEndpoint(url: "") == nil)
        #expect(UpstreamEndpoint(host: "::1", port: 80, useTLS: false).description == "http://[::1]:80/soap")
    }

    /// The target goes into request heads as it is: nothing that could end a line or a field.
    @Test func refusesTargetsThatCouldSplitAHead() {
        #expect(UpstreamEndpoint(url: "http://n1:236/so%0D%0AX-Evil:%201") == nil)
        #expect(UpstreamEndpoint(url: "http://n1:236/so%20ap") == nil)
        #expect(UpstreamEndpoint(url: "http://n1:236/soap?a=%0A")?.target == "/soap?a=%0A", "a query stays encoded")
        #expect(UpstreamEndpoint(url: "http://n1:236/soap?a=b") != nil)
    }
}
