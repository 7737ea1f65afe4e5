import Foundation
import SOAP

/// Decides, per request, what a fault means for routing: resend the request once elsewhere,
/// or give up with the error the caller sees.
///
/// The rules (ARCHITECTURE §4, docs/client.md "Errors"):
///
/// - `MAPI_E_UNABLE_TO_COMPLETE` with a redirect URL (redirect mode, or a node that does not
///   serve the user's server): resend there, **once**. A second redirect, a redirect without a
///   URL, a URL that is not `http`/`https`, one that points back where the request just went, or
///   one that would downgrade `https` to `http` (which would send the session token, or on
///   Logon the password, in clear) is ``TesseraClientError/Code/redirectFailed``.
/// - `FENCED` from an endpoint other than the configured one (a node the client was redirected
///   to lost its server): resend once to the configured URL, which routes afresh.
/// - Every other fault is mapped by ``TesseraClientError/init(fault:)``.
///
/// One value per request; it is a straight function of its inputs, so tests read as tables.
public struct RedirectPolicy: Sendable {
    /// What to do next.
    public enum Action: Sendable, Hashable {
        /// Send the same envelope to this URL.
        case resend(URL)
        /// Give up: the caller gets this error.
        case fail(TesseraClientError)
    }

    /// The URL the client was configured with (a router, usually).
    public let home: URL
    /// Whether the one resend has been used.
    public private(set) var hasResent = false

    /// A policy for one request of a client configured with `home`.
    public init(home: URL) { self.home = home }

    /// The decision after `fault` came back from `current`.
    public mutating func onFault(_ fault: SOAPFault, from current: URL) -> Action {
        switch MAPIErrorCode(rawValue: fault.mapiCode) {
        case .unableToComplete?:
            return redirect(fault, from: current)
        case .fenced? where !hasResent && !Self.sameEndpoint(current, home):
            hasResent = true
            return .resend(home)
        default:
            return .fail(TesseraClientError(fault: fault))
        }
    }

    private mutating func redirect(_ fault: SOAPFault, from current: URL) -> Action {
        func failure(_ why: String) -> Action {
            var error = TesseraClientError(fault: fault)
            error.diagnostic = why + " (server said: \(error.diagnostic))"
            return .fail(error)
        }
        guard let text = fault.redirectURL, !text.isEmpty else {
            return failure("the server could not complete the request and named no other server")
        }
        guard !hasResent else { return failure("redirected a second time, to \(text)") }
        guard let target = URL(string: text), let scheme = target.scheme?.lowercased(),
            scheme == "http" || scheme == "https", target.host != nil
        else { return failure("the redirect URL \(text) is not an http(s) URL") }
        if current.scheme?.lowercased() == "https" && scheme == "http" {
            return failure("refusing the redirect from https to plain http \(text)")
        }
        guard !Self.sameEndpoint(target, current) else { return failure("redirected to the same endpoint \(text)") }
        hasResent = true
        return .resend(target)
    }

    /// Same scheme, host (case-insensitive), port and path.
    static func sameEndpoint(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && a.port == b.port && a.path == b.path
    }
}
