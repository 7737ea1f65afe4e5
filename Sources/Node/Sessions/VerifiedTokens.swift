import SOAP
import Synchronization

/// Token texts whose signature this node has checked, with the token each one decodes to: a
/// client sends the same text with every request, and its HMAC (and base64, parsing) cost more
/// than the rest of the session check.
///
/// Only the signature is remembered. The time checks (``SessionTokenAuthority/verifyTime(of:now:)``),
/// revocation and the user's state are checked on every request as before, so a cached text
/// admits nothing that checking it afresh would refuse: the keyring is fixed for the gate's
/// life. Keys are compared as text, and only ASCII texts are looked up: Swift compares strings
/// by canonical equivalence (U+212A KELVIN SIGN equals "K"), while a token's text is base64url,
/// so a non-ASCII text never reaches the cache and goes through the full check (and fails it).
///
/// Bounded by a ``GenerationalMap`` (at most `capacity` texts, about 300 bytes each).
final class VerifiedTokens: Sendable {
    private let map: Mutex<GenerationalMap<String, SessionToken>>

    /// A cache of at most `capacity` (at least 2) texts.
    init(capacity: Int) {
        map = Mutex(GenerationalMap(capacity: capacity))
    }

    /// The token of `text` if its signature was checked before.
    func token(for text: String) -> SessionToken? {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return map.withLock { $0[text] }
    }

    /// Remembers that `text`, which decodes to `token`, carries a valid signature.
    func remember(_ token: SessionToken, for text: String) {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return }
        map.withLock { $0.insert(token, for: text) }
    }
}
