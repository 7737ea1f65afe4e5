import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

/// The gate's memory of checked signatures: exact ASCII texts only, bounded.
@Suite("Verified tokens") struct VerifiedTokensTests {
    private func token(_ user: String) -> SessionToken {
        SessionToken(
            id: SessionToken.ID(bytes: Array(repeating: 1, count: 16))!, userID: user, storeGUID: GUID(bytes: Array(repeating: 2, count: 16))!,
            homeServer: "s1", issuedAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 3600))
    }

    @Test func remembersExactTextsOnly() {
        let cache = VerifiedTokens(capacity: 8)
        cache.remember(token("1"), for: "AbcK")
        #expect(cache.token(for: "AbcK") == token("1"))
        #expect(cache.token(for: "Abck") == nil)
        // U+212A KELVIN SIGN is canonically equivalent to "K": equal as Swift strings, not as bytes.
        #expect("Abc\u{212A}" == "AbcK")
        #expect(cache.token(for: "Abc\u{212A}") == nil)
        cache.remember(token("2"), for: "Abc\u{212A}x")
        #expect(cache.token(for: "AbcKx") == nil)
    }

    @Test func staysWithinItsCapacity() {
        let cache = VerifiedTokens(capacity: 4)
        for n in 0..<10 { cache.remember(token("\(n)"), for: "t\(n)") }
        #expect(cache.token(for: "t9") == token("9"))
        #expect(cache.token(for: "t0") == nil)
    }
}
