import Foundation
import MAPI
import SOAP
import TestSupport

/// SOAP requests to a node over a fresh ``RawSocket`` each (`Connection: close`): typed calls
/// for the normal requests around the hostile ones, and the raw answer for the hostile ones.
struct RawSOAPClient: Sendable {
    let port: Int

    /// POSTs `body` to `/soap` and reads the answer (nil if the node closed without one).
    func post(_ body: [UInt8], headers: [String: String] = [:], within seconds: TimeInterval = 30) async throws -> RawResponse? {
        try await timedPost(body, headers: headers, within: seconds).response
    }

    /// ``post(_:headers:within:)`` and how long the answer took, timed on the socket's own
    /// thread (so that a busy cooperative pool does not count).
    func timedPost(
        _ body: [UInt8], headers: [String: String] = [:], within seconds: TimeInterval = 30
    ) async throws -> (response: RawResponse?, elapsed: Duration) {
        let request = Self.request(body: body, headers: headers)
        let port = port
        return try await OwnThread.run {
            let started = ContinuousClock.now
            let socket = try RawSocket(port: port)
            socket.write(request)
            let response = socket.readResponse(within: seconds)
            return (response, ContinuousClock.now - started)
        }
    }

    /// The whole request: head and body.
    static func request(body: [UInt8], headers: [String: String] = [:]) -> [UInt8] {
        head(contentLength: body.count, headers: headers) + body
    }

    /// The head of a `POST /soap` with `Content-Length` (unless `headers` says chunked).
    static func head(contentLength: Int, headers: [String: String] = [:]) -> [UInt8] {
        var fields = ["Host": "127.0.0.1", "Content-Type": "text/xml; charset=utf-8", "Connection": "close"]
        if headers["Transfer-Encoding"] == nil { fields["Content-Length"] = "\(contentLength)" }
        fields.merge(headers) { $1 }
        let lines = fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        return Array("POST /soap HTTP/1.1\r\n\(lines)\r\n".utf8)
    }

    /// Sends `request` and decodes the answer; a fault is thrown as the `SOAPFault`.
    func call<R: SOAPRequestMessage>(_ request: R, token: String?, headers: [String: String] = [:]) async throws -> R.Response {
        guard let response = try await post(request.envelope(sessionToken: token), headers: headers) else {
            throw RawSocketError("\(R.operationName): the node closed the connection without an answer")
        }
        return try R.Response(element: SOAPEnvelope.decodeResponse(XML.parse(response.body)))
    }

    func logon(_ user: String, _ password: String) async throws -> LogonResponse {
        try await call(LogonRequest(user: user, password: password), token: nil)
    }

    /// `GET /health`'s status.
    func health() async throws -> Int? {
        let port = port
        return try await OwnThread.run {
            let socket = try RawSocket(port: port)
            socket.write(Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8))
            return socket.readResponse(within: 10)?.status
        }
    }
}

extension RawResponse {
    /// The fault the body carries; nil when it is not a SOAP fault.
    var fault: SOAPFault? {
        do {
            _ = try SOAPEnvelope.decodeResponse(XML.parse(body))
            return nil
        } catch let fault as SOAPFault {
            return fault
        } catch {
            return nil
        }
    }
}
