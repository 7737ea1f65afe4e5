import Foundation
import SOAP
import Testing

extension NodeProcessTests {
    /// Tokens a node must refuse, on writes that would change alice's store: random bytes, her
    /// token's claims signed with another key, her token with one character changed, an expired
    /// token, and an `X-Tessera-Session` header that is not the SOAP header's token. Each is a
    /// fault; nothing is written; the node goes on serving.
    @Suite("Session tokens") struct SessionTokenTests {
        @Test func forgedTamperedAndMismatchedTokensAreRefused() async throws {
            try await HostileFixture.run { fixture in
                let real = fixture.token
                let bob = try await fixture.client.logon("bob", "bob secret").session
                func write(_ token: String) -> [UInt8] {
                    CreateFolderRequest(parent: fixture.folder, name: "forged").envelope(sessionToken: token)
                }
                try await fixture.expectRefused([
                    HostileCase(what: "random bytes", body: write(TokenForgery.random()), fault: "MAPI_E_END_OF_SESSION"),
                    HostileCase(
                        what: "alice's claims signed with another key", body: write(try TokenForgery.signedWithAnotherKey(real)),
                        fault: "MAPI_E_END_OF_SESSION"),
                    HostileCase(
                        what: "alice's token with one character changed", body: write(TokenForgery.tampered(real)),
                        fault: "MAPI_E_END_OF_SESSION"),
                    HostileCase(
                        what: "X-Tessera-Session naming bob's token", body: write(real), headers: ["X-Tessera-Session": bob],
                        fault: "MAPI_E_INVALID_PARAMETER"),
                ])
            }
        }

        /// A token signed with the node's own key is refused once it has expired. (A node's
        /// `[sessions] lifetime` is at least a minute, too long to wait for here: the test signs
        /// alice's claims again with a lifetime of 0 s, and, to show that the signing is right,
        /// with one of an hour, which the node accepts.)
        @Test func anExpiredTokenIsRefused() async throws {
            try await HostileFixture.run { fixture in
                let keys = fixture.node.configuration.sessionKeys
                let current = try TokenForgery.resigned(fixture.token, keyFile: keys, lifetime: 3_600)
                _ = try await fixture.client.call(GetStoreRequest(), token: current)

                let expired = try TokenForgery.resigned(fixture.token, keyFile: keys, lifetime: 0)
                try await fixture.expectRefused([
                    HostileCase(
                        what: "an expired token",
                        body: CreateFolderRequest(parent: fixture.folder, name: "too late").envelope(sessionToken: expired),
                        fault: "MAPI_E_END_OF_SESSION")
                ])
            }
        }
    }
}
