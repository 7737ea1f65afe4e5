import Database
import Directory
import Foundation
import MAPI
import SOAP
import Testing

@testable import Node

/// The check of every request after Logon, with a real SQL directory (SQLite) and the store
/// engine on each database.
@Suite("Session gate") struct SessionGateTests {
    @Test(arguments: Backend.enabled)
    func aValidTokenBecomesASession(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let logon = try await fixture.aliceLoggedOn()[0]
        let gate = fixture.gate()
        #expect(try await gate.authenticate(soapToken: logon.token) == logon.session)
        #expect(try await gate.authenticate(soapToken: " \(logon.token)\n", httpToken: logon.token) == logon.session)
        fixture.advance(fixture.authority.lifetime - 1)
        #expect(try await gate.authenticate(soapToken: logon.token).userID == logon.user.id)
        fixture.advance(1)
        await #expect(throws: MAPIError(.endOfSession, "the session has expired")) { try await gate.authenticate(soapToken: logon.token) }
    }

    @Test(arguments: Backend.enabled)
    func headersMustAgreeAndTokensBeGenuine(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let sessions = try await fixture.aliceLoggedOn(times: 2)
        let (one, other) = (sessions[0], sessions[1])
        let gate = fixture.gate()
        await #expect { try await gate.authenticate(soapToken: one.token, httpToken: other.token) } throws: {
            ($0 as? MAPIError)?.code == .invalidParameter
        }
        await #expect(throws: MAPIError(.endOfSession, "the request carries no session token")) {
            try await gate.authenticate(soapToken: nil, httpToken: one.token)
        }
        await #expect(throws: MAPIError(.endOfSession, "the session token is malformed")) { try await gate.authenticate(soapToken: "x") }
        // Signed with another key.
        let forger = SessionTokenAuthority(keyring: try SessionKeyring(keys: [Array(repeating: 9, count: 32)]))
        var generator = SplitMix64(seed: 1)
        let forged = try forger.issue(userID: one.user.id.rawValue, storeGUID: one.store.guid, homeServer: "s1", now: fixture.clock(), using: &generator)
        await #expect(throws: MAPIError(.endOfSession, "the session token's signature is not valid")) {
            try await gate.authenticate(soapToken: forged.text)
        }
    }

    @Test(arguments: Backend.enabled)
    func aPasswordChangeEndsOlderSessions(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let service = fixture.logonService()
        let gate = fixture.gate()
        let before = try await fixture.aliceLoggedOn(with: service)[0]
        fixture.advance(5)
        try await fixture.directory.setPassword(login: "alice", password: "new secret")
        await #expect(throws: MAPIError(.endOfSession, "the password has changed since the session began")) {
            try await gate.authenticate(soapToken: before.token)
        }
        // A session begun in the second of the change, with the new password, stands.
        let after = try await service.logon(login: "alice", password: "new secret", clientAddress: nil)
        #expect(try await gate.authenticate(soapToken: after.token) == after.session)
        fixture.advance(3600)
        #expect(try await gate.authenticate(soapToken: after.token) == after.session)
    }

    @Test(arguments: Backend.enabled)
    func usersWhoMayNoLongerLogOnLoseTheirSessions(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let logon = try await fixture.aliceLoggedOn()[0]
        try await fixture.directory.setDisabled(login: "alice", true)
        await #expect(throws: MAPIError(.endOfSession, "the account may no longer log on")) {
            try await fixture.gate().authenticate(soapToken: logon.token)
        }
        // A token for a user the directory does not know (deleted, or another directory's id).
        var generator = SplitMix64(seed: 2)
        let stranger = try fixture.authority.issue(
            userID: "999999", storeGUID: logon.store.guid, homeServer: "s1", now: fixture.clock(), using: &generator)
        await #expect(throws: MAPIError(.endOfSession, "the user no longer exists")) {
            try await fixture.gate().authenticate(soapToken: stranger.text)
        }
    }

    @Test(arguments: Backend.enabled)
    func tokensOfAnotherServerAreRedirected(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        var generator = SplitMix64(seed: 3)
        let guid = GUID.random(using: &generator)
        for (server, url) in [("s2", SessionFixture.s2URL), ("S2", SessionFixture.s2URL), ("s9", nil)] {
            let token = try fixture.authority.issue(userID: "1", storeGUID: guid, homeServer: server, now: fixture.clock(), using: &generator)
            do {
                _ = try await fixture.gate().authenticate(soapToken: token.text)
                Issue.record("a token for \(server) was accepted by the node of s1")
            } catch {
                #expect(error.code == .unableToComplete)
                #expect(error.redirectURL == url)
            }
        }
    }

    @Test(arguments: Backend.enabled)
    func aDirectoryThatCannotAnswerRefusesToRunUnchecked(_ backend: Backend) async throws {
        let fixture = try await SessionFixture.make(backend)
        let logon = try await fixture.aliceLoggedOn()[0]
        // A cache in front of a directory that cannot answer, which never saw the user, has
        // nothing to fall back on.
        let gone = try await fixture.unreachableDirectory()
        await #expect(throws: MAPIError(.networkError, "the directory is unavailable; try again later")) {
            try await fixture.gate(directory: CachingDirectory(backend: gone)).authenticate(soapToken: logon.token)
        }
    }

    @Test func tokenTextLosesOnlyTheWhiteSpaceAroundIt() {
        #expect(SessionGate.trimmed("AQ3x-_") == "AQ3x-_")
        #expect(SessionGate.trimmed(" \t\nAQ3x\r\n") == "AQ3x")
        #expect(SessionGate.trimmed("\u{00A0}AQ3x\u{2028}") == "AQ3x")
        #expect(SessionGate.trimmed("AQ 3x") == "AQ 3x")
        #expect(SessionGate.trimmed(" \n ") == "")
        #expect(SessionGate.trimmed("") == "")
    }
}
