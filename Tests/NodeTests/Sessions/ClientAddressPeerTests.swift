import Testing

@testable import Node

@Suite struct ClientAddressPeerTests {
    @Test func peersLoseTheirPort() {
        #expect(ClientAddress.host(ofPeer: "192.0.2.7:5000") == "192.0.2.7")
        #expect(ClientAddress.host(ofPeer: "[2001:db8::1]:5000") == "2001:db8::1")
        #expect(ClientAddress.host(ofPeer: "2001:db8::1") == "2001:db8::1")
        #expect(ClientAddress.host(ofPeer: "unknown") == "unknown")
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let routers: Set = ["10.0.0.5"]
        #expect(ClientAddress.client(peer: "10.0.0.5:4100", forwardedFor: "198.51.100.9", trusted: routers) == "198.51.100.9")
        // A client's own X-Forwarded-For entries come first; the router's is the last.
        #expect(ClientAddress.client(peer: "10.0.0.5:4100", forwardedFor: "1.2.3.4, 198.51.100.9", trusted: routers) == "198.51.100.9")
        #expect(ClientAddress.client(peer: "203.0.113.1:999", forwardedFor: "1.2.3.4", trusted: routers) == "203.0.113.1")
        #expect(ClientAddress.client(peer: "10.0.0.5:4100", forwardedFor: nil, trusted: routers) == "10.0.0.5")
    }
}
