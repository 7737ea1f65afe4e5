import NIOHTTP1

/// The heads the router passes on, in both directions (docs/router.md, "Forwarded head"): the
/// peer's fields less hop-by-hop ones; towards the node, its `Host` and target and where the
/// request came from.
enum ForwardedHeads {
    /// Fields not passed on (lower case; compared without regard to case, without allocating).
    private static let hopByHop: [String] = [
        "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade", "expect", "host", "proxy-authorization",
    ]

    static func isHopByHop(_ name: String) -> Bool {
        let count = name.utf8.count
        return hopByHop.contains { field in
            field.utf8.count == count && zip(field.utf8, name.utf8).allSatisfy { $0 == $1 | ($1 >= 0x41 && $1 <= 0x5A ? 0x20 : 0) }
        }
    }

    /// The request head for the node at `endpoint`: the client's fields less hop-by-hop ones, the
    /// node's host and path, `X-Forwarded-For` with `peer` (the client's address) appended, and
    /// `X-Forwarded-Proto`.
    static func request(_ head: HTTPRequestHead, to endpoint: UpstreamEndpoint, peer: String?, usesTLS: Bool) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(head.headers.count + 3)
        for (name, value) in head.headers where !isHopByHop(name) { headers.add(name: name, value: value) }
        headers.add(name: "Host", value: endpoint.hostField)
        if let peer {
            let previous = headers.first(name: "X-Forwarded-For")
            headers.replaceOrAdd(name: "X-Forwarded-For", value: previous.map { "\($0), \(peer)" } ?? peer)
        }
        headers.replaceOrAdd(name: "X-Forwarded-Proto", value: usesTLS ? "https" : "http")
        return HTTPRequestHead(version: .http1_1, method: head.method, uri: endpoint.target, headers: headers)
    }

    /// The answer's head for the client (who spoke `version`): the node's fields less hop-by-hop
    /// ones, and `Connection: close` when the client connection ends after it.
    static func response(_ head: HTTPResponseHead, version: HTTPVersion, clientKeepAlive: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(head.headers.count + 1)
        for (name, value) in head.headers where !isHopByHop(name) { headers.add(name: name, value: value) }
        if !clientKeepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: version, status: head.status, headers: headers)
    }
}
