import Foundation
import HTTP
import MAPI
import SOAP

/// SOAP requests as a Tessera client sends them: `POST /soap`, `Content-Type: text/xml`,
/// `SOAPAction`, and the session token in the SOAP header and in `X-Tessera-Session`.
enum SOAPCalls {
    /// The HTTP request carrying `message` (built once, sent as often as wanted).
    static func request<M: SOAPRequestMessage>(_ message: M, session: String? = nil) -> HTTPClientRequest {
        var headers: HTTPHeaderFields = [
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": "\"\(SOAPNamespace.tessera)#\(M.operationName)\"",
        ]
        if let session { headers.add("X-Tessera-Session", session) }
        return HTTPClientRequest(method: "POST", target: "/soap", headers: headers, body: message.envelope(sessionToken: session))
    }

    /// Sends `message` with `client` and decodes the answer; a fault is thrown as its `SOAPFault`.
    static func call<M: SOAPRequestMessage>(_ message: M, session: String? = nil, with client: HTTPClient) async throws -> M.Response {
        let response = try await client.send(request(message, session: session))
        return try M.Response(element: try SOAPEnvelope.decodeResponse(try XML.parse(response.body)))
    }

    /// Logs `login` on through `client`, retrying for up to `patience` while the cluster is still
    /// forming (a router that has not yet learnt the node from gossip answers a fault).
    static func logon(_ login: String, password: String, with client: HTTPClient, patience: Duration = .seconds(60)) async throws -> LogonResponse {
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                return try await call(LogonRequest(user: login, password: password), with: client)
            } catch where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
