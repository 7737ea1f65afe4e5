import Crypto
import Foundation
import MAPI

/// The cluster's session keys: the first signs, every one verifies (rotation: put the new key
/// first, keep the old one until the longest token lifetime has passed, then drop it).
public struct SessionKeyring: Sendable {
    /// Shortest key accepted (HMAC-SHA256 keys shorter than the hash add no strength).
    public static let minimumKeyBytes = 32

    /// Raw bytes: `SymmetricKey` is not `Sendable`; one is made per use (cheap).
    private let rawKeys: [[UInt8]]

    var keys: [SymmetricKey] { rawKeys.map { SymmetricKey(data: $0) } }

    /// A keyring from raw keys, signing key first; `MAPI_E_INVALID_PARAMETER` when it is empty
    /// or a key is shorter than ``minimumKeyBytes``.
    public init(keys: [[UInt8]]) throws(MAPIError) {
        guard !keys.isEmpty else { throw MAPIError(.invalidParameter, "the session keyring has no key") }
        for (index, key) in keys.enumerated() where key.count < Self.minimumKeyBytes {
            throw MAPIError(
                .invalidParameter, "session key \(index + 1) has \(key.count) bytes (at least \(Self.minimumKeyBytes))")
        }
        self.rawKeys = keys
    }
}

/// What verifying a token's text found. Only ``valid(_:)`` admits the request; every other
/// answer is `MAPI_E_END_OF_SESSION` to the client (``mapiError``), distinct here for logs and
/// tests.
public enum SessionTokenVerification: Sendable, Hashable {
    /// Signed by a key of the keyring and within its time.
    case valid(SessionToken)
    /// Not a token at all: not base64url, wrong length or layout, unknown version.
    case malformed
    /// Well-formed but signed by no key of the keyring (forged, tampered, or an old key
    /// dropped from the ring).
    case badSignature
    /// Signed, but its expiry has passed.
    case expired
    /// Signed, but issued in the future (beyond the allowed clock skew).
    case notYetValid
    /// Signed and in time, but revoked (logoff, password change).
    case revoked

    /// The error to answer with; nil for ``valid(_:)``.
    public var mapiError: MAPIError? {
        switch self {
        case .valid: nil
        case .malformed: MAPIError(.endOfSession, "the session token is malformed")
        case .badSignature: MAPIError(.endOfSession, "the session token's signature is not valid")
        case .expired: MAPIError(.endOfSession, "the session has expired")
        case .notYetValid: MAPIError(.endOfSession, "the session token is not valid yet")
        case .revoked: MAPIError(.endOfSession, "the session has ended")
        }
    }
}

/// Where revoked token ids are kept (the node: its server database, ARCHITECTURE §4).
///
/// Revocations need only be kept until the token's expiry; after that the token is refused
/// anyway.
public protocol TokenRevocations: Sendable {
    /// Whether the token with this id has been revoked.
    func isRevoked(_ id: SessionToken.ID) async throws(MAPIError) -> Bool
    /// Revokes the token with this id; `expiresAt` says when the entry may be forgotten.
    func revoke(_ id: SessionToken.ID, expiresAt: Date) async throws(MAPIError)
}

/// Issues and verifies session tokens: a value with the keyring and the policy; the clock and
/// the random source are parameters (STYLE 3).
public struct SessionTokenAuthority: Sendable {
    /// The keys.
    public var keyring: SessionKeyring
    /// How long a token is valid. Default 8 hours.
    public var lifetime: TimeInterval
    /// How far in the future `issuedAt` may lie (clocks of nodes differ). Default 60 seconds.
    public var allowedClockSkew: TimeInterval

    /// An authority with the documented defaults.
    public init(keyring: SessionKeyring, lifetime: TimeInterval = 8 * 3600, allowedClockSkew: TimeInterval = 60) {
        precondition(lifetime > 0 && allowedClockSkew >= 0, "token lifetime must be positive, skew not negative")
        self.keyring = keyring
        self.lifetime = lifetime
        self.allowedClockSkew = allowedClockSkew
    }

    /// A new token for `userID` and its text form, signed with the first key.
    ///
    /// `MAPI_E_INVALID_PARAMETER` when the user id or server name is empty or longer than 255
    /// UTF-8 bytes.
    public func issue(
        userID: String, storeGUID: GUID, homeServer: String, now: Date, using generator: inout some RandomNumberGenerator
    ) throws(MAPIError) -> (token: SessionToken, text: String) {
        for (what, value) in [("user id", userID), ("home server", homeServer)] where value.utf8.isEmpty || value.utf8.count > 255 {
            throw MAPIError(.invalidParameter, "a session's \(what) must have 1 to 255 bytes")
        }
        let token = SessionToken(
            id: .random(using: &generator), userID: userID, storeGUID: storeGUID, homeServer: homeServer, issuedAt: now,
            expiresAt: now.addingTimeInterval(lifetime))
        return (token, sign(token))
    }

    /// The text form of `token`, signed with the first key.
    public func sign(_ token: SessionToken) -> String {
        let payload = token.payload()
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: keyring.keys.first!)
        return Base64.encodeURL(payload + Array(mac))
    }

    /// Checks a token's text: form, then signature (every key, each compared in constant
    /// time), then time against `now`. Revocation is ``authenticate(_:now:revocations:)``'s.
    public func verify(_ text: String, now: Date) -> SessionTokenVerification {
        guard text.utf8.count <= SessionToken.maxTextLength, let bytes = Base64.decodeURL(text),
            let (token, payload, mac) = SessionToken.parse(bytes)
        else { return .malformed }
        // Every key is tried, whatever matched, so that timing does not tell which key signed.
        var matched = false
        for key in keyring.keys {
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) { matched = true }
        }
        guard matched else { return .badSignature }
        return verifyTime(of: token, now: now)
    }

    /// The time checks of ``verify(_:now:)`` alone, for a token whose signature was checked
    /// before (a node's cache of verified texts).
    public func verifyTime(of token: SessionToken, now: Date) -> SessionTokenVerification {
        if now >= token.expiresAt { return .expired }
        if token.issuedAt.timeIntervalSince(now) > allowedClockSkew { return .notYetValid }
        return .valid(token)
    }

    /// Verifies the text and checks revocation: the token, or `MAPI_E_END_OF_SESSION`.
    public func authenticate(
        _ text: String, now: Date, revocations: some TokenRevocations
    ) async throws(MAPIError) -> SessionToken {
        let verification = verify(text, now: now)
        guard case .valid(let token) = verification else { throw verification.mapiError! }
        if try await revocations.isRevoked(token.id) { throw SessionTokenVerification.revoked.mapiError! }
        return token
    }
}
