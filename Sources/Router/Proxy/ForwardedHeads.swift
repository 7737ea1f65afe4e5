import NIOCore
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
        hopByHop.contains { name.equalsIgnoringASCIICase($0) }
    }

    /// The fields a `Connection` header names (RFC 9110 §7.6.1: hop-by-hop too), lower case; nil
    /// when it names none beyond `close` and `keep-alive` (the common case: no allocation).
    static func connectionListed(in headers: HTTPHeaders) -> [String]? {
        var listed: [String]?
        for (name, value) in headers where name.equalsIgnoringASCIICase("connection") {
            for token in value.split(separator: ",") {
                let token = token.trimmingSpaces
                guard !token.isEmpty, !token.equalsIgnoringASCIICase("close"), !token.equalsIgnoringASCIICase("keep-alive") else { continue }
                listed = (listed ?? []) + [token.lowercased()]
            }
        }
        return listed
    }

    /// Whether a field is not passed on: hop-by-hop, or named by the message's `Connection`.
    private static func isDropped(_ name: String, listed: [String]?) -> Bool {
        isHopByHop(name) || listed?.contains(where: { name.equalsIgnoringASCIICase($0) }) == true
    }

    /// Whether the client's connection must end after this answer: an HTTP/1.0 client cannot read
    /// a body the node framed without a length (chunked, or by its close), which then goes to it
    /// unframed and is ended by the close.
    static func answerEndsWithClose(_ nodeHead: HTTPResponseHead, clientVersion: HTTPVersion) -> Bool {
        guard clientVersion == .http1_0 else { return false }
        let status = nodeHead.status.code
        if status / 100 == 1 || status == 204 || status == 304 { return false }
        return !nodeHead.headers.contains(name: "content-length")
    }

    /// The request head for the node at `endpoint`: the client's fields less hop-by-hop ones, the
    /// node's host and path, `X-Forwarded-For` with `peer` (the client's address) appended, and
    /// `X-Forwarded-Proto`.
    static func request(_ head: HTTPRequestHead, to endpoint: UpstreamEndpoint, peer: String?, usesTLS: Bool) -> HTTPRequestHead {
        var fields: [(String, String)] = []
        fields.reserveCapacity(head.headers.count + 3)
        forEachRequestField(head, to: endpoint, peer: peer, usesTLS: usesTLS) { fields.append(($0, $1)) }
        return HTTPRequestHead(version: .http1_1, method: head.method, uri: endpoint.target, headers: HTTPHeaders(fields))
    }

    /// The same head as ``request(_:to:peer:usesTLS:)`` as HTTP/1.1 bytes, written into `buffer`
    /// (the inline path writes them past NIO's encoder).
    static func writeRequest(_ head: HTTPRequestHead, to endpoint: UpstreamEndpoint, peer: String?, usesTLS: Bool, into buffer: inout ByteBuffer) {
        buffer.writeString(head.method.rawValue)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(endpoint.target)
        buffer.writeStaticString(" HTTP/1.1\r\n")
        forEachRequestField(head, to: endpoint, peer: peer, usesTLS: usesTLS) { name, value in
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    /// The fields of the forwarded request head, in order.
    private static func forEachRequestField(
        _ head: HTTPRequestHead, to endpoint: UpstreamEndpoint, peer: String?, usesTLS: Bool, _ field: (String, String) -> Void
    ) {
        var forwardedFor: String?
        let listed = connectionListed(in: head.headers)
        for (name, value) in head.headers where !isDropped(name, listed: listed) {
            if peer != nil, name.equalsIgnoringASCIICase("x-forwarded-for") {
                if forwardedFor == nil { forwardedFor = value }
            } else if !name.equalsIgnoringASCIICase("x-forwarded-proto") {
                field(name, value)
            }
        }
        field("Host", endpoint.hostField)
        if let peer { field("X-Forwarded-For", forwardedFor.map { "\($0), \(peer)" } ?? peer) }
        field("X-Forwarded-Proto", usesTLS ? "https" : "http")
    }

    /// The answer's head for the client (who spoke `version`): the node's fields less hop-by-hop
    /// ones, and `Connection: close` when the client connection ends after it.
    /// An HTTP/1.0 client gets no `Transfer-Encoding` (the body goes to it unframed, see
    /// ``answerEndsWithClose(_:clientVersion:)``), and `Connection: keep-alive` when its
    /// connection carries on.
    static func response(_ head: HTTPResponseHead, version: HTTPVersion, clientKeepAlive: Bool) -> HTTPResponseHead {
        let toHTTP10 = version == .http1_0
        // The common case, a node's head with nothing to take out, keeps its fields as they are.
        if clientKeepAlive, !toHTTP10, !head.headers.contains(where: { isHopByHop($0.name) }) {
            return HTTPResponseHead(version: version, status: head.status, headers: head.headers)
        }
        let listed = connectionListed(in: head.headers)
        var headers = HTTPHeaders()
        headers.reserveCapacity(head.headers.count + 1)
        for (name, value) in head.headers where !isDropped(name, listed: listed) {
            if toHTTP10, name.equalsIgnoringASCIICase("transfer-encoding") { continue }
            headers.add(name: name, value: value)
        }
        if !clientKeepAlive {
            headers.add(name: "Connection", value: "close")
        } else if toHTTP10 {
            headers.add(name: "Connection", value: "keep-alive")  // HTTP/1.0 closes unless told
        }
        return HTTPResponseHead(version: version, status: head.status, headers: headers)
    }
}
