import Foundation

/// The seam between the client and the network: sends one request envelope to one endpoint
/// and returns the response envelope's bytes.
///
/// The HTTP implementation (``HTTPTransport``) POSTs the envelope with
/// `Content-Type: text/xml; charset=utf-8`, `SOAPAction: "urn:tessera:soap:1#<action>"` and the
/// session token in `X-Tessera-Session` (ARCHITECTURE §4: routers route on that header without
/// parsing the body). SOAP faults (HTTP 500 with an envelope) are returned as bytes like any
/// answer: the connection decodes them. Anything that is not an answer (refused connection,
/// timeout, an HTTP error page) is thrown.
///
/// Tests plug in an in-memory transport that plays the server.
public protocol SOAPTransport: Sendable {
    /// Sends `envelope` for the operation `action` (e.g. `GetProps`) with the session token
    /// (nil for Logon) and returns the response body.
    func send(_ envelope: [UInt8], action: String, session: String?) async throws -> [UInt8]

    /// Closes what the transport holds open (pooled connections); later sends may fail.
    func shutdown() async
}

extension SOAPTransport {
    /// Nothing to close.
    public func shutdown() async {}
}

/// Makes the transport for an endpoint URL: the configured one, and the ones redirects name.
public typealias SOAPTransportFactory = @Sendable (URL) throws(TesseraClientError) -> any SOAPTransport
