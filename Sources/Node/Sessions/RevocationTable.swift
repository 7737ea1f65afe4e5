import Foundation
import MAPI
import SOAP

/// The server database's `session_revocations` table (schema version 4): revoked token ids,
/// kept until the token's expiry. Writes follow the engine's fencing like every other write.
extension StoreEngine {
    /// Records that the token `id` is revoked until `expiresAt`; with `pruningBefore`, the same
    /// transaction forgets every revocation that expired by then. `FENCED` when this node no
    /// longer owns the server.
    func recordRevocation(_ id: SessionToken.ID, expiresAt: Date, pruningBefore: Date?) throws(MAPIError) {
        try write { tx in
            try tx.execute(
                "\(tx.connection.dialect.insertOrIgnore) INTO session_revocations (token_id, expires_at) VALUES (?, ?)",
                [.blob(id.bytes), .integer(Self.unixSeconds(expiresAt, roundingUp: true))])
            if let pruningBefore {
                try tx.execute(
                    "DELETE FROM session_revocations WHERE expires_at <= ?", [.integer(Self.unixSeconds(pruningBefore, roundingUp: false))])
            }
        }
    }

    /// Until when the token `id` is revoked; nil when it is not (needs no ownership: any node
    /// may read).
    func revocationExpiry(_ id: SessionToken.ID) throws(MAPIError) -> Date? {
        try read { tx in
            try tx.first("SELECT expires_at FROM session_revocations WHERE token_id = ?", [.blob(id.bytes)])
                .map { Date(timeIntervalSince1970: Double(try $0.integer(0))) }
        }
    }

    /// Forgets the revocations of tokens that expired by `now` (they are refused as expired
    /// anyway); returns how many. A write: `FENCED` when this node no longer owns the server.
    @discardableResult
    public func pruneRevocations(expiredBy now: Date) throws(MAPIError) -> Int {
        try write { tx in
            try tx.execute("DELETE FROM session_revocations WHERE expires_at <= ?", [.integer(Self.unixSeconds(now, roundingUp: false))])
        }
    }

    /// Whole Unix seconds; an expiry is rounded up so that an entry never goes before its token.
    private static func unixSeconds(_ date: Date, roundingUp: Bool) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(roundingUp ? .up : .down)
        return Int64(max(min(seconds, 9e18), -9e18))
    }
}
