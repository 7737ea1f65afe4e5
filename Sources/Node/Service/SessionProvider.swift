import MAPI
import SOAP

/// Logon, the session check of every other request, and logoff: what the SOAP service needs
/// from the node's session machinery.
///
/// Failures are `MAPIError`s; a `MAPI_E_UNABLE_TO_COMPLETE` for a user homed elsewhere carries
/// the serving node's URL (`MAPIError.redirectURL`), which the fault passes on.
public protocol SessionProvider: Sendable {
    /// Authenticates against the directory and opens a session (rate-limited per user and per
    /// client address).
    func logon(_ request: LogonRequest, clientAddress: String) async throws -> LogonResponse
    /// Checks the token of a request: the SOAP header's and the `X-Tessera-Session` header's
    /// (which must agree when both are present). `MAPI_E_END_OF_SESSION` for a dead token,
    /// `MAPI_E_UNABLE_TO_COMPLETE` (+ URL) when this node does not serve the home server.
    func session(soapToken: String?, httpToken: String?) async throws -> Session
    /// Revokes the session's token.
    func logoff(_ session: Session) async throws
}
