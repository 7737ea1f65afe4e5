/// The server's response compression: a body of at least the configured size, for a client
/// whose `Accept-Encoding` allows gzip or deflate, is encoded (on the connection's task, not on
/// the event loop) unless the responder encoded it already.
enum ResponseCompression {
    static func apply(to response: HTTPResponse, for request: HTTPRequest, minimumBytes: Int?) -> HTTPResponse {
        guard let minimumBytes, response.body.count >= minimumBytes, request.method != "HEAD",
              HTTPResponse.statusAllowsBody(response.status), !response.headers.contains("Content-Encoding"),
              let coding = HTTPContentCoding.preferred(acceptEncoding: request.headers.elements("Accept-Encoding"))
        else { return response }
        var compressed = response
        compressed.body = coding.encode(response.body)
        compressed.headers.set("Content-Encoding", coding.rawValue)
        compressed.headers.add("Vary", "Accept-Encoding")
        return compressed
    }
}
