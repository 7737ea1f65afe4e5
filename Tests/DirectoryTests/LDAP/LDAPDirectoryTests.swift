import Foundation
import Logging
import Testing
import TestSupport
@testable import Directory

/// The `openldap` preset against a real slapd loaded with 2,000 generated users and 200 groups.
@Suite struct LDAPDirectoryTests {
    let server: TestSlapd
    init() throws { server = try TestSlapd.sharedServer() }

    @Test func resolvesByLoginAddressAndAlias() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        let alice = try #require(try await directory.resolve("alice"))
        #expect(alice.login == "alice")
        #expect(alice.displayName == "Alice Example")
        #expect(alice.primaryAddress == "alice@example.test")
        #expect(Set(alice.aliases) == ["alice.alias@example.test", "a@example.test"])
        #expect(alice.homeServer == "s1")
        #expect(alice.status == .active)
        #expect(alice.groupIDs.count == 1)
        #expect(try await directory.resolve("ALICE@example.test")?.id == alice.id)
        #expect(try await directory.resolve("alice.alias@example.test")?.id == alice.id)
        #expect(try await directory.user(id: alice.id) == alice)
        #expect(try await directory.resolve("nobody") == nil)
        #expect(try await directory.user(id: DirectoryID("00000000-0000-0000-0000-000000000000")!) == nil)
        let dave = try #require(try await directory.resolve("dave"))
        #expect(dave.adminLevel == .systemAdmin)
        #expect(dave.quota == Quota(overridesDefault: true, warnBytes: 1000, softBytes: 2000, hardBytes: 3000))
    }

    @Test func authenticationHasFourDistinctFailures() async throws {
        let capture = LogCapture()
        let directory = try LDAPDirectory(configuration: LDAPTestSupport.openldapConfiguration(server), logger: capture.logger())
        defer { directory.shutdown() }
        let success = await directory.authenticate(login: "alice", password: "alicepw")
        #expect(success.user?.login == "alice")
        #expect(success.user?.groupIDs.count == 1)
        #expect(await directory.authenticate(login: "alice", password: "Wrong-Secret-4711") == .wrongPassword)
        #expect(await directory.authenticate(login: "alice", password: "") == .wrongPassword)
        #expect(await directory.authenticate(login: "bob", password: "bobpw") == .inactive(.disabled))
        #expect(await directory.authenticate(login: "carol", password: "carolpw") == .inactive(.sharedStore))
        #expect(await directory.authenticate(login: "nobody", password: "Wrong-Secret-4711") == .unknownUser)
        #expect(await directory.authenticate(login: TestDirectoryData.login(1234), password: TestDirectoryData.password(1234)).user != nil)

        let down = try LDAPDirectory(
            configuration: LDAPTestSupport.openldapConfiguration(server, uris: ["ldap://127.0.0.1:\(Shell.freePort())"]),
            logger: capture.logger())
        defer { down.shutdown() }
        guard case .unavailable(let error) = await down.authenticate(login: "alice", password: "Down-Secret-0815") else {
            Issue.record("a dead directory must answer .unavailable")
            return
        }
        #expect(error.code == .unavailable)
        await #expect(throws: DirectoryError.self) { try await down.resolve("alice") }

        let lines = capture.all
        #expect(lines.contains { $0.contains("wrong_password") })
        for secret in ["alicepw", "Wrong-Secret-4711", "bobpw", "carolpw", "Down-Secret-0815", TestSlapd.servicePassword, TestDirectoryData.password(1234)] {
            #expect(!lines.contains { $0.contains(secret) }, "a log line contains a password")
        }
    }

    @Test(arguments: ["*", "*)(uid=*", "alice)(uid=*", "al*", "alice\0", "\\2a", "uid=alice,ou=people,dc=example,dc=test", "alice)(|(objectClass=*", "' OR '1'='1"])
    func injectionFindsNobody(input: String) async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        #expect(try await directory.resolve(input) == nil)
        #expect(await directory.authenticate(login: input, password: "alicepw") == .unknownUser)
        #expect(await directory.authenticate(login: input, password: "*") == .unknownUser)
    }

    @Test func metacharacterLoginMatchesOnlyItself() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        let weird = try #require(try await directory.resolve("we*rd)(uid=*"))
        #expect(weird.login == "we*rd)(uid=*")
        #expect(await directory.authenticate(login: "we*rd)(uid=*", password: "weirdpw").user == weird)
        #expect(await directory.authenticate(login: "alice", password: "*") == .wrongPassword)
    }

    @Test func listsPastTheServerSizeLimit() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        // The service account is bound by the 500-entry limit without paging.
        let unpaged = Process()
        unpaged.executableURL = URL(fileURLWithPath: Shell.find("ldapsearch")!)
        unpaged.arguments = ["-x", "-LLL", "-H", server.uri, "-D", TestSlapd.serviceDN, "-w", TestSlapd.servicePassword,
                             "-b", TestDirectoryData.peopleBase, "(objectClass=inetOrgPerson)", "1.1"]
        unpaged.standardOutput = FileHandle.nullDevice
        unpaged.standardError = FileHandle.nullDevice
        try unpaged.run()
        unpaged.waitUntilExit()
        #expect(unpaged.terminationStatus == 4, "ldapsearch without paging should hit sizeLimitExceeded")

        let users = try await directory.users(changedSince: nil)
        #expect(users.items.count == TestDirectoryData.generatedUsers + 5)
        #expect(Set(users.items.map(\.id)).count == users.items.count)
        #expect(users.cursor != nil)
        let user0005 = try #require(users.items.first { $0.login == "user0005" })
        #expect(user0005.groupIDs.count == 1)
        #expect(directory.metrics.snapshot.searches >= 5)
        let groups = try await directory.groups(changedSince: nil)
        #expect(groups.items.count == TestDirectoryData.generatedGroups)
    }

    @Test func resolvesNestedGroupsAndSurvivesCycles() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        let groups = try await directory.groups(changedSince: nil).items
        let byName = Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0) })
        let group0 = try #require(byName["group000"])
        #expect(group0.address == "group000@example.test")
        #expect(try await directory.group(id: group0.id) == group0)
        // group000: 10 users + alice + group001 (10 users, and group000 again: a cycle).
        let members0 = try #require(try await directory.memberIDs(ofGroup: group0.id))
        #expect(members0.count == 21)
        let group2 = try #require(byName["group002"])
        let members2 = try #require(try await directory.memberIDs(ofGroup: group2.id))
        #expect(members2.count == 20)
        #expect(try await directory.memberIDs(ofGroup: DirectoryID("no-such-group")!) == nil)
    }

    @Test func readsServerObjects() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        let servers = try await directory.servers()
        #expect(servers.map(\.name) == ["s1", "s2", "s3"])
        let s1 = try #require(try await directory.server(named: "S1"))
        #expect(s1.containsPublicStore)
        #expect(s1.soapURL == "https://node1.example.test:237/soap")
        #expect(s1.httpURL == "http://node1.example.test:236/soap")
        #expect(try await directory.companies().isEmpty)
    }

    @Test func listsOnlyWhatChangedSinceACursor() async throws {
        let directory = try LDAPTestSupport.openldap(server)
        defer { directory.shutdown() }
        let first = try await directory.users(changedSince: nil)
        let cursor = try #require(first.cursor)
        try await Task.sleep(for: .milliseconds(1100))  // modifyTimestamp has one-second resolution
        try server.modify("dn: uid=user1999,\(TestDirectoryData.peopleBase)\nchangetype: modify\nreplace: tesseraHomeServer\ntesseraHomeServer: s9\n")
        let changes = try await directory.users(changedSince: cursor)
        #expect(changes.items.contains { $0.login == "user1999" && $0.homeServer == "s9" })
        #expect(try #require(changes.cursor).token > cursor.token)
        // The cursor is inclusive (same-second changes are never missed): asking again with the
        // new cursor returns only the entry changed last.
        #expect(try await directory.users(changedSince: changes.cursor).items.map(\.login) == ["user1999"])
    }
}
