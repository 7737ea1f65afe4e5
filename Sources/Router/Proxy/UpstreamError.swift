import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why talking to a node failed, by the reason it is counted under
/// (`tessera_router_upstream_errors_total{reason}`).
enum UpstreamError: Error, Sendable, Hashable {
    /// The node refused the connection (nothing was sent).
    case connectRefused
    /// Connecting took longer than the connect timeout.
    case connectTimeout
    /// Connecting failed otherwise (no route, name not found).
    case connectFailed(String)
    /// The TLS handshake with the node failed.
    case tls(String)
    /// The node closed the connection before its answer was complete.
    case closed
    /// The node did not answer within the response timeout.
    case responseTimeout
    /// The node's answer is not HTTP.
    case invalidResponse

    /// The metric label.
    var reason: String {
        switch self {
        case .connectRefused: "connect_refused"
        case .connectTimeout: "connect_timeout"
        case .connectFailed: "connect_failed"
        case .tls: "tls"
        case .closed: "closed"
        case .responseTimeout: "response_timeout"
        case .invalidResponse: "invalid_response"
        }
    }

    /// What the client's fault says happened.
    var clientText: String {
        switch self {
        case .connectRefused: "refused the connection"
        case .connectTimeout: "could not be reached in time"
        case .connectFailed: "could not be reached"
        case .tls: "failed the TLS handshake"
        case .closed: "closed the connection before answering"
        case .responseTimeout: "did not answer in time"
        case .invalidResponse: "answered with something that is not HTTP"
        }
    }

    /// Classifies an error of connecting.
    static func connecting(_ error: any Error) -> UpstreamError {
        if let error = error as? NIOConnectionError {
            let errors = error.connectionErrors.map(\.error)
            if !errors.isEmpty, errors.allSatisfy(isRefusal) { return .connectRefused }
            if let first = errors.first { return connecting(first) }
            return .connectFailed("\(error)")
        }
        if isRefusal(error) { return .connectRefused }
        if case ChannelError.connectTimeout = error { return .connectTimeout }
        if error is NIOSSLError || error is BoringSSLError { return .tls("\(error)") }
        return .connectFailed("\(error)")
    }

    /// Classifies an error of an established connection.
    static func exchanging(_ error: any Error) -> UpstreamError {
        if error is NIOSSLError || error is BoringSSLError { return .tls("\(error)") }
        if error is HTTPParserError { return .invalidResponse }
        return .closed
    }

    private static func isRefusal(_ error: any Error) -> Bool {
        (error as? IOError)?.errnoCode == ECONNREFUSED
    }
}
