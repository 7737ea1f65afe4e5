import Directory
import Foundation
import MAPI
import SOAP
import Synchronization

/// SOAP's ``TokenRevocations`` over one server's database (ARCHITECTURE §4): Logoff writes the
/// token's id to `session_revocations`, every request's check reads it, through the small
/// cache described at ``RevocationCache``.
///
/// Revoking is a write like any other: it needs the server's ownership epoch and fails with
/// `FENCED` on a node that lost the server. Reading needs no ownership. Revoking now and then
/// also forgets revocations whose tokens have expired (``RevocationPolicy/pruneInterval``).
/// Database calls run on `executor`'s threads.
public final class ServerRevocations: TokenRevocations {
    private struct State {
        var cache: RevocationCache
        var lastPrune: Date?
    }

    private let engine: StoreEngine
    private let executor: BlockingExecutor
    private let clock: @Sendable () -> Date
    private let policy: RevocationPolicy
    private let state: Mutex<State>

    /// Revocations in `engine`'s database, read and written on `executor`'s threads; `clock`
    /// dates cache entries and pruning.
    public init(
        engine: StoreEngine, executor: BlockingExecutor, policy: RevocationPolicy = .init(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.engine = engine
        self.executor = executor
        self.clock = clock
        self.policy = policy
        self.state = Mutex(State(cache: RevocationCache(policy: policy)))
    }

    /// Whether the token is revoked: from the cache when it knows, otherwise from the database.
    public func isRevoked(_ id: SessionToken.ID) async throws(MAPIError) -> Bool {
        if let known = state.withLock({ $0.cache.answer(id, now: clock()) }) { return known }
        let engine = self.engine
        let expiry = try await executor.runBlocking { () throws(MAPIError) -> Date? in try engine.revocationExpiry(id) }
        let now = clock()
        state.withLock { state in
            if let expiry {
                state.cache.recordRevoked(id, expiresAt: expiry)
            } else {
                state.cache.recordNotRevoked(id, now: now)
            }
        }
        return expiry != nil
    }

    /// Revokes the token until `expiresAt` (its expiry); `FENCED` when this node no longer owns
    /// the server.
    public func revoke(_ id: SessionToken.ID, expiresAt: Date) async throws(MAPIError) {
        let now = clock()
        let prune = state.withLock { state -> Bool in
            guard state.lastPrune.map({ now.timeIntervalSince($0) >= policy.pruneInterval }) ?? true else { return false }
            state.lastPrune = now
            return true
        }
        let engine = self.engine
        try await executor.runBlocking { () throws(MAPIError) in
            try engine.recordRevocation(id, expiresAt: expiresAt, pruningBefore: prune ? now : nil)
        }
        state.withLock { $0.cache.recordRevoked(id, expiresAt: expiresAt) }
    }

    /// Forgets revocations of expired tokens now; returns how many.
    @discardableResult
    public func pruneExpired() async throws(MAPIError) -> Int {
        let now = clock()
        let engine = self.engine
        let removed = try await executor.runBlocking { () throws(MAPIError) -> Int in try engine.pruneRevocations(expiredBy: now) }
        state.withLock { $0.lastPrune = now }
        return removed
    }
}
