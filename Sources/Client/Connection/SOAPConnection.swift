import Foundation
import Logging
import SOAP

/// One client's line to the cluster: the endpoint, the session token, and
/// ``call(_:)``, which sends any typed request and returns its typed response.
///
/// It follows the redirect rules of ``RedirectPolicy`` (once per request) and, after a
/// redirect that worked, keeps sending to the new endpoint. The token goes in the SOAP header
/// and to the transport (for the `X-Tessera-Session` HTTP header).
public actor SOAPConnection {
    /// The URL the client was configured with.
    public nonisolated let homeURL: URL
    /// Where requests go now (the home URL, or where a redirect led).
    public private(set) var endpoint: URL
    /// The session token; nil before logon and after logoff or the end of the session.
    public private(set) var sessionToken: String?

    private let makeTransport: SOAPTransportFactory
    private var transports: [URL: any SOAPTransport] = [:]
    private let responseLimits: XML.Limits
    private let logger: Logger

    /// A connection to `url` whose transports `transport` makes.
    public init(
        url: URL, responseLimits: XML.Limits = ClientOptions.defaultResponseLimits,
        logger: Logger = Logger(label: "tessera.client"), transport: @escaping SOAPTransportFactory
    ) {
        self.homeURL = url
        self.endpoint = url
        self.responseLimits = responseLimits
        self.logger = logger
        self.makeTransport = transport
    }

    /// Sends `request` and returns the server's typed answer, or throws the error its fault
    /// maps to. Operations other than Logon need a session (``TesseraClientError/Code/sessionEnded``
    /// without one).
    public func call<R: SOAPRequestMessage>(_ request: R) async throws(TesseraClientError) -> R.Response {
        let token = try tokenFor(R.operation)
        let envelope = request.envelope(sessionToken: token)
        var policy = RedirectPolicy(home: homeURL)
        var target = endpoint
        while true {
            let bytes = try await send(envelope, R.operationName, token, to: target)
            switch Self.decode(bytes, as: R.Response.self, limits: responseLimits) {
            case .answer(let response):
                if target != endpoint {
                    logger.info("following redirect", metadata: ["client.endpoint": "\(target)"])
                    endpoint = target
                }
                return response
            case .fault(let fault):
                switch policy.onFault(fault, from: target) {
                case .resend(let url):
                    logger.debug(
                        "resending", metadata: ["client.operation": "\(R.operationName)", "client.target": "\(url)"])
                    target = url
                case .fail(let error):
                    if error.code == .sessionEnded, sessionToken == token { sessionToken = nil }
                    throw error
                }
            case .broken(let error):
                throw error
            }
        }
    }

    /// Logs on and keeps the session token for later calls.
    public func logon(user: String, password: String) async throws(TesseraClientError) -> LogonResponse {
        let response = try await call(LogonRequest(user: user, password: password))
        sessionToken = response.session
        return response
    }

    /// Ends the session on the server (its token is revoked) and forgets the token. Without a
    /// session it does nothing.
    public func logoff() async throws(TesseraClientError) {
        guard sessionToken != nil else { return }
        defer { sessionToken = nil }
        _ = try await call(LogoffRequest())
    }

    /// Closes the transports (their pooled connections). The session stays valid on the
    /// server; a later call opens new connections.
    public func close() async {
        let open = transports.values
        transports = [:]
        for transport in open { await transport.shutdown() }
    }

    private func tokenFor(_ operation: SOAPOperation) throws(TesseraClientError) -> String? {
        guard operation.requiresSession else { return nil }
        guard let sessionToken else {
            throw TesseraClientError(.sessionEnded, "not logged on: \(operation.name) needs a session")
        }
        return sessionToken
    }

    private func send(_ envelope: [UInt8], _ action: String, _ token: String?, to url: URL) async throws(TesseraClientError)
        -> [UInt8]
    {
        let transport = try transport(for: url)
        do {
            return try await transport.send(envelope, action: action, session: token)
        } catch {
            throw TesseraClientError(transport: error, url: url.absoluteString)
        }
    }

    private func transport(for url: URL) throws(TesseraClientError) -> any SOAPTransport {
        if let known = transports[url] { return known }
        let made = try makeTransport(url)
        transports[url] = made
        return made
    }

    // MARK: Decoding

    /// What a response body turned out to be.
    enum Reply<Response> {
        /// The typed answer.
        case answer(Response)
        /// A fault (for the redirect policy to judge).
        case fault(SOAPFault)
        /// Not a Tessera answer at all.
        case broken(TesseraClientError)
    }

    /// Parses a response body under `limits` and decodes it as `Response`.
    static func decode<Response: SOAPMessage>(_ bytes: [UInt8], as: Response.Type, limits: XML.Limits) -> Reply<Response> {
        let root: XML.Element
        do {
            root = try XML.parse(bytes, limits: limits)
        } catch {
            return .broken(TesseraClientError(.network, "the answer to \(Response.operationName) is not XML: \(error)"))
        }
        do {
            let element = try SOAPEnvelope.decodeResponse(root)
            return .answer(try Response(element: element))
        } catch let fault as SOAPFault {
            return .fault(fault)
        } catch let error as MAPIError {
            return .broken(TesseraClientError(undecodable: error, operation: Response.operationName))
        } catch {
            return .broken(TesseraClientError(.network, "\(error)"))
        }
    }
}
