import Foundation
import Logging
import Testing
import TestSupport
@testable import Directory

/// The `ad` preset against a real Samba AD domain controller (``TestSambaAD``) loaded with
/// 2,000 generated users and 200 groups. Serialized: one single-process DC serves them all.
@Suite(.serialized) struct SambaADTests {
    let dc: TestSambaAD
    init() throws { dc = try TestSambaAD.sharedServer() }

    /// The `ad` preset with a service account; AD has no home-server attribute of its own, so
    /// the tests keep it in `physicalDeliveryOfficeName` (an override, as docs/directory.md shows).
    static func configuration(_ dc: TestSambaAD, uris: [String]? = nil, tls: LDAPConfiguration.TLS = .none) throws -> LDAPConfiguration {
        var configuration = try LDAPConfiguration(
            preset: .ad, uris: uris ?? [dc.uri], baseDN: dc.base,
            bind: .simple(dn: TestADData.serviceDN(dc.base), password: TestADData.servicePassword), tls: tls, caFile: dc.caFile,
            attributeOverrides: ["homeServerAttribute": "physicalDeliveryOfficeName"])
        configuration.userBaseDN = TestADData.peopleBase(dc.base)
        configuration.groupBaseDN = TestADData.groupBase(dc.base)
        configuration.networkTimeout = 2
        configuration.operationTimeout = 20
        return configuration
    }

    static func directory(_ dc: TestSambaAD, logger: Logger = Logger(label: "test"), _ adjust: (inout LDAPConfiguration) -> Void = { _ in }) throws -> LDAPDirectory {
        var configuration = try configuration(dc)
        adjust(&configuration)
        return try LDAPDirectory(configuration: configuration, logger: logger)
    }

