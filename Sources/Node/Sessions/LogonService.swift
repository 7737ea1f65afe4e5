import Directory
import Foundation
import Logging
import MAPI
import SOAP
import Synchronization

/// Logon and Logoff (ARCHITECTURE §4): the rate limit, the directory's verdict, the user's
/// store on its home server, the signed token.
///
/// Logon, step by step:
/// 1. ``LogonRateLimiter``: too many failures for the login, the address or everyone →
///    `MAPI_E_LOGON_FAILED` "too many failed logons; retry after N s".
/// 2. ``UserDirectory/authenticate(login:password:)``. Wrong password and unknown user give the
///    same `MAPI_E_LOGON_FAILED` text, so that answers do not tell which accounts exist; an
///    inactive account is `MAPI_E_LOGON_FAILED` "this account may not log on" (the directories
///    say so only after the password proved right; the reason is logged, not sent); a directory
///    that cannot answer is `MAPI_E_NETWORK_ERROR` and spends no budget.
/// 3. The home server (the user's, or the configured default, or the only local server) must be
///    served here (``HomeServers``), else `MAPI_E_UNABLE_TO_COMPLETE` with its node's URL.
/// 4. The user's store, keyed by the directory user id, is opened or created (a write: `FENCED`
///    on a node that lost the server).
/// 5. A token is issued for user, store and server.
///
/// Passwords are never logged, nor kept beyond the call.
public final class LogonService: Sendable {
    /// What a successful logon hands back.
    public struct Result: Sendable {
        /// The session the token stands for.
        public var session: Session
        /// The token's text (SOAP header `<t:Session>`, HTTP header `X-Tessera-Session`).
        public var token: String
        /// The user's store.
        public var store: StoreInfo
        /// The user as the directory described it.
        public var user: DirectoryUser
    }

    private let directory: any UserDirectory
    private let authority: SessionTokenAuthority
    private let servers: HomeServers
    private let defaultServer: String?
    private let executor: BlockingExecutor
    private let clock: @Sendable () -> Date
    private let random: @Sendable () -> UInt64
    private let limiter: Mutex<LogonRateLimiter>
    private let logger: Logger

    /// A logon service. `defaultServer` is the home of users the directory names none for (nil:
    /// the only local server, when there is one); store calls run on `executor`; `clock` and
    /// `random` (token ids) are injected, the system's by default.
    public init(
        directory: any UserDirectory, authority: SessionTokenAuthority, servers: HomeServers, defaultServer: String? = nil,
        executor: BlockingExecutor, rateLimits: LogonRateLimiter.Policy = .init(),
        clock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> UInt64 = { var system = SystemRandomNumberGenerator(); return system.next() },
        logger: Logger = Logger(label: "tessera.session")
    ) {
        self.directory = directory
        self.authority = authority
        self.servers = servers
        self.defaultServer = defaultServer
        self.executor = executor
        self.clock = clock
        self.random = random
        self.limiter = Mutex(LogonRateLimiter(policy: rateLimits))
        self.logger = logger
    }

    /// Logs `login` on with `password` from `clientAddress` (nil: unknown).
    public func logon(login: String, password: String, clientAddress: String?) async throws(MAPIError) -> Result {
        let decision = limiter.withLock { $0.begin(login: login, address: clientAddress, now: clock()) }
        guard case .allowed(let attempt) = decision else {
            logger.info("logon refused: rate limit", metadata: metadata(login, clientAddress, outcome: "\(decision)"))
            throw decision.error!
        }
        let verdict = await directory.authenticate(login: login, password: password)
        let outcome: LogonRateLimiter.Outcome = switch verdict {
        case .success: .succeeded
        case .unavailable: .notDecided
        case .wrongPassword, .unknownUser, .inactive: .failed
        }
        limiter.withLock { $0.finish(attempt, outcome: outcome, now: clock()) }
        logger.info("logon", metadata: metadata(login, clientAddress, outcome: verdict.outcome))
        switch verdict {
        case .success(let user):
            return try await open(user)
        case .wrongPassword, .unknownUser:
            throw MAPIError(.logonFailed, "unknown user or wrong password")
        case .inactive:
            throw MAPIError(.logonFailed, "this account may not log on")
        case .unavailable(let error):
            logger.info("logon: directory unavailable", metadata: ["directory.error": "\(error)"])
            throw MAPIError(.networkError, "the directory is unavailable; try again later")
        }
    }

    /// Ends `session`: its token is revoked in its home server's database (a write: `FENCED` on a
    /// node that lost the server; `MAPI_E_UNABLE_TO_COMPLETE` on a node that does not serve it).
    public func logoff(_ session: Session) async throws(MAPIError) {
        let local = try await servers.serving(session.homeServer)
        try await local.revocations.revoke(session.tokenID, expiresAt: session.expiresAt)
        logger.info("logoff", metadata: ["session.id": "\(session.tokenID)", "session.user": "\(session.userID)"])
    }

    /// Steps 3 to 5 for an authenticated user.
    private func open(_ user: DirectoryUser) async throws(MAPIError) -> Result {
        guard let home = user.homeServer ?? defaultServer ?? servers.soleServer?.name else {
            throw MAPIError(.callFailed, "user \(user.login) has no home server and this node serves several")
        }
        let local = try await servers.serving(home)
        let engine = local.engine
        let store = try await executor.runBlocking { () throws(MAPIError) -> StoreInfo in
            try Self.store(of: user, in: engine)
        }
        let issued = try issueTime(for: user)
        var generator = InjectedRandom(source: random)
        let (token, text) = try authority.issue(
            userID: user.id.rawValue, storeGUID: store.guid, homeServer: local.name, now: issued, using: &generator)
        logger.info("session issued", metadata: [
            "session.id": "\(token.id)", "session.user": "\(user.id)", "server.name": "\(local.name)",
        ])
        return Result(session: Session(token), token: text, store: store, user: user)
    }

    /// The user's store on `engine`, created on the first logon (two first logons at once: the
    /// second finds the store the first created).
    private static func store(of user: DirectoryUser, in engine: StoreEngine) throws(MAPIError) -> StoreInfo {
        if let store = try engine.store(owner: user.id.rawValue) { return store }
        do {
            return try engine.createStore(owner: user.id.rawValue, displayName: user.displayName.isEmpty ? user.login : user.displayName)
        } catch let error where error.code == .collision {
            guard let store = try engine.store(owner: user.id.rawValue) else { throw error }
            return store
        }
    }

    /// Now, or the password change's time when the directory's clock runs ahead of this node's
    /// (within the authority's allowed skew): a token issued right after a change must not be
    /// refused as older than it.
    private func issueTime(for user: DirectoryUser) throws(MAPIError) -> Date {
        let now = clock()
        guard let changed = user.passwordChangedAt, changed > now else { return now }
        if changed == .distantFuture { throw MAPIError(.logonFailed, "the password must be changed before logging on") }
        guard changed.timeIntervalSince(now) <= authority.allowedClockSkew else {
            throw MAPIError(.callFailed, "the directory dates the password change in the future; check the clocks")
        }
        return changed
    }

    private func metadata(_ login: String, _ address: String?, outcome: String) -> Logger.Metadata {
        ["session.login": "\(login)", "session.address": "\(address ?? "-")", "session.outcome": "\(outcome)"]
    }
}

/// A random number generator over an injected source (production: the system's).
private struct InjectedRandom: RandomNumberGenerator {
    let source: @Sendable () -> UInt64
    mutating func next() -> UInt64 { source() }
}
