import Crypto
import Foundation
import MAPI
import SOAP
import Synchronization
import Testing

/// A seeded generator, so that token ids replay exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Revocations in memory, for the authenticate test.
final class MemoryRevocations: TokenRevocations {
    private let revoked = Mutex<Set<SessionToken.ID>>([])
    func isRevoked(_ id: SessionToken.ID) async throws(MAPIError) -> Bool { revoked.withLock { $0.contains(id) } }
    func revoke(_ id: SessionToken.ID, expiresAt: Date) async throws(MAPIError) { _ = revoked.withLock { $0.insert(id) } }
}

@Suite struct SessionTokenTests {
    static let keyA = [UInt8](repeating: 0xA1, count: 32)
    static let keyB = Array((0..<48).map { UInt8($0) })
    static let store = GUID("6ED8DA90-450B-101B-98DA-00AA003F1305")!
    static let now = Date(timeIntervalSince1970: 1_800_000_000.75)

    static func authority(_ keys: [[UInt8]] = [keyA]) throws -> SessionTokenAuthority {
        SessionTokenAuthority(keyring: try SessionKeyring(keys: keys), lifetime: 3600, allowedClockSkew: 30)
    }

    static func issue(
        _ authority: SessionTokenAuthority, user: String = "alice", server: String = "server1", seed: UInt64 = 1
    ) throws -> (token: SessionToken, text: String) {
        var random = SeededGenerator(state: seed)
        return try authority.issue(userID: user, storeGUID: store, homeServer: server, now: now, using: &random)
    }

    @Test func roundTrip() throws {
        let authority = try Self.authority()
        let (token, text) = try Self.issue(authority, user: "ålice@example.org", server: "s1.dc-west")
        #expect(token.userID == "ålice@example.org")
        #expect(token.storeGUID == Self.store)
        #expect(token.homeServer == "s1.dc-west")
        #expect(token.issuedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(token.expiresAt == Date(timeIntervalSince1970: 1_800_003_600))
        #expect(authority.verify(text, now: Self.now) == .valid(token))
        // base64url, no padding: safe in an HTTP header and in XML without escaping.
        #expect(text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(authority.sign(token) == text)
    }

    @Test func idsAreRandomPerToken() throws {
        let authority = try Self.authority()
        var random = SeededGenerator(state: 7)
        let a = try authority.issue(userID: "u", storeGUID: Self.store, homeServer: "s", now: Self.now, using: &random)
        let b = try authority.issue(userID: "u", storeGUID: Self.store, homeServer: "s", now: Self.now, using: &random)
        #expect(a.token.id != b.token.id)
        #expect(a.text != b.text)
        // Seeded: the same seed gives the same token.
        #expect(try Self.issue(authority, seed: 3).text == Self.issue(authority, seed: 3).text)
    }

    /// Flipping any bit of any byte breaks the token: the signature (or the format) fails.
    @Test func tamperEveryByte() throws {
        let authority = try Self.authority()
        let (_, text) = try Self.issue(authority)
        let bytes = try #require(Base64.decodeURL(text))
        for index in bytes.indices {
            for bit in [0x01, 0x80] as [UInt8] {
                var tampered = bytes
                tampered[index] ^= bit
                let result = authority.verify(Base64.encodeURL(tampered), now: Self.now)
                #expect(result == .badSignature || result == .malformed, "byte \(index) bit \(bit): \(result)")
            }
        }
    }

    @Test func wrongKey() throws {
        let (_, text) = try Self.issue(try Self.authority([Self.keyA]))
        #expect(try Self.authority([Self.keyB]).verify(text, now: Self.now) == .badSignature)
    }

    @Test func rotation() throws {
        let old = try Self.authority([Self.keyA])
        let rotated = try Self.authority([Self.keyB, Self.keyA])
        let (oldToken, oldText) = try Self.issue(old)
        let (newToken, newText) = try Self.issue(rotated, seed: 2)
        // Old tokens still verify on the rotated ring; new ones are signed with the new key.
        #expect(rotated.verify(oldText, now: Self.now) == .valid(oldToken))
        #expect(rotated.verify(newText, now: Self.now) == .valid(newToken))
        #expect(try Self.authority([Self.keyB]).verify(newText, now: Self.now) == .valid(newToken))
        #expect(old.verify(newText, now: Self.now) == .badSignature)
        // Once the old key is dropped, its tokens end.
        #expect(try Self.authority([Self.keyB]).verify(oldText, now: Self.now) == .badSignature)
    }

    @Test func expiryWithInjectedTime() throws {
        let authority = try Self.authority()
        let (token, text) = try Self.issue(authority)
        #expect(authority.verify(text, now: token.expiresAt.addingTimeInterval(-1)) == .valid(token))
        #expect(authority.verify(text, now: token.expiresAt) == .expired)
        #expect(authority.verify(text, now: token.expiresAt.addingTimeInterval(86_400 * 365)) == .expired)
        // Clock skew: a token from a node whose clock runs ahead is accepted within the allowance.
        #expect(authority.verify(text, now: token.issuedAt.addingTimeInterval(-30)) == .valid(token))
        #expect(authority.verify(text, now: token.issuedAt.addingTimeInterval(-31)) == .notYetValid)
    }

