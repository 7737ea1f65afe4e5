import Foundation
import SOAP

/// What a node remembers about revocations between database reads: a value, the clock passed in.
///
/// - **Revoked ids are kept until their token expires** (up to ``RevocationPolicy/cachedRevocations``
///   of them). A revocation is never undone, so such an answer can never be wrong; an id that
///   falls out of the cache is simply read from the database again.
/// - **"Not revoked" is kept only for ``RevocationPolicy/notRevokedLifetime``** (default 1 s).
///   It saves the database read for a client's burst of requests. It is bounded because another
///   node may revoke the same token: revocations are writes, so only the node that owns the
///   server writes them, but around a takeover the previous or next owner may. A revocation this
///   node writes replaces its own "not revoked" answer at once.
struct RevocationCache {
    private var revoked: GenerationalMap<SessionToken.ID, Date>
    private var notRevoked: GenerationalMap<SessionToken.ID, Date>
    private let notRevokedLifetime: TimeInterval

    /// An empty cache for `policy`.
    init(policy: RevocationPolicy) {
        revoked = GenerationalMap(capacity: max(2, policy.cachedRevocations))
        notRevoked = GenerationalMap(capacity: max(2, policy.cachedAnswers))
        notRevokedLifetime = policy.notRevokedLifetime
    }

    /// True or false when the cache knows at `now`; nil when the database must be asked.
    func answer(_ id: SessionToken.ID, now: Date) -> Bool? {
        if let expiry = revoked[id], now < expiry { return true }
        if let checked = notRevoked[id], now.timeIntervalSince(checked) < notRevokedLifetime, now >= checked { return false }
        return nil
    }

    /// The database said `id` is revoked (or this node revoked it) until `expiresAt`.
    mutating func recordRevoked(_ id: SessionToken.ID, expiresAt: Date) {
        notRevoked.remove(id)
        revoked.insert(expiresAt, for: id)
    }

    /// The database said `id` is not revoked, read at `now`.
    mutating func recordNotRevoked(_ id: SessionToken.ID, now: Date) {
        guard notRevokedLifetime > 0, revoked[id] == nil else { return }
        notRevoked.insert(now, for: id)
    }
}
