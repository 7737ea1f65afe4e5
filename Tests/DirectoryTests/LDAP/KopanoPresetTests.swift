import TestSupport
import Testing
@testable import Directory

/// The `kopano` preset reading a Kopano-style tree unchanged.
@Suite struct KopanoPresetTests {
    func directory() throws -> LDAPDirectory {
        let server = try TestSlapd.sharedServer()
        let configuration = try LDAPConfiguration(
            preset: .kopano, uris: [server.uri], baseDN: TestDirectoryData.kopanoBase,
            bind: .simple(dn: TestSlapd.serviceDN, password: TestSlapd.servicePassword),
            attributeOverrides: ["companyFilter": "(objectClass=kopano-company)"])
        return try LDAPDirectory(configuration: configuration)
    }

    @Test func readsKopanoUsers() async throws {
        let directory = try directory()
        defer { directory.shutdown() }
        let user = try #require(try await directory.resolve("kuser1"))
        #expect(user.id.rawValue == "5001")
        #expect(user.homeServer == "k1")
        #expect(user.adminLevel == .companyAdmin)
        #expect(user.aliases == ["k1alias@acme.test"])
        #expect(user.quota == Quota(overridesDefault: true, warnBytes: 100 << 20, softBytes: 200 << 20, hardBytes: 300 << 20))
        #expect(user.company?.rawValue == "acme")
        #expect(user.groupIDs.map(\.rawValue) == ["6001"])
        #expect(try await directory.resolve("k1alias@acme.test")?.id == user.id)
        #expect(await directory.authenticate(login: "kuser1", password: "kuser1pw").user?.id == user.id)
        #expect(await directory.authenticate(login: "kuser2", password: "kuser2pw") == .inactive(.disabled))
        #expect(await directory.authenticate(login: "kshared", password: "ksharedpw") == .inactive(.sharedStore))
        #expect(await directory.authenticate(login: "kuser1", password: "wrong") == .wrongPassword)
    }

    @Test func readsGroupsServersAndCompanies() async throws {
        let directory = try directory()
        defer { directory.shutdown() }
        let groups = try await directory.groups(changedSince: nil).items
        #expect(groups.map(\.name) == ["kgroup"])
        #expect(groups.first?.company?.rawValue == "acme")
        #expect(try await directory.memberIDs(ofGroup: DirectoryID("6001")!)?.map(\.rawValue) == ["5001", "5002"])
        let servers = try await directory.servers()
        #expect(servers.map(\.name) == ["k1", "k2"])
        #expect(servers[0].containsPublicStore)
        #expect(servers[0].address == "127.0.0.1")
        #expect(servers[0].fileURL == "file:///run/kopano/server.sock")
        #expect(try await directory.companies() == [Company(id: DirectoryID("acme")!, name: "acme", homeServer: "k1")])
        #expect(try await directory.users(changedSince: nil).items.count == 3)
    }
}
