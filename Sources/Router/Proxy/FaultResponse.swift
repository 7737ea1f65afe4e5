import NIOCore
import NIOHTTP1

extension RouterFault {
    /// The whole answer carrying this fault, for a client that spoke `version`; with
    /// `Connection: close` unless `keepAlive`.
    func response(version: HTTPVersion, keepAlive: Bool) -> [HTTPServerResponsePart] {
        let bytes = body
        var headers = HTTPHeaders([("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", "\(bytes.count)")])
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return [
            .head(HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: status), headers: headers)),
            .body(.byteBuffer(ByteBuffer(bytes: bytes))), .end(nil),
        ]
    }
}
