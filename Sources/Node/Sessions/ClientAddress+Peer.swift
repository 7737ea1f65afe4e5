import Foundation

extension ClientAddress {
    /// The client's address for a request that arrived from `peer` (`ip:port`, `[ip]:port`):
    /// the peer's IP, or — when the peer is one of the `trusted` proxies (the routers) — the
    /// last address of its `X-Forwarded-For` (the one the router added; earlier ones came from
    /// the client and prove nothing).
    static func client(peer: String, forwardedFor: String?, trusted: Set<String>) -> String {
        let peerHost = host(ofPeer: peer)
        guard trusted.contains(peerHost), let forwarded = forwardedFor?.split(separator: ",").last else { return peerHost }
        let address = forwarded.trimmingCharacters(in: .whitespaces)
        return address.isEmpty ? peerHost : host(ofPeer: address)
    }

    /// `192.0.2.7:5000` → `192.0.2.7`, `[2001:db8::1]:5000` → `2001:db8::1`; a bare address as it is.
    static func host(ofPeer peer: String) -> String {
        if peer.hasPrefix("["), let end = peer.firstIndex(of: "]") { return String(peer[peer.index(after: peer.startIndex)..<end]) }
        let colons = peer.filter { $0 == ":" }.count
        if colons == 1, let colon = peer.lastIndex(of: ":") { return String(peer[..<colon]) }
        return peer
    }
}
