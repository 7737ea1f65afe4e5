import TestSupport
import Foundation
import Testing
@testable import Directory

/// TLS, SASL EXTERNAL, failover and reconnect against a real slapd.
@Suite struct LDAPTransportTests {
    @Test func startTLSWithCAFile() async throws {
        let server = try TestSlapd.sharedServer()
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server, tls: .startTLS))
        defer { directory.shutdown() }
        #expect(try await directory.resolve("alice")?.login == "alice")
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user != nil)
    }

    @Test func ldapsWithCAFileAndHostnameCheck() async throws {
        let server = try TestSlapd.sharedServer()
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server, uris: [server.ldapsURI]))
        defer { directory.shutdown() }
        #expect(try await directory.resolve("alice")?.login == "alice")

        // Same certificate, reached under an address it does not name: refused.
        let wrongHost = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server, uris: [server.ldapsWrongHostURI]))
        defer { wrongHost.shutdown() }
        await #expect(throws: DirectoryError.self) { try await wrongHost.resolve("alice") }

        // Without our CA the chain is not trusted.
        var untrusted = try LDAPTestSupport.openldapConfiguration(server, uris: [server.ldapsURI])
        untrusted.caFile = nil
        let noCA = try LDAPDirectory(configuration: untrusted)
        defer { noCA.shutdown() }
        await #expect(throws: DirectoryError.self) { try await noCA.resolve("alice") }
        var untrustedStartTLS = try LDAPTestSupport.openldapConfiguration(server, tls: .startTLS)
        untrustedStartTLS.caFile = nil
        let noCAStartTLS = try LDAPDirectory(configuration: untrustedStartTLS)
        defer { noCAStartTLS.shutdown() }
        if case .unavailable = await noCAStartTLS.authenticate(login: "alice", password: "alicepw") {} else {
            Issue.record("StartTLS with an untrusted certificate must not fall back to plain LDAP")
        }
    }

    @Test func saslExternalOverLDAPI() async throws {
        let server = try TestSlapd.sharedServer()
        var configuration = try LDAPTestSupport.openldapConfiguration(server, uris: [server.ldapiURI])
        configuration.bind = .saslExternal
        let directory = try LDAPDirectory(configuration: configuration)
        defer { directory.shutdown() }
        #expect(try await directory.resolve("alice")?.homeServer == "s1")
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user != nil)
    }

    @Test func failsOverFromADeadFirstURI() async throws {
        let server = try TestSlapd.sharedServer()
        let dead = "ldap://127.0.0.1:\(Shell.freePort())"
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server, uris: [dead, server.uri]))
        defer { directory.shutdown() }
        #expect(try await directory.resolve("alice")?.login == "alice")
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user != nil)
        #expect(directory.metrics.snapshot.failovers >= 1)
    }

    @Test func recoversAfterTheServerRestarts() async throws {
        let server = try TestSlapd(ldif: TestSlapd.oneUser("alice", password: "alicepw"))
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server))
        defer { directory.shutdown() }
        #expect(try await directory.resolve("alice") != nil)
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user != nil)

        server.stop()
        await #expect(throws: DirectoryError.self) { try await directory.resolve("alice") }
        if case .unavailable = await directory.authenticate(login: "alice", password: "alicepw") {} else {
            Issue.record("authentication against a stopped server must answer .unavailable")
        }

        try server.start()
        #expect(try await directory.resolve("alice") != nil)
        #expect(await directory.authenticate(login: "alice", password: "alicepw").user != nil)
        #expect(await directory.authenticate(login: "alice", password: "nope") == .wrongPassword)
    }

    @Test func refusesBadConfiguration() throws {
        let server = try TestSlapd.sharedServer()
        #expect(throws: DirectoryError.self) { try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server, uris: ["http://x"])) }
        var badCA = try LDAPTestSupport.openldapConfiguration(server)
        badCA.caFile = "/nonexistent/ca.pem"
        #expect(throws: DirectoryError.self) { try LDAPDirectory(configuration: badCA) }
        var badBase = try LDAPTestSupport.openldapConfiguration(server)
        badBase.baseDN = "dc=x,,"
        #expect(throws: DirectoryError.self) { try LDAPDirectory(configuration: badBase) }
    }

    @Test func wrongServicePasswordIsAConfigurationError() async throws {
        let server = try TestSlapd.sharedServer()
        var configuration = try LDAPTestSupport.openldapConfiguration(server)
        configuration.bind = .simple(dn: TestSlapd.serviceDN, password: "not it")
        let directory = try LDAPDirectory(configuration: configuration)
        defer { directory.shutdown() }
        do {
            _ = try await directory.resolve("alice")
            Issue.record("expected an error")
        } catch let error as DirectoryError {
            #expect(error.code == .configuration)
        }
    }
}