    /// The objectGUID of the entry at `dn`, read with `ldapsearch` (base64 in the LDIF).
    func guid(of dn: String) throws -> String {
        let text = try dc.search(base: dn, scope: "base", filter: "(objectClass=*)", attributes: ["objectGUID"])
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("objectGUID:: ") })
        let bytes = try #require(Data(base64Encoded: String(line.dropFirst("objectGUID:: ".count))))
        return try #require(ObjectGUID.string(from: Array(bytes)))
    }

    @Test func logsOnBySAMAccountNameAndUserPrincipalName() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        let password = TestADData.passwords["alice"]!
        let alice = try #require(await directory.authenticate(login: "alice", password: password).user)
        #expect(alice.login == "alice")
        #expect(alice.displayName == "Alice Liddell")
        #expect(alice.primaryAddress == "alice@\(dc.upnSuffix)")
        #expect(alice.aliases == ["alice.alias@\(dc.upnSuffix)"])  // smtp: only; SMTP: is the primary, X400: no address
        #expect(alice.homeServer == "s1")
        #expect(alice.status == .active)
        #expect(alice.groupIDs.count == 1)
        let byUPN = await directory.authenticate(login: "alice@\(dc.upnSuffix)", password: password)
        #expect(byUPN.user?.id == alice.id)
        #expect(try await directory.resolve("ALICE")?.id == alice.id)
        #expect(try await directory.resolve("alice@\(dc.upnSuffix)")?.id == alice.id)
        #expect(try await directory.resolve("alice.alias@\(dc.upnSuffix)")?.id == alice.id)
        #expect(try await directory.resolve("nobody") == nil)
        let generated = await directory.authenticate(login: TestADData.login(1230), password: TestADData.password(1230))
        #expect(generated.user?.login == TestADData.login(1230))
    }

    @Test func objectGUIDIsTheIDAndSurvivesARename() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        let people = TestADData.peopleBase(dc.base)
        let alice = try #require(try await directory.resolve("alice"))
        #expect(alice.id.rawValue == (try guid(of: "CN=Alice Liddell,\(people)")))
        #expect(try await directory.user(id: alice.id) == alice)
        #expect(try await directory.user(id: DirectoryID("00000000-0000-0000-0000-000000000000")!) == nil)
        #expect(try await directory.user(id: DirectoryID("not-a-guid")!) == nil)

        let before = try #require(try await directory.resolve("renamee"))
        try dc.modify("dn: CN=Renamee,\(people)\nchangetype: modrdn\nnewrdn: CN=Renamee Renamed\ndeleteoldrdn: 1\n")
        let after = try #require(try await directory.user(id: before.id))
        #expect(after.login == "renamee")
        #expect(try guid(of: "CN=Renamee Renamed,\(people)") == before.id.rawValue)

        let group = try #require(try await directory.groups(changedSince: nil).items.first { $0.name == "group007" })
        #expect(group.id.rawValue == (try guid(of: "CN=group007,\(TestADData.groupBase(dc.base))")))
        #expect(try await directory.group(id: group.id) == group)
    }

    @Test func authenticationFailuresAreDistinct() async throws {
        let capture = LogCapture()
        let directory = try Self.directory(dc, logger: capture.logger())
        defer { directory.shutdown() }
        // Wrong password: AD's data 52e.
        #expect(await directory.authenticate(login: "alice", password: "Wrong-Secret-4711") == .wrongPassword)
        // Disabled: userAccountControl ACCOUNTDISABLE, and the bind's data 533.
        #expect(try await directory.resolve("bob")?.status == .inactive(.disabled))
        #expect(await directory.authenticate(login: "bob", password: TestADData.passwords["bob"]!) == .inactive(.disabled))
        // "Must change password at next logon" (pwdLastSet 0): data 773.
        #expect(await directory.authenticate(login: "expiry", password: TestADData.passwords["expiry"]!) == .inactive(.expired))
        #expect(await directory.authenticate(login: "nobody", password: "Wrong-Secret-4711") == .unknownUser)
        #expect(await directory.authenticate(login: "nobody@\(dc.upnSuffix)", password: "Wrong-Secret-4711") == .unknownUser)

        // An empty password never reaches the DC (Windows takes it for an anonymous bind).
        let binds = directory.metrics.snapshot.userBinds
        #expect(await directory.authenticate(login: "alice", password: "") == .wrongPassword)
        #expect(directory.metrics.snapshot.userBinds == binds)

        // The DC down.
        var downConfiguration = try Self.configuration(dc, uris: ["ldap://127.0.0.1:\(Shell.freePort())"])
        downConfiguration.networkTimeout = 1
        let down = try LDAPDirectory(configuration: downConfiguration, logger: capture.logger())
        defer { down.shutdown() }
        guard case .unavailable(let error) = await down.authenticate(login: "alice", password: "Down-Secret-0815") else {
            Issue.record("a DC that is down must answer .unavailable")
            return
        }
        #expect(error.code == .unavailable)

        let lines = capture.all
        for secret in ["Wrong-Secret-4711", "Down-Secret-0815", TestADData.servicePassword] + TestADData.passwords.values {
            #expect(!lines.contains { $0.contains(secret) }, "a log line contains a password")
        }
    }

    @Test func lockedOutAfterRepeatedBadPasswords() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        for _ in 0..<5 {
            #expect(await directory.authenticate(login: "locky", password: "Wrong-Secret-4711") == .wrongPassword)
        }
        // The right password now: data 775.
        #expect(await directory.authenticate(login: "locky", password: TestADData.passwords["locky"]!) == .inactive(.locked))
    }

    @Test func pwdLastSetIsWhenThePasswordChanged() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        // Set when the population was loaded, minutes ago at most.
        let loaded = try #require(try await directory.resolve(TestADData.login(40))?.passwordChangedAt)
        #expect(loaded <= Date().addingTimeInterval(5) && loaded > Date().addingTimeInterval(-3600))
        // A new password moves it to now (the DC runs on this machine's clock).
        let before = Date()
        let newPassword = "Pw-New!Secret-40"
        try dc.modify("""
            dn: CN=User 0040,\(TestADData.peopleBase(dc.base))
            changetype: modify
            replace: unicodePwd
            unicodePwd:: \(TestADData.unicodePwd(newPassword))
            -

            """)
        let after = Date()
        let user = try #require(await directory.authenticate(login: TestADData.login(40), password: newPassword).user)
        let changed = try #require(user.passwordChangedAt)
        #expect(changed >= before.addingTimeInterval(-2) && changed <= after.addingTimeInterval(2), "pwdLastSet \(changed) not in [\(before), \(after)]")
        #expect(changed > loaded)
        // "Must change password at next logon" (pwdLastSet 0): no session may stand.
        #expect(try await directory.resolve("expiry")?.passwordChangedAt == .distantFuture)
    }

    @Test func pagesWithSmallPagesAndReadsMemberOf() async throws {
        let directory = try Self.directory(dc) { $0.pageSize = 50 }
        defer { directory.shutdown() }
        let users = try await directory.users(changedSince: nil)
        let named = 7  // alice, bob, locky, expiry, changer, renamee, we)(i(rd
        #expect(users.items.count == TestADData.generatedUsers + named)
        #expect(Set(users.items.map(\.id)).count == users.items.count)
        #expect(directory.metrics.snapshot.searches >= (TestADData.generatedUsers + named) / 50)
        let groups = try await directory.groups(changedSince: nil).items
        #expect(groups.count == TestADData.generatedGroups + 1)
        let byName = Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0.id) })
        // Direct groups from memberOf: user0005 is in group000 and allstaff; user1995 in group199.
        let user0005 = try #require(users.items.first { $0.login == "user0005" })
        #expect(user0005.groupIDs == [byName["group000"]!, byName["allstaff"]!].sorted())
        let user1995 = try #require(users.items.first { $0.login == "user1995" })
        #expect(user1995.groupIDs == [byName["group199"]!])
        #expect(users.items.first { $0.login == "changer" }?.groupIDs == [])
        // The same answer for one user resolved on its own.
        #expect(try await directory.resolve("user0005")?.groupIDs == user0005.groupIDs)
    }

    @Test func readsLargeGroupsInRangesAndResolvesNesting() async throws {
        // Samba has no 1,500-value limit: ask for ranges of 100 and see them come back as such.
        let raw = try dc.search(base: "CN=allstaff,\(TestADData.groupBase(dc.base))", scope: "base", filter: "(objectClass=group)", attributes: ["member;range=0-99"])
        #expect(raw.contains("member;range=0-99: "))
        let directory = try Self.directory(dc) { $0.memberRangeSize = 100 }
        defer { directory.shutdown() }
        let groups = try await directory.groups(changedSince: nil).items
        let byName = Dictionary(uniqueKeysWithValues: groups.map { ($0.name, $0.id) })
        let staff = try #require(try await directory.memberIDs(ofGroup: byName["allstaff"]!))
        #expect(staff.count == TestADData.largeGroupMembers)
        // 0-99 came with the group; then nine reads: 100-199 … 800-899, and 900-* (the last).
        #expect(directory.metrics.snapshot.memberRangeReads == TestADData.largeGroupMembers / 100 - 1)
        // group000: 10 users + alice + group001 (10 users, and group000 again: a cycle).
        #expect(try await directory.memberIDs(ofGroup: byName["group000"]!)?.count == 21)
        #expect(try await directory.memberIDs(ofGroup: byName["group002"]!)?.count == 20)
    }

    @Test func uSNChangedIsTheChangeCursor() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        let first = try await directory.users(changedSince: nil)
        let cursor = try #require(first.cursor)
        #expect(Int64(cursor.token) != nil)
        try dc.modify("dn: CN=Changer,\(TestADData.peopleBase(dc.base))\nchangetype: modify\nreplace: physicalDeliveryOfficeName\nphysicalDeliveryOfficeName: s9\n-\n")
        let changes = try await directory.users(changedSince: cursor)
        #expect(changes.items.contains { $0.login == "changer" && $0.homeServer == "s9" })
        #expect(changes.items.count < 10, "only what changed since the cursor")
        let next = try #require(changes.cursor)
        #expect(try #require(Int64(next.token)) > (try #require(Int64(cursor.token))))
        // uSNChanged is unique per change, so the next cursor is exclusive.
        #expect(try await !directory.users(changedSince: next).items.contains { $0.login == "changer" })
    }

    @Test func ldapsAndStartTLSWithTheDCsCA() async throws {
        let ldaps = try LDAPDirectory(configuration: Self.configuration(dc, uris: [dc.ldapsURI]))
        defer { ldaps.shutdown() }
        #expect(try await ldaps.resolve("alice")?.login == "alice")
        #expect(await ldaps.authenticate(login: "alice", password: TestADData.passwords["alice"]!).user != nil)

        let startTLS = try LDAPDirectory(configuration: Self.configuration(dc, tls: .startTLS))
        defer { startTLS.shutdown() }
        #expect(await startTLS.authenticate(login: "alice@\(dc.upnSuffix)", password: TestADData.passwords["alice"]!).user != nil)

        var wrong = try Self.configuration(dc, uris: [dc.ldapsURI])
        wrong.caFile = dc.wrongCAFile
        let untrusted = try LDAPDirectory(configuration: wrong)
        defer { untrusted.shutdown() }
        await #expect(throws: DirectoryError.self) { try await untrusted.resolve("alice") }
    }

    @Test(arguments: ["*", "*)(sAMAccountName=*", "alice)(|(objectClass=*", "al*", "alice\0", "\\2a", "CN=Alice Liddell", "' OR '1'='1"])
    func injectionFindsNobody(input: String) async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        #expect(try await directory.resolve(input) == nil)
        #expect(await directory.authenticate(login: input, password: TestADData.passwords["alice"]!) == .unknownUser)
    }

    @Test func metacharacterLoginMatchesOnlyItself() async throws {
        let directory = try Self.directory(dc)
        defer { directory.shutdown() }
        let weird = try #require(try await directory.resolve("we)(i(rd"))
        #expect(weird.login == "we)(i(rd")
        #expect(await directory.authenticate(login: "we)(i(rd", password: "We1rd!Passw0rd").user?.id == weird.id)
    }
}
