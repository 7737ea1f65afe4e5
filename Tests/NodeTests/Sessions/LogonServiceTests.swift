import Database
import Directory
import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

/// Logon and Logoff with a real SQL directory (SQLite) and the store engine on each database.
@Suite("Logon and logoff") struct LogonServiceTests {
    @Test(arguments: Backend.enabled)
    func logonOpensTheStoreAndIssuesAToken(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let alice = try await fixture.addUser("alice", password: "alice secret")
        let service = fixture.logonService()

        let first = try await service.logon(login: "Alice", password: "alice secret", clientAddress: "192.0.2.1")
        #expect(first.user.id == alice.id)
        #expect(first.store.owner == alice.id.rawValue)
        #expect(first.session.userID == alice.id && first.session.homeServer == "s1" && first.session.storeGUID == first.store.guid)
        #expect(first.session.issuedAt == fixture.clock())
        #expect(first.session.expiresAt == fixture.clock().addingTimeInterval(fixture.authority.lifetime))
        guard case .valid(let token) = fixture.authority.verify(first.token, now: fixture.clock()) else {
            Issue.record("the issued token does not verify")
            return
        }
        #expect(Session(token) == first.session)
        #expect(try fixture.store.engine.store(owner: alice.id.rawValue)?.guid == first.store.guid)

        // The next logon finds the same store and gets another token.
        let second = try await service.logon(login: "alice", password: "alice secret", clientAddress: nil)
        #expect(second.store.guid == first.store.guid)
        #expect(second.session.tokenID != first.session.tokenID)
        #expect(try fixture.store.engine.allStores().count == 1)
    }

    @Test(arguments: Backend.enabled)
    func failuresDoNotTellWhichAccountsExist(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        try await fixture.addUser("alice", password: "alice secret")
        try await fixture.addUser("bob", password: "bob secret")
        try await fixture.directory.setDisabled(login: "bob", true)
        let service = fixture.logonService()

        let wrongPassword = await logonError(service, "alice", "guess")
        let unknownUser = await logonError(service, "mallory", "guess")
        #expect(wrongPassword == MAPIError(.logonFailed, "unknown user or wrong password"))
        #expect(unknownUser == wrongPassword)
        #expect(await logonError(service, "bob", "bob secret") == MAPIError(.logonFailed, "this account may not log on"))
        #expect(try fixture.store.engine.allStores().isEmpty)  // no store for failed logons
        let lines = fixture.logs.all
        #expect(!lines.contains { $0.contains("alice secret") || $0.contains("bob secret") || $0.contains("guess") })
        #expect(lines.contains { $0.contains("wrong_password") } && lines.contains { $0.contains("unknown_user") })
    }

    @Test(arguments: Backend.enabled)
    func repeatedFailuresAreRateLimited(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        try await fixture.addUser("alice", password: "alice secret")
        let service = fixture.logonService()
        for _ in 0..<5 { _ = await logonError(service, "alice", "guess", from: "192.0.2.9") }
        // Now even the right password waits, from any address.
        let limited = await logonError(service, "alice", "alice secret", from: "198.51.100.1")
        #expect(limited == MAPIError(.logonFailed, "too many failed logons; retry after 60 s"))
        fixture.advance(60)
        #expect(try await service.logon(login: "alice", password: "alice secret", clientAddress: "198.51.100.1").user.login == "alice")
    }

    @Test(arguments: Backend.enabled)
    func usersHomedElsewhereAreSentThere(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        try await fixture.addUser("carol", password: "carol secret", server: "s2")
        try await fixture.addUser("dave", password: "dave secret", server: "s3")
        try await fixture.directory.addServer(DirectoryServer(name: "s3", address: "node3.example.test", sslPort: 8443))
        try await fixture.addUser("erin", password: "erin secret", server: nil)  // no home: this node's only server
        let service = fixture.logonService()

        let carol = await logonError(service, "carol", "carol secret")
        #expect(carol?.code == .unableToComplete)
        #expect(carol?.redirectURL == SessionFixture.s2URL)  // from the placement
        let dave = await logonError(service, "dave", "dave secret")
        #expect(dave?.redirectURL == "https://node3.example.test:8443/soap")  // from the directory's server object
        #expect(SOAPFault(try #require(dave)).redirectURL == "https://node3.example.test:8443/soap")
        #expect(try await service.logon(login: "erin", password: "erin secret", clientAddress: nil).session.homeServer == "s1")
        #expect(try fixture.store.engine.allStores().count == 1)
    }

    @Test(arguments: Backend.enabled)
    func aDirectoryThatIsDownIsANetworkErrorAndSpendsNoBudget(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let service = fixture.logonService(directory: try await fixture.unreachableDirectory())
        for _ in 0..<10 {
            #expect(await logonError(service, "alice", "alice secret")?.code == .networkError)
        }
    }

    @Test(arguments: Backend.enabled)
    func logoffRevokesAndIsFencedOnANodeThatLostTheServer(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let service = fixture.logonService()
        let gate = fixture.gate()
        let sessions = try await fixture.aliceLoggedOn(times: 2, with: service)
        let (first, second) = (sessions[0], sessions[1])
        try await service.logoff(first.session)
        await #expect(throws: MAPIError(.endOfSession, "the session has ended")) { try await gate.authenticate(soapToken: first.token) }
        #expect(try await gate.authenticate(soapToken: second.token) == second.session)  // other sessions go on

        // Another node takes the server: this one can no longer write a revocation.
        try fixture.store.secondEngine(node: "n2").claimOwnership()
        await #expect { try await service.logoff(second.session) } throws: { ($0 as? MAPIError)?.code == .fenced }
        // ...and, fenced now, sends the client elsewhere.
        await #expect { try await gate.authenticate(soapToken: second.token) } throws: { ($0 as? MAPIError)?.code == .unableToComplete }
    }

    private func logonError(_ service: LogonService, _ login: String, _ password: String, from address: String? = nil) async -> MAPIError? {
        do {
            _ = try await service.logon(login: login, password: password, clientAddress: address)
            return nil
        } catch {
            return error
        }
    }
}
