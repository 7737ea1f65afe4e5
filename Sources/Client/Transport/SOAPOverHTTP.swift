import Foundation
import SOAP

/// SOAP 1.1 over HTTP as Tessera speaks it, without the HTTP client itself: where a URL
/// points, which header fields a request carries, and which responses are SOAP answers.
public enum SOAPOverHTTP {
    /// Where requests for a URL go.
    public struct Endpoint: Sendable, Hashable {
        /// Host name or address (IPv6 without brackets).
        public var host: String
        /// TCP port (80 or 443 unless the URL names one).
        public var port: Int
        /// Whether to use TLS (`https`).
        public var useTLS: Bool
        /// The request target: path and query (`/soap` when the URL has no path).
        public var target: String

        /// The endpoint of an `http` or `https` URL; `invalidArgument` for anything else.
        public init(url: URL) throws(TesseraClientError) {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw TesseraClientError(.invalidArgument, "\(url.absoluteString) is not an http or https URL")
            }
            guard let host = url.host, !host.isEmpty else {
                throw TesseraClientError(.invalidArgument, "\(url.absoluteString) names no host")
            }
            useTLS = scheme == "https"
            self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            port = url.port ?? (useTLS ? 443 : 80)
            guard (1...65_535).contains(port) else { throw TesseraClientError(.invalidArgument, "\(url.absoluteString): bad port") }
            let path = url.path.isEmpty ? "/soap" : url.path
            target = url.query.map { path + "?" + $0 } ?? path
        }
    }

    /// The header fields of a request for `action` (e.g. `GetProps`): `Content-Type`,
    /// `SOAPAction` as the WSDL declares it, and `X-Tessera-Session` when there is a session.
    public static func headers(action: String, session: String?) -> [(name: String, value: String)] {
        var fields = [
            (name: "Content-Type", value: "text/xml; charset=utf-8"),
            (name: "SOAPAction", value: "\"\(SOAPNamespace.tessera)#\(action)\""),
        ]
        if let session { fields.append((name: "X-Tessera-Session", value: session)) }
        return fields
    }

    /// The body of a response when it is a SOAP answer: status 200, or 500 with an XML body (a
    /// fault). Anything else (an error page of a proxy, 404, 503…) is a `network` error naming
    /// the status and the start of the body.
    public static func answer(status: Int, contentType: String?, body: [UInt8], from url: String) throws(TesseraClientError)
        -> [UInt8]
    {
        let isXML = contentType.map { $0.lowercased().contains("xml") } ?? false
        if status == 200 || (status == 500 && isXML) { return body }
        let text = String(decoding: body.prefix(200), as: UTF8.self).replacingLineBreaks()
        throw TesseraClientError(.network, "\(url) answered HTTP \(status)" + (text.isEmpty ? "" : ": \(text)"))
    }
}
