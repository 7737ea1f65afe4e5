import NIOCore
import NIOPosix
import NIOSSL

/// Proof of life of an HTTP listener of this very process (for the systemd watchdog): one
/// `GET` over a new loopback connection, through the listener's accept, event loop, pipeline
/// and responder. The watchdog asks whether the process is alive, not whether it is ready, so
/// whatever shows the process acting on the connection counts: any complete response (a
/// `503 not ready` too), a connection it closed (what a listener at its connection limit does,
/// its `503` often written before the request), a malformed response or a failed TLS
/// handshake. Only silence (no connection or no response within the timeout) and refusal (no
/// listener) do not — so an outsider who fills the connection limit cannot get it restarted.
///
/// Over TLS the certificate is not verified (it may name another host, or a CA the probe cannot
/// see): the probe sends nothing secret and believes nothing it is told.
public struct LivenessProbe: Sendable {
    /// Where it connects: the listener's address, with a wildcard made loopback.
    public let endpoint: HTTPEndpoint
    /// The path asked for.
    public let path: String
    /// How long connecting, and then the response, may take.
    public let timeout: Duration
    private let tls: NIOSSLContext?

    /// A probe of the listener bound to `host:port` (`0.0.0.0` and `::` are probed on loopback).
    public init(listenHost host: String, port: Int, tls: Bool, path: String, timeout: Duration) throws(HTTPClientError) {
        endpoint = HTTPEndpoint(host: Self.loopback(forListening: host), port: port, tls: tls ? HTTPClientTLS() : nil)
        self.path = path
        self.timeout = timeout
        do {
            self.tls = tls ? try TLSContexts.unverifiedClient() : nil
        } catch {
            throw HTTPClientError(code: .invalidConfiguration, diagnostic: "TLS: \(error)")
        }
    }

    /// Returns when the listener acted on the connection; throws why it did not.
    public func check(eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws(LivenessFailure) {
        var configuration = HTTPClientConfiguration(endpoint: endpoint)
        configuration.maximumConnections = 1
        configuration.connectTimeout = timeout
        configuration.responseTimeout = timeout
        let problems = configuration.validate()
        guard problems.isEmpty else { throw failure(HTTPClientError(code: .invalidConfiguration, diagnostic: problems.joined(separator: "; "))) }
        let client = HTTPClient(validated: configuration, tls: tls, eventLoopGroup: eventLoopGroup)
        let result: Result<HTTPResponse, HTTPClientError>
        do {
            result = .success(try await client.send(HTTPClientRequest(method: "GET", target: path, headers: ["Connection": "close"])))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        if case .failure(let error) = result, !Self.showsLife(error.code) { throw failure(error) }
    }

    private func failure(_ cause: HTTPClientError) -> LivenessFailure { LivenessFailure(url: "\(endpoint)\(path)", cause: cause) }

    /// Whether a failed exchange still shows the listener's process acting on the connection.
    static func showsLife(_ failure: HTTPClientError.Code) -> Bool {
        switch failure {
        case .connectionClosed, .invalidResponse, .responseTooLarge, .tlsFailure: true
        case .connectFailed, .connectionRefused, .connectTimeout, .responseTimeout, .invalidConfiguration, .shutDown, .cancelled: false
        }
    }

    /// The address to reach a listener bound to `host` from this machine.
    static func loopback(forListening host: String) -> String {
        switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "::1"
        default: host
        }
    }
}

/// Why a ``LivenessProbe`` saw no sign of life: `http://127.0.0.1:236/health: responseTimeout`.
public struct LivenessFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was asked for.
    public var url: String
    /// How the exchange failed.
    public var cause: HTTPClientError

    /// `url: code (diagnostic)`.
    public var description: String {
        "\(url): \(cause.code.rawValue)" + (cause.diagnostic.isEmpty ? "" : " (\(cause.diagnostic))")
    }
}
