import Foundation
import HTTP

/// SOAP over HTTP(S) on the `HTTP` target's pooled keep-alive ``HTTPClient``: one client per
/// endpoint URL (the connection asks for one transport per URL, redirects included).
///
/// Each request is a `POST` to the URL's path with the header fields of
/// ``SOAPOverHTTP/headers(action:session:)``; the answer is judged by
/// ``SOAPOverHTTP/answer(status:contentType:body:from:)``. Requests are not idempotent as far
/// as HTTP is concerned, so the HTTP client resends one only when none of it reached the
/// server.
public struct HTTPTransport: SOAPTransport {
    /// What every transport's HTTP client is set up with.
    public struct Configuration: Sendable, Hashable {
        /// PEM file of the certificate authorities to trust instead of the system's (a private
        /// CA); nil for the system's.
        public var caFile: String?
        /// Connecting, TLS handshake included. Default 5 s.
        public var connectTimeout: Duration
        /// From sending a request to the end of its answer; longer than the notification long
        /// poll. Default 90 s.
        public var responseTimeout: Duration
        /// Connections per endpoint at most. Default 4.
        public var maximumConnections: Int

        /// A configuration with the defaults, any of them overridden.
        public init(
            caFile: String? = nil, connectTimeout: Duration = .seconds(5), responseTimeout: Duration = .seconds(90),
            maximumConnections: Int = 4
        ) {
            self.caFile = caFile
            self.connectTimeout = connectTimeout
            self.responseTimeout = responseTimeout
            self.maximumConnections = maximumConnections
        }

        /// The defaults, with a response timeout 30 s longer than the options' long poll.
        public init(for options: ClientOptions) {
            self.init(responseTimeout: .seconds(Int(options.notificationTimeoutSeconds) + 30))
        }
    }

    private let client: HTTPClient
    private let endpoint: SOAPOverHTTP.Endpoint
    private let url: String

    /// A transport to `url` (`http` or `https`).
    public init(url: URL, configuration: Configuration = Configuration()) throws(TesseraClientError) {
        endpoint = try SOAPOverHTTP.Endpoint(url: url)
        self.url = url.absoluteString
        var settings = HTTPClientConfiguration(
            endpoint: HTTPEndpoint(
                host: endpoint.host, port: endpoint.port, tls: endpoint.useTLS ? HTTPClientTLS(caFile: configuration.caFile) : nil))
        settings.connectTimeout = configuration.connectTimeout
        settings.responseTimeout = configuration.responseTimeout
        settings.maximumConnections = configuration.maximumConnections
        settings.maximumResponseBytes = ClientOptions.defaultResponseLimits.maxBodyBytes
        do {
            client = try HTTPClient(configuration: settings)
        } catch {
            throw TesseraClientError(.invalidArgument, "\(url.absoluteString): \(error.code.rawValue) \(error.diagnostic)")
        }
    }

    public func send(_ envelope: [UInt8], action: String, session: String?) async throws -> [UInt8] {
        var headers = HTTPHeaderFields()
        for field in SOAPOverHTTP.headers(action: action, session: session) { headers.add(field.name, field.value) }
        let request = HTTPClientRequest(method: "POST", target: endpoint.target, headers: headers, body: envelope, isIdempotent: false)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            throw TesseraClientError(.network, "\(url): \(error.code.rawValue)\(error.diagnostic.isEmpty ? "" : " (\(error.diagnostic))")")
        }
        return try SOAPOverHTTP.answer(status: response.status, contentType: response.headers["Content-Type"], body: response.body, from: url)
    }

    public func shutdown() async { await client.shutdown() }

    /// The transports for endpoint URLs, each with `configuration`.
    public static func factory(_ configuration: Configuration = Configuration()) -> SOAPTransportFactory {
        { url throws(TesseraClientError) in try HTTPTransport(url: url, configuration: configuration) }
    }
}
