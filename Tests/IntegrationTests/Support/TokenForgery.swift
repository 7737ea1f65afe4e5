import Foundation

@testable import SOAP

/// Session tokens a node must refuse, made from a real one.
enum TokenForgery {
    /// 100 random bytes in the token's text form.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encodeURL((0..<100).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The same claims (user, store, server, times) signed with a key the node does not have.
    static func signedWithAnotherKey(_ text: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token = try claims(of: text)
        return try sign(token, keys: [key])
    }

    /// The claims of `text` with another lifetime (from its issue time), signed with
    /// `keyFile`'s keys (base64, one a line: the node's own key file).
    static func resigned(_ text: String, keyFile: String, lifetime: TimeInterval) throws -> String {
        var token = try claims(of: text)
        token.expiresAt = token.issuedAt.addingTimeInterval(lifetime)
        let keys = keyFile.split(separator: "\n").compactMap { Data(base64Encoded: String($0)).map(Array.init) }
        return try sign(token, keys: keys)
    }

    private static func claims(of text: String) throws -> SessionToken {
        guard let bytes = Base64.decodeURL(text), let (token, _, _) = SessionToken.parse(bytes) else {
            throw RawSocketError("not a session token: \(text.prefix(20))…")
        }
        return token
    }

    private static func sign(_ token: SessionToken, keys: [[UInt8]]) throws -> String {
        SessionTokenAuthority(keyring: try SessionKeyring(keys: keys)).sign(token)
    }

    /// One character in the middle changed (to another base64url character: the bytes differ).
    static func tampered(_ text: String) -> String {
        var characters = Array(text)
        let middle = characters.count / 2
        characters[middle] = characters[middle] == "A" ? "B" : "A"
        return String(characters)
    }
}
