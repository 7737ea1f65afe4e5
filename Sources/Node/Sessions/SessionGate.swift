import Directory
import Foundation
import Logging
import MAPI
import SOAP

/// The check every request after Logon passes (ARCHITECTURE §4): from the token's text to an
/// authenticated ``Session``, or the fault to answer with.
///
/// In this order, cheapest first and each needing the one before:
/// 1. **The token's text.** It travels in the SOAP header `<t:Session>` (required) and, for
///    routers, in the HTTP header `X-Tessera-Session`; when both are present they must be the
///    same text, else `MAPI_E_INVALID_PARAMETER` (a router routed by one, the node would run as
///    another).
/// 2. **Signature and time** (``SessionTokenAuthority/verify(_:now:)``): `MAPI_E_END_OF_SESSION`.
///    A text whose signature was checked before skips the signature (``VerifiedTokens``), never
///    the time.
/// 3. **This node serves the token's home server** (``HomeServers``): otherwise
///    `MAPI_E_UNABLE_TO_COMPLETE` with the serving node's URL. Before the revocation check,
///    because revocations live in the home server's database.
/// 4. **Not revoked** (Logoff; ``ServerRevocations``): `MAPI_E_END_OF_SESSION`.
/// 5. **The user still may** (the caching directory): gone from the directory, disabled,
///    non-login or shared-store only → `MAPI_E_END_OF_SESSION`; password changed after the token
///    was issued (``DirectoryUser/passwordChangedAt``, whole seconds) → `MAPI_E_END_OF_SESSION`.
///    Locked and expired accounts keep their sessions (a lockout is what an attacker can cause).
///    A directory that cannot answer (and has no cached answer) is `MAPI_E_NETWORK_ERROR`: the
///    client keeps its token and retries, and no request runs unchecked.
public struct SessionGate: Sendable {
    private let authority: SessionTokenAuthority
    private let directory: any UserDirectory
    private let servers: HomeServers
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let verified: VerifiedTokens

    /// Token texts whose signature is remembered (``VerifiedTokens``): the clients active within
    /// a few seconds, far fewer than the logged-on sessions.
    static let verifiedTokenCapacity = 1_024

    /// A gate over `servers`, checking users against `directory` (put a ``CachingDirectory``
    /// in front of a remote one) on `clock`.
    public init(
        authority: SessionTokenAuthority, directory: any UserDirectory, servers: HomeServers,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "tessera.session")
    ) {
        self.authority = authority
        self.directory = directory
        self.servers = servers
        self.clock = clock
        self.logger = logger
        self.verified = VerifiedTokens(capacity: Self.verifiedTokenCapacity)
    }

    /// The session of a request whose SOAP header carried `soapToken` and whose HTTP header
    /// `X-Tessera-Session` carried `httpToken` (nil: absent).
    public func authenticate(soapToken: String?, httpToken: String? = nil) async throws(MAPIError) -> Session {
        guard let text = soapToken.map(Self.trimmed), !text.isEmpty else {
            throw MAPIError(.endOfSession, "the request carries no session token")
        }
        if let httpToken, Self.trimmed(httpToken) != text {
            throw MAPIError(.invalidParameter, "the X-Tessera-Session header differs from the SOAP session header")
        }
        let now = clock()
        let known = verified.token(for: text)
        let verification = known.map { authority.verifyTime(of: $0, now: now) } ?? authority.verify(text, now: now)
        guard case .valid(let token) = verification else { throw refused(verification.mapiError!, token: nil) }
        if known == nil { verified.remember(token, for: text) }
        let session = Session(token)
        let local = try await servers.serving(token.homeServer)
        if try await local.revocations.isRevoked(token.id) {
            throw refused(SessionTokenVerification.revoked.mapiError!, token: token)
        }
        try await checkUser(of: session)
        return session
    }

    private func checkUser(of session: Session) async throws(MAPIError) {
        let user: DirectoryUser?
        do {
            user = try await directory.user(id: session.userID)
        } catch {
            logger.info("directory unavailable for a session check", metadata: ["session.id": "\(session.tokenID)", "directory.error": "\(error)"])
            throw MAPIError(.networkError, "the directory is unavailable; try again later")
        }
        guard let user else { throw refused(MAPIError(.endOfSession, "the user no longer exists"), session: session) }
        if case .inactive(let reason) = user.status, reason != .locked, reason != .expired {
            throw refused(MAPIError(.endOfSession, "the account may no longer log on"), session: session)
        }
        if let changed = user.passwordChangedAt, Self.wholeSeconds(session.issuedAt) < Self.wholeSeconds(changed) {
            throw refused(MAPIError(.endOfSession, "the password has changed since the session began"), session: session)
        }
    }

    /// `text` without white space around it. Not Foundation's `trimmingCharacters(in:)`: on Linux
    /// it copies the whole token through `NSString` on every request, and tokens carry no white
    /// space, so here the usual case costs two comparisons.
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        guard first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }

    /// Whole seconds since 1970, rounded down (tokens carry whole seconds); the far future stays far.
    static func wholeSeconds(_ date: Date) -> Double { date.timeIntervalSince1970.rounded(.down) }

    private func refused(_ error: MAPIError, session: Session) -> MAPIError {
        logger.debug("session refused", metadata: [
            "session.id": "\(session.tokenID)", "session.user": "\(session.userID)", "session.reason": "\(error.diagnostic)",
        ])
        return error
    }

    private func refused(_ error: MAPIError, token: SessionToken?) -> MAPIError {
        if let token { return refused(error, session: Session(token)) }
        logger.debug("session refused", metadata: ["session.reason": "\(error.diagnostic)"])
        return error
    }
}