    @Test func forgedAndTruncatedInputs() throws {
        let authority = try Self.authority()
        let (token, text) = try Self.issue(authority)
        let bytes = try #require(Base64.decodeURL(text))
        var inputs = [
            "", "a", "====", "not a token", text + "=", text + "A", " " + text, text + "\n", String(repeating: "A", count: 5000),
            text.replacingOccurrences(of: "-", with: "+"), Base64.encode(bytes),
        ]
        for length in [0, 1, 16, 49, bytes.count - 33, bytes.count - 32, bytes.count - 1] {
            inputs.append(Base64.encodeURL(bytes.prefix(length)))
        }
        inputs.append(Base64.encodeURL(bytes + [0]))
        for input in inputs {
            let result = authority.verify(input, now: Self.now)
            #expect(result == .malformed || result == .badSignature, "\(input.prefix(40)): \(result)")
        }
        // A forger who knows the format but not the key: a well-formed token with a made-up MAC.
        var forged = token
        forged.userID = "admin"
        let forgedText = try Self.authority([Self.keyB]).sign(forged)
        #expect(authority.verify(forgedText, now: Self.now) == .badSignature)
        // Another version byte.
        var versioned = bytes
        versioned[0] = 2
        #expect(authority.verify(Base64.encodeURL(versioned), now: Self.now) == .malformed)
        // Unsigned payload with zeroed MAC.
        var zeroed = bytes
        for index in (bytes.count - 32)..<bytes.count { zeroed[index] = 0 }
        #expect(authority.verify(Base64.encodeURL(zeroed), now: Self.now) == .badSignature)
    }

    /// Signed bytes the way a key holder could make them (`payload` then its HMAC under keyA).
    static func signed(_ payload: [UInt8]) -> String {
        Base64.encodeURL(payload + Array(HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: keyA))))
    }

    /// Times `Date` cannot hold exactly (the fuzzer's reproducer:
    /// fuzz/corpus/soap-envelope/token-time-beyond-double.bin, expiry 0x3A0000006B49F910): the
    /// token verified, but its expiry changed on reading, so it was no longer what its signature
    /// covers (`sign(token) != text`). Such times are malformed now.
    @Test func timesBeyondDateAreMalformed() throws {
        let authority = try Self.authority()
        func payload(issued: Int64, expires: Int64) -> [UInt8] {
            var bytes: [UInt8] = [1] + Array(0..<16) + Array(16..<32)
            for time in [issued, expires] {
                bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: time >> ($0 * 8)) }
            }
            return bytes + [5] + Array("alice".utf8) + [2] + Array("s1".utf8)
        }
        let issued: Int64 = 1_800_000_000
        let reproducer = Self.signed(payload(issued: issued, expires: 0x3A00_0000_6B49_F910))
        #expect(authority.verify(reproducer, now: Self.now) == .malformed)
        for time: Int64 in [(1 << 53) + 1, .max, .min, -(1 << 53) - 1] {
            #expect(authority.verify(Self.signed(payload(issued: issued, expires: time)), now: Self.now) == .malformed)
            #expect(authority.verify(Self.signed(payload(issued: time, expires: issued + 60)), now: Self.now) == .malformed)
        }
        // The edge itself still holds exactly, and signs back to the same text.
        let edge = Self.signed(payload(issued: -(1 << 53), expires: 1 << 53))
        guard case .valid(let token) = authority.verify(edge, now: Self.now) else {
            Issue.record("the edge of the time range is refused")
            return
        }
        #expect(authority.sign(token) == edge)
    }

    @Test func issueRefusesBadNames() throws {
        let authority = try Self.authority()
        #expect(throws: MAPIError.self) { _ = try Self.issue(authority, user: "") }
        #expect(throws: MAPIError.self) { _ = try Self.issue(authority, server: String(repeating: "s", count: 256)) }
        #expect((try? Self.issue(authority, user: String(repeating: "u", count: 255), server: String(repeating: "s", count: 255))) != nil)
        let (token, text) = try Self.issue(authority, user: String(repeating: "u", count: 255), server: String(repeating: "s", count: 255))
        #expect(authority.verify(text, now: Self.now) == .valid(token))
    }

    @Test func keyringRules() {
        #expect(throws: MAPIError.self) { _ = try SessionKeyring(keys: []) }
        #expect(throws: MAPIError.self) { _ = try SessionKeyring(keys: [Self.keyA, [1, 2, 3]]) }
    }

    @Test func authenticateChecksRevocation() async throws {
        let authority = try Self.authority()
        let revocations = MemoryRevocations()
        let (token, text) = try Self.issue(authority)
        #expect(try await authority.authenticate(text, now: Self.now, revocations: revocations) == token)
        try await revocations.revoke(token.id, expiresAt: token.expiresAt)
        await #expect(throws: MAPIError(.endOfSession, "the session has ended")) {
            _ = try await authority.authenticate(text, now: Self.now, revocations: revocations)
        }
        await #expect(throws: MAPIError(.endOfSession, "the session has expired")) {
            _ = try await authority.authenticate(text, now: token.expiresAt, revocations: revocations)
        }
        for failure in [SessionTokenVerification.malformed, .badSignature, .expired, .notYetValid, .revoked] {
            #expect(failure.mapiError?.code == .endOfSession)
        }
    }

    @Test func base64Codecs() {
        for count in 0..<70 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            #expect(Base64.decodeURL(Base64.encodeURL(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encodeURL([0xFB, 0xFF]) == "-_8")
        #expect(Base64.decode("Zm8") == Array("fo".utf8))
        #expect(Base64.decode("Zm9v\r\n YmFy") == Array("foobar".utf8))
        for bad in ["Zm8==", "Z", "Zm9=v", "Zm-_", "Zm8=\u{00}", "Zh=="] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
        #expect(Base64.decodeURL("Zm8=") == nil)
        #expect(Base64.decodeURL("Zm 8") == nil)
        #expect(Base64.decodeURL("Zm+/") == nil)
    }
}
