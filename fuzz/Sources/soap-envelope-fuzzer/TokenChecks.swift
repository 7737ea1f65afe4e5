import Crypto
import Foundation
import MAPI
import SOAP

/// Oracle 6, session tokens (`SessionTokenAuthority`), with a keyring the fuzzer knows:
///
/// - The input, and the header's `<t:Session>` text, as token text: whatever `verify` says,
///   a valid token is the one its own signature gives (`sign(token) == text`).
/// - The input signed with the fuzzer's key (a token only a key holder could make): never a
///   bad signature; when valid, again `sign(token) == text`; with one bit of the MAC flipped,
///   never valid.
/// - A Logon request's user and password as user id and home server: the token issued for
///   them verifies as itself.
enum TokenChecks {
    static let signingKey = [UInt8](repeating: 0x5A, count: SessionKeyring.minimumKeyBytes)
    static let authority: SessionTokenAuthority = {
        do {
            return SessionTokenAuthority(
                keyring: try SessionKeyring(keys: [signingKey, [UInt8](repeating: 0xA5, count: 32)]))
        } catch {
            fatalError("the fuzzer's keyring is refused: \(error)")
        }
    }()
    /// The fixed time every check runs at (2027-01-15).
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let store = GUID("00062008-0000-0000-C000-000000000046")!

    static func run(_ bytes: [UInt8], request: SOAPRequest?) {
        checkText(String(decoding: bytes, as: UTF8.self))
        if let token = request?.sessionToken { checkText(token) }
        checkSigned(Array(bytes.prefix(600)))
        if let request, request.operation.name == "Logon" { checkIssue(request.body) }
    }

    /// Whatever the text, a valid token is canonical.
    static func checkText(_ text: String) {
        if case .valid(let token) = authority.verify(text, now: now) {
            check(authority.sign(token) == text, "a valid token is not the text its signature gives")
        }
    }

    /// Bytes signed with the first key, as the payload of a token.
    static func checkSigned(_ payload: [UInt8]) {
        let mac = Array(HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: signingKey)))
        let text = Base64.encodeURL(payload + mac)
        let verification = authority.verify(text, now: now)
        check(verification != .badSignature, "a token signed with the first key has a bad signature")
        if case .valid(let token) = verification {
            check(authority.sign(token) == text, "a validly signed token is not the text its signature gives: \(token)")
            var tampered = payload + mac
            tampered[tampered.count - 1] ^= 0x01
            check(authority.verify(Base64.encodeURL(tampered), now: now) == .badSignature, "a tampered token verifies")
        }
    }

    /// Issue and verify for a Logon's names.
    static func checkIssue(_ body: XML.Element) {
        guard let user = body.child("user", namespace: SOAPNamespace.tessera)?.text,
            let server = body.child("password", namespace: SOAPNamespace.tessera)?.text
        else { return }
        var random = ConstantGenerator()
        guard let issued = try? authority.issue(userID: user, storeGUID: store, homeServer: server, now: now, using: &random)
        else { return }
        let (token, text) = issued
        check(authority.verify(text, now: now) == .valid(token), "an issued token does not verify as itself")
        check(authority.sign(token) == text, "an issued token signs to other text")
    }
}

/// Token ids from a constant: no check depends on them, and runs replay exactly (STYLE 3).
struct ConstantGenerator: RandomNumberGenerator {
    mutating func next() -> UInt64 { 0x5A5A_5A5A_5A5A_5A5A }
}
