import Testing
@testable import Directory

@Suite struct PasswordHashTests {
    @Test func makesAndVerifiesYescryptAndSHA512() throws {
        for scheme in [PasswordHash.Scheme.yescrypt, .sha512] {
            let hash = try PasswordHash.make("correct horse", scheme: scheme)
            #expect(hash.hasPrefix(scheme.rawValue))
            #expect(PasswordHash.verify("correct horse", against: hash))
            #expect(!PasswordHash.verify("correct horsE", against: hash))
            #expect(!PasswordHash.verify("", against: hash))
            #expect(try PasswordHash.make("correct horse", scheme: scheme) != hash)  // salted
        }
    }

    @Test func neverAcceptsPlainOrLockedValues() {
        #expect(!PasswordHash.verify("secret", against: "secret"))
        #expect(!PasswordHash.verify("", against: ""))
        #expect(!PasswordHash.verify("x", against: "!"))
        #expect(!PasswordHash.verify("x", against: "*"))
        #expect(!PasswordHash.verify("x", against: "!$6$abc$def"))
        #expect(!PasswordHash.verify("x", against: "$6$"))
        #expect(throws: DirectoryError.self) { try PasswordHash.make("a\0b") }
    }

    @Test func verifiesKnownHashes() {
        // Generated with `openssl passwd -6 -salt saltsalt secret`.
        #expect(PasswordHash.verify("secret", against: "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1"))
    }
}
