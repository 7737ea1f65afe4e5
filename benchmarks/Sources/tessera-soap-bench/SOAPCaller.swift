import HTTP
import SOAP

/// SOAP requests over the HTTP module's client, as a Tessera client sends them: `POST /soap`
/// with `Content-Type: text/xml`, `SOAPAction` as the WSDL declares it, and the session token in
/// the SOAP header and in `X-Tessera-Session`.
struct SOAPCaller: Sendable {
    let client: HTTPClient

    /// The HTTP request carrying `message` (built once, sent as often as wanted).
    static func request<M: SOAPRequestMessage>(_ message: M, session: String?) -> HTTPClientRequest {
        var headers: HTTPHeaderFields = [
            "Content-Type": "text/xml; charset=utf-8", "SOAPAction": "\"\(SOAPNamespace.tessera)#\(M.operationName)\"",
        ]
        if let session { headers.add("X-Tessera-Session", session) }
        return HTTPClientRequest(method: "POST", target: "/soap", headers: headers, body: message.envelope(sessionToken: session))
    }

    /// Sends `message` and decodes its answer; a fault is thrown as the `SOAPFault` it carries.
    func call<M: SOAPRequestMessage>(_ message: M, session: String? = nil) async throws -> M.Response {
        let response = try await client.send(Self.request(message, session: session))
        let element = try SOAPEnvelope.decodeResponse(try XML.parse(response.body))
        return try M.Response(element: element)
    }
}
